import Foundation

/// Times as RFC 3339 in UTC: `2026-11-29T06:26:13.123Z`, rounded (not cut) to `digits` fractional
/// digits. Foundation's ISO 8601 style cuts, and a time built from `….107` (parsed, or read from
/// PostgreSQL) is a hair under .107, so cutting writes .106: half of all milliseconds came out one
/// early. The API writes 3 digits; PostgreSQL gets 6, its own precision.
public enum Timestamp {
    public static func format(_ date: Date, digits: Int = 3) -> String {
        let scale = digits == 6 ? 1_000_000 : 1000
        let units = Int64((date.timeIntervalSince1970 * Double(scale)).rounded())
        let fraction = ((units % Int64(scale)) + Int64(scale)) % Int64(scale)
        var seconds = time_t((units - fraction) / Int64(scale))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%0*dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), digits == 6 ? 6 : 3, Int(fraction))
    }
}
