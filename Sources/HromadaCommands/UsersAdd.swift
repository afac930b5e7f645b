import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaCrypto
import HromadaDomain

/// People added to a centre from the terminal, one by one or from a file, and one person shown.
extension HromadaCommand.Users {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add one person; they are invited by mail / Додати людину; їй надійде запрошення.",
            discussion: """
                The person gets no password: a letter with an activation link (valid 14 days) is queued for them,
                in --language (uk by default). Centre admins add people to their own centre; the association's
                admin to any (--centre), and may give other roles (--role, repeatable). An official newly in office
                has a first-year window from --appointed-on (the association's policy sets its length).
                --json prints the person as hromada users list --json does.
                Example: hromada users add olena@hromada.example --name "Олена Коваль" --position "Секретар ради" --hromada "Бучанська"
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Email address / Електронна пошта.") var email: String
        @Option(help: "Full name / Повне імʼя.") var name: String
        @Option(help: "official or deputy (default: official).") var category = "official"
        @Option(help: "Position / Посада.") var position: String
        @Option(help: "Hromada / Громада.") var hromada: String
        @Option(help: "Centre code (default: your own).") var centre: String?
        @Option(name: .customLong("role"), help: "learner, trainer, centre_admin or admin (repeatable; default: learner).") var roles: [String] = []
        @Option(help: "Language of the person's letters: uk or en (default: uk).") var language: String?
        @Option(name: .customLong("appointed-on"), help: "The day the person took office, YYYY-MM-DD: it starts their first-year window / Дата призначення на посаду.")
        var appointedOn: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let code = try await centreCode(centre, client)
                let user = try await client.createUser(UserCreation(
                    email: email, fullName: name, category: category, position: position, hromada: hromada, centre: code,
                    roles: roles.isEmpty ? nil : roles, language: language, appointedOn: appointedOn))
                if json { try Terminal.printJSON(user); return }
                print(Messages.added(user).text(lang))
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add people from a CSV file; each is invited / Додати людей із CSV; кожному надійде запрошення.",
            discussion: """
                CSV header: email,full_name,category,position,hromada (commas, or semicolons as a spreadsheet set to
                Ukrainian saves it). All or nothing: any wrong line is named and nothing changes. People already
                known stay as they are; each new one gets an invitation by mail. The same file again changes nothing.
                --json prints {created, unchanged, errors}.
                Example: hromada users import people.csv
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "CSV file of people / CSV-файл із людьми.") var file: String
        @Option(help: "Centre code (default: your own).") var centre: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CLIFailure(.usage, LocalizedText(uk: "Не вдалося прочитати файл \(file).", en: "The file \(file) cannot be read."))
                }
                guard String(validating: [UInt8](data), as: UTF8.self) != nil else { throw CLIFailure(.usage, Messages.notUTF8CSV(file)) }
                let (client, _) = try global.client(requireToken: true)
                let code = try await centreCode(centre, client)
                let key = "users-import-" + SHA256.hex(Array(code.utf8) + [UInt8](data))
                let result = try await client.importUsers(centre: code, csv: data, idempotencyKey: key)
                if json { try Terminal.printJSON(result); return }
                print(Messages.imported(result).text(lang))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one person and where their account stands / Показати людину.",
            discussion: "--json prints the person as hromada users list --json does.\nExample: hromada users show olena@hromada.example"
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: Target
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let user: User
                do {
                    user = try await client.user(try await target.id(client).0)
                } catch ClientError.problem(let p) where p.status == 404 {
                    throw CLIFailure(.error, Messages.noSuchPerson(target.person))
                }
                if json { try Terminal.printJSON(user); return }
                print(Messages.personCard(user, lang))
                if user.status == .invited { print(Messages.inviteHint(user.email).text(lang)) }
            }
        }
    }
}

/// The centre a command acts in: as given, else the signed-in person's own.
func centreCode(_ given: String?, _ client: APIClient) async throws -> String {
    if let given { return given.uppercased() }
    return try await client.me().centre
}
