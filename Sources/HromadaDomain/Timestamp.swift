public import Foundation

/// Times as RFC 3339 in UTC: `2026-11-29T06:26:13.123Z`, rounded (not cut) to `digits` fractional
/// digits. Foundation's ISO 8601 style cuts, and a time built from `….107` (parsed, or read from
/// PostgreSQL) is a hair under .107, so cutting writes .106: half of all milliseconds came out one
/// early. The API writes 3 digits; PostgreSQL gets 6, its own precision.
public enum Timestamp {
    public static func format(_ date: Date, digits: Int = 3) -> String {
        let width = digits == 6 ? 6 : 3
        let scale: Int64 = width == 6 ? 1_000_000 : 1000
        let units = Int64((date.timeIntervalSince1970 * Double(scale)).rounded())
        let fraction = ((units % scale) + scale) % scale
        var seconds = time_t((units - fraction) / scale)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        // Written digit by digit: String(format:) took 5 % of an attempt start's CPU for two times.
        guard (0...9999).contains(year) else {
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%0*dZ", year, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                          Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), width, Int(fraction))
        }
        var text = [UInt8](repeating: 0, count: 21 + width)
        func put(_ value: Int, at end: Int, width: Int) {
            var value = value
            for i in stride(from: end - 1, through: end - width, by: -1) {
                text[i] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(year, at: 4, width: 4)
        put(Int(parts.tm_mon) + 1, at: 7, width: 2)
        put(Int(parts.tm_mday), at: 10, width: 2)
        put(Int(parts.tm_hour), at: 13, width: 2)
        put(Int(parts.tm_min), at: 16, width: 2)
        put(Int(parts.tm_sec), at: 19, width: 2)
        put(Int(fraction), at: 20 + width, width: width)
        (text[4], text[7], text[10]) = (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "T"))
        (text[13], text[16], text[19], text[20 + width]) = (UInt8(ascii: ":"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `text` is a real calendar day written `YYYY-MM-DD` (year 0001 on): `2026-02-30` and
    /// `0000-01-01` are not, though lenient parsers roll them over to another day.
    public static func isCalendarDate(_ text: some StringProtocol) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts.map(\.count) == [4, 2, 2],
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), y >= 1, (1...12).contains(m), d >= 1
        else { return false }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    /// Whether `text` is an RFC 3339 date-time whose fields are all in range (hour under 24, and so
    /// on), with `Z` or an offset: what `ISO8601FormatStyle` would otherwise roll over.
    public static func isRFC3339(_ text: String) -> Bool {
        let chars = Array(text.utf8)
        guard chars.count >= 20, isCalendarDate(text.prefix(10)), chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t") else { return false }
        func number(_ at: Int) -> Int? {
            guard at + 1 < chars.count, (48...57).contains(chars[at]), (48...57).contains(chars[at + 1]) else { return nil }
            return Int(chars[at] - 48) * 10 + Int(chars[at + 1] - 48)
        }
        guard let h = number(11), chars[13] == UInt8(ascii: ":"), let mi = number(14), chars[16] == UInt8(ascii: ":"), let se = number(17),
              h < 24, mi < 60, se < 60 else { return false }
        var i = 19
        if i < chars.count, chars[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < chars.count, (48...57).contains(chars[i]) { i += 1 }
            guard i > start else { return false }
        }
        guard i < chars.count else { return false }
        if chars[i] == UInt8(ascii: "Z") || chars[i] == UInt8(ascii: "z") { return i == chars.count - 1 }
        guard chars[i] == UInt8(ascii: "+") || chars[i] == UInt8(ascii: "-"), chars.count == i + 6,
              let oh = number(i + 1), chars[i + 3] == UInt8(ascii: ":"), let om = number(i + 4), oh < 24, om < 60 else { return false }
        return true
    }
}
