import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaTestSupport
import Testing
import HromadaPostgres

/// `GET /api/v1/cohorts/{id}/invitations.csv`, for centres that hand links out on paper.
@Suite struct InvitationSheetTests {
    @Test func theSheetGivesNewLinksToThoseNotYetActiveAndTheOldOnesStop() async throws {
        let app = try await CohortAPITests.world()
        try await app.run { client in
            let token = try await client.login("kyiv-admin@example.org")
            let cohort = try await CohortAPITests.createCohort(client, token)
            let csv = CohortAPITests.header
                + "a@example.org,=1+2,official,п,Ірпінська\nb@example.org,Богдан,official,п,Ірпінська\nc@example.org,Віра,official,п,Ірпінська\n"
                + "learner@example.org,Відомий,official,п,Ірпінська\n"
            #expect(try await client.send(.post, "/api/v1/cohorts/\(cohort)/members", token: token, body: Array(csv.utf8), contentType: "text/csv").status == .ok)
            let mailed = try #require(try await app.token(to: "a@example.org"))
            // b activates; c is deactivated: neither is on the sheet.
            let b = try #require(try await app.token(to: "b@example.org"))
            #expect(try await client.activate(b, "Тиха-ріка-над-містом").status == .ok)
            let c = try #require(try await app.db.pool.withConnection { try UserStore.find($0, email: "c@example.org") })
            #expect(try await client.send(.post, "/api/v1/users/\(c.id.lowercasedText)/deactivate", token: token).status == .ok)

            let sheet = try await client.send(.get, "/api/v1/cohorts/\(cohort)/invitations.csv", token: token)
            #expect(sheet.status == .ok)
            #expect(sheet.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(sheet.headers[.cacheControl] == "no-store")
            let lines = sheet.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "email,full_name,link,valid_until")
            #expect(lines.count == 2, "\(lines)")
            let row = lines[1]
            #expect(row.hasPrefix("a@example.org,'=1+2,https://hromada.test/activate?t="), "\(row)")
            let link = try #require(TestApp.token(in: row))
            #expect(link != mailed)
            // The mailed link stops working, the letter not sent yet is cancelled, the sheet's link works.
            #expect(try await client.activate(mailed, "Тиха-ріка-над-містом").status == .gone)
            #expect(try await app.letters().first { $0.to == "a@example.org" }?.status == "cancelled")
            #expect(try await client.activate(link, "Тиха-ріка-над-містом").status == .ok)
            let audit = try await app.db.pool.withConnection { try AuditLog.entries($0, subjectType: "cohort", subjectID: cohort) }
            #expect(audit.last?.action == "cohort.invitations" && audit.last?.details["links"] == "1")
            // Another centre's admin, and a learner, learn nothing of the cohort.
            for who in ["lviv-admin@example.org", "learner@example.org"] {
                let other = try await client.send(.get, "/api/v1/cohorts/\(cohort)/invitations.csv", token: try await client.login(who))
                #expect(other.status == .notFound, "\(who)")
            }
        }
    }
}
