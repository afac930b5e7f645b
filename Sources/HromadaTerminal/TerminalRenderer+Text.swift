import Foundation

// MARK: - Styled text and wrapping

extension TerminalRenderer {
    /// What a piece of text means; whether it becomes an escape is decided only when a line is emitted.
    struct Style: OptionSet, Hashable {
        let rawValue: UInt8
        static let bold = Style(rawValue: 1)
        static let italic = Style(rawValue: 2)
        static let underline = Style(rawValue: 4)
        static let dim = Style(rawValue: 8)
        /// Code and link numbers: the one colour, so it reads as "not prose" on any palette.
        static let accent = Style(rawValue: 16)
    }

    struct Segment {
        var text: String
        var style: Style
    }

    typealias Line = [Segment]

    /// A word is never split across styles' boundaries, so `**слово**,` wraps as one unit.
    enum Token {
        case word([Segment])
        case space(Style)
        case lineBreak
    }

    static func columns(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        let properties = first.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        // Nothing below the Hangul block is wide, and lessons are almost all Cyrillic: skip the tables.
        if first.value < 0x1100, scalars.count == 1 { return 1 }
        if properties.isEmojiPresentation || (properties.isEmoji && scalars.contains("\u{FE0F}")) { return 2 }
        return wideRanges.contains { $0.contains(first.value) } ? 2 : 1
    }

    /// East Asian Wide and Fullwidth blocks (UAX #11). The standard library does not expose the property.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF,
        0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    static func width(of line: Line) -> Int {
        line.reduce(0) { $0 + visibleWidth($1.text) }
    }

    static func isBlank(_ line: Line) -> Bool {
        line.allSatisfy { isBlank($0.text) }
    }

    static func append(_ character: Character, _ style: Style, to line: inout Line) {
        if line.last?.style == style { line[line.count - 1].text.append(character) } else {
            line.append(Segment(text: String(character), style: style))
        }
    }

    /// Spaces separate words and collapse; "\n" is a hard line break. Other whitespace (a no-break space)
    /// is part of a word, as the author meant.
    static func tokens(_ segments: [Segment]) -> [Token] {
        var tokens: [Token] = []
        var word: Line = []
        func endWord() {
            if !word.isEmpty { tokens.append(.word(word)) }
            word = []
        }
        for segment in segments {
            for character in segment.text {
                if character == "\n" {
                    endWord()
                    tokens.append(.lineBreak)
                } else if character == " " {
                    endWord()
                    if case .space = tokens.last {} else { tokens.append(.space(segment.style)) }
                } else {
                    append(character, segment.style, to: &word)
                }
            }
        }
        endWord()
        return tokens
    }

    /// Greedy wrapping at word boundaries. A word wider than the line is broken between characters
    /// (grapheme clusters, so accents and flags stay whole); nothing else is ever cut.
    static func wrap(_ segments: [Segment], width: Int) -> [Line] {
        var lines: [Line] = []
        var line: Line = []
        var used = 0
        var space: Style?
        for token in tokens(segments) {
            switch token {
            case .lineBreak:
                lines.append(line)
                (line, used, space) = ([], 0, nil)
            case .space(let style):
                if used > 0 { space = style }
            case .word(let parts):
                let wordWidth = self.width(of: parts)
                if used > 0, let style = space, used + 1 + wordWidth <= width {
                    line.append(Segment(text: " ", style: style))
                    used += 1
                } else if used > 0 {
                    lines.append(line)
                    (line, used) = ([], 0)
                }
                space = nil
                if used + wordWidth <= width {
                    line += parts
                    used += wordWidth
                    continue
                }
                for part in parts {
                    for character in part.text {
                        let characterWidth = columns(of: character)
                        if used + characterWidth > width, used > 0 {
                            lines.append(line)
                            (line, used) = ([], 0)
                        }
                        append(character, part.style, to: &line)
                        used += characterWidth
                    }
                }
            }
        }
        lines.append(line)
        while let last = lines.last, isBlank(last) { lines.removeLast() }
        return lines
    }

    /// Puts `first` before the first line and `rest` before the others; blank lines get `blank`, so that no
    /// line ends in padding.
    static func prefixed(_ lines: [Line], first: Line, rest: Line, blank: Line = []) -> [Line] {
        lines.enumerated().map { index, line in
            if isBlank(line) { return blank }
            return (index == 0 ? first : rest) + line
        }
    }

    /// One blank line between blocks, never two, none at either end.
    static func tidy(_ lines: [Line]) -> [Line] {
        var out: [Line] = []
        for line in lines {
            if !isBlank(line) {
                out.append(line)
            } else if let last = out.last, !isBlank(last) {
                out.append([])
            }
        }
        if let last = out.last, isBlank(last) { out.removeLast() }
        return out
    }

    static func plain(_ count: Int, _ character: Character = " ") -> Segment {
        Segment(text: String(repeating: character, count: max(count, 0)), style: [])
    }

    /// Cuts a code line to `room` columns with "…" in the last one, so the cut is visible.
    static func truncated(_ text: String, to room: Int) -> String {
        guard visibleWidth(text) > room else { return text }
        var out = ""
        var used = 0
        for character in text {
            let characterWidth = columns(of: character)
            if used + characterWidth > room - 1 { break }
            out.append(character)
            used += characterWidth
        }
        return out + "…"
    }
}
