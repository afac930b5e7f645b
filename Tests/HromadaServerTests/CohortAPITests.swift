import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing

@Suite struct CohortAPITests {
    static let header = "email,full_name,category,position,hromada\n"

    static func world() async throws -> TestApp {
        let app = try await LearningAPITests.world()
        try await app.person("odesa-admin@example.org", roles: [.centreAdmin], centre: "ODS")
        try await app.person("admin@example.org", roles: [.admin], centre: "KYV")
        return app
    }

    static func createCohort(_ client: Client, _ token: String, centre: String = "KYV", starts: String = "2026-01-01") async throws -> String {
        let answer = try await client.send(.post, "/api/v1/cohorts", token: token, json: jsonString([
            "centre": centre, "course": "sample-open-council", "title": "Група депутатів Київщини", "starts_on": starts, "ends_on": "2099-12-31",
        ]))
        guard answer.status == .created, let id = answer.json["id"] as? String else { throw ConfigurationError("cohort: \(answer.text)") }
        return id
    }

    /// Found in review: a retried create with the same Idempotency-Key made a second cohort.
    @Test func aRetriedCohortCreateWithTheSameKeyMakesOneCohort() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let token = try await client.login("kyiv-admin@example.org")
            let body = jsonString(["centre": "KYV", "course": "sample-open-council", "title": "Група", "starts_on": "2026-01-01", "ends_on": "2099-12-31"])
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "cohort-once-1"]
            let first = try await client.send(.post, "/api/v1/cohorts", token: token, json: body, headers: key)
            let again = try await client.send(.post, "/api/v1/cohorts", token: token, json: body, headers: key)
            #expect(first.status == .created && again.status == .created && first.body == again.body, "\(again.text)")
            let other = try await client.send(.post, "/api/v1/cohorts", token: token, json: body.replacingOccurrences(of: "Група", with: "Інша"), headers: key)
            #expect(other.status == .unprocessableContent && other.json["code"] as? String == "idempotency_key_reused")
        }
        #expect(try await app.db.count("cohorts") == 1)
    }

    @Test func aCentreImportsFiveHundredPeopleInOneRequestIdempotently() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let token = try await client.login("kyiv-admin@example.org")
            let cohort = try await Self.createCohort(client, token)
            var csv = Self.header
            for i in 0..<500 { csv += "person\(i)@hromada.example,Особа Номер \(i),\(i % 2 == 0 ? "official" : "deputy"),спеціаліст,\(["Бучанська", "Ірпінська", "UA32080070000050759"][i % 3])\n" }
            let first = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: token, body: Array(csv.utf8), contentType: "text/csv")
            #expect(first.status == .ok, "\(first.text.prefix(300))")
            #expect(first.json["created"] as? Int == 500 && first.json["enrolled"] as? Int == 500)
            let repeatCall = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: token, body: Array(csv.utf8), contentType: "text/csv")
            #expect(repeatCall.json["created"] as? Int == 0 && repeatCall.json["already_enrolled"] as? Int == 500)
            let bad = Self.header + "new1@hromada.example,Нова Особа,official,п,Ірпінська\nnot-an-email,Х,official,п,Ірпінська\n"
            let refused = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: token, body: Array(bad.utf8), contentType: "text/csv")
            #expect(refused.status == .unprocessableContent)
            #expect((refused.json["errors"] as? [[String: Any]])?.first?["line"] as? Int == 3)
            let shown = try await client.send(.get, "/api/v1/cohorts/\(cohort)", token: token)
            let members = shown.json["members"] as? [[String: Any]] ?? []
            #expect(members.count == 500 && members.allSatisfy { $0["lessons_total"] as? Int == 1 && $0["status"] as? String == "enrolled" })
            // Known people by email, including one already enrolled on their own.
            let learner = try await client.login("learner@example.org")
            _ = try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: learner)
            let byEmail = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: token,
                                                json: jsonString(["emails": ["learner@example.org", "Person1@hromada.example"]]))
            #expect(byEmail.json["enrolled"] as? Int == 1 && byEmail.json["already_enrolled"] as? Int == 1)
            let unknown = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: token, json: jsonString(["emails": ["nobody@x.example"]]))
            #expect(unknown.status == .unprocessableContent)
            // Only learners, as on self-enrolment: a trainer-only account is a line problem.
            try await app.person("kyiv-trainer@example.org", roles: [.trainer], centre: "KYV")
            let trainer = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: token, json: jsonString(["emails": ["kyiv-trainer@example.org"]]))
            #expect(trainer.status == .unprocessableContent && trainer.text.contains("не має ролі слухача"), "\(trainer.text)")
        }
        #expect(try await app.db.count("users") == 507 + 500 - 500 + 1)  // and the trainer
        #expect(try await app.db.count("enrolments") == 501)
    }

    /// `?dry_run=true` answers what would happen and changes nothing; `false` adds for real; any
    /// other value is refused before anything is read or written (a mistyped flag must not pass as "no").
    @Test func dryRunIsTrueOrFalseAndATrueOneChangesNothing() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let token = try await client.login("kyiv-admin@example.org")
            let cohort = try await Self.createCohort(client, token)
            let csv = Array((Self.header + "dry@hromada.example,Особа Перевірка,official,спеціаліст,Бучанська\n").utf8)
            for bad in ["1", "yes", "-1481", "TRUE", ""] {
                let refused = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members?dry_run=\(bad)", token: token, body: csv, contentType: "text/csv")
                #expect(refused.status == .badRequest, "dry_run=\(bad)")
                #expect((refused.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "dry_run")
            }
            // A malformed Idempotency-Key is refused on a dry run too (the contract fuzz found one accepted).
            let badKey = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members?dry_run=true", token: token, body: csv, contentType: "text/csv",
                                               headers: [HTTPField.Name("Idempotency-Key")!: "two words"])
            #expect(badKey.status == .unprocessableContent && badKey.code == "validation_failed", "\(badKey.text)")
            let dry = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members?dry_run=true", token: token, body: csv, contentType: "text/csv")
            #expect(dry.status == .ok && dry.json["created"] as? Int == 1 && dry.json["enrolled"] as? Int == 1)
            #expect(try await app.db.count("users WHERE email = 'dry@hromada.example'") == 0)
            let real = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members?dry_run=false", token: token, body: csv, contentType: "text/csv")
            #expect(real.status == .ok && real.json["created"] as? Int == 1)
            #expect(try await app.db.count("users WHERE email = 'dry@hromada.example'") == 1)
        }
    }

    @Test func anotherCentresCohortIsHiddenAndItsPeopleRefused() async throws {
        let app = try await Self.world()
        try await app.person("odesa-person@example.org", centre: "ODS")
        try await app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let cohort = try await Self.createCohort(client, kyiv)
            let odesa = try await client.login("odesa-admin@example.org")
            #expect(try await client.send(.get, "/api/v1/cohorts/\(cohort)", token: odesa).status == .notFound)
            #expect(try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: odesa, json: jsonString(["emails": ["a@b.ua"]])).status == .notFound)
            let learner = try await client.login("learner@example.org")
            #expect(try await client.send(.get, "/api/v1/cohorts/\(cohort)", token: learner).status == .notFound)
            #expect(try await client.send(.post, "/api/v1/cohorts", token: odesa, json: jsonString([
                "centre": "KYV", "course": "sample-open-council", "title": "X", "starts_on": "2026-01-01", "ends_on": "2026-02-01",
            ])).status == .forbidden)
            let foreign = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: kyiv, json: jsonString(["emails": ["odesa-person@example.org"]]))
            #expect(foreign.status == .unprocessableContent && foreign.text.contains("ODS"))
            let admin = try await client.login("admin@example.org")
            let allowed = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: admin, json: jsonString(["emails": ["odesa-person@example.org"]]))
            #expect(allowed.status == .ok && allowed.json["enrolled"] as? Int == 1)
            let badDates = try await client.send(.post, "/api/v1/cohorts", token: kyiv, json: jsonString([
                "course": "sample-open-council", "title": "X", "starts_on": "2026-05-01", "ends_on": "2026-02-01",
            ]))
            #expect(badDates.status == .unprocessableContent)
        }
    }

    @Test func lessonsOfACohortOpenOnItsStartDate() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let cohort = try await Self.createCohort(client, kyiv, starts: "2098-01-01")
            _ = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: kyiv, json: jsonString(["emails": ["learner@example.org"]]))
            let learner = try await client.login("learner@example.org")
            let mine = try await client.send(.get, "/api/v1/me/enrolments", token: learner)
            let id = try #require((mine.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            let early = try await client.send(.post, "/api/v1/enrolments/\(id)/lessons/open-data/complete", token: learner)
            #expect(early.status == .conflict && early.code == "cohort_not_started")
            #expect(try await client.send(.get, "/api/v1/enrolments/\(id)/lessons/open-data", token: learner).status == .conflict)
        }
        #expect(try await app.db.count("lesson_progress") == 0)
    }

    @Test func theReportAgreesWithADirectCountAndExportsCSV() async throws {
        let app = try await Self.world()
        try await app.person("lviv-learner@example.org", centre: "LVV")
        try await app.run { client in
            for email in ["learner@example.org", "other@example.org", "lviv-learner@example.org"] {
                let t = try await client.login(email)
                let id = try #require(try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: t).json["id"] as? String)
                if email == "learner@example.org" { _ = try await client.send(.post, "/api/v1/enrolments/\(id)/lessons/open-data/complete", token: t) }
            }
            let kyiv = try await client.login("kyiv-admin@example.org")
            let report = try await client.send(.get, "/api/v1/reports/completions", token: kyiv)
            let rows = report.json["items"] as? [[String: Any]] ?? []
            #expect(rows.count == 1)
            #expect(rows.first?["centre"] as? String == "KYV" && rows.first?["enrolled"] as? Int == 2 && rows.first?["completed"] as? Int == 1)
            let direct = try await app.db.pool.withConnection { c in
                try c.execute("""
                    SELECT count(*)::int AS n FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.centre = 'KYV'
                    """)[0].decode(Int.self, "n")
            }
            #expect(rows.first?["enrolled"] as? Int == direct)
            #expect(try await client.send(.get, "/api/v1/reports/completions?centre=LVV", token: kyiv).status == .forbidden)
            let admin = try await client.login("admin@example.org")
            let all = try await client.send(.get, "/api/v1/reports/completions", token: admin)
            #expect((all.json["items"] as? [[String: Any]])?.count == 2)
            let csv = try await client.send(.get, "/api/v1/reports/completions", token: admin, headers: [.accept: "text/csv"])
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(csv.text.contains("centre,course,hromada,enrolled,in_progress,completed,certified,average_grade"))
            #expect(csv.text.contains("KYV,sample-open-council,Тестова громада,2,0,1,0,"))
            // For a spreadsheet set to Ukrainian: semicolons (and a decimal comma, shown in ReportCSVTests).
            let semicolons = try await client.send(.get, "/api/v1/reports/completions?separator=semicolon", token: admin, headers: [.accept: "text/csv"])
            #expect(semicolons.text.contains("centre;course;hromada;enrolled;in_progress;completed;certified;average_grade\r\n"))
            #expect(semicolons.text.contains("KYV;sample-open-council;Тестова громада;2;0;1;0;"))
            let wrong = try await client.send(.get, "/api/v1/reports/completions?separator=tab", token: admin, headers: [.accept: "text/csv"])
            #expect(wrong.status == .badRequest && wrong.isProblem && wrong.text.contains("separator"), "\(wrong.text)")
            // q-values decide (found in review: any mention of text/csv gave CSV).
            let prefersJSON = try await client.send(.get, "/api/v1/reports/completions", token: admin,
                                                    headers: [.accept: "application/json;q=0.5, text/csv;q=0.1"])
            #expect(prefersJSON.headers[.contentType]?.hasPrefix("application/json") == true)
            let prefersCSV = try await client.send(.get, "/api/v1/reports/completions", token: admin,
                                                   headers: [.accept: "application/json;q=0.4, text/csv"])
            #expect(prefersCSV.headers[.contentType] == "text/csv; charset=utf-8")
            // JSON in pages of `limit`, walked with `next_cursor` (found in review: limit was ignored).
            let first = try await client.send(.get, "/api/v1/reports/completions?limit=1", token: admin)
            let cursor = try #require(first.json["next_cursor"] as? String)
            let second = try await client.send(.get, "/api/v1/reports/completions?limit=1&cursor=\(cursor)", token: admin)
            let walked = ((first.json["items"] as? [[String: Any]] ?? []) + (second.json["items"] as? [[String: Any]] ?? [])).map { $0["centre"] as? String }
            #expect(walked == ((all.json["items"] as? [[String: Any]]) ?? []).map { $0["centre"] as? String })
            #expect(second.json["next_cursor"] is NSNull)
            #expect(try await client.send(.get, "/api/v1/reports/completions?limit=0", token: admin).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/reports/completions?cursor=bm9wZQ", token: admin).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/reports/completions?from=yesterday", token: admin).status == .badRequest)
            let impossible = try await client.send(.get, "/api/v1/reports/completions?from=2026-02-30", token: admin)
            #expect(impossible.status == .badRequest && impossible.text.contains("\"field\":\"from\""), "\(impossible.text)")
            let future = try await client.send(.get, "/api/v1/reports/completions?from=2099-01-01", token: admin)
            #expect((future.json["items"] as? [[String: Any]])?.isEmpty == true)
            let learner = try await client.login("learner@example.org")
            #expect(try await client.send(.get, "/api/v1/reports/completions", token: learner).status == .forbidden)
        }
    }

    /// `HROMADA_REPORTS_DATABASE_URL`: the completions report reads the replica's pool, everything
    /// else the primary. A replica that cannot be reached fails the report alone (503), not the server.
    @Test func reportsReadTheReplicaPool() async throws {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        let logger = app.services.logger
        let down = PGPool(conninfo: "postgresql:///nowhere?host=/nonexistent&connect_timeout=1", maxConnections: 1, logger: logger)
        let replica = app.db.anotherPool(size: 2)
        defer { down.shutdown(); replica.shutdown() }
        for (pool, expected) in [(down, HTTPResponse.Status.serviceUnavailable), (replica, .ok)] {
            let services = AppServices(configuration: app.services.configuration, pool: app.services.pool, reportsPool: pool,
                                       passwords: app.services.passwords, migrator: app.services.migrator, logger: logger)
            try await TestApp(db: app.db, services: services).run { client in
                let token = try await client.login("kyiv-admin@example.org")
                #expect(try await client.send(.get, "/api/v1/reports/completions", token: token).status == expected)
                #expect(try await client.send(.get, "/api/v1/me", token: token).status == .ok)
            }
        }
        #expect(replica.stats.open >= 1)
    }
}
