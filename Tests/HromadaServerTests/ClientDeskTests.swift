import Foundation
import HTTPTypes
import HromadaAPI
import HromadaClient
import HromadaDomain
import HromadaPostgres
@testable import HromadaServer
import HromadaTestSupport
import Testing

/// The calls behind `hromada users add|import|show`, `hromada cohort invitations`, `hromada outbox` and
/// `hromada certificate reissue`, against the real server on a loopback socket, and what another
/// centre's admin or a learner gets from them.
@Suite struct ClientDeskTests {
    static func person(_ email: String, centre: String = "KYV", language: String? = nil) -> UserCreation {
        UserCreation(email: email, fullName: "Олена Коваль", category: "official", position: "секретар ради", hromada: "Бучанська",
                     centre: centre, language: language)
    }

    static func refused(_ status: Int, _ call: @Sendable () async throws -> Void) async {
        await #expect { try await call() } throws: { error in
            guard case ClientError.problem(let p) = error else { return false }
            return p.status == status
        }
    }

    @Test func aCentreAdminAddsAPersonWhoIsInvitedAndShown() async throws {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin])
        try await app.person("lviv-admin@example.org", roles: [.centreAdmin], centre: "LVV")
        try await app.person("learner@example.org")
        try await app.run(.live) { client in
            let kyiv = try ClientAccountTests.api(client, token: try await client.login("kyiv-admin@example.org"))
            let added = try await kyiv.createUser(Self.person("olena@example.org", language: "en"))
            #expect(added.status == .invited && added.centre == "KYV" && added.roles == [.learner])
            #expect(try await app.letters().map(\.to) == ["olena@example.org"])
            #expect(try await kyiv.user(added.id) == added)
            // The same address again: 409 and no second letter.
            await Self.refused(409) { _ = try await kyiv.createUser(Self.person("olena@example.org")) }
            // A wrong field is 422 naming it, nothing created.
            var mayor = Self.person("bad@example.org")
            mayor.category = "mayor"
            let bad = mayor
            await Self.refused(422) { _ = try await kyiv.createUser(bad) }
            // Another centre's admin cannot add to Kyiv, nor see the person; a learner cannot add at all.
            let lviv = try ClientAccountTests.api(client, token: try await client.login("lviv-admin@example.org"))
            await Self.refused(403) { _ = try await lviv.createUser(Self.person("x@example.org")) }
            await Self.refused(404) { _ = try await lviv.user(added.id) }
            let learner = try ClientAccountTests.api(client, token: try await client.login("learner@example.org"))
            await Self.refused(403) { _ = try await learner.createUser(Self.person("y@example.org")) }
            #expect(try await app.letters().count == 1)
            // The day a person took office travels in the shared body and is kept (`--appointed-on`).
            var appointed = Self.person("new-official@example.org")
            appointed.appointedOn = "2026-09-01"
            let official = try await kyiv.createUser(appointed)
            let kept = try await app.db.pool.withConnection { db in
                try db.execute("SELECT appointed_on::text AS d FROM users WHERE id = \(official.id)")[0].decode(String.self, "d")
            }
            #expect(kept == "2026-09-01")
            // A day that is no day is refused by name, and nobody is created.
            var wrongDay = Self.person("wrong-day@example.org")
            wrongDay.appointedOn = "2026-02-30"
            let refusedDay = wrongDay
            await #expect { _ = try await kyiv.createUser(refusedDay) } throws: { error in
                guard case ClientError.problem(let p) = error else { return false }
                return p.status == 422 && p.errors?.map(\.field) == ["appointed_on"]
            }
            let stored = try await app.db.pool.withConnection { db in
                try db.execute("SELECT count(*)::int AS n FROM users WHERE email = 'wrong-day@example.org'")[0].decode(Int.self, "n")
            }
            #expect(stored == 0)
        }
    }

    @Test func aFileOfPeopleIsImportedOnceAndEachIsInvited() async throws {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin])
        try await app.person("lviv-admin@example.org", roles: [.centreAdmin], centre: "LVV")
        try await app.person("learner@example.org")
        try await app.run(.live) { client in
            let kyiv = try ClientAccountTests.api(client, token: try await client.login("kyiv-admin@example.org"))
            let csv = Data("""
                email;full_name;category;position;hromada
                a@example.org;Андрій Бондар;official;спеціаліст;Ірпінська
                b@example.org;Богдана Лис;deputy;депутатка;Бучанська
                learner@example.org;Відома Особа;official;спеціаліст;Ірпінська

                """.utf8)
            let first = try await kyiv.importUsers(centre: "KYV", csv: csv, idempotencyKey: "file-1")
            #expect(first == UserImportResult(created: 2, unchanged: 1))
            #expect(Set(try await app.letters().map(\.to)) == ["a@example.org", "b@example.org"])
            // The same file again (the command's key is the file's digest): the first answer, nothing more.
            #expect(try await kyiv.importUsers(centre: "KYV", csv: csv, idempotencyKey: "file-1") == first)
            #expect(try await app.letters().count == 2)
            // A wrong line: 422, nothing created.
            let wrong = Data("email,full_name,category,position,hromada\nc@example.org,Віра,mayor,п,Г\n".utf8)
            await Self.refused(422) { _ = try await kyiv.importUsers(centre: "KYV", csv: wrong, idempotencyKey: "file-2") }
            // Another centre's admin cannot import into Kyiv.
            let lviv = try ClientAccountTests.api(client, token: try await client.login("lviv-admin@example.org"))
            await Self.refused(403) { _ = try await lviv.importUsers(centre: "KYV", csv: csv, idempotencyKey: "file-3") }
            #expect(try await app.letters().count == 2)
            #expect(try await kyiv.users(centre: nil).count == 4)
        }
    }

    @Test func theOutboxShowsACentreItsOwnLettersOnly() async throws {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin])
        try await app.person("lviv-admin@example.org", roles: [.centreAdmin], centre: "LVV")
        try await app.person("learner@example.org")
        try await app.run(.live) { client in
            let kyiv = try ClientAccountTests.api(client, token: try await client.login("kyiv-admin@example.org"))
            let lviv = try ClientAccountTests.api(client, token: try await client.login("lviv-admin@example.org"))
            _ = try await kyiv.createUser(Self.person("olena@example.org"))
            _ = try await lviv.createUser(Self.person("taras@example.org", centre: "LVV"))
            let mine = try await kyiv.outbox(status: nil, centre: nil)
            #expect(mine.map(\.to) == ["olena@example.org"] && mine.first?.kind == .invitation && mine.first?.status == .pending)
            #expect(try await kyiv.outbox(status: .sent, centre: nil).isEmpty)
            #expect(try await lviv.outbox(status: .pending, centre: nil).map(\.to) == ["taras@example.org"])
            await Self.refused(403) { _ = try await lviv.outbox(status: nil, centre: "KYV") }
            let learner = try ClientAccountTests.api(client, token: try await client.login("learner@example.org"))
            await Self.refused(403) { _ = try await learner.outbox(status: nil, centre: nil) }
        }
    }

    @Test func theInvitationSheetComesAsTheServerWroteItAndOnlyToItsCentre() async throws {
        let app = try await CohortAPITests.world()
        try await app.run(.live) { client in
            let token = try await client.login("kyiv-admin@example.org")
            let cohort = try await CohortAPITests.createCohort(client, token)
            let csv = CohortAPITests.header + "a@example.org,Андрій,official,п,Бучанська\nb@example.org,Богдана,official,п,Бучанська\n"
            #expect(try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: token, body: Array(csv.utf8), contentType: "text/csv").status == .ok)
            let mailed = try #require(try await app.token(to: "a@example.org"))
            let sheet = String(decoding: try await ClientAccountTests.api(client, token: token).invitationSheet(cohort: cohort), as: UTF8.self)
            let lines = sheet.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "email,full_name,link,valid_until" && lines.count == 3, "\(sheet)")
            #expect(try await client.activate(mailed, "Тиха-ріка-над-містом").status == .gone)
            let lviv = try ClientAccountTests.api(client, token: try await client.login("odesa-admin@example.org"))
            await Self.refused(404) { _ = try await lviv.invitationSheet(cohort: cohort) }
        }
    }

    @Test func aCentreReissuesFromTheClientAndTheOldSerialIsSuperseded() async throws {
        let (app, enrolment) = try await CertificateAPITests.world()
        try await app.run(.live) { client in
            let token = try await client.login("learner@example.org")
            let old = try #require(((try await CertificateAPITests.complete(client, token, enrolment))["certificate"] as? [String: any Sendable])?["serial"] as? String)
            // The learner and another centre's admin cannot; nothing changes.
            let learner = try ClientAccountTests.api(client, token: token)
            await Self.refused(403) { _ = try await learner.reissueCertificate(old, note: nil) }
            let lviv = try ClientAccountTests.api(client, token: try await client.login("lviv-admin@example.org"))
            await Self.refused(404) { _ = try await lviv.reissueCertificate(old, note: nil) }
            #expect(try await ClientAccountTests.api(client).publicCertificate(old).verification.verdict == .valid)
            let kyiv = try ClientAccountTests.api(client, token: try await client.login("kyiv-admin@example.org"))
            let fresh = try await kyiv.reissueCertificate(old, note: "Виправлено прізвище")
            #expect(fresh.serial != old && fresh.status == .issued && CertificateSerial.isValid(fresh.serial))
            let oldView = try await ClientAccountTests.api(client).publicCertificate(old)
            #expect(oldView.verification.verdict == .revoked && oldView.verification.revocation?.reasonCode == .superseded)
        }
    }
}
