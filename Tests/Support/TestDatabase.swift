import Foundation
import HromadaDomain
import HromadaStorage
import HromadaPostgres
import Logging

/// A database of its own for one test, on the PostgreSQL that `make test` starts.
///
/// `HROMADA_TEST_DATABASE_URL` names a maintenance database (usually `postgres`) on that server; each
/// call creates `hromada_t_<random>` there and, unless asked not to, applies every migration.
/// A missing variable or an unreachable server fails the test: these tests never skip.
public struct TestDatabase: Sendable {
    public let name: String
    public let pool: PGPool
    public let adminURL: String
    public let migrator: Migrator

    public static var logger: Logger {
        var l = Logger(label: "hromada-test")
        l.logLevel = .warning
        return l
    }

    public static var migrationsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("migrations")
    }

    public static func create(migrated: Bool = true, poolSize: Int = 4) async throws -> TestDatabase {
        guard let adminURL = ProcessInfo.processInfo.environment["HROMADA_TEST_DATABASE_URL"], !adminURL.isEmpty else {
            throw ConfigurationError("HROMADA_TEST_DATABASE_URL is not set: run the tests through `make test`.")
        }
        let name = "hromada_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = PGPool(conninfo: adminURL, maxConnections: 1, logger: logger)
        try await admin.withConnection { try $0.execute(SQL(unsafeSQL: "CREATE DATABASE \(name)")) }
        admin.shutdown()
        // A generous wait for a free connection: a CI machine busy compiling and running other suites
        // once made a 50 ms query queue past the production 5 s. The tests of the timeout itself
        // make pools of their own.
        let pool = PGPool(conninfo: adminURL, database: name, maxConnections: poolSize, acquireTimeout: .seconds(60), logger: logger)
        let migrator = try Migrator.load(directory: migrationsDirectory)
        if migrated { _ = try await migrator.migrate(pool: pool, logger: logger) }
        return TestDatabase(name: name, pool: pool, adminURL: adminURL, migrator: migrator)
    }

    /// A URL of this database, for a child process (`HROMADA_DATABASE_URL`).
    public var url: String {
        adminURL.replacingOccurrences(of: "///postgres?", with: "///\(name)?")
    }

    /// Another pool on the same database, e.g. a second server instance.
    public func anotherPool(size: Int = 4) -> PGPool {
        PGPool(conninfo: adminURL, database: name, maxConnections: size, logger: Self.logger)
    }

    public func count(_ table: String) async throws -> Int {
        try await pool.withConnection { db in
            try db.execute(SQL(unsafeSQL: "SELECT count(*)::int AS n FROM \(table)"))[0].decode(Int.self, "n")
        }
    }
}
