import ArgumentParser
import Foundation
import HromadaClient
import HromadaDomain
import HromadaPacks

extension HromadaCommand {
    struct Pack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check and publish course packs / Перевірка й публікація курсів.",
            subcommands: [New.self, Validate.self, Preview.self, Publish.self]
        )
    }
}

extension HromadaCommand.Pack {
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a small valid pack to start from / Створити заготовку курсу.",
            discussion: "Writes SLUG/ (or --into DIR) with course.yaml, two lessons, a quiz and a final test from a GIFT bank; refuses to overwrite. Its summary, author and the tag чернетка are placeholders: the validator warns about them, and the catalogue refuses them. Try it as a draft first: hromada pack publish --draft SLUG.\nExample: hromada pack new budget-basics --title \"Бюджетний процес\""
        )
        @Argument(help: "The course's slug: a-z, 0-9 and '-', 3 to 64 characters.") var slug: String
        @Option(help: "Course title.") var title = "Новий курс"
        @Option(help: "Folder to create (default: SLUG).") var into: String?
        @Option(help: "Language: uk or en.") var lang: String?

        func run() async throws {
            let language = Terminal.language(flag: lang)
            try await guarded(language) {
                guard PackValidator.isSlug(slug) else {
                    throw CLIFailure(.usage, LocalizedText(
                        uk: "Назва \(slug) не підходить: 3–64 символи a-z, 0-9 і '-'.",
                        en: "The slug \(slug) is not valid: 3 to 64 characters of a-z, 0-9 and '-'."))
                }
                let root = URL(fileURLWithPath: into ?? slug)
                guard !FileManager.default.fileExists(atPath: root.path) else {
                    throw CLIFailure(.error, LocalizedText(uk: "\(root.path) вже існує; нічого не змінено.", en: "\(root.path) already exists; nothing changed."))
                }
                for (path, text) in PackTemplate.files(slug: slug, title: title) {
                    let url = root.appendingPathComponent(path)
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try text.write(to: url, atomically: true, encoding: .utf8)
                }
                print(LocalizedText(
                    uk: "Створено \(root.path). Перевірте: hromada pack validate \(root.path)\nЗамініть опис, автора й тег «чернетка» своїми; спробувати курс самому (його бачитимуть лише тренери й адміністратор): hromada pack publish --draft \(root.path)",
                    en: "Created \(root.path). Check it: hromada pack validate \(root.path)\nReplace the summary, the author and the tag «чернетка» with your own; to try the course yourself (only trainers and the admin will see it): hromada pack publish --draft \(root.path)").text(language))
            }
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate pack folders offline, like a compiler / Перевірити пакети без сервера.",
            discussion: """
                Prints every problem as path:line:column: error|warning: message and exits 1 if any pack
                has an error. No server is needed.
                --json prints [{pack, valid, slug, version, hash, diagnostics: [{path, line, column, severity, message}]}].
                Example: hromada pack validate courses/*
                """
        )
        @Argument(help: "Pack folders (each holding course.yaml).") var folders: [String]
        @Option(help: "Language: uk or en.") var lang: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let language = Terminal.language(flag: lang)
            var failed = false
            var reports: [Report] = []
            for folder in folders {
                let url = URL(fileURLWithPath: folder)
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
                    Terminal.error(LocalizedText(uk: "\(folder): такої теки немає.", en: "\(folder): no such folder.").text(language))
                    failed = true
                    continue
                }
                // As for a draft: the starter template's placeholders are warnings here, errors on release.
                let result = PackValidator.validate(PackFiles.directory(url), for: .draft)
                failed = failed || result.course == nil
                reports.append(Report(folder: folder, result: result))
                if !json {
                    for d in result.diagnostics {
                        print("\(folder.hasSuffix("/") ? folder : folder + "/")\(d.text(language))")
                    }
                    print(Messages.packSummary(folder: folder, result: result).text(language))
                }
            }
            if json { try Terminal.printJSON(reports) }
            if failed { throw ExitCode.failure }
        }

        /// One folder's verdict for --json (a course pack's, or a programme folder's).
        struct Report: Encodable {
            var folder: String
            var valid: Bool
            var slug, version, hash: String?
            var diagnostics: [Diagnostic]

            init(folder: String, result: PackValidator.Result) {
                self.init(folder: folder, slug: result.course?.slug, version: result.course?.version, hash: result.course?.contentHash,
                          diagnostics: result.diagnostics)
            }

            init(folder: String, slug: String?, version: String?, hash: String?, diagnostics: [Diagnostic]) {
                (self.folder, self.slug, self.version, self.hash, self.diagnostics) = (folder, slug, version, hash, diagnostics)
                valid = slug != nil
            }

            enum CodingKeys: String, CodingKey { case pack, valid, slug, version, hash, diagnostics }
            struct Item: Encodable {
                var path: String, line: Int, column: Int, severity: String, message: String
            }

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(folder, forKey: .pack)
                try c.encode(valid, forKey: .valid)
                try c.encode(slug, forKey: .slug)
                try c.encode(version, forKey: .version)
                try c.encode(hash, forKey: .hash)
                try c.encode(diagnostics.map {
                    Item(path: $0.path, line: $0.line, column: $0.column, severity: $0.severity.rawValue, message: $0.message)
                }, forKey: .diagnostics)
            }
        }
    }
}
