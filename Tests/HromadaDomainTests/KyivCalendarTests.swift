import Foundation
import HromadaDomain
import Testing

@Suite struct KyivCalendarTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// Winter is UTC+2, summer UTC+3; the moment is written in words of the reader's language.
    @Test func aMomentIsWrittenOnTheKyivClock() {
        #expect(KyivCalendar.dateTime(Self.utc("2026-12-07T04:01:52Z"), .uk) == "7 грудня 2026, 06:01 (за київським часом)")
        #expect(KyivCalendar.dateTime(Self.utc("2026-12-07T04:01:52Z"), .en) == "7 December 2026, 06:01 (Kyiv time)")
        #expect(KyivCalendar.dateTime(Self.utc("2026-07-15T21:30:00Z"), .uk) == "16 липня 2026, 00:30 (за київським часом)")
        #expect(KyivCalendar.dateTime(Self.utc("2026-03-29T00:59:00Z"), .en) == "29 March 2026, 02:59 (Kyiv time)")
        #expect(KyivCalendar.dateTime(Self.utc("2026-03-29T01:00:00Z"), .en) == "29 March 2026, 04:00 (Kyiv time)")
    }

    @Test func aDayIsWrittenWithItsMonthInWords() {
        #expect(KyivCalendar.day("2026-11-20", .uk) == "20 листопада 2026")
        #expect(KyivCalendar.day("2027-02-03", .en) == "3 February 2027")
        #expect(KyivCalendar.day("2026-13-01", .uk) == "2026-13-01")
        #expect(KyivCalendar.day("", .en) == "")
    }
}
