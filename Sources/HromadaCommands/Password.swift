import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

extension HromadaCommand {
    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change your password, or ask for a link to reset a forgotten one / Змінити пароль або відновити забутий.",
            subcommands: [Change.self, Reset.self]
        )

        struct Change: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Change your password; your other sessions end / Змінити пароль.",
                discussion: """
                    Asks for the current password and the new one twice, none shown as you type. This session
                    stays signed in; every other one (another computer, a phone) ends.
                    Example: hromada password change
                    """
            )
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let (client, _) = try global.client(requireToken: true)
                    guard let current = Terminal.askSecret(Messages.currentPasswordPrompt.text(lang)), !current.isEmpty else {
                        throw CLIFailure(.usage, Messages.noPassword)
                    }
                    let new = try Activate.password(fromStandardInput: false, lang)
                    try await client.changePassword(current: current, new: new)
                    print(Messages.passwordChanged.text(lang))
                }
            }
        }

        struct Reset: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Send a password reset link to an address / Надіслати посилання для відновлення пароля.",
                discussion: """
                    If the address belongs to an active account, a letter with a link valid for one hour goes to it;
                    the answer is the same either way. The page the link opens in a browser sets the new password.
                    Example: hromada password reset olena@hromada.example --server https://hromada.example
                    """
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "Your email.") var email: String

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    var (client, _) = try global.client(requireToken: false)
                    client.token = nil
                    try await client.requestPasswordReset(email: email)
                    print(Messages.resetRequested(email).text(lang))
                }
            }
        }
    }
}
