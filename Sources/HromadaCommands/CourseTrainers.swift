import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

extension HromadaCommand.CourseCommand {
    /// `hromada course trainers SLUG [--set EMAIL...]`: who may publish a course's versions, read its
    /// answer keys and grade it; the association admin names them.
    struct Trainers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A course's trainers; the admin names them / Тренери курсу; призначає адміністратор.",
            discussion: """
                Without --set, lists the course's trainers (for its trainers and the association admin). With --set, \
                the association admin makes the given people the course's trainers, replacing the list; each must hold \
                the trainer role. --json prints {slug, trainers: [{id, email, full_name, centre}]}.
                Example: hromada course trainers council-deputy --set olena@example.org --set taras@example.org
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The course's slug.") var slug: String
        @Option(name: .customLong("set"), help: "Make this person a trainer of the course (repeat for several; replaces the list).")
        var emails: [String] = []
        @Flag(help: "Remove every trainer (the course is then the admin's alone).") var none = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                if none && !emails.isEmpty {
                    throw CLIFailure(.usage, LocalizedText(uk: "--none і --set не можна поєднувати.", en: "--none and --set exclude each other."))
                }
                let (client, _) = try global.client(requireToken: true)
                let path = "/api/v1/courses/\(APIClient.segment(slug))/trainers"
                let answer: CourseTrainers = emails.isEmpty && !none
                    ? try await client.call("GET", path)
                    : try await client.call("PUT", path, json: EmailList(emails: emails))
                if json { try Terminal.printJSON(answer); return }
                if answer.trainers.isEmpty {
                    print(LocalizedText(uk: "У курсу \(answer.slug) немає тренерів: нові версії публікує лише адміністратор асоціації.",
                                        en: "The course \(answer.slug) has no trainers: only the association admin publishes its versions.").text(lang))
                    return
                }
                print(LocalizedText(uk: "Тренери курсу \(answer.slug):", en: "Trainers of \(answer.slug):").text(lang))
                for t in answer.trainers { print("  \(t.fullName) <\(t.email)> \(t.centre)") }
            }
        }
    }
}
