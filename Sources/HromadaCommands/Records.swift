import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

/// External learning: the learner's records with their evidence.
extension HromadaCommand {
    struct RecordCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "A record of external learning / Запис про зовнішнє навчання.",
            subcommands: [Add.self, Withdraw.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add learning done elsewhere, with its evidence / Додати навчання деінде з підтвердженням.",
                discussion: """
                    The evidence is a PDF, PNG or JPEG (at most 10 MiB), or a Hromada certificate's JSON with
                    its signature (--signature FILE.json.p7s): a valid certificate of this or a trusted
                    deployment is recognised at once; anything else waits for the HR unit.
                    Kinds: self_education, training, internship, experience_exchange.
                    --json prints the record.
                    Examples: hromada record add --file webinar.pdf --provider Prometheus --title "Вебінар" \\
                                --kind self_education --started 2026-03-01 --finished 2026-03-01 --hours 3
                              hromada record add --file C-0001.json --signature C-0001.json.p7s --provider "Громада" \\
                                --title "Бюджет" --kind training --started 2026-02-01 --finished 2026-02-20 --hours 30
                    """
            )
            @OptionGroup var global: GlobalOptions
            @Option(help: "The evidence file.") var file: String
            @Option(help: "With a certificate's JSON: its .p7s signature.") var signature: String?
            @Option(help: "Who ran it.") var provider: String
            @Option(help: "What it was.") var title: String
            @Option(help: "self_education, training, internship or experience_exchange.") var kind: String
            @Option(help: "First day, YYYY-MM-DD.") var started: String
            @Option(help: "Last day, YYYY-MM-DD.") var finished: String
            @Option(help: "Hours of learning.") var hours: String
            @Option(help: "ECTS credits stated on the certificate, if any.") var credits: String?
            @Option(help: "The certificate's number, if any.") var certificateNumber: String?
            @Flag(help: "Print JSON.") var json = false

            /// The record part, checked before anything is sent.
            func claim() throws -> Development.RecordClaim {
                guard let kind = ExternalRecordDraft.Kind(rawValue: kind) else {
                    throw CLIFailure(.usage, LocalizedText(uk: "--kind: self_education, training, internship або experience_exchange.",
                                                           en: "--kind: self_education, training, internship or experience_exchange."))
                }
                return Development.RecordClaim(
                    provider: provider, title: title, kind: kind, startedOn: try Typed.day(started, option: "--started"),
                    finishedOn: try Typed.day(finished, option: "--finished"), hours: try Typed.decimal(hours, option: "--hours"),
                    credits: try credits.map { try Typed.decimal($0, option: "--credits") }, certificateNumber: certificateNumber)
            }

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let claim = try claim()
                    guard let evidence = FileManager.default.contents(atPath: file) else { throw CLIFailure(.usage, Messages.unreadableFile(file)) }
                    var signed: Data?
                    if let signature {
                        guard let bytes = FileManager.default.contents(atPath: signature) else { throw CLIFailure(.usage, Messages.unreadableFile(signature)) }
                        signed = bytes
                    }
                    let (client, _) = try global.client(requireToken: true)
                    let record = try await client.addRecord(claim, evidence: evidence, signature: signed)
                    if json { try Terminal.printJSON(record.json); return }
                    print(Messages.recordAdded(record.title, status: record.status, verdict: record.verdict).text(lang))
                    print("id: \(record.id.lowercasedText)")
                }
            }
        }

        struct Withdraw: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Take back a pending record / Відкликати запис, що чекає рішення.",
                discussion: "--json prints the record.\nExample: hromada record withdraw 0b9c…"
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The record's id.") var id: String
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await ask(global, json: json, typed: Typed.id(id)) { client, id in
                    try await client.withdraw(id)
                } text: { record, lang in
                    LocalizedText(uk: "«\(record.title)» відкликано.", en: "“\(record.title)” is withdrawn.").text(lang)
                }
            }
        }
    }

    struct RecordsCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "records",
            abstract: "Your records of external learning / Ваші записи про зовнішнє навчання.",
            discussion: """
                Each record with its status (pending, recognised, rejected, withdrawn), the credits recognised,
                and the HR unit's reason or the certificate check's verdict. --json prints [record].
                Example: hromada records --year 2026
                """
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this calendar year.") var year: Int?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await ask(global, json: json, typed: ()) { client, _ in
                try await client.myRecords(year: year)
            } text: { records, lang in
                records.isEmpty ? Messages.noRecords.text(lang) : Self.table(records, lang: lang, withPerson: false).render()
            }
        }

        /// Records as a table; HR's lists add the person.
        static func table(_ records: [Development.Record], lang: Language, withPerson: Bool) -> Table {
            var headers = lang == .uk ? ["Завершено", "Назва", "Вид", "Годин", "ЄКТС", "Стан", "Примітка", "Id"]
                : ["Finished", "Title", "Kind", "Hours", "ECTS", "Status", "Note", "Id"]
            if withPerson { headers.insert(lang == .uk ? "Особа" : "Person", at: 0) }
            return Table(headers: headers, rows: records.map { r in
                var note = r.reason ?? r.verdict.map { LocalizedText(uk: "сертифікат: \($0)", en: "certificate: \($0)").text(lang) } ?? ""
                if note.isEmpty, let comment = r.comment { note = comment }
                var row = [r.finishedOn, r.title, Messages.recordKind(r.kind).text(lang), "\(r.hours)",
                           (r.credits ?? r.claimedCredits).map { Standing.shown($0) } ?? "—", Messages.recordStatus(r.status).text(lang), note,
                           r.id.lowercasedText]
                if withPerson { row.insert(r.person.fullName, at: 0) }
                return row
            }, fixed: [headers.count - 1])
        }
    }
}
