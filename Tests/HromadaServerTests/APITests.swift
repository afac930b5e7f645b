import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaTestSupport
import Testing
import HromadaPostgres

@Suite struct HealthAndConventionsTests {
    @Test func healthAndReadiness() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            #expect(try await client.send(.get, "/healthz").status == .ok)
            let ready = try await client.send(.get, "/readyz")
            #expect(ready.status == .ok && ready.json["status"] as? String == "ready")
        }
    }

    @Test func anUnmigratedDatabaseIsNotReady() async throws {
        let app = try await TestApp.make(migrated: false)
        try await app.run { client in
            let ready = try await client.send(.get, "/readyz", headers: [.acceptLanguage: "en"])
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.code == "database_unavailable")
            #expect((ready.json["detail"] as? String)?.contains("hromada-server migrate") == true)
        }
    }

    /// Every list pages with `limit` and `cursor` (found in review: six lists ignored both).
    @Test func theCentresComeInPagesThatAddUpToTheWholeList() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let whole = (try await client.send(.get, "/api/v1/centres?limit=500").json["items"] as? [[String: Any]] ?? []).map { $0["code"] as? String }
            #expect(whole.count == 25)
            var walked: [String?] = [], cursor: String?
            repeat {
                let page = try await client.send(.get, "/api/v1/centres?limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""))
                let items = page.json["items"] as? [[String: Any]] ?? []
                #expect(items.count <= 7 && !items.isEmpty)
                walked += items.map { $0["code"] as? String }
                cursor = page.json["next_cursor"] as? String
            } while cursor != nil
            #expect(walked == whole)
            #expect((try await client.send(.get, "/api/v1/centres").json["items"] as? [Any])?.count == 25)
            #expect(try await client.send(.get, "/api/v1/centres?limit=0").status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/centres?limit=501").status == .badRequest)
        }
    }

    @Test func unknownRoutesAndWrongMethodsAreProblems() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let missing = try await client.send(.get, "/api/v1/nope")
            #expect(missing.status == .notFound && missing.isProblem && missing.code == "not_found")
            let wrong = try await client.send(.delete, "/api/v1/centres")
            #expect(wrong.status == .methodNotAllowed && wrong.code == "method_not_allowed")
            #expect(wrong.headers[.allow] == "GET")
        }
    }

    @Test func titlesFollowAcceptLanguageWithUkrainianByDefault() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let uk = try await client.send(.get, "/api/v1/me")
            let en = try await client.send(.get, "/api/v1/me", headers: [.acceptLanguage: "en-US,en;q=0.9"])
            #expect(uk.json["title"] as? String == "Потрібно увійти")
            #expect(en.json["title"] as? String == "Sign-in required")
            #expect(uk.headers[.contentLanguage] == "uk" && en.headers[.contentLanguage] == "en")
            #expect(uk.json["code"] as? String == en.json["code"] as? String)
        }
    }

    @Test func everyResponseCarriesARequestID() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let given = try await client.send(.get, "/healthz", headers: [HTTPField.Name("X-Request-Id")!: "abc-123-def-456"])
            #expect(given.headers[HTTPField.Name("X-Request-Id")!] == "abc-123-def-456")
            let problem = try await client.send(.get, "/nope")
            #expect(problem.json["request_id"] as? String == problem.headers[HTTPField.Name("X-Request-Id")!])
            // Made by the server: a lower-case UUID's form, a new one each time.
            let first = try await client.send(.get, "/healthz").headers[HTTPField.Name("X-Request-Id")!]
            let second = try await client.send(.get, "/healthz").headers[HTTPField.Name("X-Request-Id")!]
            #expect(first != nil && first != second)
            #expect(first.flatMap(UUID.init(text:))?.lowercasedText == first)
        }
    }

    @Test func requestIDsAreDistinctAndShareThisProcessesRandomHalf() {
        let ids = (0..<10_000).map { _ in ProblemMiddleware.newRequestID() }
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids.map { $0.prefix(18) }).count == 1)
        #expect(ids.allSatisfy { UUID(text: $0)?.lowercasedText == $0 })
    }

    @Test func metricsCountRequestsPerRouteWithLatencyAndPoolFigures() async throws {
        // Requests are counted in the process's metrics (see MetricsTests): suites running beside this
        // one ask the same routes, so each figure has grown by at least this test's requests.
        let app = try await TestApp.make(metrics: TestApp.processMetrics)
        try await app.person("admin@example.org", roles: [.admin])
        let before = MetricsTests.values(try await MetricsTests.exposition(app.services))
        try await app.run { client in
            let admin = try await client.login("admin@example.org")
            _ = try await client.send(.get, "/api/v1/centres")
            _ = try await client.send(.get, "/api/v1/centres")
            _ = try await client.send(.get, "/api/v1/nope")
            let metrics = try await client.send(.get, "/metrics", token: admin)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let after = MetricsTests.values(metrics.text)
            func added(_ series: String) -> Double { (after[series] ?? 0) - (before[series] ?? 0) }
            #expect(added(#"hromada_http_requests_total{method="GET",route="/api/v1/centres",status="200"}"#) >= 2)
            #expect(added(#"hromada_http_requests_total{method="GET",route="NotFound",status="404"}"#) >= 1)
            #expect(added(#"hromada_http_request_duration_seconds_count{route="/api/v1/centres"}"#) >= 2)
            #expect(after["hromada_db_pool_max"] == 4)
        }
    }

    @Test func centresArePublicAndComplete() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let answer = try await client.send(.get, "/api/v1/centres")
            let items = answer.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 25)
            let kyiv = items.first { $0["code"] as? String == "KYV" }
            #expect(kyiv?["region"] as? String == "м. Київ")
            #expect(answer.json.keys.contains("next_cursor"))
        }
    }
}

@Suite struct OpenAPITests {
    /// Every route the router serves is in the document, and every operation the document lists is served.
    @Test func theDocumentAndTheRouterAgree() async throws {
        let app = try await TestApp.make()
        let (_, table) = buildRouter(services: app.services)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "post", "put", "patch", "delete"]
        var documented = Set<String>()
        for (path, item) in paths {
            for key in item.keys where methods.contains(key) { documented.insert("\(key.uppercased()) \(path)") }
        }
        let served = Set(table.routes.map { "\($0.method) \($0.path)" })
        #expect(served.subtracting(documented).sorted() == [], "served but not documented")
        #expect(documented.subtracting(served).sorted() == [], "documented but not served")
        #expect(served.count >= 12)
    }

    @Test func theDocumentIsServed() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let answer = try await client.send(.get, "/api/v1/openapi.json")
            #expect(answer.status == .ok)
            #expect(answer.json["openapi"] as? String == "3.1.0")
        }
    }
}

@Suite struct UserAPITests {
    @Test func creatingAPersonIsAuditedAndTheyCanLogIn() async throws {
        let app = try await TestApp.make()
        let admin = try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            let created = try await client.send(.post, "/api/v1/users", token: token, json: jsonString([
                "email": "Maria@Example.org", "full_name": "Шевченко Марія Іванівна", "category": "deputy",
                "position": "депутатка", "hromada": "Ірпінська", "centre": "kyv", "roles": ["learner"],
                "password": "Smoke-Pass-2026!",
            ]))
            #expect(created.status == .created)
            #expect(created.json["email"] as? String == "maria@example.org")
            #expect(created.json["centre"] as? String == "KYV")
            let id = try #require(created.json["id"] as? String)
            #expect(id == id.lowercased())
            _ = try await client.login("maria@example.org", "Smoke-Pass-2026!")
            let again = try await client.send(.post, "/api/v1/users", token: token, json: jsonString([
                "email": "MARIA@example.org", "full_name": "Інша", "category": "official",
                "position": "п", "hromada": "Ірпінська", "centre": "KYV",
            ]))
            #expect(again.status == .conflict && again.code == "email_taken")
            let audit = try await app.db.pool.withConnection { try AuditLog.entries($0, subjectType: "user", subjectID: id) }
            #expect(audit.map(\.action) == ["user.create"])
            #expect(audit.first?.actor == admin.id)
        }
    }

    @Test func anIdempotencyKeyReturnsTheFirstResultAndCreatesOnce() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            let body = jsonString(["email": "once@example.org", "full_name": "Одна", "category": "official",
                                   "position": "п", "hromada": "Ірпінська", "centre": "KYV"])
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "create-once-1"]
            async let a = client.send(.post, "/api/v1/users", token: token, json: body, headers: key)
            async let b = client.send(.post, "/api/v1/users", token: token, json: body, headers: key)
            let (first, second) = try await (a, b)
            #expect(first.status == .created && second.status == .created)
            #expect(first.body == second.body)
            let third = try await client.send(.post, "/api/v1/users", token: token, json: body, headers: key)
            #expect(third.body == first.body)
            let other = jsonString(["email": "other@example.org", "full_name": "Інша", "category": "official",
                                    "position": "п", "hromada": "Ірпінська", "centre": "KYV"])
            let reused = try await client.send(.post, "/api/v1/users", token: token, json: other, headers: key)
            #expect(reused.status == .unprocessableContent && reused.code == "idempotency_key_reused")
        }
        #expect(try await app.db.count("users") == 2)
    }

    @Test func listsArePagedWithACursor() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin], centre: "ODS")
        for i in 0..<7 { try await app.person("p\(i)@example.org", centre: "ODS") }
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            var seen: [String] = []
            var cursor: String? = nil
            var pages = 0
            repeat {
                let query = "/api/v1/users?centre=ODS&limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.send(.get, query, token: token)
                #expect(page.status == .ok)
                seen += (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
                cursor = page.json["next_cursor"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen.count == 8 && Set(seen).count == 8)
        }
    }
}

@Suite struct UserImportAPITests {
    static let header = "email,full_name,category,position,hromada\n"

    @Test func importIsAllOrNothingWithEveryBadLineReported() async throws {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        try await app.run { client in
            let token = try await client.login("kyiv-admin@example.org")
            let csv = Self.header + "good@example.org,Добра Особа,official,спеціаліст,Ірпінська\n" +
                "bad-email,Погана,official,п,Ірпінська\n" + "x@example.org,Особа,mayor,п,Ірпінська\n"
            let answer = try await client.send(.post, "/api/v1/centres/KYV/users:import", token: token,
                                               body: Array(csv.utf8), contentType: "text/csv", headers: [.acceptLanguage: "en"])
            #expect(answer.status == .unprocessableContent)
            let errors = answer.json["errors"] as? [[String: Any]] ?? []
            #expect(errors.compactMap { $0["line"] as? Int } == [3, 4])
            #expect((errors.first?["message"] as? String)?.contains("email") == true)
        }
        #expect(try await app.db.count("users") == 1)
    }

    /// Found in review: overlapping imports sent at once got a bare 409 for all but one.
    @Test func overlappingImportsSentAtOnceAllSucceed() async throws {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        try await app.run { client in
            let token = try await client.login("kyiv-admin@example.org")
            var csv = Self.header
            for i in 0..<40 { csv += "same\(i)@example.org,Особа \(i),official,спеціаліст,Ірпінська\n" }
            let body = Array(csv.utf8)
            let answers = try await withThrowingTaskGroup(of: (Int, Int, Int).self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let a = try await client.send(.post, "/api/v1/centres/KYV/users:import", token: token, body: body, contentType: "text/csv")
                        return (Int(a.status.code), a.json["created"] as? Int ?? -1, a.json["unchanged"] as? Int ?? -1)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.0 == 200 }, "\(answers)")
            #expect(answers.map(\.1).reduce(0, +) == 40 && answers.allSatisfy { $0.1 + $0.2 == 40 }, "\(answers)")
        }
        #expect(try await app.db.count("users") == 41)
    }

    @Test func importIsIdempotentAndNeverDeletes() async throws {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        try await app.person("lviv-person@example.org", centre: "LVV")
        try await app.run { client in
            let token = try await client.login("kyiv-admin@example.org")
            let csv = Self.header + "a@example.org,Анна Антонюк,official,спеціалістка,Ірпінська\n" +
                "\"b@example.org\",\"Бойко, Богдан\",deputy,депутат,Бучанська\n"
            let first = try await client.send(.post, "/api/v1/centres/KYV/users:import", token: token, body: Array(csv.utf8), contentType: "text/csv")
            #expect(first.status == .ok)
            #expect(first.json["created"] as? Int == 2 && first.json["unchanged"] as? Int == 0)
            let second = try await client.send(.post, "/api/v1/centres/KYV/users:import", token: token, body: Array(csv.utf8), contentType: "text/csv")
            #expect(second.json["created"] as? Int == 0 && second.json["unchanged"] as? Int == 2)
            // A shorter file later removes nobody.
            let shorter = Self.header + "a@example.org,Анна Антонюк,official,спеціалістка,Ірпінська\n"
            let third = try await client.send(.post, "/api/v1/centres/KYV/users:import", token: token, body: Array(shorter.utf8), contentType: "text/csv")
            #expect(third.json["unchanged"] as? Int == 1)
            // Someone registered with another centre is a line error, and the whole file is refused.
            let foreign = Self.header + "c@example.org,Віра,official,п,Ірпінська\nlviv-person@example.org,Л,official,п,Ірпінська\n"
            let refused = try await client.send(.post, "/api/v1/centres/KYV/users:import", token: token, body: Array(foreign.utf8), contentType: "text/csv")
            #expect(refused.status == .unprocessableContent)
            #expect((refused.json["errors"] as? [[String: Any]])?.first?["line"] as? Int == 3)
            let b = try await client.send(.get, "/api/v1/users?centre=KYV", token: token)
            let names = (b.json["items"] as? [[String: Any]] ?? []).compactMap { $0["full_name"] as? String }
            #expect(names.contains("Бойко, Богдан"))
        }
        #expect(try await app.db.count("users") == 4)
    }

    @Test func importingIntoAnUnknownCentreIs404() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            let answer = try await client.send(.post, "/api/v1/centres/XYZ/users:import", token: token,
                                               body: Array(Self.header.utf8), contentType: "text/csv")
            #expect(answer.status == .notFound)
        }
    }
}

