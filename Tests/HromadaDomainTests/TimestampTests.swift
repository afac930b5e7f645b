import Foundation
import HromadaDomain
import Testing

@Suite struct TimestampTests {
    /// What `Timestamp.format` wrote with `String(format:)` before it wrote digit by digit.
    static func reference(_ date: Date, digits: Int) -> String {
        let scale: Int64 = digits == 6 ? 1_000_000 : 1000
        let units = Int64((date.timeIntervalSince1970 * Double(scale)).rounded())
        let fraction = ((units % scale) + scale) % scale
        var seconds = time_t((units - fraction) / scale)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%0*dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), digits == 6 ? 6 : 3, Int(fraction))
    }

    @Test func writesWhatTheFormatStringWroteForAnyTime() {
        var random = SystemRandomNumberGenerator()
        // Year 1 to 9999, both precisions, with the ends of days, years and the epoch among them.
        var times: [Double] = [0, -0.0005, 0.9996, -1.5, 86_399.9999, 946_684_799.9995, 4_102_444_800, -62_135_596_800, 253_402_300_799.999]
        for _ in 0..<20_000 { times.append(Double.random(in: -62_135_596_800...253_402_300_799, using: &random)) }
        for t in times {
            let date = Date(timeIntervalSince1970: t)
            #expect(Timestamp.format(date) == Self.reference(date, digits: 3), "\(t)")
            #expect(Timestamp.format(date, digits: 6) == Self.reference(date, digits: 6), "\(t)")
        }
    }

    @Test func knownTimes() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_959_906.1234567)) == "2026-11-29T13:45:06.123Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_959_906.1234567), digits: 6) == "2026-11-29T13:45:06.123457Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00.000Z")
        // Past year 9999 the digits are not a fixed width: the format string writes them.
        #expect(Timestamp.format(Date(timeIntervalSince1970: 253_402_300_800.25)) == "10000-01-01T00:00:00.250Z")
    }

    /// Found in review: `2026-02-30` and an hour of 25 were rolled over into other times.
    @Test func onlyRealDatesAndTimesAreAccepted() {
        for good in ["2026-02-28", "2024-02-29", "2000-02-29", "0001-01-01", "2026-12-31"] { #expect(Timestamp.isCalendarDate(good), "\(good)") }
        for bad in ["2026-02-30", "2025-02-29", "1900-02-29", "0000-01-01", "2026-13-01", "2026-00-10", "2026-1-01", "2026-01-1x", "２０２６-01-01", ""] {
            #expect(!Timestamp.isCalendarDate(bad), "\(bad)")
        }
        for good in ["2026-11-29T10:15:00Z", "2026-11-29T10:15:00.123Z", "2026-11-29T23:59:59+02:00", "2026-11-29t10:15:00z"] {
            #expect(Timestamp.isRFC3339(good), "\(good)")
        }
        for bad in ["2026-11-29T25:00:00Z", "2026-11-29T10:60:00Z", "2026-11-29T10:15:60Z", "2026-02-30T10:00:00Z", "2026-11-29T10:15:00",
                    "2026-11-29 10:15:00Z", "2026-11-29T10:15:00.Z", "2026-11-29T10:15:00+2:00", "2026-11-29T10:15:00Zjunk"] {
            #expect(!Timestamp.isRFC3339(bad), "\(bad)")
        }
    }
}
