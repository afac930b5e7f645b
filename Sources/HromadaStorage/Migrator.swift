public import Foundation
import HromadaCrypto
import HromadaDomain
public import HromadaPostgres
public import Logging

/// Applies `migrations/NNNN_name.sql` in order, each once, each in its own transaction, and
/// records it with the SHA-256 of its text.
///
/// A session-level advisory lock serialises concurrent migrators: when two servers start together,
/// one applies the files and the other, once it gets the lock, finds nothing left to do.
/// A file that was applied and has changed since is refused; so is a gap or duplicate in numbering.
public struct Migrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public let version: Int
        public let name: String
        public let sql: String
        public var checksum: String { SHA256.hex(sql) }
    }

    public struct Report: Sendable, Equatable {
        public var applied: [Int]
        public var alreadyApplied: Int
    }

    /// Key of the advisory lock: "hromada-migrate" folded into a bigint.
    static let lockKey: Int64 = 0x6872_6f6d_6164_61

    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Reads every `NNNN_name.sql` of `directory`, refusing duplicates, gaps and stray names.
    public static func load(directory: URL) throws -> Migrator {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ConfigurationError("The migrations folder \(directory.path) cannot be read: \(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for name in names.sorted() where name.hasSuffix(".sql") {
            let stem = name.dropLast(4)
            let digits = stem.prefix { $0.isNumber }
            guard digits.count == 4, stem.dropFirst(4).first == "_", let version = Int(digits) else {
                throw ConfigurationError("Migration file \(name) is not named NNNN_name.sql.")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem.dropFirst(5)), sql: sql))
        }
        for (index, m) in migrations.enumerated() where m.version != index + 1 {
            throw ConfigurationError("Migration numbers must run 0001, 0002, … without gaps or repeats; found \(String(format: "%04d", m.version)) at position \(index + 1).")
        }
        return Migrator(migrations: migrations)
    }

    /// The folder holding migrations: `HROMADA_MIGRATIONS_DIR`, else `./migrations`, else the one
    /// next to the installed executable (`<prefix>/share/hromada/migrations`).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = environment["HROMADA_MIGRATIONS_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("migrations")
        if FileManager.default.fileExists(atPath: local.path) { return local }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/hromada/migrations")
    }

    /// Applies what is missing. Holds one connection (and the advisory lock) for the whole run.
    public func migrate(pool: PGPool, logger: Logger) async throws -> Report {
        let migrations = self.migrations
        return try await pool.withConnection { conn in
            try conn.execute("SELECT pg_advisory_lock(\(Self.lockKey))")
            defer { _ = try? conn.execute("SELECT pg_advisory_unlock(\(Self.lockKey))") }
            try conn.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            var applied: [Int: String] = [:]
            for row in try conn.execute("SELECT version, checksum FROM schema_migrations") {
                applied[try row.decode(Int.self, "version")] = try row.decode(String.self, "checksum")
            }
            for m in migrations {
                if let checksum = applied[m.version], checksum != m.checksum {
                    throw ConfigurationError(
                        "Migration \(String(format: "%04d", m.version))_\(m.name).sql was changed after it was applied (checksum \(checksum.prefix(12))… in the database, \(m.checksum.prefix(12))… on disk). Applied migrations are immutable: restore the file and add a new migration instead."
                    )
                }
            }
            if let newest = applied.keys.max(), newest > migrations.count {
                throw ConfigurationError(
                    "The database has migration \(newest) applied but this build knows only \(migrations.count): run a newer hromada-server."
                )
            }
            var report = Report(applied: [], alreadyApplied: applied.count)
            for m in migrations where applied[m.version] == nil {
                try conn.inTransaction(.readCommitted) { tx in
                    try tx.executeScript(m.sql)
                    try tx.execute("""
                        INSERT INTO schema_migrations (version, name, checksum) VALUES (\(m.version), \(m.name), \(m.checksum))
                        """)
                }
                logger.info("applied migration", metadata: ["version": "\(m.version)", "name": "\(m.name)"])
                report.applied.append(m.version)
            }
            return report
        }
    }

    /// True when every known migration is applied (used by `/readyz`).
    public func isCurrent(pool: PGPool) async throws -> Bool {
        let expected = migrations.count
        return try await pool.withConnection { conn in
            let rows = try conn.execute("""
                SELECT count(*)::int AS n FROM schema_migrations WHERE version <= \(expected)
                """)
            return try rows.first?.decode(Int.self, "n") == expected
        }
    }
}
