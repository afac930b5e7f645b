import ArgumentParser
import Foundation
import HromadaDomain
import HromadaPostgres
import HromadaServer
import HromadaStorage

extension HromadaServerCommand {
    struct Trust: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Roots of other Hromada deployments whose certificates count as evidence / Довірені корені.",
            subcommands: [Add.self, List.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Trust another deployment's root certificate (PEM).",
                discussion: """
                    A certificate signed under a trusted root that verifies as valid is recognised as external
                    learning at once, with its own credits. That deployment's revocations are not known here.
                    Example: hromada-server trust add other-root.pem
                    """
            )
            @OptionGroup var database: DatabaseOptions
            @Argument(help: "The root certificate, PEM.") var file: String

            func run() async throws {
                do {
                    guard let data = FileManager.default.contents(atPath: file), let pem = String(data: data, encoding: .utf8) else {
                        throw ConfigurationError("The file \(file) cannot be read.")
                    }
                    let pool = try database.onePool()
                    defer { pool.shutdown() }
                    let (root, added) = try await pool.transaction { try TrustedRootStore.add($0, pem: pem) }
                    print(added
                        ? "Trusted: \(root.subject) (SHA-256 \(root.fingerprint)). / Додано довірений корінь."
                        : "Already trusted: \(root.subject) (SHA-256 \(root.fingerprint)). / Уже довірений.")
                } catch {
                    throw failure(error)
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the trusted roots.", discussion: "Example: hromada-server trust list")
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                do {
                    let pool = try database.onePool()
                    defer { pool.shutdown() }
                    for root in try await pool.withConnection({ try TrustedRootStore.list($0) }) {
                        print("\(root.fingerprint)\t\(root.subject)")
                    }
                } catch {
                    throw failure(error)
                }
            }
        }
    }
}
