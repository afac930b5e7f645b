import Foundation

/// Lays out lesson Markdown for the terminal client, `hromada`.
///
/// Lessons are written for the web, where the browser reflows text; a terminal does not, so everything here
/// is about fitting: paragraphs are re-wrapped, tables shrink or turn into records, code is cut rather than
/// wrapped (wrapping would change its meaning). Links cannot be clicked in every terminal, so their targets
/// are numbered and listed at the end, the way a printed book does it.
///
/// The parser covers the CommonMark subset lessons use (plus GFM pipe tables and task items); anything it
/// does not recognise is shown as plain text rather than dropped, so a learner never loses words.
public struct TerminalRenderer: Sendable {
    /// Columns available. Narrower than `minimumWidth` nothing useful fits, so smaller values are raised.
    let width: Int
    /// Whether SGR escapes may be emitted. Without them the layout alone must carry the structure.
    let colors: Bool

    static let minimumWidth = 10

    public init(width: Int, colors: Bool) {
        self.width = max(width, Self.minimumWidth)
        self.colors = colors
    }

    /// The lesson rendered for a terminal `width` columns wide: lines without trailing newlines.
    public func render(_ markdown: String) -> [String] {
        var pass = Pass(colors: colors)
        let body = pass.render(BlockParser.parse(Self.sourceLines(markdown)), width: width, depth: 0)
        let lines = Self.tidy(body + pass.footnotes(width: width))
        return lines.map { pass.emit($0) }
    }

    /// Visible width of a string in terminal columns (ANSI escapes count 0; East Asian wide characters and
    /// emoji count 2; combining marks 0).
    public static func visibleWidth(_ s: String) -> Int {
        enum Escape { case none, started, csi }
        var state = Escape.none
        var total = 0
        for character in s {
            switch state {
            case .none:
                if character == "\u{1B}" { state = .started } else { total += columns(of: character) }
            case .started:
                state = character == "[" ? .csi : .none
            case .csi:
                if let byte = character.asciiValue, (0x40...0x7E).contains(byte) { state = .none }
            }
        }
        return total
    }
}

// MARK: - Source text

extension TerminalRenderer {
    /// Lines with tabs expanded (indentation decides structure, so it must be counted in columns) and control
    /// characters removed: a lesson must not be able to forge escapes of its own in the learner's terminal.
    /// YAML front matter is metadata for the pack, not text for the learner.
    static func sourceLines(_ markdown: String) -> [String] {
        var lines = markdown.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { raw in
            var line = ""
            for character in raw {
                if character == "\t" {
                    line += String(repeating: " ", count: 4 - line.count % 4)
                } else if !character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    line.append(character)
                }
            }
            return line
        }
        if lines.first.map(trimmedEnd) == "---",
           let end = lines.dropFirst().firstIndex(where: { trimmedEnd($0) == "---" || trimmedEnd($0) == "..." }) {
            lines.removeSubrange(...end)
        }
        return lines
    }

    static func trimmedEnd(_ s: String) -> String {
        String(s.reversed().drop { $0 == " " }.reversed())
    }

    static func indentation(_ line: String) -> Int {
        line.prefix { $0 == " " }.count
    }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " }
    }
}
