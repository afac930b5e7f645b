import ArgumentParser
import Foundation
import HromadaAPI
import HromadaDomain
import HromadaPacks
import Testing
@testable import HromadaCommands

/// `hromada events`, `hromada event …` and `hromada check-in`: what they take from the command line,
/// the event file, the large digits of the check-in screen, and what they say in both languages.
/// Against a real server: ClientEventTests (the client's calls) and Tests/e2e/events_e2e.py (in a terminal).
struct EventCommandTests {
    @Test func theCommandsParseAsDocumented() throws {
        let list = try #require(try HromadaCommand.parseAsRoot(["events", "--centre", "KYV", "--kind", "seminar", "--from", "2026-10-01", "--json"]) as? HromadaCommand.Events)
        #expect(list.centre == "KYV" && list.kind == "seminar" && list.from == "2026-10-01" && list.json)
        let id = "5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90"
        #expect(try HromadaCommand.parseAsRoot(["event", "show", id]) is HromadaCommand.EventCommand.Show)
        #expect(try HromadaCommand.parseAsRoot(["event", "register", id]) is HromadaCommand.EventCommand.Register)
        let cancel = try #require(try HromadaCommand.parseAsRoot(["event", "cancel", id, "--event"]) as? HromadaCommand.EventCommand.Cancel)
        #expect(cancel.event)
        let checkIn = try #require(try HromadaCommand.parseAsRoot(["check-in", id, "284913", "--session", "2"]) as? HromadaCommand.CheckIn)
        #expect(checkIn.code == "284913" && checkIn.session == 2)
        let screen = try #require(try HromadaCommand.parseAsRoot(["event", "check-in", id, "--session", "1"]) as? HromadaCommand.EventCommand.CheckInScreen)
        #expect(screen.session == 1 && !screen.once)
        let registrations = try #require(try HromadaCommand.parseAsRoot(["event", "registrations", id, "--csv"]) as? HromadaCommand.EventCommand.Registrations)
        #expect(registrations.csv)
        let attendance = try #require(try HromadaCommand.parseAsRoot(["event", "attendance", id, "--session", "2", "--present", "p.txt"]) as? HromadaCommand.EventCommand.Attendance)
        #expect(attendance.session == 2 && attendance.present == "p.txt")
        #expect(try HromadaCommand.parseAsRoot(["event", "create", "--file", "e.yaml"]) is HromadaCommand.EventCommand.Create)
        #expect(try HromadaCommand.parseAsRoot(["event", "publish", id]) is HromadaCommand.EventCommand.Publish)
        #expect(try HromadaCommand.parseAsRoot(["event", "close", id]) is HromadaCommand.EventCommand.Close)
        #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["event", "check-in", id]) }
        #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["check-in", id]) }
        #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["event", "attendance", id, "--session", "1"]) }
        #expect(throws: (any Error).self) { try HromadaCommand.EventCommand.id("not-an-id") }
    }

    @Test func anEventFileIsReadAsTheAPIsDraftWithTimesKeptAsText() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("event-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = """
            kind: seminar
            title: "Бюджет участі: від ідеї до проєкту"
            audience: [official, deputy]
            hours: 12
            programme: short-term
            sessions:
              - {starts_at: 2026-10-24T10:00:00+03:00, ends_at: "2026-10-24T16:00:00+03:00"}
            venue: {address: "Київ, вул. Хрещатик, 36", hromada: UA80000000000093317}
            online_url: null
            capacity: 30
            registration: {opens_at: "2026-10-01T09:00:00+03:00", closes_at: "2026-10-24T00:00:00+03:00"}
            min_attendance_percent: 50
            certificate: true
            """
        let file = dir.appendingPathComponent("e.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: file))
        let draft = try HromadaCommand.EventCommand.Create.draft(file)
        #expect(draft.kind == "seminar" && draft.title == "Бюджет участі: від ідеї до проєкту" && draft.audience == ["official", "deputy"])
        #expect(draft.hours == 12 && draft.capacity == 30 && draft.certificate == true && draft.onlineURL == nil)
        #expect(draft.sessions?.first?.startsAt == "2026-10-24T10:00:00+03:00")
        #expect(draft.venue?.hromada == "UA80000000000093317")
        for bad in ["kind: seminar\nseats: 4\n", "- a\n- b\n", "a: &x 1\nb: *x\n", "title: [unclosed\n", "kind: seminar\nkind: webinar\n", "capacity: many\n"] {
            try Data(bad.utf8).write(to: URL(fileURLWithPath: file))
            #expect(throws: (any Error).self, "\(bad)") { try HromadaCommand.EventCommand.Create.draft(file) }
        }
    }

    @Test func theCodeIsDrawnInBlockDigitsThatFitTheScreen() {
        let rows = BigDigits.render("284913")
        #expect(rows.count == 7 && Set(rows.map(\.count)).count == 1 && rows[0].count <= BigDigits.width("284913"))
        #expect(rows.joined().contains("█"))
        let large = BigDigits.render("284913", scale: 2)
        #expect(large.count == 14 && large[0].count == 2 * rows[0].count)
        let frame = HromadaCommand.EventCommand.CheckInScreen.screen(code: "284913", title: "Відмітка", footer: ["50 с"], width: 80)
        #expect(frame.split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { $0.count <= 80 })
        #expect(frame.contains("Відмітка") && frame.contains("50 с"))
        #expect(BigDigits.render("0123456789").count == 7)
    }

    /// `hromada verify` names the event of a participation certificate where a course certificate's course goes.
    @Test func aParticipationCertificateIsShownWithItsEvent() {
        let facts = CertificateFacts(document: .object([
            "kind": .string("event"), "serial": .string("UA-KYV-2026-000001-00"), "learner": .object(["name": .string("Олена")]),
            "event": .object(["title": .string("Бюджет участі")]), "issuer": .object(["centre": .object(["name": .string("Центр"), "code": .string("KYV")])]),
        ]))
        #expect(facts.course == "Бюджет участі" && facts.courseRef == "" && facts.learner == "Олена")
    }

    /// Every sentence of these commands exists in both languages, and they are not one text twice.
    @Test func everySentenceIsInUkrainianAndInEnglish() {
        let id = UUID()
        let event = Event(id: id, centre: "KYV", kind: .seminar, title: "Семінар", description: "", language: "uk", audience: [.official],
                          programme: nil, hours: 6, credits: 0.2, sessions: [], venue: nil, onlineURL: "https://x.example", capacity: 10,
                          registration: .init(opensAt: Date(), closesAt: Date()), minAttendancePercent: 100, certificate: false, status: .published,
                          seats: .init(registered: 3, waitlisted: 1))
        let registration = EventRegistration(id: id, event: id, status: .waitlisted, position: 2)
        var texts: [LocalizedText] = [
            Messages.noEvents, Messages.events(3), Messages.seats(event), Messages.badEventID("x"), Messages.registrationCancelled,
            Messages.registered(registration, title: "Семінар"), Messages.checkedIn(session: 1, at: Date()), Messages.noOpenSession,
            Messages.badCode("12"), Messages.eventCreated(event), Messages.eventMoved(event), Messages.badFile("e.yaml", "x"),
            Messages.eventClosed(EventClosing(event: event, closing: .init(alreadyClosed: false, credited: 2, certificates: 2))),
            Messages.eventClosed(EventClosing(event: event, closing: .init(alreadyClosed: true, credited: 0, certificates: 0))),
            Messages.listRegistered(.init(registered: 2, waitlisted: 1, items: [])),
            Messages.attendanceSet(.init(session: 1, present: [], added: 1, removed: 0)),
            Messages.checkInScreen(session: 1, title: "С"), Messages.checkInHint(id.lowercasedText, session: 1), Messages.secondsLeft(42),
            Messages.participation,
        ]
        texts += Event.Kind.allCases.map(Messages.kindName) + Event.Status.allCases.map(Messages.eventStatus)
        texts += EventRegistration.Status.allCases.map { Messages.registrationStatus($0, position: 1) }
        for text in texts {
            #expect(!text.uk.isEmpty && !text.en.isEmpty && text.uk != text.en, "\(text)")
            #expect(text.uk.contains { ("а"..."я").contains($0) || "іїєґ".contains($0) }, "\(text.uk)")
        }
        #expect(Messages.events(1).uk == "1 подія" && Messages.events(5).uk == "5 подій" && Messages.events(2).en == "2 events")
    }
}
