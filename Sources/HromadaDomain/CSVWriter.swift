import Foundation

/// Cells of the CSV files the platform writes (reports), made inert for spreadsheets.
///
/// A cell a spreadsheet would read as a formula (`=HYPERLINK(…)`, `+…`, `-…`, `@…`, or one that
/// starts with a tab or a carriage return, which some spreadsheets skip before looking) is written
/// with a leading `'`, as OWASP's CSV-injection guidance says: the text shows as written and nothing
/// runs. Numbers the report writes itself do not go through here.
public enum CSVWriter {
    /// `= + - @`, tab and carriage return, as UTF-8 bytes.
    static let formulaStarts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]

    /// `text` as one cell between `separator`s (an ASCII character): neutralised, then quoted when it
    /// holds the separator, a quote or a line break (quotes doubled, RFC 4180).
    ///
    /// Looked at as UTF-8 bytes: every character that matters here is ASCII, and an ASCII byte in UTF-8
    /// is always that character, so nothing is missed; comparing `Character`s instead normalised each
    /// Cyrillic letter and took most of a national report's time (`make bench`). A formula sign followed
    /// by a combining mark is neutralised too, which is only safer.
    public static func cell(_ text: String, separator: Character = ",") -> String {
        let sep = separator.asciiValue ?? 0x2C
        var s = text
        if let first = s.utf8.first, formulaStarts.contains(first) { s = "'" + s }
        guard s.utf8.contains(where: { $0 == sep || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
