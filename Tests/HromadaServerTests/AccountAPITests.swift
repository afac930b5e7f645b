import Foundation
import HTTPTypes
import HromadaCrypto
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaTestSupport
import Testing
import HromadaPostgres

/// Invitations, activation, password reset and change, deactivation: each route as spec/accounts.md
/// says, through the real router on a database of its own.
@Suite struct AccountAPITests {
    @Test func aPersonCreatedWithoutAPasswordIsInvitedAndCannotSignInYet() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let admin = try await client.login("admin@example.org")
            let id = try await app.invite(client, admin, "olena@example.org")
            let user = try await client.send(.get, "/api/v1/users/\(id)", token: admin)
            #expect(user.json["status"] as? String == "invited")
            #expect(try await app.letters().map(\.to) == ["olena@example.org"])
            let token = try #require(try await app.token(to: "olena@example.org"))
            #expect(token.count >= 43) // 32 random bytes
            // Only its hash is kept.
            let stored = try await app.db.pool.withConnection { db in
                try db.execute("SELECT encode(token_hash, 'hex') AS h, expires_at - created_at AS v FROM account_tokens")
                    .map { (try $0.decode(String.self, "h"), try $0.decode(String.self, "v")) }
            }
            #expect(stored.map(\.0) == [SHA256.hex(token)])
            #expect(stored.first?.1 == "14 days")
            // Signing in before activation is answered exactly as a wrong password is.
            let early = try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "olena@example.org", "password": "Correct-Horse-1"}"#)
            let nobody = try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "nobody@example.org", "password": "Correct-Horse-1"}"#)
            #expect(early.status == .unauthorized && early.code == "invalid_credentials")
            var a = early.json, b = nobody.json
            a["request_id"] = nil
            b["request_id"] = nil
            #expect(NSDictionary(dictionary: a).isEqual(to: b))
        }
    }

    @Test func activationSetsThePasswordAnswersAsALoginAndWorksOnce() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let admin = try await client.login("admin@example.org")
            try await app.invite(client, admin, "olena@example.org")
            let token = try #require(try await app.token(to: "olena@example.org"))
            let answer = try await client.activate(token, "Тиха-ріка-над-містом")
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(Set(answer.json.keys) == ["token", "expires_at", "user"])
            #expect((answer.json["user"] as? [String: Any])?["status"] as? String == "active")
            let session = try #require(answer.json["token"] as? String)
            #expect(try await client.send(.get, "/api/v1/me", token: session).status == .ok)
            _ = try await client.login("olena@example.org", "Тиха-ріка-над-містом")
            // The same link again: gone.
            let again = try await client.activate(token, "Інший-пароль-зовсім")
            #expect(again.status == .gone && again.code == "token_expired")
            #expect(again.headers[.contentType] == "application/problem+json")
            let audit = try await app.db.pool.withConnection { db in
                try db.execute("SELECT action FROM audit_log ORDER BY id").map { try $0.decode(String.self, "action") }
            }
            #expect(audit.contains("user.activate"))
        }
    }

    @Test func bothCSVImportsInviteEveryoneTheyCreate() async throws {
        let app = try await CohortAPITests.world()
        try await app.run { client in
            let token = try await client.login("kyiv-admin@example.org")
            let people = CohortAPITests.header + "a@example.org,Анна,official,п,Ірпінська\nlearner@example.org,Відомий,official,п,Ірпінська\n"
            let imported = try await client.send(.post, "/api/v1/centres/KYV/users:import", token: token, body: Array(people.utf8), contentType: "text/csv")
            #expect(imported.status == .ok)
            #expect(try await app.letters().map(\.to) == ["a@example.org"])
            let cohort = try await CohortAPITests.createCohort(client, token)
            let members = CohortAPITests.header + "b@example.org,Богдан,official,п,Ірпінська\nlearner@example.org,Відомий,official,п,Ірпінська\n"
            let added = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: token, body: Array(members.utf8), contentType: "text/csv")
            #expect(added.status == .ok, "\(added.text)")
            // A dry run checks and rolls back: no letter.
            let dry = CohortAPITests.header + "c@example.org,Віра,official,п,Ірпінська\n"
            _ = try await client.send(.post, "/api/v1/cohorts/\(cohort)/members?dry_run=true", token: token, body: Array(dry.utf8), contentType: "text/csv")
            #expect(try await app.letters().map(\.to) == ["a@example.org", "b@example.org"])
            #expect(try await app.letters().allSatisfy { $0.kind == "invitation" && $0.status == "pending" })
        }
    }

    @Test func aNewInvitationReplacesTheOldOneAndItsLetter() async throws {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        try await app.run { client in
            let admin = try await client.login("kyiv-admin@example.org")
            let id = try await app.invite(client, admin, "olena@example.org")
            let first = try #require(try await app.token(to: "olena@example.org"))
            let again = try await client.send(.post, "/api/v1/users/\(id)/invitation", token: admin)
            #expect(again.status == .accepted, "\(again.text)")
            #expect(again.json["user_id"] as? String == id)
            #expect(again.json["expires_at"] is String && again.json["message_id"] is String)
            #expect(try await app.letters().map(\.status) == ["cancelled", "pending"])
            let second = try #require(try await app.token(to: "olena@example.org"))
            #expect(second != first)
            #expect(try await client.activate(first, "Тиха-ріка-над-містом").status == .gone)
            #expect(try await client.activate(second, "Тиха-ріка-над-містом").status == .ok)
            // Active now: no more invitations.
            let late = try await client.send(.post, "/api/v1/users/\(id)/invitation", token: admin)
            #expect(late.status == .conflict && late.code == "conflict")
        }
    }

    @Test func anExpiredLinkIsGone() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let admin = try await client.login("admin@example.org")
            try await app.invite(client, admin, "olena@example.org")
            let token = try #require(try await app.token(to: "olena@example.org"))
            try await app.sql("UPDATE account_tokens SET expires_at = now() - interval '1 second'")
            let answer = try await client.activate(token, "Тиха-ріка-над-містом")
            #expect(answer.status == .gone && answer.code == "token_expired")
            #expect(try await client.send(.get, "/activate?t=\(token)").status == .gone)
        }
    }

    @Test func aForgottenPasswordIsResetByMailAndEverySessionEnds() async throws {
        let app = try await TestApp.make()
        try await app.person("olena@example.org")
        try await app.run { client in
            let phone = try await client.login("olena@example.org")
            let laptop = try await client.login("olena@example.org")
            let asked = try await client.resetRequest("Olena@Example.org")
            #expect(asked.status == .accepted && asked.text == #"{"accepted":true}"#)
            #expect(try await app.letters().map(\.kind) == ["password_reset"])
            let token = try #require(try await app.token(to: "olena@example.org", kind: "password_reset"))
            #expect(try await app.db.pool.withConnection { db in
                try db.execute("SELECT (expires_at - created_at)::text AS v FROM account_tokens")[0].decode(String.self, "v")
            } == "01:00:00")
            let done = try await client.send(.post, "/api/v1/auth/password-reset/confirm",
                                             json: jsonString(["token": token, "password": "Нова-стежка-вздовж-ріки"]))
            #expect(done.status == .ok, "\(done.text)")
            let fresh = try #require(done.json["token"] as? String)
            for old in [phone, laptop] { #expect(try await client.send(.get, "/api/v1/me", token: old).status == .unauthorized) }
            #expect(try await client.send(.get, "/api/v1/me", token: fresh).status == .ok)
            _ = try await client.login("olena@example.org", "Нова-стежка-вздовж-ріки")
            #expect(try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "olena@example.org", "password": "Correct-Horse-1"}"#).status == .unauthorized)
            let twice = try await client.send(.post, "/api/v1/auth/password-reset/confirm", json: jsonString(["token": token, "password": "Ще-одна-стежка-вздовж"]))
            #expect(twice.status == .gone)
        }
    }

    @Test func changingThePasswordEndsTheOtherSessionsButNotThisOne() async throws {
        let app = try await TestApp.make()
        try await app.person("olena@example.org")
        try await app.run { client in
            let here = try await client.login("olena@example.org")
            let elsewhere = try await client.login("olena@example.org")
            let wrong = try await client.send(.post, "/api/v1/me/password", token: here,
                                              json: jsonString(["current_password": "not-my-password", "new_password": "Нова-стежка-вздовж-ріки"]))
            #expect(wrong.status == .unprocessableContent)
            #expect((wrong.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "current_password")
            let changed = try await client.send(.post, "/api/v1/me/password", token: here,
                                                json: jsonString(["current_password": "Correct-Horse-1", "new_password": "Нова-стежка-вздовж-ріки"]))
            #expect(changed.status == .noContent, "\(changed.text)")
            #expect(try await client.send(.get, "/api/v1/me", token: here).status == .ok)
            #expect(try await client.send(.get, "/api/v1/me", token: elsewhere).status == .unauthorized)
            _ = try await client.login("olena@example.org", "Нова-стежка-вздовж-ріки")
        }
    }

    /// The same rules wherever a password is chosen, each refusal naming its field.
    @Test func passwordRulesHoldEverywhere() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.person("olena@example.org")
        try await app.run { client in
            let admin = try await client.login("admin@example.org")
            let olena = try await client.login("olena@example.org")
            try await app.invite(client, admin, "petro.bondar@example.org")
            let invitation = try #require(try await app.token(to: "petro.bondar@example.org"))
            _ = try await client.resetRequest("olena@example.org")
            let reset = try #require(try await app.token(to: "olena@example.org", kind: "password_reset"))
            let bad: [(String, String)] = [("short", "Коротко1"), ("common", "1q2w3e4r5t6y"), ("common", "Qwertyuiop"),
                                           ("common", "ЙЦУКЕНГШЩЗ")]
            for (why, password) in bad + [("email", "petro.bondar@example.org"), ("email", "Petro.Bondar")] {
                let answer = try await client.activate(invitation, password)
                #expect(answer.status == .unprocessableContent, "activate \(why) \(password)")
                #expect((answer.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "password", "\(answer.text)")
            }
            for (why, password) in bad + [("email", "olena@example.org")] {
                let confirm = try await client.send(.post, "/api/v1/auth/password-reset/confirm", json: jsonString(["token": reset, "password": password]))
                #expect(confirm.status == .unprocessableContent, "reset \(why)")
                #expect((confirm.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "password")
                let change = try await client.send(.post, "/api/v1/me/password", token: olena,
                                                   json: jsonString(["current_password": "Correct-Horse-1", "new_password": password]))
                #expect(change.status == .unprocessableContent, "change \(why)")
                #expect((change.json["errors"] as? [[String: Any]])?.contains { $0["field"] as? String == "new_password" } == true)
            }
            let create = try await client.send(.post, "/api/v1/users", token: admin, json: jsonString([
                "email": "ivan@example.org", "full_name": "Іван", "category": "official", "position": "п", "hromada": "Ірпінська",
                "centre": "KYV", "password": "ivan@example.org",
            ]))
            #expect(create.status == .unprocessableContent && create.text.contains("\"password\""))
            // A refused password spends nothing: the links still work.
            #expect(try await client.activate(invitation, "Тиха-ріка-над-містом").status == .ok)
        }
    }

    @Test func aDeactivatedPersonIsShutOutAtOnceAndTheRecordStays() async throws {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        let olena = try await app.person("olena@example.org")
        try await app.run { client in
            let admin = try await client.login("kyiv-admin@example.org")
            let session = try await client.login("olena@example.org")
            _ = try await client.resetRequest("olena@example.org")
            let reset = try #require(try await app.token(to: "olena@example.org", kind: "password_reset"))
            let off = try await client.send(.post, "/api/v1/users/\(olena.id.lowercasedText)/deactivate", token: admin)
            #expect(off.status == .ok && off.json["status"] as? String == "deactivated")
            // Her token stops at once; signing in is a wrong password's answer; her reset link is gone.
            #expect(try await client.send(.get, "/api/v1/me", token: session).status == .unauthorized)
            let login = try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "olena@example.org", "password": "Correct-Horse-1"}"#)
            #expect(login.status == .unauthorized && login.code == "invalid_credentials")
            #expect(try await client.send(.post, "/api/v1/auth/password-reset/confirm",
                                          json: jsonString(["token": reset, "password": "Нова-стежка-вздовж-ріки"])).status == .gone)
            // A reset request is answered as always, and queues nothing.
            #expect(try await client.resetRequest("olena@example.org").status == .accepted)
            #expect(try await app.letters().map(\.status) == ["cancelled"])
            #expect(try await client.send(.get, "/api/v1/users/\(olena.id.lowercasedText)", token: admin).json["email"] as? String == "olena@example.org")
            let on = try await client.send(.post, "/api/v1/users/\(olena.id.lowercasedText)/reactivate", token: admin)
            #expect(on.status == .ok && on.json["status"] as? String == "active")
            _ = try await client.login("olena@example.org")
            let audit = try await app.db.pool.withConnection { try AuditLog.entries($0, subjectType: "user", subjectID: olena.id.lowercasedText) }
            #expect(audit.map(\.action) == ["user.deactivate", "user.reactivate"])
        }
    }

    @Test func aDeactivatedInvitedPersonCannotActivate() async throws {
        let app = try await TestApp.make()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.run { client in
            let admin = try await client.login("admin@example.org")
            let id = try await app.invite(client, admin, "olena@example.org")
            let token = try #require(try await app.token(to: "olena@example.org"))
            #expect(try await client.send(.post, "/api/v1/users/\(id)/deactivate", token: admin).status == .ok)
            #expect(try await client.activate(token, "Тиха-ріка-над-містом").status == .gone)
            #expect(try await app.letters().map(\.status) == ["cancelled"])
            // Reactivated without a password: invited again, and the old link still does not work.
            let on = try await client.send(.post, "/api/v1/users/\(id)/reactivate", token: admin)
            #expect(on.json["status"] as? String == "invited")
            #expect(try await client.activate(token, "Тиха-ріка-над-містом").status == .gone)
        }
    }
}
