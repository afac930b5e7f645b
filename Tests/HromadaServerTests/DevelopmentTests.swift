import Foundation
import HTTPTypes
import HromadaCrypto
import HromadaDomain
import HromadaPostgres
import HromadaStorage
import HromadaTestSupport
import Testing

/// The professional-development record (spec/development.md) through the API, on the real PostgreSQL
/// whose test databases hold the shipped codifier.
@Suite struct DevelopmentTests {
    static let bucha = "UA32080070000050759"
    static let irpin = "UA32080150000035443"
    static let year = KyivCalendar.year(of: Date())

    /// People of Бучанська and Ірпінська (Kyiv oblast, centre KYO), their centre's admin, Lviv's, the admin.
    struct World: Sendable {
        let app: TestApp
        let official: User, deputy: User, neighbour: User
    }

    static func person(_ app: TestApp, _ email: String, category: Category = .official, roles: Set<Role> = [.learner],
                       centre: String = "KYO", hromada: String? = bucha) async throws -> User {
        let hash = try TestApp.hasher.hash("Correct-Horse-1")
        var p = NewUser(email: email, fullName: "Особа \(email.prefix(while: { $0 != "@" }))", category: category, position: "спеціаліст",
                        hromada: hromada == irpin ? "Ірпінська" : "Бучанська", centre: centre, roles: roles)
        p.hromadaCode = hromada
        let person = p
        return try await app.db.pool.transaction { try UserStore.create($0, person, passwordHash: hash) }
    }

    static func world() async throws -> World {
        let app = try await TestApp.make()
        let official = try await person(app, "official@example.org")
        let deputy = try await person(app, "deputy@example.org", category: .deputy)
        let neighbour = try await person(app, "neighbour@example.org", hromada: irpin)
        _ = try await person(app, "kyo-admin@example.org", roles: [.centreAdmin])
        _ = try await person(app, "kyv-admin@example.org", roles: [.centreAdmin], centre: "KYV", hromada: nil)
        _ = try await person(app, "admin@example.org", roles: [.admin], centre: "KYV", hromada: nil)
        _ = try await person(app, "hr@example.org", roles: [.learner, .hr])
        return World(app: app, official: official, deputy: deputy, neighbour: neighbour)
    }

    /// A PDF-looking evidence file and a record part.
    static func upload(_ client: Client, _ token: String, kind: String = "self_education", hours: Double = 3, credits: Double? = nil,
                       evidence: [UInt8] = Array("%PDF-1.4\n%test\n".utf8), signature: [UInt8]? = nil) async throws -> Client.Answer {
        var record: [String: Any] = ["provider": "Prometheus", "title": "Вебінар", "kind": kind, "started_on": "\(year)-03-01",
                                     "finished_on": "\(year)-03-02", "hours": hours]
        if let credits { record["credits"] = credits }
        let boundary = "b-\(UUID().uuidString)"
        var body: [UInt8] = []
        func part(_ name: String, _ bytes: [UInt8], type: String) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(name)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        part("record", Array(jsonString(record).utf8), type: "application/json")
        part("evidence", evidence, type: "application/octet-stream")
        if let signature { part("evidence_signature", signature, type: "application/pkcs7-signature") }
        body += Array("--\(boundary)--\r\n".utf8)
        return try await client.send(.post, "/api/v1/me/external-records", token: token, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Adds ledger credits for a course directly (a completion writes this row).
    static func ledger(_ app: TestApp, _ user: User, credits: String) async throws {
        try await app.db.pool.transaction { db in
            let enrolment: UUID = try db.execute("""
                INSERT INTO enrolments (user_id, slug, version_id, status, completed_at)
                SELECT \(user.id), slug, id, 'completed', now() FROM course_versions LIMIT 1 RETURNING id
                """)[0].decode("id")
            try db.execute("""
                INSERT INTO cpd_credits (enrolment_id, user_id, slug, version, title, year, hours, credits, earned_at)
                VALUES (\(enrolment), \(user.id), 'quiz-lab', '1.0.0', 'Курс', \(year), 27, \(credits)::numeric, now())
                """)
        }
    }

    static func publishCourse(_ app: TestApp, _ client: Client) async throws {
        _ = try await person(app, "trainer@example.org", roles: [.learner, .trainer], centre: "KYV", hromada: nil)
        let trainer = try await client.login("trainer@example.org")
        let published = try await client.send(.post, "/api/v1/course-packs", token: trainer, body: try QuizPack.zip(quizzes: ["essay": QuizPack.essay()]), contentType: "application/zip")
        #expect(published.status == .created)
    }

    func standing(_ client: Client, _ token: String, _ user: User? = nil) async throws -> [String: Any] {
        let path = user.map { "/api/v1/users/\($0.id.lowercasedText)/development/\(Self.year)" } ?? "/api/v1/me/development/\(Self.year)"
        let answer = try await client.send(.get, path, token: token)
        #expect(answer.status == .ok, "\(answer.text)")
        return answer.json
    }

    // MARK: - Hromadas

    @Test func theCodifierIsSearchedByPrefixWhateverTheApostropheAndCase() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            for q in ["мар'ян", "МАРʼЯН", "мар’ян"] {
                let answer = try await client.send(.get, "/api/v1/hromadas?q=\(q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&limit=500")
                let names = (answer.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                #expect(!names.isEmpty && names.allSatisfy { $0.hasPrefix("Мар’ян") }, "\(q): \(names)")
            }
            let bucha = try await client.send(.get, "/api/v1/hromadas?q=%D0%B1%D1%83%D1%87%D0%B0&oblast=UA32000000000030281")
            let item = try #require((bucha.json["items"] as? [[String: Any]])?.first)
            #expect(item["code"] as? String == Self.bucha)
            #expect((item["oblast"] as? [String: Any])?["name"] as? String == "Київська")
            #expect((item["raion"] as? [String: Any])?["name"] as? String == "Бучанський")
        }
    }

    @Test func anAmbiguousNameIsRefusedWithItsCandidatesAndACodeIsAccepted() async throws {
        let app = try await TestApp.make()
        _ = try await Self.person(app, "admin@example.org", roles: [.admin], centre: "KYV", hromada: nil)
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            func create(_ email: String, _ hromada: String) async throws -> Client.Answer {
                try await client.send(.post, "/api/v1/users", token: token, json: jsonString([
                    "email": email, "full_name": "Нова Особа", "category": "official", "position": "спеціаліст", "hromada": hromada, "centre": "MYK",
                ]))
            }
            let ambiguous = try await create("a@example.org", "Миколаївська")
            #expect(ambiguous.status == .unprocessableContent)
            let message = ((ambiguous.json["errors"] as? [[String: Any]])?.first?["message"] as? String) ?? ""
            #expect(message.contains("UA48060150000071713 Миколаївська (Миколаївська, Миколаївський)"), "\(message)")
            #expect(message.components(separatedBy: "UA").count - 1 == 9, "nine candidates: \(message)")
            let unknown = try await create("b@example.org", "Бучанскя")
            let closest = (unknown.json["errors"] as? [[String: Any]])?.first?["message"] as? String ?? ""
            #expect(closest.contains("Бучанська"), "\(closest)")
            let byCode = try await create("c@example.org", "UA48060150000071713")
            #expect(byCode.status == .created)
            #expect(byCode.json["hromada_code"] as? String == "UA48060150000071713")
            #expect(byCode.json["hromada"] as? String == "Миколаївська")
            let longName = try await create("d@example.org", "Бучанська міська територіальна громада")
            #expect(longName.json["hromada_code"] as? String == Self.bucha)
        }
    }

    @Test func importIsIdempotentRenamesAndMatchesOnlyUniqueNames() async throws {
        let app = try await TestApp.make()
        // People from before the codifier: a unique name, an ambiguous one.
        try await app.person("old-bucha@example.org")
        try await app.db.pool.transaction { db in
            try db.execute("UPDATE hromadas SET name = 'Бучанська' WHERE name = 'Тестова громада'")
            try db.execute("INSERT INTO hromadas (centre, name) VALUES ('MYK', 'Миколаївська')")
            try db.execute("UPDATE users SET hromada_code = NULL")
        }
        try await app.person("old-myk@example.org", centre: "MYK")
        try await app.sql("UPDATE users SET hromada_id = (SELECT id FROM hromadas WHERE name = 'Миколаївська') WHERE email = 'old-myk@example.org'")
        let text = try String(contentsOf: TestDatabase.codifierFile, encoding: .utf8)
        var units = try Codifier.parse(csv: text).get()
        let first = units
        let again = try await app.db.pool.transaction { try TerritoryStore.importCodifier($0, first, edition: "same") }
        #expect(again.added == 0 && again.renamed == 0 && again.unchanged == units.count)
        #expect(again.matched == 1)
        let unmatched = try await app.db.pool.withConnection { try TerritoryStore.unmatched($0) }
        #expect(unmatched.map(\.email) == ["old-myk@example.org"])
        if case .ambiguous(let candidates) = unmatched.first?.choice { #expect(candidates.count == 9) } else { Issue.record("not ambiguous") }
        // A later edition renames one unit and adds another; nothing goes away.
        let i = units.firstIndex { $0.code == Self.bucha }!
        units[i].name = "Бучанська нова"
        units.append(Territory(code: "UA32080990000000001", category: .hromada, name: "Нова громада", parent: "UA32080000000084076"))
        let edition = Array(units.dropFirst(3))
        let later = try await app.db.pool.transaction { try TerritoryStore.importCodifier($0, edition, edition: "later") }
        #expect(later.added == 1 && later.renamed == 1)
        #expect(try await app.db.count("territories") == units.count)
        let renamed = try await app.db.pool.withConnection { try UserStore.find($0, email: "old-bucha@example.org") }
        #expect(renamed?.hromada == "Бучанська нова" && renamed?.hromadaCode == Self.bucha)
    }

    // MARK: - The hr role

    @Test func centreAdminsCreateHRForHromadasTheyServeAndHRSeesOnlyItsOwn() async throws {
        let world = try await Self.world()
        try await world.app.run { client in
            func createHR(_ admin: String, _ email: String, _ hromada: String) async throws -> Client.Answer {
                let token = try await client.login(admin)
                return try await client.send(.post, "/api/v1/users", token: token, json: jsonString([
                    "email": email, "full_name": "Кадровик", "category": "official", "position": "кадровик", "hromada": hromada,
                    "centre": admin.hasPrefix("kyo") ? "KYO" : "KYV", "roles": ["hr"],
                ]))
            }
            #expect(try await createHR("kyo-admin@example.org", "hr2@example.org", "Бучанська").status == .created)
            #expect(try await createHR("kyv-admin@example.org", "hr3@example.org", "Бучанська").status == .forbidden)
            let hr = try await client.login("hr@example.org")
            #expect(try await client.send(.get, "/api/v1/users/\(world.official.id.lowercasedText)/development/\(Self.year)", token: hr).status == .ok)
            let other = try await client.send(.get, "/api/v1/users/\(world.neighbour.id.lowercasedText)/development/\(Self.year)", token: hr)
            #expect(other.status == .notFound)
            #expect(try await client.send(.get, "/api/v1/users/\(world.neighbour.id.lowercasedText)", token: hr).status == .notFound)
            let plans = try await client.send(.get, "/api/v1/plans?year=\(Self.year)", token: hr)
            let ids = (plans.json["items"] as? [[String: Any]] ?? []).compactMap { ($0["person"] as? [String: Any])?["id"] as? String }
            #expect(ids.contains(world.official.id.lowercasedText) && !ids.contains(world.neighbour.id.lowercasedText))
            let learner = try await client.login("official@example.org")
            #expect(try await client.send(.get, "/api/v1/plans", token: learner).status == .forbidden)
        }
    }

    // MARK: - The rules

    @Test func aDeputyHasNoTarget() async throws {
        let world = try await Self.world()
        try await world.app.run { client in
            let token = try await client.login("deputy@example.org")
            let year = try await standing(client, token)
            #expect(year["target_credits"] as? Int == 0)
            #expect(year["met"] is NSNull)
            #expect(year["category"] as? String == "deputy")
        }
    }

    /// `GET /me/development/{year}` checks the token in the same round trip as the year's statements
    /// (not through the ordinary signed-in path): every way of not being the caller is still 401 first.
    @Test func theOwnYearIsTheTokensPersonsAndOnlyWithALiveToken() async throws {
        let world = try await Self.world()
        try await world.app.run { client in
            try await Self.publishCourse(world.app, client)
            try await Self.ledger(world.app, world.official, credits: "0.4")
            try await Self.ledger(world.app, world.neighbour, credits: "0.7")
            let official = try await client.login("official@example.org")
            let hr = try await client.login("hr@example.org")
            let own = try await standing(client, official)
            let seenByHR = try await standing(client, hr, world.official)
            #expect("\(own["earned_credits"]!)" == "0.4" && (own["items"] as? [Any])?.count == 1)
            #expect(jsonString(own) == jsonString(seenByHR), "the caller's own year is the one HR sees for them")
            for (name, path, token) in [("no token", "/api/v1/me/development/\(Self.year)", nil as String?),
                                        ("a made-up token", "/api/v1/me/development/\(Self.year)", (official.first == "x" ? "y" : "x") + official.dropFirst()),
                                        ("a token too long to be one", "/api/v1/me/development/\(Self.year)", String(repeating: "a", count: 600)),
                                        ("a made-up token and a year that is not one", "/api/v1/me/development/20x6", "nope")] {
                let answer = try await client.send(.get, path, token: token)
                #expect(answer.status == .unauthorized, "\(name): \(answer.status) \(answer.text)")
            }
            #expect(try await client.send(.get, "/api/v1/me/development/20x6", token: official).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/me/development/1999", token: official).status == .notFound)
            // Another year of one's own is empty, not someone else's.
            let other = try await client.send(.get, "/api/v1/me/development/\(Self.year - 1)", token: official)
            #expect(other.status == .ok && (other.json["items"] as? [Any])?.isEmpty == true)
            // A token ended by logging out, and a deactivated person's token, stop at once.
            #expect(try await client.send(.post, "/api/v1/auth/logout", token: official).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/me/development/\(Self.year)", token: official).status == .unauthorized)
            let neighbour = try await client.login("neighbour@example.org")
            #expect(try await client.send(.get, "/api/v1/me/development/\(Self.year)", token: neighbour).status == .ok)
            try await world.app.db.pool.transaction { try $0.execute("UPDATE users SET status = 'deactivated' WHERE id = \(world.neighbour.id)") }
            #expect(try await client.send(.get, "/api/v1/me/development/\(Self.year)", token: neighbour).status == .unauthorized)
        }
    }

    /// The typed client cannot send a kind the API does not know; a script can, and gets the field named.
    @Test func aRecordOfAnUnknownKindIsRefusedByNameAndNothingIsStored() async throws {
        let world = try await Self.world()
        try await world.app.run { client in
            let official = try await client.login("official@example.org")
            let refused = try await Self.upload(client, official, kind: "holiday")
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect((refused.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["kind"], "\(refused.text)")
        }
        #expect(try await world.app.db.count("external_records") == 0)
    }

    @Test func ninePlusOneSelfEducationMeetsTheYearAndOneFromCoursesAloneDoesNot() async throws {
        let world = try await Self.world()
        try await world.app.run { client in
            try await Self.publishCourse(world.app, client)
            try await Self.ledger(world.app, world.official, credits: "0.9")
            try await Self.ledger(world.app, world.neighbour, credits: "1.0")
            let official = try await client.login("official@example.org")
            let uploaded = try await Self.upload(client, official, kind: "self_education", hours: 3)
            #expect(uploaded.status == .created, "\(uploaded.text)")
            #expect(uploaded.json["status"] as? String == "pending")
            let id = try #require(uploaded.json["id"] as? String)
            // Pending counts for nothing.
            var year = try await standing(client, official)
            #expect("\(year["earned_credits"]!)" == "0.9" && year["met"] as? Bool == false)
            let hr = try await client.login("hr@example.org")
            let recognised = try await client.send(.post, "/api/v1/external-records/\(id)/recognise", token: hr, json: jsonString(["credits": 0.1]))
            #expect(recognised.status == .ok, "\(recognised.text)")
            year = try await standing(client, official)
            #expect("\(year["earned_credits"]!)" == "1" || "\(year["earned_credits"]!)" == "1.0", "\(year)")
            #expect("\(year["self_education_credits"]!)" == "0.1")
            #expect(year["met"] as? Bool == true)
            #expect((year["items"] as? [Any])?.count == 2)
            let neighbour = try await client.login("neighbour@example.org")
            let courses = try await standing(client, neighbour)
            #expect(courses["met"] as? Bool == false, "1.0 from courses alone has no self-education")
        }
    }

    @Test func creditsOfCoursesAndRecordsAddUpExactlyAndRejectedOnesCountForNothing() async throws {
        let world = try await Self.world()
        try await world.app.run { client in
            try await Self.publishCourse(world.app, client)
            try await Self.ledger(world.app, world.official, credits: "0.7")
            let official = try await client.login("official@example.org")
            let hr = try await client.login("hr@example.org")
            var ids: [String] = []
            for _ in 0..<4 { ids.append(try #require(try await Self.upload(client, official).json["id"] as? String)) }
            for id in ids.prefix(2) {
                #expect(try await client.send(.post, "/api/v1/external-records/\(id)/recognise", token: hr, json: jsonString(["credits": 0.1])).status == .ok)
            }
            let rejected = try await client.send(.post, "/api/v1/external-records/\(ids[2])/reject", token: hr, json: jsonString(["reason": "не той рік"]))
            #expect(rejected.json["status"] as? String == "rejected")
            let withdrawn = try await client.send(.post, "/api/v1/external-records/\(ids[3])/withdraw", token: official)
            #expect(withdrawn.json["status"] as? String == "withdrawn")
            #expect(try await client.send(.post, "/api/v1/external-records/\(ids[2])/recognise", token: hr, json: "{}").code == "record_not_pending")
            let year = try await standing(client, official)
            // 0.7 + 0.1 + 0.1 in binary floating point is 0.8999999999999999.
            #expect("\(year["earned_credits"]!)" == "0.9", "\(year)")
            #expect(year["self_education_share"] as? Double == 22.2)
            // An attended seminar of the centre, closed: its 0.2 credits join the course and the records, exactly.
            let kyo = try await client.login("kyo-admin@example.org")
            let day = Date().addingTimeInterval(-3 * 86400)
            let event = try await EventWorld(app: world.app).published(client, kyo, EventWorld.body(
                centre: "KYO", hours: 6, sessions: [(day, day.addingTimeInterval(6 * 3600))], opens: day.addingTimeInterval(-86400), closes: day, certificate: false,
                extra: ["credits": 0.2, "venue": ["address": "Буча, вул. Енергетиків, 12", "hromada": Self.bucha]]))
            let listed = try await client.send(.post, "/api/v1/events/\(event)/registrations", token: kyo, json: #"{"emails": ["official@example.org"]}"#)
            #expect(listed.status == .ok, "\(listed.text)")
            let present = try await client.send(.put, "/api/v1/events/\(event)/sessions/1/attendance", token: kyo, json: #"{"present": ["official@example.org"]}"#)
            #expect(present.status == .ok, "\(present.text)")
            #expect(try await client.send(.post, "/api/v1/events/\(event)/close", token: kyo).status == .ok)
            let withEvent = try await standing(client, official)
            // 0.7 + 0.1 + 0.1 + 0.2: 1.1 exactly, the year met (0.2 of self-education is over a tenth).
            #expect("\(withEvent["earned_credits"]!)" == "1.1" && withEvent["met"] as? Bool == true, "\(withEvent)")
            #expect(Set((withEvent["items"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String }) == ["course", "event", "external"])
            let summary = try await client.send(.get, "/api/v1/reports/development/summary?year=\(Self.year)&by=hromada", token: hr)
            let bucha = (summary.json["items"] as? [[String: Any]])?.first { ($0["group"] as? [String: Any])?["code"] as? String == Self.bucha }
            #expect(bucha?["met"] as? Int == 1, "the report reads the same year as the standing: \(summary.text)")
            // One's own record: HR keeps it, the learner does not recognise it.
            #expect(try await client.send(.post, "/api/v1/external-records/\(ids[0])/recognise", token: official, json: "{}").status == .forbidden)
            let lviv = try await client.login("kyv-admin@example.org")
            #expect(try await client.send(.get, "/api/v1/external-records/\(ids[0])/evidence", token: lviv).status == .notFound)
            // Another learner of the same hromada, and nobody signed in, get nothing of it either.
            let neighbour = try await client.login("deputy@example.org")
            #expect(try await client.send(.get, "/api/v1/external-records/\(ids[0])/evidence", token: neighbour).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/external-records/\(ids[0])/evidence").status == .unauthorized)
            let file = try await client.send(.get, "/api/v1/external-records/\(ids[0])/evidence", token: hr)
            #expect(file.status == .ok && file.body.starts(with: Array("%PDF".utf8)))
        }
    }

    /// The per-person totals the reports read (migration 0019) are what summing the ledger and the
    /// recognised records gives, after every kind of change to either, statement by statement.
    @Test func theYearTotalsFollowEveryChangeOfTheLedgerAndTheRecords() async throws {
        let world = try await Self.world()
        let drift: SQL = """
            SELECT count(*)::int AS n FROM (
                SELECT user_id, year, sum(credits) AS credits, sum(self) AS self FROM (
                    SELECT user_id, year, credits, 0::numeric AS self FROM cpd_credits
                    UNION ALL
                    SELECT user_id, year, credits, CASE WHEN kind = 'self_education' THEN credits ELSE 0 END
                    FROM external_records WHERE status = 'recognised') x GROUP BY 1, 2
            ) s FULL JOIN development_year_totals t USING (user_id, year)
            WHERE coalesce(s.credits, 0) <> coalesce(t.credits, 0) OR coalesce(s.self, 0) <> coalesce(t.self_education, 0)
            """
        func total(_ user: User) async throws -> (String, String) {
            try await world.app.db.pool.withConnection { db in
                let row = try db.execute("""
                    SELECT coalesce(sum(credits), 0)::text AS c, coalesce(sum(self_education), 0)::text AS s
                    FROM development_year_totals WHERE user_id = \(user.id) AND year = \(Self.year)
                    """)[0]
                return (try row.decode("c"), try row.decode("s"))
            }
        }
        func driftCount() async throws -> Int { try await world.app.db.pool.withConnection { try $0.execute(drift)[0].decode("n") } }
        try await world.app.run { client in try await Self.publishCourse(world.app, client) }
        try await Self.ledger(world.app, world.official, credits: "0.7")
        try await Self.ledger(world.app, world.neighbour, credits: "0.3")
        #expect(try await total(world.official) == ("0.7", "0"))
        try await world.app.db.pool.withConnection { db in
            try db.execute("UPDATE cpd_credits SET credits = credits + 0.05")
        }
        #expect(try await total(world.official) == ("0.75", "0"))
        #expect(try await total(world.neighbour) == ("0.35", "0"))
        let id: UUID = try await world.app.db.pool.withConnection { db in
            try db.execute("""
                INSERT INTO external_records (user_id, provider, title, kind, started_on, finished_on, year, hours)
                VALUES (\(world.official.id), 'Prometheus', 'Вебінар', 'self_education', '\(unsafeSQL: String(Self.year))-03-01',
                        '\(unsafeSQL: String(Self.year))-03-01', \(Self.year), 3) RETURNING id
                """)[0].decode("id")
        }
        #expect(try await total(world.official) == ("0.75", "0"), "a pending record counts for nothing")
        try await world.app.db.pool.withConnection { db in
            try db.execute("UPDATE external_records SET status = 'recognised', credits = 0.1, decided_at = now() WHERE id = \(id)")
        }
        #expect(try await total(world.official) == ("0.85", "0.1"))
        try await world.app.db.pool.withConnection { db in
            try db.execute("UPDATE external_records SET kind = 'training' WHERE id = \(id)")
        }
        #expect(try await total(world.official) == ("0.85", "0.0"))
        try await world.app.db.pool.withConnection { db in
            try db.execute("DELETE FROM external_records WHERE id = \(id)")
            try db.execute("DELETE FROM cpd_credits WHERE user_id = \(world.neighbour.id)")
        }
        #expect(try await total(world.official) == ("0.75", "0.0"))
        #expect(try await total(world.neighbour) == ("0.00", "0"))
        #expect(try await driftCount() == 0)
    }

    @Test func anApprovedRevisionIsNeverChanged() async throws {
        let world = try await Self.world()
        try await world.app.run { client in
            let official = try await client.login("official@example.org")
            let hr = try await client.login("hr@example.org")
            let plan = "/api/v1/me/plans/\(Self.year)"
            let items: [[String: Any]] = [["kind": "course", "course": "quiz-lab", "title": "Курс", "planned_credits": 0.9],
                                          ["kind": "external", "title": "Самоосвіта", "planned_credits": 0.1, "self_education": true]]
            let draft = try await client.send(.put, plan, token: official, json: jsonString(["items": items, "note": "план"]))
            #expect(draft.status == .ok && draft.json["status"] as? String == "draft", "\(draft.text)")
            let id = try #require(draft.json["id"] as? String)
            #expect(try await client.send(.post, "/api/v1/plans/\(id)/approve", token: hr).code == "plan_not_submitted")
            #expect(try await client.send(.post, "\(plan)/submit", token: official).json["status"] as? String == "submitted")
            let returned = try await client.send(.post, "/api/v1/plans/\(id)/return", token: hr, json: jsonString(["comment": "додайте тренінг"]))
            #expect(returned.json["status"] as? String == "returned")
            _ = try await client.send(.put, plan, token: official, json: jsonString(["items": items]))
            _ = try await client.send(.post, "\(plan)/submit", token: official)
            #expect(try await client.send(.post, "/api/v1/plans/\(id)/approve", token: official).status == .forbidden)
            let approved = try await client.send(.post, "/api/v1/plans/\(id)/approve", token: hr)
            #expect(approved.json["status"] as? String == "approved" && approved.json["revision"] as? Int == 2)
            let changed = try await client.send(.put, plan, token: official, json: jsonString(["items": [items[0]]]))
            #expect(changed.json["revision"] as? Int == 3 && changed.json["status"] as? String == "draft")
            #expect(changed.json["approved_revision"] as? Int == 2)
            let history = changed.json["history"] as? [[String: Any]] ?? []
            #expect(history.map { $0["status"] as? String } == ["returned", "approved", "draft"])
            #expect((history[1]["items"] as? [Any])?.count == 2)
            #expect(((history[1]["decided_by"] as? [String: Any])?["full_name"] as? String) == "Особа hr")
            // Not even SQL changes it.
            await #expect(throws: (any Error).self) {
                try await world.app.sql("UPDATE plan_revisions SET note = 'змінено' WHERE status = 'approved'")
            }
            let standing = try await standing(client, official)
            #expect((standing["plan"] as? [String: Any])?["revision"] as? Int == 3)
        }
    }

    // MARK: - Certificates as evidence

    @Test func aForgedOrForeignCertificateStaysPendingWithItsVerdictAndATrustedRootIsRecognised() async throws {
        let world = try await Self.world()
        let rootKey = try PrivateKey.generateP256()
        let root = try CertificateAuthority.makeRoot(key: rootKey, subject: .init(commonName: "Інше розгортання", organisation: "Інша асоціація"))
        let key = try PrivateKey.generateP256()
        let signer = try CertificateAuthority.makeSigner(key: key, subject: .init(commonName: "Інший центр", organisation: "Інша асоціація"),
                                                         root: root, rootKey: rootKey, days: 365)
        let document = Array(jsonString([
            "type": "hromada-certificate/1", "serial": "UA-ODS-2026-000001-00", "issued_at": "\(Self.year)-03-02T10:00:00Z",
            "learner": ["name": "Особа official"], "course": ["hours": 15, "credits": 0.5, "title": "Бюджет"],
        ]).utf8)
        let signature = try CMSSignature.sign(document, certificate: signer, key: key)
        try await world.app.run { client in
            let official = try await client.login("official@example.org")
            var forged = document
            forged[forged.count - 3] ^= 1
            let tampered = try await Self.upload(client, official, kind: "training", hours: 15, evidence: forged, signature: signature)
            #expect(tampered.json["status"] as? String == "pending" && tampered.json["verdict"] as? String == "tampered", "\(tampered.text)")
            let foreign = try await Self.upload(client, official, kind: "training", hours: 15, evidence: document, signature: signature)
            #expect(foreign.json["status"] as? String == "pending" && foreign.json["verdict"] as? String == "unknown_issuer")
            try await world.app.db.pool.transaction { _ = try TrustedRootStore.add($0, pem: root.pem) }
            let trusted = try await Self.upload(client, official, kind: "training", hours: 15, evidence: document, signature: signature)
            #expect(trusted.json["status"] as? String == "recognised" && trusted.json["verdict"] as? String == "valid", "\(trusted.text)")
            #expect("\(trusted.json["credits"]!)" == "0.5")
            // The same certificate again is not counted twice.
            let again = try await Self.upload(client, official, kind: "training", hours: 15, evidence: document, signature: signature)
            #expect(again.json["status"] as? String == "pending")
            let hr = try await client.login("hr@example.org")
            let pending = try await client.send(.get, "/api/v1/external-records?status=pending", token: hr)
            #expect((pending.json["items"] as? [[String: Any]])?.compactMap { $0["verdict"] as? String }.sorted() == ["tampered", "unknown_issuer", "valid"])
        }
    }

    // MARK: - Reports and accommodations

    @Test func reportsCountPeopleByGroupAndCSVUsesDecimalCommas() async throws {
        let world = try await Self.world()
        try await world.app.run { client in
            try await Self.publishCourse(world.app, client)
            try await Self.ledger(world.app, world.official, credits: "1.25")
            let admin = try await client.login("kyo-admin@example.org")
            let summary = try await client.send(.get, "/api/v1/reports/development/summary?year=\(Self.year)&by=raion", token: admin)
            let rows = summary.json["items"] as? [[String: Any]] ?? []
            #expect(rows.count == 1, "\(summary.text)")
            #expect((rows.first?["group"] as? [String: Any])?["name"] as? String == "Бучанський")
            #expect(rows.first?["people"] as? Int == 4 && rows.first?["officials"] as? Int == 3 && rows.first?["not_met"] as? Int == 3)
            #expect(rows.first?["without_approved_plan"] as? Int == 3)
            let csv = try await client.send(.get, "/api/v1/reports/development?year=\(Self.year)&hromada=Бучанська&separator=semicolon".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!,
                                            token: admin, headers: [.accept: "text/csv"])
            #expect(csv.body.starts(with: [0xEF, 0xBB, 0xBF]))
            #expect(csv.text.contains(";1,25;"), "\(csv.text)")
            #expect(!csv.text.contains("Ірпінська"))
            // The CSV is written from PostgreSQL's rows, the JSON through Decimal: each person's figures agree.
            let json = try await client.send(.get, "/api/v1/reports/development?year=\(Self.year)&hromada=Бучанська".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!,
                                             token: admin)
            let lines = csv.text.dropFirst().split(separator: "\r\n").dropFirst().map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
            let items = json.json["items"] as? [[String: Any]] ?? []
            #expect(lines.count == items.count && items.count == 3, "\(csv.text)")
            for (line, item) in zip(lines, items) {
                let person = item["person"] as? [String: Any]
                #expect(line[0] == person?["id"] as? String)
                #expect(line[6] == "\(item["target_credits"]!)".replacingOccurrences(of: ".", with: ","))
                #expect(line[7] == "\(item["earned_credits"]!)".replacingOccurrences(of: ".", with: ","))
                #expect(line[8] == "\(item["self_education_share"]!)".replacingOccurrences(of: ".", with: ","))
                #expect(line[9] == (item["met"] is NSNull ? "" : "\(item["met"] as? Bool ?? false)") && line[10] == item["plan_status"] as? String)
            }
            let hr = try await client.login("hr@example.org")
            let mine = try await client.send(.get, "/api/v1/reports/development?year=\(Self.year)&oblast=Київська", token: hr)
            #expect((mine.json["items"] as? [Any])?.count == 3)
            let due = try await client.send(.get, "/api/v1/reports/development/due?within_days=366", token: hr)
            #expect((due.json["items"] as? [[String: Any]] ?? []).contains { $0["reason"] as? String == "year_end" }, "\(due.text)")
        }
    }

    @Test func extraTimeIsSetByThoseWhoKeepTheRecordAndAudited() async throws {
        let world = try await Self.world()
        try await world.app.run { client in
            let path = "/api/v1/users/\(world.official.id.lowercasedText)/accommodations"
            let hr = try await client.login("hr@example.org")
            let set = try await client.send(.put, path, token: hr, json: jsonString(["extra_time_percent": 50]))
            #expect(set.status == .ok && set.json["extra_time_percent"] as? Int == 50)
            #expect(try await client.send(.put, path, token: hr, json: jsonString(["extra_time_percent": 201])).status == .unprocessableContent)
            let kyv = try await client.login("kyv-admin@example.org")
            #expect(try await client.send(.put, path, token: kyv, json: jsonString(["extra_time_percent": 10])).status == .notFound)
            let own = try await client.login("official@example.org")
            #expect(try await client.send(.put, path, token: own, json: jsonString(["extra_time_percent": 10])).status == .forbidden)
        }
        let entries = try await world.app.db.pool.withConnection {
            try AuditLog.entries($0, subjectType: "user", subjectID: world.official.id.lowercasedText)
        }
        #expect(entries.map(\.details["extra_time_percent"]) == ["0 -> 50"])
    }
}
