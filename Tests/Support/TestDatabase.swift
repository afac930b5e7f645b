public import Foundation
import HromadaDomain
public import HromadaStorage
public import HromadaPostgres
public import Logging

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

    /// The codifier the project ships (`data/`), which every migrated test database holds, as `make run` loads it.
    public static var codifierFile: URL {
        migrationsDirectory.deletingLastPathComponent().appendingPathComponent("data/katottg-hromadas-2025-07-02.csv")
    }

    public static func create(migrated: Bool = true, poolSize: Int = 4) async throws -> TestDatabase {
        guard let given = ProcessInfo.processInfo.environment["HROMADA_TEST_DATABASE_URL"], !given.isEmpty else {
            throw ConfigurationError("HROMADA_TEST_DATABASE_URL is not set: run the tests through `make test`.")
        }
        let adminURL = withConnectTimeout(given)
        let name = uniqueName("hromada_t_")
        let migrator = try Migrator.load(directory: migrationsDirectory)
        // A migrated database is a copy of one template migrated once per run (see
        // ``MigratedTemplate``), not 15 migrations applied again for each of some 400 tests.
        let template = migrated ? try await MigratedTemplate.shared.name(adminURL: adminURL, migrator: migrator) : nil
        try await createDatabase(name, template: template, adminURL: adminURL)
        // A generous wait for a free connection: a CI machine busy compiling and running other suites
        // once made a 50 ms query queue past the production 5 s. The tests of the timeout itself
        // make pools of their own.
        let pool = PGPool(conninfo: adminURL, database: name, maxConnections: poolSize, acquireTimeout: .seconds(60), logger: logger)
        if migrated {
            // Applies nothing (the copy holds every migration); it is the same check `serve` makes.
            _ = try await migrator.migrate(pool: pool, logger: logger)
        }
        return TestDatabase(name: name, pool: pool, adminURL: adminURL, migrator: migrator)
    }

    /// The server's 5 s connect timeout, where not given, raised to 60 s for the tests: some 400 tests
    /// start at once and each opens connections, and on a machine loaded by another build a connect
    /// once took longer than 5 s (23 tests failed so on 2026-12-07); the tests of the timeout itself
    /// name theirs.
    static func withConnectTimeout(_ url: String) -> String {
        guard !url.contains("connect_timeout=") else { return url }
        return url + (url.contains("?") ? "&" : "?") + "connect_timeout=60"
    }

    static func uniqueName(_ prefix: String) -> String {
        prefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    }

    /// `CREATE DATABASE name [TEMPLATE template]`. A template may still hold, for a moment, a connection
    /// its pool is closing (PostgreSQL then refuses the copy: "being accessed by other users"), so that
    /// refusal is retried for a few seconds.
    static func createDatabase(_ name: String, template: String?, adminURL: String) async throws {
        let admin = PGPool(conninfo: adminURL, maxConnections: 1, logger: logger)
        defer { admin.shutdown() }
        let sql = "CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0)" } ?? "")
        var tries = 0
        while true {
            do {
                try await admin.withConnection { try $0.execute(SQL(unsafeSQL: sql)) }
                return
            } catch where "\(error)".contains("being accessed by other users") && tries < 100 {
                tries += 1
                try await Task.sleep(for: .milliseconds(50))
            }
        }
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

/// The database every migrated test database is copied from: created and migrated once per test
/// process, named by the migrations' checksums (`hromada_tpl_<hash>`), so a run after a migration
/// changed builds a new one. `scripts/test.sh` drops the templates of earlier runs with their copies.
/// Copying a small database (PostgreSQL's `CREATE DATABASE … TEMPLATE`) takes a few milliseconds where
/// applying the migrations took a few hundred.
actor MigratedTemplate {
    static let shared = MigratedTemplate()
    private var made: Task<String, any Error>?

    func name(adminURL: String, migrator: Migrator) async throws -> String {
        if let made { return try await made.value }
        let task = Task { try await Self.make(adminURL: adminURL, migrator: migrator) }
        made = task
        return try await task.value
    }

    private static func make(adminURL: String, migrator: Migrator) async throws -> String {
        // FNV-1a over the versions and checksums: a name, not a security boundary.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let codifier = try String(contentsOf: TestDatabase.codifierFile, encoding: .utf8)
        for byte in (migrator.migrations.map({ "\($0.version) \($0.checksum)" }) + [codifier]).joined(separator: "\n").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let name = "hromada_tpl_" + String(hash, radix: 16)
        let admin = PGPool(conninfo: adminURL, maxConnections: 1, logger: TestDatabase.logger)
        defer { admin.shutdown() }
        let exists = try await admin.withConnection { db in
            try !db.execute(SQL("SELECT 1 AS one FROM pg_database WHERE datname = \(name)")).isEmpty
        }
        if exists { return name }
        // Built under a name of its own and renamed when complete, so another process never copies a
        // half-migrated template; if one renamed first, its template is used and this one dropped.
        let building = TestDatabase.uniqueName("hromada_t_tpl_")
        try await TestDatabase.createDatabase(building, template: nil, adminURL: adminURL)
        let pool = PGPool(conninfo: adminURL, database: building, maxConnections: 1, acquireTimeout: .seconds(60), logger: TestDatabase.logger)
        _ = try await migrator.migrate(pool: pool, logger: TestDatabase.logger)
        let units = try Codifier.parse(csv: codifier).get()
        _ = try await pool.transaction { try TerritoryStore.importCodifier($0, units, edition: "katottg-hromadas-2025-07-02") }
        pool.shutdown()
        do {
            try await admin.withConnection { try $0.execute(SQL(unsafeSQL: "ALTER DATABASE \(building) RENAME TO \(name)")) }
        } catch where "\(error)".contains("already exists") {
            try await admin.withConnection { try $0.execute(SQL(unsafeSQL: "DROP DATABASE IF EXISTS \(building) WITH (FORCE)")) }
        } catch where "\(error)".contains("being accessed by other users") {
            // The closing pool's connection: wait for it as the copies do, then rename.
            for _ in 0..<100 {
                try await Task.sleep(for: .milliseconds(50))
                do {
                    try await admin.withConnection { try $0.execute(SQL(unsafeSQL: "ALTER DATABASE \(building) RENAME TO \(name)")) }
                    return name
                } catch where "\(error)".contains("being accessed by other users") {}
            }
            throw HromadaError(.databaseUnavailable, reason: "the test template \(building) stayed in use")
        }
        return name
    }
}
