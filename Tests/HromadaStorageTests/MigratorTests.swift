import Foundation
import HromadaDomain
@testable import HromadaStorage
import HromadaTestSupport
import Testing
import HromadaPostgres

@Suite struct MigratorTests {
    let migrations = [
        Migrator.Migration(version: 1, name: "one", sql: "CREATE TABLE one (id int); INSERT INTO one VALUES (1);"),
        Migrator.Migration(version: 2, name: "two", sql: "CREATE TABLE two (id int);"),
    ]

    @Test func appliesEachMigrationOnceInOrder() async throws {
        let db = try await TestDatabase.create(migrated: false)
        let migrator = Migrator(migrations: migrations)
        let first = try await migrator.migrate(pool: db.pool, logger: TestDatabase.logger)
        #expect(first.applied == [1, 2])
        let second = try await migrator.migrate(pool: db.pool, logger: TestDatabase.logger)
        #expect(second.applied == [] && second.alreadyApplied == 2)
        #expect(try await db.count("one") == 1)
        #expect(try await migrator.isCurrent(pool: db.pool))
    }

    @Test func twoMigratorsStartedTogetherApplyOnce() async throws {
        let db = try await TestDatabase.create(migrated: false)
        let real = try Migrator.load(directory: TestDatabase.migrationsDirectory)
        let other = db.anotherPool(size: 1)
        async let a = real.migrate(pool: db.pool, logger: TestDatabase.logger)
        async let b = real.migrate(pool: other, logger: TestDatabase.logger)
        let (ra, rb) = try await (a, b)
        #expect(ra.applied.count + rb.applied.count == real.migrations.count)
        #expect(ra.applied.isEmpty || rb.applied.isEmpty)
        #expect(try await db.count("schema_migrations") == real.migrations.count)
        #expect(try await db.count("centres") == 25)
    }

    /// Migration 0009 gives the lessons of versions published before it their texts as JSON
    /// literals, and from then on a literal that is not its text is refused.
    @Test func lessonsPublishedBeforeMigration9GetTheirJSONLiterals() async throws {
        let db = try await TestDatabase.create(migrated: false)
        let real = try Migrator.load(directory: TestDatabase.migrationsDirectory)
        _ = try await Migrator(migrations: real.migrations.filter { $0.version <= 8 }).migrate(pool: db.pool, logger: TestDatabase.logger)
        let text = "Лапки \" і \\ / скісна\nрядок\tтаб \u{01} 🇺🇦"
        try await db.pool.withConnection { c in
            try c.execute("INSERT INTO courses (slug) VALUES ('old-course')")
            let id: UUID = try c.execute("""
                INSERT INTO course_versions (slug, version, major, minor, patch, content_hash, title, summary, language, audience,
                                             hours, credits, programme, certificate, course)
                VALUES ('old-course', '1.0.0', 1, 0, 0, \(String(repeating: "a", count: 64)), 't', 's', 'uk', '{official}',
                        1, 0, 'p', false, '{}') RETURNING id
                """)[0].decode("id")
            try c.execute("""
                INSERT INTO course_lessons (version_id, id, module_id, position, title, minutes, path, markdown, html)
                VALUES (\(id), 'l1', 'm1', 1, 't', 5, 'l1.md', \(text), \("<p>" + text + "</p>"))
                """)
        }
        let report = try await real.migrate(pool: db.pool, logger: TestDatabase.logger)
        #expect(report.applied == real.migrations.map(\.version).filter { $0 > 8 })
        let row = try await db.pool.withConnection { try $0.execute("SELECT markdown_json, html_json FROM course_lessons")[0] }
        #expect(try JSONDecoder().decode(String.self, from: Data(try row.decode(String.self, "markdown_json").utf8)) == text)
        #expect(try JSONDecoder().decode(String.self, from: Data(try row.decode(String.self, "html_json").utf8)) == "<p>" + text + "</p>")
        await #expect(throws: HromadaError.self) {
            try await db.pool.withConnection { c in
                try c.execute("""
                    INSERT INTO course_lessons (version_id, id, module_id, position, title, minutes, path, markdown, html, markdown_json, html_json)
                    SELECT version_id, 'l2', 'm1', 2, 't', 5, 'l2.md', 'a', 'b', '"a"', '"not b"' FROM course_lessons
                    """)
            }
        }
    }

    /// Migration 0010 puts the pre-releases published before it in SemVer order too (found in review:
    /// ordered as text, 1.0.0-rc.9 was the newest over 1.0.0-rc.10).
    @Test func preReleasesPublishedBeforeMigration10GetTheirOrder() async throws {
        let db = try await TestDatabase.create(migrated: false)
        let real = try Migrator.load(directory: TestDatabase.migrationsDirectory)
        _ = try await Migrator(migrations: real.migrations.filter { $0.version <= 9 }).migrate(pool: db.pool, logger: TestDatabase.logger)
        try await db.pool.withConnection { c in
            try c.execute("INSERT INTO courses (slug) VALUES ('old-course')")
            for pre in ["rc.9", "rc.10", "beta", nil] {
                try c.execute("""
                    INSERT INTO course_versions (slug, version, major, minor, patch, prerelease, content_hash, title, summary,
                                                 language, audience, hours, credits, programme, certificate, course)
                    VALUES ('old-course', \("1.0.0" + (pre.map { "-" + $0 } ?? "")), 1, 0, 0, \(pre), \(String(repeating: "a", count: 64)),
                            't', 's', 'uk', '{official}', 1, 0, 'p', false, '{}')
                    """)
            }
        }
        let report = try await real.migrate(pool: db.pool, logger: TestDatabase.logger)
        #expect(report.applied == real.migrations.map(\.version).filter { $0 > 9 })
        let versions = try await db.pool.withConnection { try CourseStore.versions($0, slug: "old-course") }.map(\.version)
        #expect(versions == ["1.0.0", "1.0.0-rc.10", "1.0.0-rc.9", "1.0.0-beta"])
    }

    /// The revocation-reason migration (issue 21) turns free-text reasons into notes with a public
    /// code, and removes stored revocation lists that published the text. Found by its name, so the
    /// test holds whatever number it is given.
    @Test func freeTextRevocationReasonsBecomeCodesAndPrivateNotes() async throws {
        let db = try await TestDatabase.create(migrated: false)
        let real = try Migrator.load(directory: TestDatabase.migrationsDirectory)
        let codes = try #require(real.migrations.first { $0.name == "revocation_reason_codes" }).version
        _ = try await Migrator(migrations: real.migrations.filter { $0.version < codes }).migrate(pool: db.pool, logger: TestDatabase.logger)
        let reasons = [
            "UA-KYV-2025-000001-": "Перевидано / re-issued: Виправлено імʼя",
            "UA-KYV-2025-000002-": "Помилка в прізвищі слухача",
            "UA-KYV-2025-000003-": "Скаргу надіслав whistle.blower@example.org",
            "UA-KYV-2025-000004-": "Підроблений результат: іспит складала інша особа",
            "UA-KYV-2025-000005-": nil,
        ]
        @Sendable func serial(_ prefix: String) -> String {
            let parts = prefix.split(separator: "-")
            return CertificateSerial.make(centre: String(parts[1]), year: Int(parts[2])!, sequence: Int(parts[3])!)
        }
        try await db.pool.withConnection { c in
            try c.execute("INSERT INTO courses (slug) VALUES ('old-course')")
            let version: UUID = try c.execute("""
                INSERT INTO course_versions (slug, version, major, minor, patch, content_hash, title, summary, language, audience,
                                             hours, credits, programme, certificate, course)
                VALUES ('old-course', '1.0.0', 1, 0, 0, \(String(repeating: "a", count: 64)), 't', 's', 'uk', '{official}',
                        1, 0, 'p', true, '{}') RETURNING id
                """)[0].decode("id")
            let hromada: UUID = try c.execute("INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Стара') RETURNING id")[0].decode("id")
            let user: UUID = try c.execute("""
                INSERT INTO users (email, full_name, category, position, hromada_id, centre, roles)
                VALUES ('old@example.org', 'Стара Особа', 'official', 'спеціаліст', \(hromada), 'KYV', ARRAY['learner']) RETURNING id
                """)[0].decode("id")
            let enrolment: UUID = try c.execute("""
                INSERT INTO enrolments (user_id, slug, version_id, status, completed_at) VALUES (\(user), 'old-course', \(version), 'completed', now())
                RETURNING id
                """)[0].decode("id")
            for (prefix, reason) in reasons {
                try c.execute("""
                    INSERT INTO certificates (serial, enrolment_id, user_id, centre, status, document, signature, issued_at, revoked_at, revocation_reason)
                    VALUES (\(serial(prefix)), \(enrolment), \(user), 'KYV', \(reason == nil ? "issued" : "revoked"), '\\x7b7d', '\\x00', now(),
                            \(reason == nil ? nil : Date()), \(reason))
                    """)
            }
            // KYV's list published the e-mail address; LVV's is empty.
            for (centre, list) in [("KYV", #"{"centre":"KYV","revoked":[{"reason":"Скаргу надіслав whistle.blower@example.org","revoked_at":"2025-03-04T08:15:02Z","serial":"x"}]}"#),
                                   ("LVV", #"{"centre":"LVV","revoked":[]}"#)] {
                try c.execute("""
                    INSERT INTO revocation_lists (centre, document, signature, this_update, next_update)
                    VALUES (\(centre), convert_to(\(list), 'UTF8'), '\\x00', now(), now() + interval '7 days')
                    """)
            }
        }
        let report = try await real.migrate(pool: db.pool, logger: TestDatabase.logger)
        #expect(report.applied.contains(codes))
        let rows = try await db.pool.withConnection { c in
            try c.execute("SELECT serial, revocation_code, revocation_note FROM certificates ORDER BY serial").map {
                "\(try $0.decode(String.self, "serial").prefix(19)) \(try $0.decode(String?.self, "revocation_code") ?? "-"): \(try $0.decode(String?.self, "revocation_note") ?? "-")"
            }
        }
        #expect(rows == [
            "UA-KYV-2025-000001- superseded: Виправлено імʼя",
            "UA-KYV-2025-000002- issued_in_error: Помилка в прізвищі слухача",
            "UA-KYV-2025-000003- withdrawn: Скаргу надіслав whistle.blower@example.org",
            "UA-KYV-2025-000004- fraud: Підроблений результат: іспит складала інша особа",
            "UA-KYV-2025-000005- -: -",
        ])
        let lists = try await db.pool.withConnection { c in
            try c.execute("SELECT centre, next_update <= now() AS due FROM revocation_lists ORDER BY centre").map {
                "\(try $0.decode(String.self, "centre")) due=\(try $0.decode(Bool.self, "due"))"
            }
        }
        #expect(lists == ["LVV due=true"])
        // From now on a revoked certificate needs a code, and only a known one.
        await #expect(throws: HromadaError.self) {
            try await db.pool.withConnection { try $0.execute("UPDATE certificates SET status = 'revoked', revoked_at = now() WHERE serial LIKE 'UA-KYV-2025-000005-%'") }
        }
        await #expect(throws: HromadaError.self) {
            try await db.pool.withConnection { try $0.execute("UPDATE certificates SET revocation_code = 'key_compromise' WHERE serial LIKE 'UA-KYV-2025-000004-%'") }
        }
    }

    @Test func aChangedAppliedMigrationIsRefused() async throws {
        let db = try await TestDatabase.create(migrated: false)
        _ = try await Migrator(migrations: migrations).migrate(pool: db.pool, logger: TestDatabase.logger)
        var edited = migrations
        edited[0] = .init(version: 1, name: "one", sql: "CREATE TABLE one (id bigint);")
        await #expect {
            _ = try await Migrator(migrations: edited).migrate(pool: db.pool, logger: TestDatabase.logger)
        } throws: { error in
            (error as? ConfigurationError)?.description.contains("0001_one.sql was changed after it was applied") == true
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        let db = try await TestDatabase.create(migrated: false)
        let broken = [migrations[0], .init(version: 2, name: "bad", sql: "CREATE TABLE half (id int); SELECT no_such_function();")]
        await #expect(throws: HromadaError.self) {
            _ = try await Migrator(migrations: broken).migrate(pool: db.pool, logger: TestDatabase.logger)
        }
        let tables = try await db.pool.withConnection { c in
            try c.execute("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'half'")[0].decode(Int.self, "n")
        }
        #expect(tables == 0)
        #expect(try await db.count("schema_migrations") == 1)
    }

    @Test func badlyNumberedFilesAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mig-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "SELECT 1;".write(to: dir.appendingPathComponent("0001_a.sql"), atomically: true, encoding: .utf8)
        try "SELECT 1;".write(to: dir.appendingPathComponent("0003_c.sql"), atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try Migrator.load(directory: dir) }
    }
}

@Suite struct SchemaRulesTests {
    @Test func everyOblastAndKyivHasACentreWithAThreeLetterCode() async throws {
        let db = try await TestDatabase.create()
        let centres = try await db.pool.withConnection { try UserStore.centres($0) }
        #expect(centres.count == 25)
        #expect(Set(centres.map(\.code)).isSuperset(of: ["KYV", "LVV", "ODS", "KHA", "DNP"]))
        #expect(centres.allSatisfy { $0.code.count == 3 && !$0.name.isEmpty && !$0.region.isEmpty })
    }

    @Test func emailIsUniqueRegardlessOfCase() async throws {
        let db = try await TestDatabase.create()
        @Sendable func person(_ email: String) throws -> NewUser {
            try NewUser.validate(email: email, fullName: "Олена", category: "official", position: "p",
                                 hromada: "Бучанська", centre: "KYO", roles: nil, password: nil).get()
        }
        _ = try await db.pool.transaction { try UserStore.create($0, try person("olena@example.org"), passwordHash: nil) }
        await #expect(throws: HromadaError(.conflict)) {
            try await db.pool.transaction { try UserStore.create($0, try person("OLENA@Example.org"), passwordHash: nil) }
        }
        // Even SQL that bypasses the application cannot store a second spelling.
        await #expect(throws: HromadaError.self) {
            try await db.pool.withConnection { c in
                try c.execute("""
                    INSERT INTO users (email, full_name, category, position, hromada_id, centre, roles)
                    SELECT 'OLENA@example.org', 'x', 'official', 'p', hromada_id, centre, roles FROM users
                    """)
            }
        }
        #expect(try await db.count("users") == 1)
        #expect(try await db.pool.withConnection { try UserStore.find($0, email: "Olena@Example.ORG") }?.fullName == "Олена")
    }

    @Test func theAuditLogIsAppendOnly() async throws {
        let db = try await TestDatabase.create()
        try await db.pool.transaction { try AuditLog.append($0, .init(actor: nil, action: "test", subjectType: "x", subjectID: "1")) }
        await #expect(throws: HromadaError.self) {
            try await db.pool.withConnection { c in try c.execute("UPDATE audit_log SET action = 'forged'") }
        }
        await #expect(throws: HromadaError.self) {
            try await db.pool.withConnection { c in try c.execute("DELETE FROM audit_log") }
        }
        let entries = try await db.pool.withConnection { try AuditLog.entries($0, subjectType: "x", subjectID: "1") }
        #expect(entries.map(\.action) == ["test"])
    }
}
