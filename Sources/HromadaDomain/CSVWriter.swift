import Foundation

/// Cells of the CSV files the platform writes (reports), made inert for spreadsheets.
///
/// A cell a spreadsheet would read as a formula (`=HYPERLINK(…)`, `+…`, `-…`, `@…`, or one that
/// starts with a tab or a carriage return, which some spreadsheets skip before looking) is written
/// with a leading `'`, as OWASP's CSV-injection guidance says: the text shows as written and nothing
/// runs. Numbers the report writes itself do not go through here.
public enum CSVWriter {
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// `text` as one cell between `separator`s: neutralised, then quoted when it holds the
    /// separator, a quote or a line break (quotes doubled, RFC 4180).
    public static func cell(_ text: String, separator: Character = ",") -> String {
        var s = text
        if let first = s.first, formulaStarts.contains(first) { s = "'" + s }
        guard s.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
