import ArgumentParser
import Foundation
import HromadaDomain
import HromadaPostgres
import HromadaServer
import HromadaStorage

extension HromadaServerCommand {
    struct PolicySettings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy",
            abstract: "Show or change the professional-development rules / Правила професійного розвитку.",
            subcommands: [Show.self, Set.self]
        )

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print the rules in force.",
                discussion: "Example: hromada-server policy show"
            )
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                do {
                    let pool = try database.onePool()
                    defer { pool.shutdown() }
                    let s = try await pool.withConnection { try SettingsStore.read($0) }
                    print(PolicySettings.lines(s))
                } catch {
                    throw failure(error)
                }
            }
        }

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Change one or more rules (NAME=VALUE); every change goes to the audit log.",
                discussion: """
                    Names: target_credits (ECTS a year, default 1.0), self_education_percent (default 10),
                    first_year_months (default 12), hours_per_credit (default 30).
                    Example: hromada-server policy set target_credits=1.5 self_education_percent=10
                    """
            )
            @OptionGroup var database: DatabaseOptions
            @Argument(help: "NAME=VALUE pairs.") var settings: [String]

            func run() async throws {
                do {
                    guard !settings.isEmpty else { throw ConfigurationError("Name at least one setting, e.g. target_credits=1.0.") }
                    let pool = try database.onePool()
                    defer { pool.shutdown() }
                    let pairs = settings
                    let new = try await pool.transaction { db in
                        var s = try SettingsStore.read(db)
                        for pair in pairs {
                            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                            guard parts.count == 2 else { throw ConfigurationError("\(pair): write NAME=VALUE.") }
                            try s.set(parts[0].trimmingCharacters(in: .whitespaces), to: parts[1])
                        }
                        try SettingsStore.write(db, s, actor: nil, by: "hromada-server policy set")
                        return s
                    }
                    print(PolicySettings.lines(new))
                } catch {
                    throw failure(error)
                }
            }
        }

        static func lines(_ s: DevelopmentSettings) -> String {
            """
            target_credits=\(s.targetCredits)
            self_education_percent=\(s.selfEducationPercent)
            first_year_months=\(s.firstYearMonths)
            hours_per_credit=\(s.hoursPerCredit)
            """
        }
    }
}
