import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

/// The HR unit's work (also a centre's administrators' for their centre): programmes to approve,
/// external learning to recognise.
extension HromadaCommand {
    struct HR: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hr",
            abstract: "The HR unit: programmes and external learning / Кадрова служба: програми й зовнішнє навчання.",
            subcommands: [Plans.self, Approve.self, Return.self, Records.self, Recognise.self, Reject.self]
        )

        /// `--hromada`, `--raion`, `--oblast` (codes or names), `--centre`.
        struct Scope: ParsableArguments {
            @Option(help: "A hromada, by КАТОТТГ code or name.") var hromada: String?
            @Option(help: "A raion, by code or name.") var raion: String?
            @Option(help: "An oblast, by code or name.") var oblast: String?
            @Option(help: "A centre's code.") var centre: String?
            var value: DevelopmentScope { DevelopmentScope(hromada: hromada, raion: raion, oblast: oblast, centre: centre) }
        }

        struct Plans: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "People and their programmes for a year / Люди та їхні програми на рік.",
                discussion: """
                    Status: none (no programme), draft, submitted, approved, returned.
                    --json prints [{person, hromada, plan_id, revision, status, submitted_at}].
                    Examples: hromada hr plans --status submitted
                              hromada hr plans --year 2026 --hromada Бучанська
                    """
            )
            @OptionGroup var global: GlobalOptions
            @OptionGroup var scope: Scope
            @Option(help: "Calendar year (default: this year).") var year: Int?
            @Option(help: "Only this status.") var status: String?
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await ask(global, json: json, typed: ()) { client, _ in
                    try await client.plans(year: year, status: status, scope: scope.value)
                } text: { rows, lang in
                    let headers = lang == .uk ? ["Особа", "Громада", "Стан", "Редакція", "Програма"] : ["Person", "Hromada", "Status", "Revision", "Plan"]
                    return Table(headers: headers, rows: rows.map {
                        [$0.person.fullName, $0.hromada.name, Messages.planStatus($0.status).text(lang), $0.revision.map(String.init) ?? "", $0.planID ?? ""]
                    }, fixed: [4]).render() + "\n" + Messages.people(rows.count).text(lang)
                }
            }
        }

        struct Approve: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Approve a submitted programme / Затвердити подану програму.",
                discussion: "An approved revision is never changed. --json prints the plan.\nExample: hromada hr approve 5f0c… --comment \"Погоджено\""
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The plan's id (hromada hr plans).") var plan: String
            @Option(help: "A comment for the person.") var comment: String?
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await decide(global, plan, approve: true, comment: comment, json: json)
            }
        }

        struct Return: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "return",
                abstract: "Return a programme for changes / Повернути програму на доопрацювання.",
                discussion: "--json prints the plan.\nExample: hromada hr return 5f0c… --comment \"Додайте самоосвіту\""
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The plan's id.") var plan: String
            @Option(help: "What to change.") var comment: String
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await decide(global, plan, approve: false, comment: comment, json: json)
            }
        }

        struct Records: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "External learning of your people / Зовнішнє навчання ваших людей.",
                discussion: """
                    Status: pending (the default), recognised, rejected, withdrawn, or all.
                    --json prints [record].
                    Example: hromada hr records --hromada UA32080070000050759
                    """
            )
            @OptionGroup var global: GlobalOptions
            @OptionGroup var scope: Scope
            @Option(help: "pending, recognised, rejected, withdrawn or all.") var status = "pending"
            @Option(help: "Only this calendar year.") var year: Int?
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await ask(global, json: json, typed: ()) { client, _ in
                    try await client.records(status: status == "all" ? nil : status, year: year, scope: scope.value)
                } text: { records, lang in
                    records.isEmpty ? Messages.noRecords.text(lang) : RecordsCommand.table(records, lang: lang, withPerson: true).render()
                }
            }
        }

        struct Recognise: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Recognise a record's learning / Визнати навчання із запису.",
                discussion: """
                    Without --credits: the credits the person stated, else the hours at the association's rate.
                    --json prints the record.
                    Example: hromada hr recognise 0b9c… --credits 0.1 --comment "Сертифікат перевірено"
                    """
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The record's id (hromada hr records).") var record: String
            @Option(help: "ECTS credits to recognise.") var credits: String?
            @Option(help: "A comment for the person.") var comment: String?
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await ask(global, json: json, typed: (Typed.id(record), credits.map { try Typed.decimal($0, option: "--credits") })) { client, typed in
                    try await client.recognise(typed.0, credits: typed.1, comment: comment)
                } text: { r, lang in
                    Messages.recordRecognised(r.title, name: r.person.fullName, credits: r.credits.map { Standing.shown($0) } ?? "0.0").text(lang)
                }
            }
        }

        struct Reject: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Reject a record, with the reason / Відхилити запис із причиною.",
                discussion: "--json prints the record.\nExample: hromada hr reject 0b9c… --reason \"Сертифікат нечитабельний\""
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The record's id.") var record: String
            @Option(help: "Why, for the person.") var reason: String
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await ask(global, json: json, typed: Typed.id(record)) { client, id in
                    try await client.reject(id, reason: reason)
                } text: { r, lang in
                    Messages.recordRejected(r.title, name: r.person.fullName).text(lang)
                }
            }
        }
    }
}

extension AsyncParsableCommand {
    /// `hromada hr approve` and `hromada hr return`.
    func decide(_ global: GlobalOptions, _ plan: String, approve: Bool, comment: String?, json: Bool) async throws {
        let lang = global.language
        try await guarded(lang) {
            let id = try Typed.id(plan)
            let (client, _) = try global.client(requireToken: true)
            let answer = try await client.decidePlan(id, approve: approve, comment: comment)
            if json { try Terminal.printJSON(answer.json); return }
            // The person's name when the caller may read it; their id otherwise.
            let person = try? await client.user(answer.userID)
            print(Messages.planDecided(person?.fullName ?? answer.userID.lowercasedText, approved: approve).text(lang))
        }
    }
}
