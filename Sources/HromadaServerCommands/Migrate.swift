import ArgumentParser
import Foundation
import HromadaDomain
import HromadaStorage
import HromadaPostgres
import HromadaServer

extension HromadaServerCommand {
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the migrations the database lacks, in order, each once.",
            discussion: "Example: hromada-server migrate --migrations ./migrations"
        )

        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("migrations"), help: "Folder of migrations/NNNN_name.sql (default: HROMADA_MIGRATIONS_DIR or ./migrations).") var migrations: String?

        func run() async throws {
            do {
                let c = try database.configuration()
                let logger = try database.logger(c)
                let migrator = try Migrator.load(directory: migrations.map { URL(fileURLWithPath: $0) } ?? Migrator.defaultDirectory())
                let pool = PGPool(conninfo: c.databaseURL, maxConnections: 1, acquireTimeout: .seconds(600), logger: logger)
                defer { pool.shutdown() }
                let report = try await migrator.migrate(pool: pool, logger: logger)
                // Lessons stored before the HTML filter (or under older rules) are filtered once, here.
                let refiltered = try await pool.transaction { try CourseStore.refilterLessons($0) }
                if refiltered > 0 {
                    print("Filtered the HTML of \(refiltered) lesson(s) stored before the current rules. / Відфільтровано HTML уроків: \(refiltered).")
                }
                if report.applied.isEmpty {
                    print("Nothing to migrate: all \(report.alreadyApplied) migrations are applied. / Усі міграції вже застосовано.")
                } else {
                    print("Applied \(report.applied.count) migration(s): \(report.applied.map { String(format: "%04d", $0) }.joined(separator: ", ")). / Застосовано міграцій: \(report.applied.count).")
                }
            } catch {
                throw failure(error)
            }
        }
    }
}
