import Foundation
import HTTPTypes
import HromadaDomain
import HromadaPacks
@testable import HromadaServer
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing

/// A generated corpus of hostile requests against every route of the OpenAPI document, and of
/// hostile packs against the importer: missing, forged, expired and revoked tokens; other people's
/// ids; hostile path values; hostile bodies (deep nesting, huge arrays, oversized fields, invalid
/// UTF-8, NUL bytes, wrong types and content types); zip bombs, YAML aliases that expand, GIFT and
/// YAML edge cases. Every answer is a 4xx problem (never a 5xx), and the database is the same
/// afterwards, table by table, row by row.
@Suite struct HostileCorpusTests {
    /// Every route the document describes, with its method and whether it takes a body.
    struct Route {
        var method: HTTPRequest.Method
        var template: String
        var body: Bool
        var bodyRequired: Bool
        /// No token needed (`security: []`), or one only optionally (`security: [{}, …]`).
        var isPublic: Bool
    }

    static func routes() throws -> [Route] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var out: [Route] = []
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            for (method, operation) in item.sorted(by: { $0.key < $1.key }) {
                guard let m = HTTPRequest.Method(method.uppercased()), ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(m.rawValue),
                      let op = operation as? [String: Any] else { continue }
                let body = op["requestBody"] as? [String: Any]
                out.append(Route(method: m, template: path, body: body != nil, bodyRequired: body?["required"] as? Bool ?? false,
                                 isPublic: (op["security"] as? [[String: Any]]).map { $0.isEmpty || $0.contains { $0.isEmpty } } ?? false))
            }
        }
        return out
    }

    /// Every table's rows, as one digest per table (`login_failures`, `login_counters` and
    /// `verification_hits` aside: a refused sign-in or a public check is counted there on purpose, to
    /// slow the next one).
    static func fingerprint(_ db: TestDatabase) async throws -> [String: String] {
        try await db.pool.withConnection { c in
            let tables = try c.execute("""
                SELECT tablename FROM pg_tables WHERE schemaname = 'public'
                  AND tablename NOT IN ('login_failures', 'login_counters', 'verification_hits')
                ORDER BY tablename
                """).map { try $0.decode(String.self, "tablename") }
            var out: [String: String] = [:]
            for table in tables {
                out[table] = try c.execute(SQL(unsafeSQL: """
                    SELECT count(*)::text || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "\(table)" t
                    """))[0].decode(String.self, "digest")
            }
            return out
        }
    }

    static func residentMiB() -> Double {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
    }

    /// A token that is well formed and was real, but expired or revoked.
    static func deadToken(_ app: TestApp, email: String, _ how: String) async throws -> String {
        try await app.db.pool.transaction { c in
            let user: UUID = try c.execute("SELECT id FROM users WHERE email = \(email)")[0].decode("id")
            let issued = try SessionStore.create(c, userID: user, ttl: .seconds(3600), address: nil, userAgent: nil)
            try c.execute(SQL(unsafeSQL: "UPDATE sessions SET \(how) WHERE user_id = '\(user.uuidString)' AND expires_at > now() + interval '59 minutes'"))
            return issued.token
        }
    }

    @Test func everyRouteRefusesHostileRequestsAndChangesNothing() async throws {
        let (app, enrolment) = try await AssessmentAPITests.world(quizzes: ["timed": QuizPack.timed("autosubmit", maxAttempts: 2)])
        try await app.person("admin@example.org", roles: [.admin])
        let expired = try await Self.deadToken(app, email: "learner@example.org", "expires_at = now() - interval '1 minute'")
        let revoked = try await Self.deadToken(app, email: "learner@example.org", "revoked_at = now()")
        try await app.run { client in
            let learner = try await client.login("learner@example.org")
            let other = try await client.login("other@example.org")
            let admin = try await client.login("admin@example.org")
            let attempt = AttemptPage(json: try await AssessmentAPITests.start(client, learner, enrolment, "timed").json).id
            let outline = try await client.send(.get, "/api/v1/courses/quiz-lab").json
            let version = try #require(outline["version"] as? String)
            let lesson = ((outline["modules"] as? [[String: any Sendable]])?.flatMap { ($0["items"] as? [[String: any Sendable]]) ?? [] }
                .first { $0["type"] as? String == "lesson" }?["id"] as? String) ?? "l"
            let me = try #require(try await client.send(.get, "/api/v1/me", token: learner).json["id"] as? String)
            // A published event with the learner registered: the event routes are tried on a real event too.
            let event = try #require(try await client.send(.post, "/api/v1/events", token: admin, json: EventWorld.body()).json["id"] as? String)
            #expect(try await client.send(.post, "/api/v1/events/\(event)/publish", token: admin).status == .ok)
            let registration = try #require(try await client.send(.post, "/api/v1/events/\(event)/registrations", token: learner).json["id"] as? String)

            /// The learner's own ids for each parameter: a request with them and the learner's token is legitimate.
            func real(_ template: String, _ name: String) -> String {
                switch name {
                case "id" where template.hasPrefix("/api/v1/attempts"): attempt
                case "id" where template.hasPrefix("/api/v1/enrolments"): enrolment
                case "id" where template.hasPrefix("/api/v1/users"): me
                case "id" where template.hasPrefix("/api/v1/events"): event
                case "registration": registration
                case "n": "1"
                case "slug": "quiz-lab"
                case "version": version
                case "lesson_id": lesson
                case "quiz_id": "timed"
                case "code": "KYV"
                case "path": "lessons/l.md"
                default: UUID().uuidString.lowercased()
                }
            }
            func fill(_ template: String, _ value: (String) -> String) -> String {
                var out = template
                while let open = out.firstIndex(of: "{"), let close = out[open...].firstIndex(of: "}") {
                    out.replaceSubrange(open...close, with: value(String(out[out.index(after: open)..<close])))
                }
                return out
            }

            let before = try await Self.fingerprint(app.db)
            let rssBefore = Self.residentMiB()
            var rssPeak = rssBefore
            var sent = 0
            func send(_ route: Route, _ uri: String, token: String?, body: [UInt8]? = nil, contentType: String? = nil,
                      _ what: String, expect: (HTTPResponse.Status) -> Bool = { (400..<500).contains($0.code) }) async throws {
                let answer = try await client.send(route.method, uri, token: token, body: body, contentType: contentType)
                sent += 1
                #expect(answer.status.code < 500, "\(route.method) \(uri) \(what): \(answer.status) \(answer.text.prefix(200))")
                #expect(expect(answer.status), "\(route.method) \(uri) \(what): \(answer.status) \(answer.text.prefix(200))")
                if answer.status.code >= 400 && answer.status.code != 405 && route.template != "/c/{serial}" {
                    #expect(answer.isProblem, "\(route.method) \(uri) \(what): not problem+json: \(answer.text.prefix(200))")
                }
                rssPeak = max(rssPeak, Self.residentMiB())
            }

            let routes = try Self.routes()
            #expect(routes.count >= 50)
            for route in routes {
                let uri = fill(route.template) { real(route.template, $0) }
                // Tokens: none, forged, expired, revoked. A route that wants a caller says 401 to each.
                let anonymous = try await client.send(route.method, uri)
                #expect(anonymous.status.code < 500, "\(route.method) \(uri) without a token: \(anonymous.status)")
                if !route.isPublic {
                    #expect(anonymous.status == .unauthorized, "\(route.method) \(uri) without a token: \(anonymous.status)")
                    for (what, token) in [("a forged token", "forged-\(UUID())"), ("an expired token", expired), ("a revoked token", revoked),
                                          ("a token of 600 characters", String(repeating: "t", count: 600))] {
                        try await send(route, uri, token: token, what) { $0 == .unauthorized }
                    }
                }
                // Someone else's ids: another learner of the same centre asks for the learner's things
                // (a route that wants a body may first refuse its absence: still no access).
                if [attempt, enrolment, me].contains(where: { uri.contains($0) }) {
                    try await send(route, uri, token: other, "with another learner's token") {
                        route.body ? (400..<500).contains($0.code) : [403, 404].contains($0.code)
                    }
                }
                // Hostile path values, one parameter at a time, from the administrator (whom nothing else stops).
                let names = route.template.split(separator: "{").dropFirst().map { String($0.prefix { $0 != "}" }) }
                for name in names {
                    for hostile in ["%00", "%C3%28", "..%2F..%2Fetc%2Fpasswd", String(repeating: "ї", count: 2000),
                                    "'%20OR%201%3D1%20--", UUID().uuidString, "-1", "%F0%9F%87%BA%F0%9F%87%A6"] {
                        let bad = fill(route.template) { $0 == name ? hostile : real(route.template, $0) }
                        try await send(route, bad, token: admin, "with {\(name)} = \(hostile.prefix(20))")
                    }
                }
                // Hostile bodies where the route takes one, as the learner and as the administrator.
                guard route.body else { continue }
                var bodies: [(String, [UInt8], String)] = [
                    ("deep nesting", Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8), "application/json"),
                    ("a deep object", Array((String(repeating: #"{"a":"#, count: 20_000) + "1" + String(repeating: "}", count: 20_000)).utf8), "application/json"),
                    ("a huge array", Array(("{\"answers\":[" + Array(repeating: "0", count: 200_000).joined(separator: ",") + "]}").utf8), "application/json"),
                    ("an oversized field", Array(("{\"email\":\"" + String(repeating: "ф", count: 400_000) + "\"}").utf8), "application/json"),
                    ("invalid UTF-8", [UInt8](#"{"email":""#.utf8) + [0xC3, 0x28, 0xFF, 0xFE] + [UInt8](#""}"#.utf8), "application/json"),
                    ("an escaped NUL", Array(#"{"email":"a\u0000b","full_name":"\u0000","answers":{"a":"\u0000"}}"#.utf8), "application/json"),
                    ("a raw NUL byte", [UInt8](#"{"email":"a"#.utf8) + [0] + [UInt8](#"b"}"#.utf8), "application/json"),
                    ("not an object", Array("[]".utf8), "application/json"),
                    ("a number out of range", Array(#"{"points": 1e999, "answers": {"a": 1e999}}"#.utf8), "application/json"),
                    ("truncated JSON", Array(#"{"answers": {"a": "#.utf8), "application/json"),
                    ("the wrong content type", Array(#"{"email": "x@example.org"}"#.utf8), "text/plain"),
                    ("garbage bytes", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, "application/octet-stream"),
                ]
                if route.bodyRequired { bodies.append(("an empty body", [], "application/json")) }
                for token in [learner, admin] {
                    for (what, body, type) in bodies {
                        try await send(route, uri, token: route.isPublic ? nil : token, body: body, contentType: type, "with \(what)")
                    }
                }
            }
            #expect(sent > 800)
            #expect(try await Self.fingerprint(app.db) == before, "a refused request changed the database")
            // Bounded: the whole corpus (bodies up to a mebibyte, 100,000-deep nesting) leaves no big mark.
            #expect(rssPeak - rssBefore < 400, "resident memory grew by \(rssPeak - rssBefore) MiB")
        }
    }

    /// Hostile packs against the importer: each refused with diagnostics, nothing stored.
    @Test func hostilePacksAreRefusedAndStoreNothing() async throws {
        let app = try await TestApp.make()
        try await app.person("trainer@example.org", roles: [.trainer])
        // The packs the hostile ones are made from: both publish as they are (checked below), so a
        // refusal is the hostile part's doing, not a flaw of the base or a version already taken.
        let valid = QuizPack.files(version: "1.0.1", quizzes: ["table": QuizPack.table])
        let giftQuiz = "id: g\ntitle: Банк\npass_percent: 50\nquestions: []\nimport:\n  - quizzes/bank.gift\n"
        @Sendable func giftPack(_ version: String, _ bank: String) throws -> [UInt8] {
            var files = QuizPack.files(slug: "gift-lab", version: version, quizzes: ["g": giftQuiz])
            files["quizzes/bank.gift"] = Array(bank.utf8)
            return try PackFiles(files: files).zipped(paths: files.keys)
        }
        func pack(_ change: (inout [String: [UInt8]]) -> Void) throws -> [UInt8] {
            var files = valid
            change(&files)
            return try PackFiles(files: files).zipped(paths: files.keys)
        }
        let laughs = (1...9).map { "l\($0): &l\($0) [" + Array(repeating: "*l\($0 - 1)", count: 9).joined(separator: ",") + "]" }
        let manifest = String(decoding: valid["course.yaml"] ?? [], as: UTF8.self)
        let corpus: [(String, [UInt8])] = [
            ("a zip bomb", try pack { $0["lessons/l.md"] = [UInt8](repeating: 0x20, count: 4 << 20) }),
            ("a file too large", try PackFiles(files: ["course.yaml": [UInt8](repeating: 0x20, count: 12 << 20)]).zipped(paths: ["course.yaml"])),
            ("YAML aliases that expand (billion laughs)", try pack { $0["course.yaml"] = Array(("l0: &l0 \"lol\"\n" + laughs.joined(separator: "\n") + "\n" + manifest).utf8) }),
            ("deeply nested YAML", try pack { $0["course.yaml"] = Array((manifest + "\nextra: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n").utf8) }),
            ("a YAML tag asking for an object", try pack { $0["course.yaml"] = Array(("!!python/object:os.system ['rm -rf /']\n" + manifest).utf8) }),
            ("invalid UTF-8 in the manifest", try pack { $0["course.yaml"] = (valid["course.yaml"] ?? []) + [0xC3, 0x28, 0xFF] }),
            ("a NUL byte in a lesson", try pack { files in
                for key in files.keys where key.hasSuffix(".md") { files[key] = (files[key] ?? []) + [0, 0x41] }
            }),
            ("a path leaving the pack", try pack { $0["../../evil.md"] = Array("x".utf8) }),
            ("an absolute path", try pack { $0["/etc/evil.md"] = Array("x".utf8) }),
            ("ten thousand files", try pack { files in for i in 0..<10_000 { files["assets/f\(i).txt"] = [0x41] } }),
            ("not a ZIP at all", Array("PK\u{3}\u{4} and then nothing".utf8)),
            ("an empty ZIP", try PackFiles(files: [:]).zipped(paths: [])),
        ]
        let gift: [(String, String)] = [
            ("an unclosed brace", "::q1:: Яка? {=так ~ні\n"),
            ("a weight out of range", "::q1:: Яка? {~%1000%так ~%-500%ні}\n"),
            ("nested braces", "::q1:: Яка? {={=так} ~ні}\n"),
            ("a numeric range upside down", "::q1:: Скільки? {#10..1}\n"),
            ("a megabyte on one line", "::q1:: " + String(repeating: "я", count: 500_000) + " {=так ~ні\n"),
            ("only escapes", "::q1:: \\{\\}\\=\\~\\#\\: {=\\\\ ~\\}\n"),
        ]
        let trainer = try await app.run { client in
            let trainer = try await client.login("trainer@example.org")
            let base = try await client.send(.post, "/api/v1/course-packs", token: trainer,
                                             body: try QuizPack.zip(quizzes: ["table": QuizPack.table]), contentType: "application/zip")
            #expect(base.status == .created, "\(base.text)")
            let gift = try await client.send(.post, "/api/v1/course-packs", token: trainer, body: try giftPack("1.0.0", "::q1:: Яка? {=так ~ні}\n"),
                                             contentType: "application/zip")
            #expect(gift.status == .created, "\(gift.text)")
            return trainer
        }
        let before = try await Self.fingerprint(app.db)
        try await app.run { client in
            var answers: [(String, Client.Answer)] = []
            for (what, zip) in corpus {
                answers.append((what, try await client.send(.post, "/api/v1/course-packs", token: trainer, body: zip, contentType: "application/zip", headers: [.acceptLanguage: "en"])))
            }
            for (what, bank) in gift {
                let zip = try giftPack("1.0.1", bank)
                answers.append(("GIFT: \(what)", try await client.send(.post, "/api/v1/course-packs", token: trainer, body: zip, contentType: "application/zip", headers: [.acceptLanguage: "en"])))
            }
            for (what, answer) in answers {
                #expect((400..<500).contains(Int(answer.status.code)), "\(what): \(answer.status) \(answer.text.prefix(300))")
                #expect(answer.isProblem, "\(what): \(answer.text.prefix(300))")
            }
            // Refused for what they are.
            let said = Dictionary(answers.map { ($0.0, $0.1.text) }, uniquingKeysWith: { a, _ in a })
            #expect(said["a zip bomb"]?.contains("zip bomb") == true)
            #expect(said["YAML aliases that expand (billion laughs)"]?.contains("aliases") == true)
            #expect(said["a path leaving the pack"]?.contains("evil.md") == true)
            #expect(said["a file too large"]?.contains("larger than") == true)
            #expect(said["a NUL byte in a lesson"]?.contains("lessons/l.md:7:1: error: the file contains a NUL byte") == true)
        }
        #expect(try await Self.fingerprint(app.db) == before, "a refused pack changed the database")
    }
}
