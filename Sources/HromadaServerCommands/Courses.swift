import ArgumentParser
import Foundation
import HromadaDomain
import HromadaPacks
import HromadaStorage
import HromadaPostgres
import HromadaServer

extension HromadaServerCommand {
    struct Courses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage published courses.",
            subcommands: [Import.self]
        )

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Validate and publish course pack folders.",
                discussion: """
                    Each folder is validated like `hromada pack validate`; a pack with errors is listed as
                    path:line:column and not stored. A version already published with the same content is
                    left as it is; with other content it is refused.
                    Example: hromada-server courses import courses/*
                    """
            )

            @OptionGroup var database: DatabaseOptions
            @Argument(help: "Pack folders.") var folders: [String]

            func run() async throws {
                do {
                    let c = try database.configuration()
                    let logger = try database.logger(c)
                    let pool = PGPool(conninfo: c.databaseURL, maxConnections: 1, logger: logger)
                    defer { pool.shutdown() }
                    var failed = false
                    for folder in folders {
                        let files = PackFiles.directory(URL(fileURLWithPath: folder))
                        // Straight into the catalogue, as publishing without a draft: the starter template's
                        // placeholders are errors here.
                        let result = PackValidator.validate(files, for: .release)
                        for d in result.diagnostics {
                            FileHandle.standardError.write(Data("\(folder)/\(d.description)\n".utf8))
                        }
                        guard let course = result.course else {
                            print("\(folder): not imported, \(result.errors.count) error(s). / не імпортовано.")
                            failed = true
                            continue
                        }
                        do {
                            let published = try await pool.transaction { db in
                                let p = try CourseStore.publish(db, course: course, files: files, publishedBy: nil)
                                if p.created {
                                    try AuditLog.append(db, .init(actor: nil, action: "course.publish", subjectType: "course",
                                                                  subjectID: course.slug, details: ["version": course.version, "hash": course.contentHash]))
                                }
                                return p
                            }
                            print(published.created
                                ? "\(folder): published \(course.slug) \(course.version). / опубліковано."
                                : "\(folder): \(course.slug) \(course.version) already published, unchanged. / без змін.")
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
