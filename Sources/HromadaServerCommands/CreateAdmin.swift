import ArgumentParser
import Foundation
import HromadaCrypto
import HromadaDomain
import HromadaStorage
import HromadaPostgres
import HromadaServer

extension HromadaServerCommand {
    struct CreateAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-admin",
            abstract: "Create an association administrator, or make an existing person one and set their password.",
            discussion: """
                The password is read from --password-file, or else from standard input (first line).
                Example: hromada-server create-admin --email admin@example.org --password-file admin.pass
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The administrator's email.") var email: String
        @Option(name: .customLong("password-file"), help: "File whose first line is the password.") var passwordFile: String?
        @Option(name: .customLong("full-name"), help: "Full name (default: Адміністратор асоціації).") var fullName = "Адміністратор асоціації"
        @Option(help: "Regional centre code (default: KYV).") var centre = "KYV"
        @Option(help: "Hromada (default: Київська міська).") var hromada = "Київська міська"
        @Option(help: "Position (default: Адміністратор платформи).") var position = "Адміністратор платформи"

        func run() async throws {
            do {
                let password = try readPassword()
                let person = try NewUser.validate(
                    email: email, fullName: fullName, category: "official", position: position,
                    hromada: hromada, centre: centre, roles: ["admin", "learner"], password: password
                ).get()
                let c = try database.configuration()
                let logger = try database.logger(c)
                let hash = try PasswordHasher().hash(password)
                let pool = PGPool(conninfo: c.databaseURL, maxConnections: 1, logger: logger)
                defer { pool.shutdown() }
                let created = try await pool.transaction { db -> Bool in
                    if let existing = try UserStore.find(db, email: person.email) {
                        try UserStore.addRoles(db, userID: existing.id, roles: [.admin])
                        try UserStore.setPassword(db, userID: existing.id, hash: hash)
                        try AuditLog.append(db, .init(actor: nil, action: "admin.promote", subjectType: "user", subjectID: existing.id.lowercasedText))
                        return false
                    }
                    let user = try UserStore.create(db, person, passwordHash: hash)
                    try AuditLog.append(db, .init(actor: nil, action: "admin.create", subjectType: "user", subjectID: user.id.lowercasedText, centre: user.centre))
                    return true
                }
                print(created
                    ? "Created administrator \(person.email). / Створено адміністратора \(person.email)."
                    : "\(person.email) is now an administrator with the new password. / \(person.email) тепер адміністратор із новим паролем.")
            } catch {
                throw failure(error)
            }
        }

        func readPassword() throws -> String {
            let text: String
            if let passwordFile {
                guard let data = FileManager.default.contents(atPath: passwordFile),
                      let t = String(data: data, encoding: .utf8)
                else { throw ConfigurationError("The password file \(passwordFile) cannot be read as UTF-8 text.") }
                text = t
            } else {
                guard let line = readLine(strippingNewline: true) else {
                    throw ConfigurationError("No password: give --password-file or send it on standard input.")
                }
                text = line
            }
            let password = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if let problem = TextRules.password(password) {
                throw ConfigurationError("The password \(problem.message.en).")
            }
            return password
        }
    }
}
