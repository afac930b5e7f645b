import ArgumentParser
import Foundation
import HromadaDomain
import HromadaStorage
import HromadaPostgres
import HromadaServer

extension HromadaServerCommand {
    struct Users: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage people.",
            subcommands: [Import.self]
        )

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import people into a regional centre from CSV (email,full_name,category,position,hromada).",
                discussion: """
                    Fields are separated by commas, or by semicolons as a spreadsheet set to Ukrainian saves CSV.
                    All or nothing: if any line is wrong, nothing is stored and every wrong line is listed.
                    Known emails are left unchanged; nobody is ever deleted. Everyone created gets an invitation by
                    mail (sent by the server when HROMADA_SMTP_URL is set), as the API's import does.
                    Example: hromada-server users import --centre LVV people.csv
                    """
            )

            @OptionGroup var database: DatabaseOptions
            @Option(help: "Regional centre code, e.g. LVV.") var centre: String
            @Argument(help: "The CSV file.") var file: String

            func run() async throws {
                do {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        throw ConfigurationError("The file \(file) cannot be read.")
                    }
                    guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
                        throw ConfigurationError("The file \(file) is not UTF-8 text (a spreadsheet saves plain CSV in Windows-1251): save it as \"CSV UTF-8\" and run this again.")
                    }
                    let code = centre.uppercased()
                    let people: [UserImport.Line]
                    switch UserImport.parse(csv: text, centre: code) {
                    case .success(let p): people = p
                    case .failure(let e): throw lineErrors(e)
                    }
                    let c = try database.configuration()
                    let logger = try database.logger(c)
                    let pool = PGPool(conninfo: c.databaseURL, maxConnections: 1, logger: logger)
                    defer { pool.shutdown() }
                    let invitations = Invitations(configuration: c)
                    let result = try await pool.transaction { db in
                        guard try UserStore.centreExists(db, code: code) else {
                            throw ConfigurationError("There is no regional centre with code \(code).")
                        }
                        let r = try UserStore.importPeople(db, people)
                        // Everyone created has no password: each is invited, in this transaction, as the API does.
                        try invitations.send(db, to: r.created, language: .uk)
                        try AuditLog.append(db, .init(
                            actor: nil, action: "users.import", subjectType: "centre", subjectID: code, centre: code,
                            details: ["created": String(r.created.count), "unchanged": String(r.unchanged), "file": file]
                        ))
                        return r
                    }
                    print("Created \(result.created.count), unchanged \(result.unchanged). / Створено: \(result.created.count), без змін: \(result.unchanged).")
                    if !result.created.isEmpty {
                        print(c.smtp == nil
                            ? "Invitations queued: \(result.created.count); mail is off until HROMADA_SMTP_URL is set. / Запрошень у черзі: \(result.created.count); пошту вимкнено, доки не задано HROMADA_SMTP_URL."
                            : "Invitations queued: \(result.created.count); the server sends them. / Запрошень у черзі: \(result.created.count); їх надішле сервер.")
                    }
                } catch let e as HromadaError where !e.lineProblems.isEmpty {
                    throw lineErrors(e)
                } catch let e as ExitCode {
                    throw e
                } catch {
                    throw failure(error)
                }
            }

            /// `FILE:LINE: error: message`, like a compiler.
            func lineErrors(_ e: HromadaError) -> ExitCode {
                for p in e.lineProblems {
                    FileHandle.standardError.write(Data("\(file):\(p.line): error: \(p.message.en)\n".utf8))
                }
                FileHandle.standardError.write(Data("Nothing was imported. / Нічого не імпортовано.\n".utf8))
                return ExitCode.failure
            }
        }
    }
}
