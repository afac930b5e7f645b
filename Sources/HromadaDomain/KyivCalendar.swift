public import Foundation

/// Dates and times as people in Ukraine read them: on the Kyiv clock, with the month in words.
///
///     KyivCalendar.dateTime(2026-12-07T04:01:52Z, .uk)  // "7 грудня 2026, 06:01 (за київським часом)"
///     KyivCalendar.dateTime(2026-12-07T04:01:52Z, .en)  // "7 December 2026, 06:01 (Kyiv time)"
///     KyivCalendar.day("2026-11-20", .uk)               // "20 листопада 2026"
///
/// The month names are written here, not taken from the system's locale data, so every machine
/// prints the same words.
public enum KyivCalendar {
    /// Europe/Kyiv (spelt Europe/Kiev in time-zone data older than 2022).
    public static let zone: TimeZone = TimeZone(identifier: "Europe/Kyiv") ?? TimeZone(identifier: "Europe/Kiev")
        ?? TimeZone(secondsFromGMT: 2 * 3600)!

    static let months: [Language: [String]] = [
        .uk: ["січня", "лютого", "березня", "квітня", "травня", "червня",
              "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"],
        .en: ["January", "February", "March", "April", "May", "June",
              "July", "August", "September", "October", "November", "December"],
    ]

    /// The calendar year in Kyiv at `date`.
    public static func year(of date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.component(.year, from: date)
    }

    /// `YYYY-MM-DD` in Kyiv at `date`.
    public static func isoDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The moment on the Kyiv clock, to the minute, saying so.
    public static func dateTime(_ date: Date, _ language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let suffix = language == .uk ? "за київським часом" : "Kyiv time"
        return "\(c.day!) \(months[language]![c.month! - 1]) \(c.year!), \(twoDigits(c.hour!)):\(twoDigits(c.minute!)) (\(suffix))"
    }

    /// A calendar day given as `YYYY-MM-DD` (a day has no clock), with the month in words; the text
    /// as given when it is not such a day.
    public static func day(_ iso: String, _ language: Language) -> String {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day)
        else { return iso }
        return "\(day) \(months[language]![month - 1]) \(year)"
    }

    /// The moment as RFC 3339 on the Kyiv clock, with its offset that day: `2026-10-24T10:00:00+03:00`
    /// in summer time, `…+02:00` in winter. Whole seconds.
    public static func rfc3339(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let whole = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
        let offset = zone.secondsFromGMT(for: whole)
        let sign = offset < 0 ? "-" : "+"
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
            + sign + String(format: "%02d:%02d", abs(offset) / 3600, abs(offset) % 3600 / 60)
    }
}
