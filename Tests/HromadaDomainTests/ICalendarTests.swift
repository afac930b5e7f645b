import Foundation
import HromadaDomain
import Testing

/// The iCalendar writer by RFC 5545's rules: CRLF, folding at 75 octets outside UTF-8 sequences,
/// escaped TEXT, Kyiv local times with TZID across the October change.
@Suite struct ICalendarTests {
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func sessionsAreWrittenOnTheKyivClockAcrossTheOctoberChange() {
        let events = [
            ICalendar.Event(uid: "e-1@hromada", sequence: 2, starts: Self.date("2026-10-24T07:00:00Z"), ends: Self.date("2026-10-24T13:00:00Z"),
                            summary: "Семінар; бюджет, участь", description: "Рядок 1\nРядок 2 \\ кінець", location: "Київ, вул. Хрещатик, 36",
                            url: nil, cancelled: false),
            ICalendar.Event(uid: "e-2@hromada", sequence: 2, starts: Self.date("2026-10-26T08:00:00Z"), ends: Self.date("2026-10-26T14:00:00Z"),
                            summary: "Семінар", description: "", location: nil, url: "https://meet.example.org/x", cancelled: true),
        ]
        let text = ICalendar.document(name: "Календар", events: events, now: Self.date("2026-10-01T00:00:00Z"))
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("DTSTART;TZID=Europe/Kyiv:20261024T100000\r\n"))
        #expect(unfolded.contains("DTEND;TZID=Europe/Kyiv:20261024T160000\r\n"))
        // After the change on 25 October, 08:00 UTC is 10:00 in Kyiv (+02:00).
        #expect(unfolded.contains("DTSTART;TZID=Europe/Kyiv:20261026T100000\r\n"))
        #expect(unfolded.contains("SUMMARY:Семінар\\; бюджет\\, участь\r\n"))
        #expect(unfolded.contains("DESCRIPTION:Рядок 1\\nРядок 2 \\\\ кінець\r\n"))
        #expect(unfolded.contains("STATUS:CONFIRMED") && unfolded.contains("STATUS:CANCELLED") && unfolded.contains("SEQUENCE:2"))
        #expect(unfolded.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Kyiv\r\n") && unfolded.contains("DTSTAMP:20261001T000000Z"))
    }

    @Test func longLinesFoldAt75OctetsWithoutSplittingALetter() {
        let line = "SUMMARY:" + String(repeating: "Громада ", count: 30)
        let folded = ICalendar.fold(line)
        let parts = folded.components(separatedBy: "\r\n")
        #expect(parts.count > 5)
        #expect(parts.allSatisfy { $0.utf8.count <= 75 })
        #expect(parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(parts.first! + parts.dropFirst().map { String($0.dropFirst()) }.joined() == line)
        #expect(ICalendar.text("a\r\nb\u{0}c") == "a\\nbc")
    }
}
