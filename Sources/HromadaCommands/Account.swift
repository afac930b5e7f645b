import HromadaAPI
import ArgumentParser
import Foundation
import HromadaClient
import HromadaDomain

extension HromadaCommand {
    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign in and keep the token / Увійти й зберегти токен.",
            discussion: """
                Asks for the email and the password (not shown as you type). With --password-stdin the
                password is read from standard input, for scripts.
                Example: hromada login --server http://127.0.0.1:8080
                """
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Email (asked for when missing).") var email: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordStdin = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                var (client, profile) = try global.client(requireToken: false)
                client.token = nil
                guard let email = email ?? Terminal.ask(Messages.emailPrompt.text(lang)), !email.isEmpty,
                      let password = passwordStdin ? readLine(strippingNewline: true) : Terminal.askSecret(Messages.passwordPrompt.text(lang)),
                      !password.isEmpty
                else { throw CLIFailure(.usage, Messages.noInput) }
                let answer = try await client.login(email: email, password: password)
                profile.server = client.server.absoluteString
                profile.token = answer.token
                profile.email = answer.user.email
                profile.expiresAt = answer.expiresAt
                do { try profile.save() } catch { throw CLIFailure(.error, Messages.profileNotSaved) }
                print(Messages.welcome(answer.user.fullName).text(lang))
            }
        }
    }

    struct Whoami: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show who is signed in / Показати, хто увійшов.",
            discussion: """
                --json prints {id, email, full_name, category, position, hromada, hromada_code, centre, roles, created_at, status}.
                Example: hromada whoami --json
                """
        )
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let user = try await client.me()
                if json {
                    try Terminal.printJSON(user)
                    return
                }
                let labels = lang == .uk
                    ? ["Імʼя", "Пошта", "Категорія", "Посада", "Громада", "Центр", "Ролі"]
                    : ["Name", "Email", "Category", "Position", "Hromada", "Centre", "Roles"]
                let category = user.category == .official
                    ? LocalizedText(uk: "посадова особа", en: "official") : LocalizedText(uk: "депутат", en: "deputy")
                let values = [
                    user.fullName, user.email, category.text(lang), user.position, user.hromada, user.centre,
                    user.roles.map { Messages.roleName($0).text(lang) }.joined(separator: ", "),
                ]
                let width = labels.map(\.count).max() ?? 0
                for (label, value) in zip(labels, values) {
                    print(label + ":" + String(repeating: " ", count: width - label.count + 1) + value)
                }
            }
        }
    }

    struct Logout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign out and forget the token / Вийти й забути токен.",
            discussion: "Example: hromada logout"
        )
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, profile) = try global.client(requireToken: true)
                do {
                    try await client.logout()
                } catch ClientError.notSignedIn {
                    // Already invalid on the server: forgetting it locally is all that is left.
                }
                var cleared = profile
                cleared.token = nil
                cleared.expiresAt = nil
                try? cleared.save()
                print(Messages.loggedOut.text(lang))
            }
        }
    }
}
