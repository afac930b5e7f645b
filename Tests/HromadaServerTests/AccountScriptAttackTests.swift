import Foundation
import HTTPTypes
import HromadaCrypto
import HromadaDomain
import HromadaPostgres
@testable import HromadaServer
import HromadaStorage
import HromadaTestSupport
import Testing

/// The account routes tried by a script without a session, with a link of the wrong kind, with a
/// body that is not what the route takes, and by another centre asking for an invitation sheet.
/// Each attempt is a problem (or the page's own refusal) and changes nothing.
@Suite struct AccountScriptAttackTests {
    /// Every table but the sessions that the logins of a test create.
    static func state(_ app: TestApp) async throws -> [String: String] {
        var tables = try await HostileCorpusTests.fingerprint(app.db)
        tables["sessions"] = nil
        tables["login_counters"] = nil
        return tables
    }

    @Test func anAnonymousScriptGetsNoAccountAdminRouteAndChangesNothing() async throws {
        let app = try await CohortAPITests.world()
        let active = try #require(try await app.db.pool.withConnection { try UserStore.find($0, email: "learner@example.org") })
        let (invited, cohort) = try await app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            return (try await app.invite(client, kyiv, "invited@example.org"), try await CohortAPITests.createCohort(client, kyiv))
        }
        let before = try await Self.state(app)
        try await app.run { client in
            let requests: [(HTTPRequest.Method, String)] = [
                (.post, "/api/v1/users/\(invited)/invitation"), (.post, "/api/v1/users/\(active.id.lowercasedText)/deactivate"),
                (.post, "/api/v1/users/\(active.id.lowercasedText)/reactivate"), (.get, "/api/v1/cohorts/\(cohort)/invitations.csv"),
                (.get, "/api/v1/outbox"), (.get, "/api/v1/outbox?centre=KYV"),
            ]
            for (method, path) in requests {
                for token in [nil, "not-a-session", SecureRandom.token(bytes: 32)] as [String?] {
                    let answer = try await client.send(method, path, token: token)
                    #expect(answer.status == .unauthorized && answer.isProblem, "\(method) \(path) with \(token ?? "no token"): \(answer.status)")
                }
            }
            let change = try await client.send(.post, "/api/v1/me/password",
                                               json: #"{"current_password": "Correct-Horse-1", "new_password": "Нова-стежка-вздовж-ріки"}"#)
            #expect(change.status == .unauthorized && change.isProblem)
        }
        #expect(try await Self.state(app) == before)
    }

    /// An invitation's link does not reset a password, a reset's link does not activate, and trying
    /// spends neither.
    @Test func aLinkOfOneKindIsNoKeyToTheOther() async throws {
        let (app, _, _) = try await AccountAttackTests.world()
        try await app.run { client in
            let invitation = try #require(try await app.token(to: "invited@example.org"))
            #expect(try await client.resetRequest("learner@example.org").status == .accepted)
            let reset = try #require(try await app.token(to: "learner@example.org", kind: "password_reset"))
            let password = "Тиха-ріка-над-містом"
            let wrongWays = [
                try await client.send(.post, "/api/v1/auth/password-reset/confirm", json: jsonString(["token": invitation, "password": password])),
                try await client.activate(reset, password),
            ]
            for answer in wrongWays {
                #expect(answer.status == .gone && answer.code == "token_expired", "\(answer.text)")
            }
            let page = try await client.form("/activate", [("t", reset), ("password", password), ("password2", password)])
            #expect(page.status == .gone && page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(try await client.send(.get, "/password-reset?t=\(invitation)").status == .gone)
            // Both still work where they belong.
            #expect(try await client.activate(invitation, password).status == .ok)
            let confirmed = try await client.send(.post, "/api/v1/auth/password-reset/confirm", json: jsonString(["token": reset, "password": password]))
            #expect(confirmed.status == .ok, "\(confirmed.text)")
        }
    }

    /// Bodies that are not what the routes take: each a problem, and the link not spent.
    @Test func malformedBodiesAreProblemsAndSpendNoLink() async throws {
        let (app, _, _) = try await AccountAttackTests.world()
        let before = try await Self.state(app)
        try await app.run { client in
            let token = try #require(try await app.token(to: "invited@example.org"))
            let bodies: [(String, String?)] = [
                ("{}", "application/json"), (#"{"token": "\#(token)"}"#, "application/json"),
                (#"{"token": "\#(token)", "password": 12345678901}"#, "application/json"),
                (#"{"token": "\#(token)", "password": "Тиха-ріка-над-містом", "role": "admin"}"#, "application/json"),
                (#"{"token": ["\#(token)"], "password": "Тиха-ріка-над-містом"}"#, "application/json"),
                ("token=\(token)&password=Тиха-ріка-над-містом", "application/x-www-form-urlencoded"),
                (#"{"token": "\#(token)", "password": "Тиха-ріка-над-містом""#, "application/json"),
                (#"{"token": "\#(token)", "password": "Тиха-ріка-над-містом"}"#, "text/plain"),
            ]
            for path in ["/api/v1/auth/activate", "/api/v1/auth/password-reset/confirm", "/api/v1/auth/password-reset"] {
                for (body, type) in bodies {
                    let answer = try await client.send(.post, path, body: Array(body.utf8), contentType: type)
                    #expect((400..<500).contains(answer.status.code) && answer.isProblem, "\(path) \(body.prefix(40)) \(type ?? ""): \(answer.status) \(answer.text)")
                }
            }
            // The page takes a form, not JSON, and says so as a problem.
            let json = try await client.send(.post, "/activate", json: jsonString(["t": token, "password": "Тиха-ріка-над-містом", "password2": "Тиха-ріка-над-містом"]))
            #expect(json.status == .unsupportedMediaType && json.isProblem, "\(json.status)")
        }
        #expect(try await Self.state(app) == before)
        try await app.run { client in
            let token = try #require(try await app.token(to: "invited@example.org"))
            #expect(try await client.activate(token, "Тиха-ріка-над-містом").status == .ok)
        }
    }

    /// Another centre's admin asking for a Kyiv cohort's invitation sheet rotates no link: the
    /// mailed one still works and its letter still waits.
    @Test func aRefusedInvitationSheetReplacesNoLink() async throws {
        let app = try await CohortAPITests.world()
        try await app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let cohort = try await CohortAPITests.createCohort(client, kyiv)
            let csv = CohortAPITests.header + "a@example.org,Анна,official,п,Ірпінська\n"
            #expect(try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: kyiv, body: Array(csv.utf8), contentType: "text/csv").status == .ok)
            let before = try await Self.state(app)
            for who in ["lviv-admin@example.org", "odesa-admin@example.org", "learner@example.org", "trainer@example.org"] {
                let sheet = try await client.send(.get, "/api/v1/cohorts/\(cohort)/invitations.csv", token: try await client.login(who))
                #expect(sheet.status == .notFound && sheet.isProblem && !sheet.text.contains("a@example.org"), "\(who)")
            }
            #expect(try await Self.state(app) == before)
            #expect(try await app.letters().map(\.status) == ["pending"])
            let mailed = try #require(try await app.token(to: "a@example.org"))
            #expect(try await client.activate(mailed, "Тиха-ріка-над-містом").status == .ok)
        }
    }
}
