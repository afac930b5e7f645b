import Foundation
import HTTPTypes
import HromadaDomain
import HromadaTestSupport
import Testing
import HromadaServer

/// Hostile and clumsy requests: each gets a 4xx problem+json and changes nothing.
@Suite struct BadInputTests {
    static var valid: [String: Any] {
        [
            "email": "new@example.org", "full_name": "Нова Особа", "category": "official",
            "position": "спеціаліст", "hromada": "Ірпінська", "centre": "KYV",
        ]
    }
    static let textFields = ["email", "full_name", "position", "hromada", "centre", "category"]

    func expectRefused(_ app: TestApp, _ answer: Client.Answer, _ what: String) async throws {
        #expect((400..<500).contains(Int(answer.status.code)), "\(what): \(answer.status)")
        #expect(answer.isProblem, "\(what): \(answer.text)")
        #expect(try await app.db.count("users") == 1, "\(what) stored a person")
        #expect(try await app.db.count("hromadas") == 1, "\(what) stored a hromada")
    }

    @Test func malformedJSONWrongTypesAndUnknownValuesAre4xx() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            let cases: [(String, String)] = [
                ("malformed JSON", #"{"email": "#),
                ("not an object", #"["email"]"#),
                ("wrong type", jsonString(Self.valid.merging(["email": 42]) { $1 })),
                ("wrong type in array", jsonString(Self.valid.merging(["roles": [1, 2]]) { $1 })),
                ("unknown field value", jsonString(Self.valid.merging(["category": "mayor"]) { $1 })),
                ("unknown role", jsonString(Self.valid.merging(["roles": ["emperor"]]) { $1 })),
                ("unknown field", jsonString(Self.valid.merging(["is_admin": true]) { $1 })),
                ("unknown centre", jsonString(Self.valid.merging(["centre": "XXX"]) { $1 })),
                ("deep nesting", "{\"email\":" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"),
                ("short password", jsonString(Self.valid.merging(["password": "short"]) { $1 })),
            ]
            for (what, body) in cases {
                let answer = try await client.send(.post, "/api/v1/users", token: token, json: body)
                try await expectRefused(app, answer, what)
            }
        }
    }

    @Test func aFiveMebibyteBodyIs413() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            let big = "{\"email\": \"" + String(repeating: "a", count: 5 << 20) + "\"}"
            let answer = try await client.send(.post, "/api/v1/users", token: token, json: big)
            #expect(answer.status == .contentTooLarge)
            #expect(answer.code == "payload_too_large")
            try await expectRefused(app, answer, "5 MiB body")
        }
    }

    @Test func theBodyLimitIsConfigurable() async throws {
        let app = try await TestApp.make { $0.maxBodySize = 2048 }
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            let body = jsonString(Self.valid.merging(["position": String(repeating: "п", count: 1500)]) { $1 })
            #expect(try await client.send(.post, "/api/v1/users", token: token, json: body).status == .contentTooLarge)
        }
    }

    @Test func invalidUTF8InEveryTextFieldIs400() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            for field in Self.textFields {
                var body = Array(jsonString(Self.valid.merging([field: "MARK"]) { $1 }).utf8)
                let mark = Array("MARK".utf8)
                let at = try #require((0...(body.count - mark.count)).first { Array(body[$0..<$0 + 4]) == mark })
                body.replaceSubrange(at..<at + 4, with: [0xC3, 0x28, 0xFF, 0xFE])
                let answer = try await client.send(.post, "/api/v1/users", token: token, body: body, contentType: "application/json")
                #expect(answer.status == .badRequest, "\(field)")
                try await expectRefused(app, answer, "invalid UTF-8 in \(field)")
            }
        }
    }

    @Test func nulAndControlCharactersInEveryTextFieldAre4xx() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            for field in Self.textFields {
                for bad in ["a\u{0}b", "a\u{7}b"] {
                    let answer = try await client.send(.post, "/api/v1/users", token: token,
                                                       json: jsonString(Self.valid.merging([field: bad]) { $1 }))
                    try await expectRefused(app, answer, "control character in \(field)")
                }
            }
        }
    }

    @Test func sqlMetacharactersAreDataNotCode() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            let hostile = "Robert'); DROP TABLE users; -- \" \\ $1 %_"
            let answer = try await client.send(.post, "/api/v1/users", token: token, json: jsonString(Self.valid.merging([
                "full_name": hostile, "position": hostile,
            ]) { $1 }))
            #expect(answer.status == .created)
            #expect(answer.json["full_name"] as? String == hostile)
            // As a hromada the same text names none of the codifier: refused, and nothing is run.
            let hromada = try await client.send(.post, "/api/v1/users", token: token, json: jsonString(Self.valid.merging([
                "email": "other@example.org", "hromada": hostile,
            ]) { $1 }))
            #expect(hromada.status == .unprocessableContent)
            // In the email field the same text is simply not an address.
            let email = try await client.send(.post, "/api/v1/users", token: token,
                                              json: jsonString(Self.valid.merging(["email": "x'--@example.org' OR 1=1"]) { $1 }))
            #expect(email.status == .unprocessableContent)
            let login = try await client.send(.post, "/api/v1/auth/login", json: jsonString(["email": "' OR '1'='1", "password": "' OR '1'='1"]))
            #expect(login.status == .unauthorized)
        }
        #expect(try await app.db.count("users") == 2)
    }

    @Test func wrongContentTypeIs415() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            let answer = try await client.send(.post, "/api/v1/users", token: token, json: jsonString(Self.valid), contentType: "text/plain")
            #expect(answer.status == .unsupportedMediaType)
            try await expectRefused(app, answer, "text/plain body")
            let csv = try await client.send(.post, "/api/v1/centres/KYV/users:import", token: token, json: "{}")
            #expect(csv.status == .unsupportedMediaType)
        }
    }

    @Test func aBadTokenChangesNothing() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let answer = try await client.send(.post, "/api/v1/users", token: "not-a-real-token", json: jsonString(Self.valid))
            #expect(answer.status == .unauthorized)
            try await expectRefused(app, answer, "bad token")
        }
    }

    @Test func badQueryParametersAre400() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let token = try await client.login("admin@example.org")
            for query in ["limit=0", "limit=501", "limit=abc", "cursor=%%%", "cursor=bm90LWEtdXVpZA"] {
                let answer = try await client.send(.get, "/api/v1/users?\(query)", token: token)
                #expect(answer.status == .badRequest, "\(query)")
                #expect(answer.isProblem)
            }
            #expect(try await client.send(.get, "/api/v1/users/not-a-uuid", token: token).status == .notFound)
        }
    }
}
