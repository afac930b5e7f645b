import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
import HromadaPacks

extension HromadaCommand.Pack {
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a pack locally, upload it and print the server's verdict / Опублікувати курс.",
            discussion: """
                Needs a trainer or admin sign-in. Without --draft the version goes into the catalogue at once, for
                every learner. With --draft it is stored for the course's trainers and the admin only: they see it
                (hromada course show SLUG) and may enrol in it to try it; hromada course release SLUG VERSION then
                puts it in the catalogue. The starter template's placeholders (summary, author, the tag чернетка)
                are warnings in a draft and errors for the catalogue. Publishing the same version with the same
                content again changes nothing (without --draft it releases that draft); the same version with other
                content is refused.
                --json prints the server's answer {slug, version, hash, warnings, created, draft}.
                Example: hromada pack publish --draft courses/local-self-government
                Example: hromada pack publish courses/local-self-government
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The pack folder.") var folder: String
        @Flag(help: "Store it as a draft: only trainers and admins see it until hromada course release.") var draft = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let files = PackFiles.directory(URL(fileURLWithPath: folder))
                let result = PackValidator.validate(files, for: draft ? .draft : .release)
                guard result.course != nil else {
                    for d in result.diagnostics { Terminal.error("\(folder)/\(d.text(lang))") }
                    if !draft, PackValidator.validate(files, for: .draft).course != nil {
                        Terminal.error(Messages.tryDraft(folder).text(lang))
                    }
                    throw CLIFailure(.error, Messages.packSummary(folder: folder, result: result))
                }
                let (client, _) = try global.client(requireToken: true)
                let zip = try files.zipped(paths: files.files.keys)
                let path = "/api/v1/course-packs" + (draft ? "?draft=true" : "")
                let (data, _) = try await client.send("POST", path, body: Data(zip), contentType: "application/zip")
                guard let answer = try? JSONDecoder().decode(PublishedPack.self, from: data) else {
                    throw ClientError.invalidResponse("course-packs")
                }
                if json { try Terminal.printJSON(answer); return }
                for d in result.warnings { Terminal.error("\(folder)/\(d.text(lang))") }
                print(Messages.published(answer).text(lang))
            }
        }
    }
}

extension HromadaCommand.CourseCommand {
    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a draft in the catalogue / Випустити чернетку в каталог.",
            discussion: """
                For the course's trainers and the admin: the draft version (hromada pack publish --draft) goes into
                the catalogue, and new enrolments get it. The server checks it as for the catalogue first: the
                starter template's placeholders are refused (exit 1, nothing changes). A version released already
                stays as it is.
                --json prints {slug, version, hash, released}.
                Example: hromada course release budget-basics 0.1.0
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The course's slug.") var slug: String
        @Argument(help: "The version to release, e.g. 1.0.0.") var version: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let answer: ReleasedVersion
                do {
                    answer = try await client.call("POST", "/api/v1/courses/\(APIClient.segment(slug))/versions/\(APIClient.segment(version))/release")
                } catch ClientError.problem(let p) where p.status == 404 {
                    throw CLIFailure(.error, Messages.noSuchDraft(slug, version))
                }
                if json { try Terminal.printJSON(answer); return }
                print(Messages.released(answer).text(lang))
            }
        }
    }
}

extension Messages {
    static func published(_ answer: PublishedPack) -> LocalizedText {
        if answer.draft {
            return answer.created
                ? LocalizedText(uk: "Збережено чернетку \(answer.slug) \(answer.version) (хеш \(answer.hash)): її бачать лише тренери курсу й адміністратор. Спробувати: hromada enrol \(answer.slug). Випустити в каталог: hromada course release \(answer.slug) \(answer.version)",
                                en: "Stored the draft \(answer.slug) \(answer.version) (hash \(answer.hash)): only the course's trainers and the admin see it. Try it: hromada enrol \(answer.slug). Put it in the catalogue: hromada course release \(answer.slug) \(answer.version)")
                : LocalizedText(uk: "Чернетку \(answer.slug) \(answer.version) з тим самим змістом уже збережено; нічого не змінено.",
                                en: "The draft \(answer.slug) \(answer.version) is already stored with this content; nothing changed.")
        }
        return answer.created
            ? LocalizedText(uk: "Опубліковано \(answer.slug) \(answer.version) (хеш \(answer.hash)).",
                            en: "Published \(answer.slug) \(answer.version) (hash \(answer.hash)).")
            : LocalizedText(uk: "\(answer.slug) \(answer.version) вже опубліковано з тим самим змістом; нічого не змінено.",
                            en: "\(answer.slug) \(answer.version) is already published with this content; nothing changed.")
    }
    static func released(_ answer: ReleasedVersion) -> LocalizedText {
        answer.released
            ? LocalizedText(uk: "\(answer.slug) \(answer.version) випущено: курс у каталозі, нові записи отримують цю версію.",
                            en: "\(answer.slug) \(answer.version) is released: it is in the catalogue and new enrolments get it.")
            : LocalizedText(uk: "\(answer.slug) \(answer.version) уже в каталозі; нічого не змінено.",
                            en: "\(answer.slug) \(answer.version) is in the catalogue already; nothing changed.")
    }
    static func noSuchDraft(_ slug: String, _ version: String) -> LocalizedText {
        LocalizedText(uk: "Версії \(version) курсу \(slug) не знайдено серед курсів, які ви ведете.",
                      en: "No version \(version) of \(slug) among the courses you teach.")
    }
    static func tryDraft(_ folder: String) -> LocalizedText {
        LocalizedText(uk: "Щоб спершу спробувати курс самому, збережіть його чернеткою: hromada pack publish --draft \(folder)",
                      en: "To try the course yourself first, store it as a draft: hromada pack publish --draft \(folder)")
    }
}
