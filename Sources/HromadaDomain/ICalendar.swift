public import Foundation

/// A small iCalendar (RFC 5545) writer for the event calendars: one VCALENDAR with the Europe/Kyiv
/// VTIMEZONE and a VEVENT per session, times local to Kyiv with `TZID=Europe/Kyiv`.
///
/// No Swift iCalendar library is at hand here, so this writes only what the feeds need, by the RFC:
/// CRLF line ends, lines folded at 75 octets (never inside a UTF-8 sequence), TEXT values escaped
/// (`\\`, `\;`, `\,`, `\n`). The output is checked against Python's `icalendar` in the end-to-end test.
public enum ICalendar {
    public struct Event: Sendable, Equatable {
        /// Stable across feeds and edits: the same session is always the same UID.
        public var uid: String
        /// Raised with every change calendar programs should take (the event's revision).
        public var sequence: Int
        public var starts, ends: Date
        public var summary: String
        public var description: String
        public var location: String?
        public var url: String?
        public var cancelled: Bool

        public init(uid: String, sequence: Int, starts: Date, ends: Date, summary: String, description: String,
                    location: String?, url: String?, cancelled: Bool) {
            self.uid = uid
            self.sequence = sequence
            self.starts = starts
            self.ends = ends
            self.summary = summary
            self.description = description
            self.location = location
            self.url = url
            self.cancelled = cancelled
        }
    }

    /// Europe/Kyiv as EU summer time has it since 1996: +03:00 from the last Sunday of March 03:00 local,
    /// +02:00 from the last Sunday of October 04:00 local.
    static let timeZone = [
        "BEGIN:VTIMEZONE", "TZID:Europe/Kyiv",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0300", "TZNAME:EEST", "DTSTART:19700329T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0300", "TZOFFSETTO:+0200", "TZNAME:EET", "DTSTART:19701025T040000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    /// The calendar `name` with `events`, stamped `now`.
    public static func document(name: String, events: [Event], now: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Hromada//Events//UK", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + text(name), "X-WR-TIMEZONE:Europe/Kyiv"]
        lines += timeZone
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + text(event.uid), "DTSTAMP:" + utc(now), "SEQUENCE:\(event.sequence)",
                      "DTSTART;TZID=Europe/Kyiv:" + local(event.starts), "DTEND;TZID=Europe/Kyiv:" + local(event.ends),
                      "SUMMARY:" + text(event.summary)]
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + text(event.description)) }
            if let location = event.location { lines.append("LOCATION:" + text(location)) }
            if let url = event.url { lines.append("URL:" + url.filter { !$0.isNewline }) }
            lines += ["STATUS:" + (event.cancelled ? "CANCELLED" : "CONFIRMED"), "TRANSP:OPAQUE", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// A TEXT value escaped (RFC 5545 §3.3.11); carriage returns dropped, line feeds as `\n`.
    public static func text(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                // Other control characters have no place in a content line.
                if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A content line folded at 75 octets: CRLF and one space before each continuation, never
    /// splitting a UTF-8 sequence.
    public static func fold(_ line: String) -> String {
        var out = "", octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > 75 {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(scalar)
            octets += size
        }
        return out
    }

    /// `20261024T100000`: the moment on the Kyiv clock.
    public static func local(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = KyivCalendar.zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// `20261024T070000Z`.
    public static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
