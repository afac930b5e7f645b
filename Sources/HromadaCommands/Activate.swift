import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

extension HromadaCommand {
    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Choose your password from an invitation and sign in / Задати пароль за запрошенням і увійти.",
            discussion: """
                Give the link from the invitation letter, or only its token (what follows t= in it). The password
                is asked twice and not shown as you type; with --password-stdin it is read once from standard
                input, for scripts. The server is the link's own unless --server or HROMADA_SERVER names another.
                A link works once, for 14 days; an old one is refused (ask your centre for a new invitation).
                Example: hromada activate 'https://hromada.example/activate?t=…'
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The invitation link, or its token.") var link: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordStdin = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                guard let invitation = InvitationLink(link) else { throw CLIFailure(.usage, Messages.notAnInvitationLink) }
                var (client, profile) = try global.client(requireToken: false, serverOfLink: invitation.server)
                client.token = nil
                let password = try Self.password(fromStandardInput: passwordStdin, lang)
                let answer: LoginAnswer
                do {
                    answer = try await client.activate(token: invitation.token, password: password)
                } catch ClientError.problem(let problem) where problem.code == .tokenExpired {
                    throw CLIFailure(.error, Messages.invitationExpired)
                }
                profile.server = client.server.absoluteString
                profile.token = answer.token
                profile.email = answer.user.email
                profile.expiresAt = answer.expiresAt
                do { try profile.save() } catch { throw CLIFailure(.error, Messages.profileNotSaved) }
                print(Messages.activated(answer.user.fullName, email: answer.user.email).text(lang))
            }
        }

        /// The new password: from standard input once, or asked twice without echo.
        static func password(fromStandardInput: Bool, _ lang: Language) throws -> String {
            if fromStandardInput {
                guard let password = readLine(strippingNewline: true), !password.isEmpty else { throw CLIFailure(.usage, Messages.noPassword) }
                return password
            }
            guard let first = Terminal.askSecret(Messages.newPasswordPrompt.text(lang)), !first.isEmpty else {
                throw CLIFailure(.usage, Messages.noPassword)
            }
            guard let second = Terminal.askSecret(Messages.repeatPasswordPrompt.text(lang)), second == first else {
                throw CLIFailure(.usage, Messages.passwordsDiffer)
            }
            return first
        }
    }
}

/// What `hromada activate` is given: a letter's link (`…/activate?t=TOKEN`) or the token alone.
struct InvitationLink: Equatable {
    let token: String
    /// `scheme://host[:port]` of a link; nil for a bare token.
    let server: String?

    init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.contains("://") {
            guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  let host = parts.host, !host.isEmpty,
                  let token = parts.queryItems?.first(where: { $0.name == "t" })?.value, Self.isToken(token)
            else { return nil }
            var origin = URLComponents()
            origin.scheme = scheme
            origin.host = host
            origin.port = parts.port
            self.token = token
            self.server = origin.string
        } else {
            let token = text.hasPrefix("t=") ? String(text.dropFirst(2)) : text
            guard Self.isToken(token) else { return nil }
            self.token = token
            self.server = nil
        }
    }

    /// Base64url, long enough to be one of ours (the server's are 43 characters: 256 bits).
    static func isToken(_ text: String) -> Bool {
        (16...512).contains(text.count) && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }
}
