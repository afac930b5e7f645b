import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

/// People of a regional centre, for its admins (and the association's admin).
extension HromadaCommand {
    struct Users: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "People of a centre: add, import, list, show, invite, deactivate / Люди центру: додати, імпортувати, список, запрошення, вимкнення.",
            subcommands: [List.self, Show.self, Add.self, Import.self, Invite.self, Deactivate.self, Reactivate.self]
        )

        /// Who to act on, and in which centre an email is looked up.
        struct Target: ParsableArguments {
            @Argument(help: "The person's id or email.") var person: String
            @Option(help: "Centre code to look an email up in (default: your own).") var centre: String?

            /// The person's id: as given, or found by email among the centre's people.
            func id(_ client: APIClient) async throws -> (UUID, String) {
                if let id = UUID(text: person) { return (id, person) }
                let wanted = person.trimmingCharacters(in: .whitespaces).lowercased()
                guard wanted.contains("@"),
                      let found = try await client.users(centre: centre).first(where: { $0.email.lowercased() == wanted })
                else { throw CLIFailure(.error, Messages.noSuchPerson(person)) }
                return (found.id, found.email)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List a centre's people and where their accounts stand / Список людей центру.",
                discussion: """
                    --json prints [{id, email, full_name, category, position, hromada, hromada_code, centre, roles, created_at, status}].
                    Example: hromada users list --status invited
                    """
            )
            @OptionGroup var global: GlobalOptions
            @Option(help: "Centre code (default: your own; the association's admin: any).") var centre: String?
            @Option(help: "Only people whose account is invited, active or deactivated.") var status: String?
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    var only: AccountStatus?
                    if let status {
                        guard let s = AccountStatus(rawValue: status) else {
                            throw CLIFailure(.usage, LocalizedText(uk: "--status: invited, active або deactivated.", en: "--status: invited, active or deactivated."))
                        }
                        only = s
                    }
                    let (client, _) = try global.client(requireToken: true)
                    let people = try await client.users(centre: centre).filter { only == nil || $0.status == only }
                    if json { try Terminal.printJSON(people); return }
                    let headers = lang == .uk ? ["Імʼя", "Пошта", "Стан", "Ролі", "Id"] : ["Name", "Email", "Status", "Roles", "Id"]
                    print(Table(headers: headers, rows: people.map {
                        [$0.fullName, $0.email, Messages.accountStatus($0.status).text(lang),
                         $0.roles.map { Messages.roleName($0).text(lang) }.joined(separator: ", "), $0.id.lowercasedText]
                    }).render())
                    print(Messages.people(people.count).text(lang))
                }
            }
        }

        struct Invite: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Send a person not yet active a new invitation / Надіслати нове запрошення.",
                discussion: """
                    The new link works for 14 days; the one before stops working. Only for people who have not
                    chosen a password yet (a forgotten password is reset by its owner: hromada password reset).
                    --json prints {user_id, message_id, expires_at}.
                    Example: hromada users invite olena@hromada.example
                    """
            )
            @OptionGroup var global: GlobalOptions
            @OptionGroup var target: Target
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let (client, _) = try global.client(requireToken: true)
                    let (id, shown) = try await target.id(client)
                    let queued = try await client.invite(id)
                    if json { try Terminal.printJSON(queued); return }
                    print(Messages.invitationSent(shown, until: queued.expiresAt).text(lang))
                }
            }
        }

        struct Deactivate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Close a person's account; the record stays / Вимкнути обліковий запис.",
                discussion: """
                    From then on the person cannot sign in, and their sessions and links stop working; their
                    courses, attempts and certificates stay. hromada users reactivate opens it again.
                    --json prints the person as hromada users list --json does.
                    Example: hromada users deactivate olena@hromada.example
                    """
            )
            @OptionGroup var global: GlobalOptions
            @OptionGroup var target: Target
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await ask(global, json: json, typed: ()) { client, _ in
                    try await client.deactivate(try await target.id(client).0)
                } text: { user, lang in
                    Messages.deactivated(user.email).text(lang)
                }
            }
        }

        struct Reactivate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Open a closed account again / Знову відкрити обліковий запис.",
                discussion: "--json prints the person.\nExample: hromada users reactivate olena@hromada.example"
            )
            @OptionGroup var global: GlobalOptions
            @OptionGroup var target: Target
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await ask(global, json: json, typed: ()) { client, _ in
                    try await client.reactivate(try await target.id(client).0)
                } text: { user, lang in
                    Messages.reactivated(user).text(lang)
                }
            }
        }
    }
}
