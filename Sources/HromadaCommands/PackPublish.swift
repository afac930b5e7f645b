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
                Needs a trainer or admin sign-in. Publishing the same version with the same content again
                changes nothing; the same version with other content is refused.
                --json prints the server's answer {slug, version, hash, warnings}.
                Example: hromada pack publish courses/local-self-government
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The pack folder.") var folder: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let files = PackFiles.directory(URL(fileURLWithPath: folder))
                let result = PackValidator.validate(files)
                guard result.course != nil else {
                    for d in result.diagnostics { Terminal.error("\(folder)/\(d.description)") }
                    throw CLIFailure(.error, Messages.packSummary(folder: folder, result: result))
                }
                let (client, _) = try global.client(requireToken: true)
                let zip = try files.zipped(paths: files.files.keys)
                let (data, _) = try await client.send("POST", "/api/v1/course-packs", body: Data(zip), contentType: "application/zip")
                guard let answer = try? JSONDecoder().decode(PublishedPack.self, from: data) else {
                    throw ClientError.invalidResponse("course-packs")
                }
                if json { try Terminal.printJSON(answer); return }
                print(answer.created
                    ? LocalizedText(uk: "Опубліковано \(answer.slug) \(answer.version) (хеш \(answer.hash)).",
                                    en: "Published \(answer.slug) \(answer.version) (hash \(answer.hash)).").text(lang)
                    : LocalizedText(uk: "\(answer.slug) \(answer.version) вже опубліковано з тим самим змістом; нічого не змінено.",
                                    en: "\(answer.slug) \(answer.version) is already published with this content; nothing changed.").text(lang))
            }
        }
    }
}
