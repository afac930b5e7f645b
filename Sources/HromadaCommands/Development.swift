import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
import HromadaPacks

/// The year's professional development, the individual programme and external learning, for the
/// person signed in (spec/development.md).
extension HromadaCommand {
    struct DevelopmentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "development",
            abstract: "Your year of professional development / Ваш рік професійного розвитку.",
            discussion: """
                The ECTS credits earned towards the yearly target (a bar that fits the terminal), the
                self-education share, the individual programme, and every credited item by source: courses
                of the platform, events, recognised external learning.
                --json prints {year, category, target_credits, earned_credits, self_education_credits,
                self_education_share, met, first_year_due, plan, items} as the server gives it.
                Examples: hromada development
                          hromada development 2025 --json
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Calendar year (default: this year).") var year: Int?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await ask(global, json: json, typed: ()) { client, _ in
                try await client.development(year: year ?? KyivCalendar.year(of: Date()))
            } text: { standing, lang in
                Self.render(standing, lang: lang, width: Table.terminalWidth)
            }
        }

        /// The standing as the terminal shows it.
        static func render(_ s: Development.Standing, lang: Language, width: Int) -> String {
            var lines = [Messages.yearHeading(s.year, category: s.category).text(lang)]
            lines.append(Messages.credits(earned: Standing.shown(s.earnedCredits), target: Standing.shown(s.targetCredits), met: s.met).text(lang))
            if s.met != nil { lines.append(Bars.progress(s.earnedCredits, of: s.targetCredits, width: width)) }
            lines.append(Messages.selfEducation(Standing.shown(s.selfEducationCredits), share: Standing.shown(s.selfEducationShare)).text(lang))
            if s.met == false, s.earnedCredits >= s.targetCredits { lines.append(Messages.selfEducationShort.text(lang)) }
            if let due = s.firstYearDue { lines.append(Messages.firstYearDue(due).text(lang)) }
            lines.append((s.plan.map { Messages.planLine(revision: $0.revision, status: $0.status) } ?? Messages.noPlan).text(lang))
            if s.items.isEmpty { lines.append(Messages.nothingEarned.text(lang)) }
            let headers = lang == .uk ? ["Дата", "Назва", "Годин", "ЄКТС", "Самоосвіта"] : ["Date", "Title", "Hours", "ECTS", "Self-education"]
            for source in Standing.Source.allCases {
                let items = s.items.filter { $0.source == source }
                guard !items.isEmpty else { continue }
                lines.append("")
                lines.append(Messages.sourceName(source).text(lang) + " (\(items.count))")
                lines.append(Table(headers: headers, rows: items.map {
                    [$0.date, $0.title, "\($0.hours)", Standing.shown($0.credits), $0.selfEducation ? "✓" : ""]
                }).render(width: width))
            }
            return lines.joined(separator: "\n")
        }
    }

    struct PlanCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Your individual programme for a year / Ваша індивідуальна програма на рік.",
            subcommands: [Show.self, Edit.self, Submit.self]
        )

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show the programme and its revisions / Показати програму та її редакції.",
                discussion: """
                    --json prints {id, user_id, year, revision, status, items, note, comment, planned_credits,
                    approved_revision, history} as the server gives it.
                    Example: hromada plan show 2026
                    """
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "Calendar year (default: this year).") var year: Int?
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await ask(global, json: json, typed: ()) { client, _ in
                    try await client.myPlan(year: year ?? KyivCalendar.year(of: Date()))
                } text: { plan, lang in
                    PlanCommand.render(plan, lang: lang, width: Table.terminalWidth)
                }
            }
        }

        /// The programme, its items, and each revision with who decided it.
        static func render(_ plan: Development.Plan, lang: Language, width: Int) -> String {
            var lines = [Messages.planLine(revision: plan.revision, status: plan.status).text(lang)
                         + " " + LocalizedText(uk: "Заплановано \(Standing.shown(plan.plannedCredits)) ЄКТС.", en: "Planned: \(Standing.shown(plan.plannedCredits)) ECTS.").text(lang)]
            if !plan.note.isEmpty { lines.append(plan.note) }
            if let comment = plan.comment { lines.append(LocalizedText(uk: "Коментар кадрової служби: \(comment)", en: "The HR unit's comment: \(comment)").text(lang)) }
            let headers = lang == .uk ? ["Вид", "Курс", "Назва", "ЄКТС", "Самоосвіта"] : ["Kind", "Course", "Title", "ECTS", "Self-education"]
            lines.append(Table(headers: headers, rows: plan.items.map {
                [$0.kind.rawValue, $0.course ?? "", $0.title, Standing.shown($0.plannedCredits), $0.selfEducation ? "✓" : ""]
            }).render(width: width))
            if plan.history.count > 1 || plan.history.first?.decidedBy != nil {
                lines.append(LocalizedText(uk: "Редакції:", en: "Revisions:").text(lang))
                for r in plan.history {
                    var line = "  \(r.revision): \(Messages.planStatus(r.status).text(lang))"
                    if let by = r.decidedBy, let at = r.decidedAt { line += " — \(by.fullName), \(Messages.when(at))" }
                    lines.append(line)
                }
            }
            return lines.joined(separator: "\n")
        }

        struct Edit: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write the year's draft in your editor or from a YAML file / Записати чернетку в редакторі чи з файлу YAML.",
                discussion: """
                    Without --file the programme opens as YAML in your editor ($VISUAL, $EDITOR, else editor or vi),
                    explained in comments on top; saving and closing writes the draft. A mistake reopens the
                    editor with it listed on top (answer n to leave); an unchanged or empty file saves nothing.
                    The file holds a note and the items: kind (course, event or external), course (a course's
                    slug, for courses), title, planned_credits, self_education (true or false):
                      note: Бюджет і самоосвіта
                      items:
                        - {kind: course, course: local-budget, title: Місцевий бюджет, planned_credits: 0.9}
                        - {kind: external, title: Вебінар, planned_credits: 0.1, self_education: true}
                    A submitted draft becomes a draft again; an approved programme is never changed: editing it
                    starts a new revision that is approved again. --json prints the plan.
                    Examples: hromada plan edit 2026
                              hromada plan edit 2026 --file plan.yaml
                    """
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "Calendar year (default: this year).") var year: Int?
            @Option(help: "The programme as YAML (without it: edit in your editor).") var file: String?
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let y = year ?? KyivCalendar.year(of: Date())
                    guard let file else { return try await editInteractively(year: y, lang: lang) }
                    guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                        throw CLIFailure(.usage, Messages.unreadableFile(file))
                    }
                    let parsed: PlanFile.Parsed
                    switch PlanFile.parse(text) {
                    case .success(let p): parsed = p
                    case .failure(let failure):
                        let problems = failure.problems
                        for p in problems.dropLast() { Terminal.error(Messages.planFileProblem(file, line: p.line, p.message).text(lang)) }
                        let last = problems.last!
                        throw CLIFailure(.usage, Messages.planFileProblem(file, line: last.line, last.message))
                    }
                    let (client, _) = try global.client(requireToken: true)
                    let plan = try await client.savePlan(year: y, .init(items: parsed.items, note: parsed.note))
                    try show(plan, year: y, lang: lang)
                }
            }

            func show(_ plan: Received<Development.Plan>, year: Int, lang: Language) throws {
                if json { try Terminal.printJSON(plan.json); return }
                print(Messages.planSaved(year, revision: plan.revision, items: plan.items.count, credits: Standing.shown(plan.plannedCredits)).text(lang))
            }

            /// The year's programme (or an empty one) in the person's editor: see ``PlanEditor``.
            func editInteractively(year: Int, lang: Language) async throws {
                guard Pager.isInteractive else {
                    throw CLIFailure(.usage, LocalizedText(
                        uk: "Редагувати програму можна в терміналі або з файлу: hromada plan edit \(year) --file plan.yaml",
                        en: "Edit the programme in a terminal, or from a file: hromada plan edit \(year) --file plan.yaml"))
                }
                let (client, _) = try global.client(requireToken: true)
                var current: Development.Plan?
                do {
                    current = try await client.myPlan(year: year).value
                } catch ClientError.problem(let problem) where problem.status == 404 {
                    current = nil
                }
                let editor = PlanEditor(lang: lang, environment: ProcessInfo.processInfo.environment)
                switch try await editor.edit(year: year, current: current, save: { try await client.savePlan(year: year, $0) }) {
                case .saved(let plan):
                    try show(plan, year: year, lang: lang)
                case .unchanged:
                    print(LocalizedText(uk: "Програму не змінено; нічого не збережено.", en: "The programme is unchanged; nothing was saved.").text(lang))
                case .abandoned:
                    throw CLIFailure(.usage, LocalizedText(uk: "Програму з помилками не збережено.", en: "The programme with mistakes was not saved."))
                }
            }
        }

        struct Submit: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Submit the draft to the HR unit / Подати чернетку кадровій службі.",
                discussion: "--json prints the plan.\nExample: hromada plan submit 2026"
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "Calendar year (default: this year).") var year: Int?
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let y = year ?? KyivCalendar.year(of: Date())
                try await ask(global, json: json, typed: ()) { client, _ in
                    try await client.submitPlan(year: y)
                } text: { plan, lang in
                    Messages.planSubmitted(y, revision: plan.revision).text(lang)
                }
            }
        }
    }
}

/// Values typed on the command line.
enum Typed {
    /// `0.5` or `0,5`, exactly.
    static func decimal(_ text: String, option: String) throws -> Decimal {
        let normal = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard normal.range(of: #"^[0-9]{1,6}(\.[0-9]{1,4})?$"#, options: .regularExpression) != nil,
              let d = Decimal(string: normal, locale: Locale(identifier: "en_US_POSIX")) else {
            throw CLIFailure(.usage, Messages.badDecimal(option))
        }
        return d
    }

    static func day(_ text: String, option: String) throws -> String {
        guard text.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil else {
            throw CLIFailure(.usage, Messages.badDay(option))
        }
        return text
    }

    static func id(_ text: String) throws -> UUID {
        guard let id = UUID(text: text.trimmingCharacters(in: .whitespaces)) else { throw CLIFailure(.usage, Messages.badID(text)) }
        return id
    }
}
