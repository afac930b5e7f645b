import Foundation
import HromadaCrypto
import HromadaDomain
import HromadaPacks
import HromadaStorage
import HromadaPostgres
import Logging

/// `hromada-bench certificates`: a cohort of 10,000 completions of a `certificate: true` course, each
/// with its certificate reserved as completion reserves it; then the timed part — signing them all
/// through the same code the server's issuer runs (`CertificateStore.signPending`: build the JCS
/// document, CMS-sign it with the centre key, store both), by as many workers as cores. Compared
/// with `openssl speed ecdsap256` on the same machine (scripts/bench.sh runs that right after).
enum CertificateBench {
    static let count = 10_000

    static func run() async throws -> Int32 {
        guard let url = ProcessInfo.processInfo.environment["HROMADA_BENCH_DATABASE_URL"] else {
            print("HROMADA_BENCH_DATABASE_URL is not set")
            return 2
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let pool = PGPool(conninfo: url, maxConnections: cores + 2, logger: logger)
        defer { pool.shutdown() }
        let migrations = ProcessInfo.processInfo.environment["HROMADA_MIGRATIONS_DIR"].map { URL(fileURLWithPath: $0) } ?? Migrator.defaultDirectory()
        _ = try await Migrator.load(directory: migrations).migrate(pool: pool, logger: logger)

        let keysDir = FileManager.default.temporaryDirectory.appendingPathComponent("hromada-bench-keys-\(getpid())")
        defer { try? FileManager.default.removeItem(at: keysDir) }
        let ring = KeyRing(directory: keysDir.path, passphrase: "bench-passphrase-1234")
        let issuer = CertificateStore.Issuer(publicURL: "https://hromada.example", association: "Асоціація міст України")

        // Setup, not timed: the chain, a course, 10,000 completed enrolments with reserved certificates.
        let setup = ContinuousClock.now
        var files: [String: [UInt8]] = [:]
        for (path, text) in PackTemplate.files(slug: "bench-certificates", title: "Сертифікатний курс") { files[path] = Array(text.utf8) }
        let validated = PackValidator.validate(PackFiles(files: files))
        guard var course = validated.course else {
            print("the template pack does not validate: \(validated.errors.prefix(3).map(\.description))")
            return 1
        }
        course.certificate = true
        let pack = PackFiles(files: files)
        let frozen = course
        try await pool.transaction { db in
            try CertificateAuthorityStore.ensureDevelopmentChain(db, ring: ring, association: issuer.association, centres: ["KYV"])
            _ = try CourseStore.publish(db, course: frozen, files: pack, publishedBy: nil)
            try db.execute("INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Бучанська') ON CONFLICT DO NOTHING")
            try db.execute("""
                INSERT INTO users (email, full_name, category, position, hromada_id, centre, roles)
                SELECT 'cert' || g || '@hromada.example', 'Слухачка Сертифікатна ' || g, 'official', 'спеціалістка',
                       (SELECT id FROM hromadas WHERE centre = 'KYV' AND name = 'Бучанська'), 'KYV', ARRAY['learner']
                FROM generate_series(1, \(count)) g
                """)
            try db.execute("""
                INSERT INTO enrolments (user_id, slug, version_id, status, completed_at, grade)
                SELECT u.id, 'bench-certificates', v.id, 'completed', now(), 90
                FROM users u, course_versions v WHERE u.email LIKE 'cert%@hromada.example' AND v.slug = 'bench-certificates'
                """)
        }
        let enrolments = try await pool.withConnection { db in
            try db.execute("SELECT id FROM enrolments WHERE slug = 'bench-certificates' ORDER BY id").map { try $0.decode(UUID.self, "id") }
        }
        for chunk in stride(from: 0, to: enrolments.count, by: 1000).map({ Array(enrolments[$0..<min($0 + 1000, enrolments.count)]) }) {
            try await pool.transaction { db in for id in chunk { try CertificateStore.reserve(db, enrolmentID: id) } }
        }
        print(String(format: "setup (chain, course, %d completions with reserved certificates): %.1f s", count, seconds(ContinuousClock.now - setup)))

        // Timed: sign everything pending, `cores` workers in parallel, 200 per transaction, as the issuer does.
        let start = ContinuousClock.now
        let signed = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<cores {
                group.addTask {
                    var n = 0
                    while true {
                        let batch = try await pool.transaction { try CertificateStore.signPending($0, ring: ring, issuer: issuer, limit: 200) }
                        n += batch.count
                        if batch.isEmpty { return n }
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = seconds(ContinuousClock.now - start)
        let rate = Double(signed) / elapsed

        // Check, not timed: every one issued once, and a sample verifies against the root.
        let (issued, pending, sample, rootPEM) = try await pool.withConnection { db -> (Int, Int, [(Bytes, Bytes)], String) in
            let issued = try db.execute("SELECT count(*) AS n FROM certificates WHERE status = 'issued'")[0].decode(Int.self, "n")
            let pending = try db.execute("SELECT count(*) AS n FROM certificates WHERE status = 'pending'")[0].decode(Int.self, "n")
            let sample = try db.execute("SELECT document, signature FROM certificates ORDER BY random() LIMIT 100").map {
                (try $0.decode(Bytes.self, "document"), try $0.decode(Bytes.self, "signature"))
            }
            return (issued, pending, sample, try CertificateAuthorityStore.root(db)!.certificatePEM)
        }
        let root = try Certificate(pem: rootPEM)
        let verified = sample.filter { CMSSignature.verify(content: $0.0.bytes, signature: $0.1.bytes, roots: [root]).verdict == .valid }.count

        print(String(format: "signed %d certificates in %.2f s with %d workers: %.0f certificates/s (goal: at least 1,000/s)", signed, elapsed, cores, rate))
        print("check: \(issued) issued, \(pending) pending, \(verified) of \(sample.count) sampled verify against the root")
        let badges = try await badges(pool: pool, ring: ring, issuer: issuer, workers: cores, certificates: rate)
        let ok = issued == count && pending == 0 && verified == sample.count && badges
        print(ok ? (rate >= 1000 ? "goal met" : "goal NOT met") : "CHECK FAILED")
        return ok ? 0 : 1
    }

    /// Timed: the badge of every certificate, as `GET …/badge` makes it (`BadgeStore.source`, then
    /// `BadgeStore.badge`: the credential from the signed document, ES256 with the same centre key),
    /// by `workers` in parallel, 200 per transaction; the goal is within 20 % of the certificates' rate.
    /// Then a sample verifies against the key. Returns whether the check held.
    static func badges(pool: PGPool, ring: KeyRing, issuer: CertificateStore.Issuer, workers: Int, certificates: Double) async throws -> Bool {
        let serials = try await pool.withConnection { db in
            try db.execute("SELECT serial FROM certificates WHERE status = 'issued' ORDER BY serial").map { try $0.decode(String.self, "serial") }
        }
        let start = ContinuousClock.now
        let made = try await withThrowingTaskGroup(of: [String].self) { group in
            for w in 0..<workers {
                let mine = stride(from: w * 200, to: serials.count, by: workers * 200).map { Array(serials[$0..<min($0 + 200, serials.count)]) }
                group.addTask {
                    var out: [String] = []
                    for batch in mine {
                        out += try await pool.transaction { db in
                            try batch.compactMap { serial in
                                try BadgeStore.source(db, serial: serial).flatMap { try BadgeStore.badge(db, ring: ring, issuer: issuer, source: $0) }
                            }
                        }
                    }
                    return out
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = seconds(ContinuousClock.now - start)
        let rate = Double(made.count) / elapsed
        let key = try await pool.withConnection { db in try Certificate(pem: try CertificateAuthorityStore.activeKey(db, centre: "KYV")!.certificatePEM).publicKey! }
        let good = made.shuffled().prefix(100).filter { CompactJWS($0)?.verifies(with: key) == true }.count
        print(String(format: "made %d badges in %.2f s with %d workers: %.0f badges/s, %.0f %% of the certificates' rate (goal: within 20 %%)",
                     made.count, elapsed, workers, rate, 100 * rate / certificates))
        print("check: \(made.count) badges of \(serials.count) certificates, \(good) of \(min(100, made.count)) sampled verify with the centre key")
        return made.count == serials.count && good == min(100, made.count)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
