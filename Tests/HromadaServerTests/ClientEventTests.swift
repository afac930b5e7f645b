import Foundation
import HromadaAPI
import HromadaClient
import HromadaCrypto
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing

/// The terminal client's event calls against the real server on a loopback socket: every shape of
/// HromadaAPI read back as the client reads it.
@Suite struct ClientEventTests {
    @Test func aCentreAndALearnerRunAnEventFromTheClient() async throws {
        let world = try await EventWorld.make()
        try await world.app.chain()
        try await world.app.run(.live) { client in
            let kyiv = try ClientAccountTests.api(client, token: try await client.login("kyiv-admin@example.org"))
            let learner = try ClientAccountTests.api(client, token: try await client.login("learner@example.org"))
            let now = Date()
            var draft = EventDraft()
            draft.kind = "workshop"
            draft.title = "Тренінг із закупівель"
            draft.audience = ["official"]
            draft.hours = 6
            draft.sessions = [.init(startsAt: KyivCalendar.rfc3339(now.addingTimeInterval(-600)), endsAt: KyivCalendar.rfc3339(now.addingTimeInterval(3000)))]
            draft.onlineURL = "https://meet.example.org/zakupivli"
            draft.capacity = 1
            draft.registration = .init(opensAt: KyivCalendar.rfc3339(now.addingTimeInterval(-3600)), closesAt: KyivCalendar.rfc3339(now.addingTimeInterval(1800)))
            let created = try await kyiv.createEvent(draft)
            #expect(created.status == .draft && created.kind == .workshop && created.credits == 0.2 && created.venue == nil)
            #expect(created.sessions.first.map { abs($0.startsAt.timeIntervalSince(now.addingTimeInterval(-600))) < 1 } == true)
            #expect(try await kyiv.moveEvent(created.id, "publish").status == .published)
            #expect(try await learner.events(centre: "KYV").map(\.id) == [created.id])
            #expect(try await learner.myRegistration(event: created.id) == nil)
            let mine = try await learner.register(event: created.id)
            #expect(mine.status == .registered && mine.position == nil)
            let report = try await kyiv.register(event: created.id, emails: ["other@example.org"])
            #expect(report.waitlisted == 1 && report.items.first?.position == 1)
            let code = try await kyiv.checkInCode(event: created.id, session: 1)
            #expect(code.code.count == 6 && code.validUntil > code.changesAt)
            let present = try await learner.checkIn(event: created.id, session: 1, code: code.code)
            #expect(present.session == 1)
            let rows = try await kyiv.registrations(event: created.id)
            #expect(rows.map(\.email) == ["learner@example.org", "other@example.org"] && rows.first?.attended == [1])
            let csv = String(decoding: try await kyiv.registrationsCSV(event: created.id), as: UTF8.self)
            #expect(csv.hasPrefix("\u{FEFF}email,") && csv.contains("other@example.org"))
            let marked = try await kyiv.setAttendance(event: created.id, session: 1, present: ["learner@example.org"])
            #expect(marked.present == ["learner@example.org"] && marked.added == 0)
            let feed = try await learner.newCalendarFeed()
            #expect(feed.url.hasSuffix(feed.token))
            #expect(try await learner.cancelMyRegistration(event: created.id).status == .cancelled)
            #expect(try await kyiv.registrations(event: created.id).first { $0.email == "other@example.org" }?.status == .registered)
            // A refusal reaches the client as its typed code.
            await #expect {
                _ = try await learner.checkIn(event: created.id, session: 1, code: code.code)
            } throws: { error in
                guard case ClientError.problem(let p) = error else { return false }
                return p.status == 403
            }
            // Closing before the last session ends: a conflict, as the command shows it.
            await #expect {
                _ = try await kyiv.closeEvent(created.id)
            } throws: { error in
                guard case ClientError.problem(let p) = error else { return false }
                return p.code == .conflict
            }
        }
    }
}
