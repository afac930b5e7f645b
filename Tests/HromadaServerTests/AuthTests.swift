import Foundation
import HTTPTypes
import HromadaCrypto
import HromadaDomain
import HromadaStorage
import HromadaTestSupport
@testable import HromadaServer
import Testing
import HromadaPostgres

@Suite struct AuthTests {
    @Test func loginReturnsATokenThatOpensMe() async throws {
        let app = try await TestApp.make()
        try await app.person("olena@example.org", roles: [.learner, .trainer])
        try await app.run { client in
            let login = try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "Olena@Example.org", "password": "Correct-Horse-1"}"#)
            #expect(login.status == .ok)
            let token = try #require(login.json["token"] as? String)
            #expect(token.count >= 43) // 32 random bytes, base64url
            #expect(login.json["expires_at"] is String)
            let me = try await client.send(.get, "/api/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(me.json["email"] as? String == "olena@example.org")
            #expect(me.json["roles"] as? [String] == ["learner", "trainer"])
            #expect(me.json["password_hash"] == nil)
        }
    }

    @Test func theTokenIsStoredOnlyAsItsHash() async throws {
        let app = try await TestApp.make()
        try await app.person("olena@example.org")
        try await app.run { client in
            let token = try await client.login("olena@example.org")
            let stored = try await app.db.pool.withConnection { c in
                try c.execute("SELECT encode(token_hash, 'hex') AS h FROM sessions")[0].decode(String.self, "h")
            }
            #expect(stored == SHA256.hex(token))
            #expect(!stored.contains(token))
        }
    }

    @Test func aWrongEmailAndAWrongPasswordGetTheSameAnswer() async throws {
        let app = try await TestApp.make()
        try await app.person("olena@example.org")
        try await app.run { client in
            let wrongPassword = try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "olena@example.org", "password": "nope-nope-nope"}"#)
            let wrongEmail = try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "nobody@example.org", "password": "nope-nope-nope"}"#)
            #expect(wrongPassword.status == .unauthorized && wrongEmail.status == .unauthorized)
            #expect(wrongPassword.code == "invalid_credentials" && wrongEmail.code == "invalid_credentials")
            var a = wrongPassword.json, b = wrongEmail.json
            a["request_id"] = nil
            b["request_id"] = nil
            #expect(NSDictionary(dictionary: a).isEqual(to: b))
        }
    }

    @Test func logoutRevokesTheToken() async throws {
        let app = try await TestApp.make()
        try await app.person("olena@example.org")
        try await app.run { client in
            let token = try await client.login("olena@example.org")
            #expect(try await client.send(.post, "/api/v1/auth/logout", token: token).status == .noContent)
            let me = try await client.send(.get, "/api/v1/me", token: token)
            #expect(me.status == .unauthorized && me.code == "unauthenticated")
            #expect(me.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test func anExpiredTokenIsRefused() async throws {
        let app = try await TestApp.make()
        try await app.person("olena@example.org")
        try await app.run { client in
            let token = try await client.login("olena@example.org")
            try await app.db.pool.withConnection { c in try c.execute("UPDATE sessions SET expires_at = now() - interval '1 second'") }
            #expect(try await client.send(.get, "/api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test func tokensLiveAsLongAsConfigured() async throws {
        let app = try await TestApp.make { $0.tokenTTL = .seconds(1800) }
        try await app.person("olena@example.org")
        try await app.run { client in
            _ = try await client.login("olena@example.org")
            let seconds = try await app.db.pool.withConnection { c in
                try c.execute("SELECT extract(epoch FROM expires_at - created_at)::int AS s FROM sessions")[0].decode(Int.self, "s")
            }
            #expect(seconds == 1800)
        }
    }

    @Test func forgedAndMalformedTokensAre401() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            for header in ["Bearer forged-token", "Bearer ", "Basic abc", "Bearer \(String(repeating: "a", count: 600))", "bearer x y"] {
                let answer = try await client.send(.get, "/api/v1/me", headers: [.authorization: header])
                #expect(answer.status == .unauthorized, "\(header)")
                #expect(answer.isProblem)
            }
            #expect(try await client.send(.get, "/api/v1/me").status == .unauthorized)
        }
    }

    @Test(arguments: [
        ("Bearer abc.DEF_123-~", "abc.DEF_123-~"), ("bearer abc", "abc"), ("BEARER abc", "abc"), ("BeArEr abc", "abc"),
        ("Bearer   abc \t ", "abc"), ("Bearer \tabc", "abc"), ("Bearer \(String(repeating: "a", count: 512))", String(repeating: "a", count: 512)),
    ])
    func theBearerTokenIsReadFromTheHeader(header: String, token: String) {
        #expect(Authenticator.bearerToken(header: header) == token)
    }

    @Test(arguments: [
        "", "Bearer", "Bearer ", "Bearer \t ", "Bearerabc", "Bearer\tabc", "Basic abc", "Bearex abc", "Bearer a b",
        "Bearer ab\u{7F}", "Bearer ab\u{1}", "Bearer токен", "Bearer \(String(repeating: "a", count: 513))", " Bearer abc",
    ])
    func anythingElseHasNoBearerToken(header: String) {
        #expect(Authenticator.bearerToken(header: header) == nil, "\(header)")
    }

    @Test func repeatedFailuresAreSlowedThenRefusedWith429() async throws {
        let app = try await TestApp.make()
        try await app.person("olena@example.org")
        // Nine failures already on record: the tenth try is still judged, the eleventh is refused.
        try await app.db.pool.withConnection { c in
            for _ in 0..<9 {
                try LoginThrottle.recordFailure(c, email: "olena@example.org", address: "elsewhere")
            }
        }
        try await app.run { client in
            let slowed = try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "olena@example.org", "password": "wrong-wrong-1"}"#)
            #expect(slowed.status == .unauthorized)
            let refused = try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "olena@example.org", "password": "Correct-Horse-1"}"#,
                                                headers: [.acceptLanguage: "en"])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.code == "too_many_requests")
            let wait = try #require(refused.headers[.retryAfter].flatMap(Int.init))
            // The detail says how long, in minutes (the Retry-After rounded up), and does not repeat the title.
            let minutes = (wait + 59) / 60
            #expect(wait > 0 && (refused.json["detail"] as? String) == "After several failed attempts sign-in is locked for a while; try again in \(minutes) minute\(minutes == 1 ? "" : "s").",
                    "\(refused.text)")
            let uk = try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "olena@example.org", "password": "Correct-Horse-1"}"#)
            #expect((uk.json["detail"] as? String)?.hasPrefix("Після кількох невдалих спроб вхід тимчасово заблоковано; спробуйте знову через ") == true
                    && (uk.json["detail"] as? String)?.contains("хвилин") == true && !(uk.json["detail"] as? String ?? "").contains("Забагато"), "\(uk.text)")
            // Another person is not affected.
            try await app.person("petro@example.org")
            #expect(try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "petro@example.org", "password": "Correct-Horse-1"}"#).status == .ok)
        }
    }

    @Test func aSuccessfulLoginClearsEarlierFailures() async throws {
        let app = try await TestApp.make()
        try await app.person("olena@example.org")
        try await app.run { client in
            _ = try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "olena@example.org", "password": "wrong-wrong-1"}"#)
            #expect(try await app.db.pool.withConnection { try LoginThrottle.count($0, scope: "account", key: "olena@example.org") } == 1)
            _ = try await client.login("olena@example.org")
            #expect(try await app.db.pool.withConnection { try LoginThrottle.count($0, scope: "account", key: "olena@example.org") } == 0)
        }
    }
}

