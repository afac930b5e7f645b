import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
import HromadaPacks

extension HromadaCommand {
    struct ProgrammeCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "programme",
            abstract: "Programmes of several courses and events / Програми з кількох курсів і подій.",
            subcommands: [Validate.self, Publish.self, Show.self, Enrol.self]
        )
    }
}

extension HromadaCommand.ProgrammeCommand {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate programme folders offline / Перевірити теки програм без сервера.",
            discussion: """
                Reads FOLDER/programme.yaml and prints every problem as path:line:column: error|warning: message;
                exits 1 if a folder has an error. Whether the courses it names are published, in which versions,
                and whether their credits fit `programme` only the server knows: hromada programme publish checks it.
                --json prints [{pack, valid, slug, version, hash, diagnostics: [{path, line, column, severity, message}]}].
                Example: hromada programme validate programmes/municipal-finance
                """
        )
        @Argument(help: "Programme folders (each holding programme.yaml).") var folders: [String]
        @Option(help: "Language: uk or en.") var lang: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let language = Terminal.language(flag: lang)
            var failed = false
            var reports: [HromadaCommand.Pack.Validate.Report] = []
            for folder in folders {
                guard let result = Self.validate(folder, language) else { failed = true; continue }
                failed = failed || result.definition == nil
                let report = Self.report(folder, result)
                reports.append(report)
                if !json { Self.print(report, language) }
            }
            if json { try Terminal.printJSON(reports) }
            if failed { throw ExitCode.failure }
        }

        /// The folder's validation, or nil (said) when there is no such folder.
        static func validate(_ folder: String, _ language: Language) -> ProgrammeValidator.Result? {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
                Terminal.error(LocalizedText(uk: "\(folder): такої теки немає.", en: "\(folder): no such folder.").text(language))
                return nil
            }
            return ProgrammeValidator.validate(PackFiles.directory(URL(fileURLWithPath: folder)))
        }

        static func report(_ folder: String, _ result: ProgrammeValidator.Result) -> HromadaCommand.Pack.Validate.Report {
            .init(folder: folder, slug: result.definition?.slug, version: result.definition?.version,
                  hash: result.definition == nil ? nil : result.contentHash, diagnostics: result.diagnostics)
        }

        static func print(_ report: HromadaCommand.Pack.Validate.Report, _ language: Language) {
            for d in report.diagnostics { Swift.print("\(report.folder.hasSuffix("/") ? report.folder : report.folder + "/")\(d.text(language))") }
            Swift.print(Messages.validationSummary(
                folder: report.folder, valid: report.slug.map { ($0, report.version ?? "", report.hash ?? "") },
                errors: report.diagnostics.filter { $0.severity == .error }.count,
                warnings: report.diagnostics.filter { $0.severity == .warning }.count).text(language))
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a programme, upload it and print the verdict / Опублікувати програму.",
            discussion: """
                Needs a trainer or admin sign-in. The folder is checked here first, then by the server against
                the catalogue: every course it names must be published in a version at or above its min_version,
                and the parts' summed ECTS credits must fit `programme` (professional: at least 2). Each problem
                is printed as path:line:column. A programme belongs to its first publisher: another trainer
                cannot publish its next version. The same version with the same content again changes nothing;
                with other content it is refused.
                --json prints the server's answer {slug, version, hash, warnings, created, draft}.
                Example: hromada programme publish programmes/municipal-finance
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The programme folder.") var folder: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                guard let result = Validate.validate(folder, lang) else { throw ExitCode.failure }
                guard result.definition != nil else {
                    Validate.print(Validate.report(folder, result), lang)
                    throw ExitCode.failure
                }
                let (client, _) = try global.client(requireToken: true)
                let files = PackFiles.directory(URL(fileURLWithPath: folder))
                let answer = try await client.publishProgramme(zip: try files.zipped(paths: files.files.keys))
                if json { try Terminal.printJSON(answer); return }
                for d in result.warnings { Terminal.error("\(folder)/\(d.text(lang))") }
                print(Messages.published(answer).text(lang))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List programmes, or show one with its parts / Програми або одна з її частинами.",
            discussion: """
                Without SLUG: the newest version of every programme. With SLUG: its parts, its completion rule,
                hours and credits. No sign-in needed.
                --json prints the programme as the API gives it ({definition, hours, credits, content_hash, published_at}),
                or a list of them.
                Example: hromada programme show
                Example: hromada programme show municipal-finance --version 1.0.0
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The programme's slug.") var slug: String?
        @Option(help: "A published version (default: the newest).") var version: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: false)
                guard let slug else {
                    let all = try await client.programmes()
                    if json { try Terminal.printJSON(all); return }
                    let headers = lang == .uk ? ["Програма", "Назва", "Годин", "ЄКТС", "Версія"] : ["Programme", "Title", "Hours", "ECTS", "Version"]
                    print(Table(headers: headers, rows: all.map {
                        [$0.definition.slug, $0.definition.title, HromadaCommand.Courses.number($0.hours), HromadaCommand.Courses.number($0.credits), $0.definition.version]
                    }).render())
                    print(Messages.count(all.count, uk: ("програма", "програми", "програм"), en: ("programme", "programmes")).text(lang))
                    return
                }
                let p: PublishedProgramme
                do {
                    p = try await client.programme(slug, version: version)
                } catch ClientError.problem(let problem) where problem.status == 404 {
                    throw CLIFailure(.error, Messages.noSuchProgramme(slug, version))
                }
                if json { try Terminal.printJSON(p); return }
                let d = p.definition
                print("\(d.title) (\(d.slug) \(d.version)) — \(d.programme), \(HromadaCommand.Courses.number(p.hours)) \(lang == .uk ? "год" : "h"), \(HromadaCommand.Courses.number(p.credits)) \(lang == .uk ? "ЄКТС" : "ECTS")")
                print(d.summary)
                print(Messages.rule(d.completion.required(of: d.parts.count), of: d.parts.count).text(lang))
                for part in d.parts { print("  • " + Messages.part(part).text(lang)) }
            }
        }
    }

    struct Enrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol in a programme and its courses / Записатися на програму.",
            discussion: """
                Enrols you in the programme and in each of its courses you are not enrolled in yet. A course you
                completed before counts at once. Enrolling twice keeps the first enrolment. When enough parts are
                done, the programme certificate is issued (hromada certificates).
                --json prints {id, slug, version, title, enrolled_at, completed_at, parts: [{part, done, enrolment_id, certificate}], required, certificate}.
                Example: hromada programme enrol municipal-finance
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The programme's slug.") var slug: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let e: ProgrammeEnrolment
                do {
                    e = try await client.enrol(programme: slug)
                } catch ClientError.problem(let problem) where problem.status == 404 {
                    throw CLIFailure(.error, Messages.noSuchProgramme(slug, nil))
                }
                if json { try Terminal.printJSON(e); return }
                print(LocalizedText(uk: "Ви записані на програму «\(e.title)» (версія \(e.version)).",
                                    en: "You are enrolled in the programme “\(e.title)” (version \(e.version)).").text(lang))
                Self.progress(e, lang)
            }
        }

        /// The programme's parts, each done or not, as `hromada progress` shows them too.
        static func progress(_ e: ProgrammeEnrolment, _ lang: Language) {
            let done = e.parts.filter(\.done).count
            print("  " + Messages.partsDone(done, of: e.required).text(lang) + "  " + HromadaCommand.Progress.bar(min(done, e.required), e.required))
            for state in e.parts {
                let serial = state.certificate.map { " [\($0)]" } ?? ""
                print("    \(state.done ? "✓" : "—") " + Messages.part(state.part).text(lang) + serial)
            }
            if let certificate = e.certificate {
                print("  " + LocalizedText(uk: "Сертифікат програми: \(certificate)", en: "Programme certificate: \(certificate)").text(lang))
            }
        }
    }
}
