import ArgumentParser
import Foundation
import HromadaDomain
import HromadaPacks
import HromadaStorage
import HromadaPostgres
import HromadaServer

extension HromadaServerCommand {
    struct Programmes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage published programmes.",
            subcommands: [Import.self]
        )

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Validate and publish programme folders.",
                discussion: """
                    Each folder is validated like `hromada programme validate`, then against the published
                    courses (import the courses first); a folder with errors is listed as path:line:column and
                    not stored. A version already published with the same content is left as it is; with other
                    content it is refused.
                    Example: hromada-server programmes import programmes/*
                    """
            )

            @OptionGroup var database: DatabaseOptions
            @Argument(help: "Programme folders.") var folders: [String]

            func run() async throws {
                do {
                    let c = try database.configuration()
                    let pool = PGPool(conninfo: c.databaseURL, maxConnections: 1, logger: try database.logger(c))
                    defer { pool.shutdown() }
                    var failed = false
                    for folder in folders {
                        let validated = ProgrammeValidator.validate(PackFiles.directory(URL(fileURLWithPath: folder)))
                        do {
                            let (checked, created) = try await pool.transaction { db in
                                let outcome = try ProgrammeStore.publish(db, validated: validated, publishedBy: nil) { _ in }
                                if outcome.created, let d = outcome.result.release {
                                    try AuditLog.append(db, .init(actor: nil, action: "programme.publish", subjectType: "programme",
                                                                  subjectID: d.slug, details: ["version": d.version, "hash": validated.contentHash]))
                                }
                                return outcome
                            }
                            for d in checked.diagnostics { FileHandle.standardError.write(Data("\(folder)/\(d.description)\n".utf8)) }
                            guard let d = checked.release else {
                                print("\(folder): not imported, \(checked.errors.count) error(s). / не імпортовано.")
                                failed = true
                                continue
                            }
                            print(created ? "\(folder): published \(d.slug) \(d.version). / опубліковано."
                                          : "\(folder): \(d.slug) \(d.version) already published, unchanged. / без змін.")
                        } catch let e as HromadaError where e.code == .versionExists {
                            print("\(folder): \(e.detail?.en ?? "refused").")
                            failed = true
                        }
                    }
                    if failed { throw ExitCode.failure }
                } catch {
                    throw failure(error)
                }
            }
        }
    }
}
