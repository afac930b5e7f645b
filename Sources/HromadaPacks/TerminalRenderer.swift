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

// MARK: - Blocks

extension TerminalRenderer {
    enum Alignment { case left, center, right }

    indirect enum Block {
        case heading(level: Int, text: String)
        case paragraph(String)
        case code([String])
        case rule
        case quote([Block])
        case list(ListBlock)
        case table(header: [String], alignments: [Alignment], rows: [[String]])
        case html([String])
    }

    struct ListBlock {
        var ordered: Bool
        var start: Int
        var delimiter: Character
        /// Loose lists (a blank line between items or inside one) keep blank lines between items.
        var loose: Bool
        var items: [ListItem]
    }

    struct ListItem {
        var checked: Bool?
        var blocks: [Block]
    }

    /// A list item's opening line. `contentOffset` is where the item's text starts: later lines indented at
    /// least that far belong to the item, which is how nesting by indentation works.
    struct ListMarker {
        let ordered: Bool
        let number: Int
        let symbol: Character
        let contentOffset: Int
        let content: String

        init?(_ line: String) {
            let indent = indentation(line)
            guard indent <= 3 else { return nil }
            let rest = line.dropFirst(indent)
            let markerLength: Int
            if let first = rest.first, "-*+".contains(first) {
                ordered = false
                number = 0
                symbol = first
                markerLength = 1
            } else {
                let digits = rest.prefix { $0.isASCII && $0.isWholeNumber }
                guard (1...9).contains(digits.count), let value = Int(digits),
                      let delimiter = rest.dropFirst(digits.count).first, delimiter == "." || delimiter == ")"
                else { return nil }
                ordered = true
                number = value
                symbol = delimiter
                markerLength = digits.count + 1
            }
            let after = rest.dropFirst(markerLength)
            guard after.isEmpty || after.first == " " else { return nil }
            let spaces = after.prefix { $0 == " " }.count
            // More than four spaces would start indented code inside the item; CommonMark then counts one.
            let gap = spaces == after.count || spaces > 4 ? 1 : spaces
            contentOffset = indent + markerLength + gap
            content = String(after.dropFirst(gap))
        }

        func continues(_ list: ListMarker) -> Bool {
            ordered == list.ordered && symbol == list.symbol
        }
    }

    struct Fence {
        let indent: Int
        let marker: Character
        let length: Int

        init?(_ line: String) {
            indent = indentation(line)
            let rest = line.dropFirst(indent)
            guard indent <= 3, let first = rest.first, first == "`" || first == "~" else { return nil }
            marker = first
            length = rest.prefix { $0 == first }.count
            guard length >= 3, !(first == "`" && rest.dropFirst(length).contains("`")) else { return nil }
        }

        func isClosed(by line: String) -> Bool {
            let rest = line.trimmingCharacters(in: .whitespaces)
            return indentation(line) <= 3 && rest.count >= length && rest.allSatisfy { $0 == marker }
        }
    }

    /// Splits lines into blocks. Each `parse…` function starts at `i` and leaves it after what it consumed.
    enum BlockParser {
        static func parse(_ lines: [String]) -> [Block] {
            var blocks: [Block] = []
            var i = 0
            while i < lines.count {
                let line = lines[i]
                if isBlank(line) {
                    i += 1
                } else if indentation(line) >= 4 {
                    blocks.append(indentedCode(lines, &i))
                } else if let fence = Fence(line) {
                    blocks.append(fencedCode(fence, lines, &i))
                } else if case let (level, text)? = atxHeading(line) {
                    blocks.append(.heading(level: level, text: text))
                    i += 1
                } else if isRule(line) {
                    blocks.append(.rule)
                    i += 1
                } else if quoteContent(line) != nil {
                    blocks.append(quote(lines, &i))
                } else if let marker = ListMarker(line) {
                    blocks.append(list(marker, lines, &i))
                } else if startsHTML(line) {
                    let start = i
                    while i < lines.count, !isBlank(lines[i]) { i += 1 }
                    blocks.append(.html(Array(lines[start..<i])))
                } else if let alignments = tableStart(lines, i) {
                    blocks.append(table(alignments, lines, &i))
                } else {
                    blocks.append(paragraph(lines, &i))
                }
            }
            return blocks
        }

        static func atxHeading(_ line: String) -> (Int, String)? {
            guard indentation(line) <= 3 else { return nil }
            let rest = line.drop { $0 == " " }
            let level = rest.prefix { $0 == "#" }.count
            let after = rest.dropFirst(level)
            guard (1...6).contains(level), after.isEmpty || after.first == " " else { return nil }
            let text = after.trimmingCharacters(in: .whitespaces)
            let closing = text.reversed().prefix { $0 == "#" }.count
            let kept = text.dropLast(closing)
            guard closing > 0, kept.isEmpty || kept.last == " " else { return (level, text) }
            return (level, kept.trimmingCharacters(in: .whitespaces))
        }

        static func isRule(_ line: String) -> Bool {
            let marks = line.filter { $0 != " " }
            guard indentation(line) <= 3, let first = marks.first, "-*_".contains(first) else { return false }
            return marks.count >= 3 && marks.allSatisfy { $0 == first }
        }

        static func setextLevel(_ line: String) -> Int? {
            let marks = line.trimmingCharacters(in: .whitespaces)
            guard indentation(line) <= 3, let first = marks.first, marks.allSatisfy({ $0 == first }) else { return nil }
            return first == "=" ? 1 : first == "-" ? 2 : nil
        }

        static func quoteContent(_ line: String) -> String? {
            let rest = line.drop { $0 == " " }
            guard indentation(line) <= 3, rest.first == ">" else { return nil }
            let content = rest.dropFirst()
            return String(content.first == " " ? content.dropFirst() : content)
        }

        static func startsHTML(_ line: String) -> Bool {
            let rest = Array(line.drop { $0 == " " })
            guard indentation(line) <= 3, rest.count > 1, rest[0] == "<" else { return false }
            if rest[1] == "!" || rest[1] == "?" { return true }
            let name = rest.dropFirst(rest[1] == "/" ? 2 : 1)
            let tag = name.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            guard tag.first?.isLetter == true else { return false }
            let next = name.dropFirst(tag.count).first
            return next == nil || next == " " || next == ">" || next == "/"
        }

        /// Lines that end a paragraph without a blank line. An ordered item may only do so when it starts at 1,
        /// so that a sentence wrapped before "1998. року" stays a sentence.
        static func interruptsParagraph(_ line: String) -> Bool {
            if atxHeading(line) != nil || Fence(line) != nil || isRule(line) || quoteContent(line) != nil
                || startsHTML(line) {
                return true
            }
            guard let marker = ListMarker(line), !isBlank(marker.content) else { return false }
            return !marker.ordered || marker.number == 1
        }

        static func paragraph(_ lines: [String], _ i: inout Int) -> Block {
            var text = [String(lines[i].drop { $0 == " " })]
            i += 1
            while i < lines.count, !isBlank(lines[i]) {
                if let level = setextLevel(lines[i]) {
                    i += 1
                    return .heading(level: level, text: text.joined(separator: " ").trimmingCharacters(in: .whitespaces))
                }
                if interruptsParagraph(lines[i]) || tableStart(lines, i) != nil { break }
                text.append(String(lines[i].drop { $0 == " " }))
                i += 1
            }
            // Line ends are kept: two trailing spaces before one mean a hard break.
            return .paragraph(trimmedEnd(text.joined(separator: "\n")))
        }

        static func indentedCode(_ lines: [String], _ i: inout Int) -> Block {
            var code: [String] = []
            while i < lines.count, isBlank(lines[i]) || indentation(lines[i]) >= 4 {
                code.append(String(lines[i].dropFirst(4)))
                i += 1
            }
            while let last = code.last, isBlank(last) { code.removeLast() }
            return .code(code)
        }

        static func fencedCode(_ fence: Fence, _ lines: [String], _ i: inout Int) -> Block {
            var code: [String] = []
            i += 1
            while i < lines.count, !fence.isClosed(by: lines[i]) {
                code.append(String(lines[i].dropFirst(min(fence.indent, indentation(lines[i])))))
                i += 1
            }
            i += 1
            return .code(code)
        }

        static func quote(_ lines: [String], _ i: inout Int) -> Block {
            var inner: [String] = []
            while i < lines.count {
                if let content = quoteContent(lines[i]) {
                    inner.append(content)
                } else if let last = inner.last, !isBlank(last), !isBlank(lines[i]), !interruptsParagraph(lines[i]) {
                    inner.append(lines[i])  // a lazy continuation of the quoted paragraph
                } else {
                    break
                }
                i += 1
            }
            return .quote(parse(inner))
        }

        static func list(_ first: ListMarker, _ lines: [String], _ i: inout Int) -> Block {
            var items: [ListItem] = []
            var loose = false
            while i < lines.count, let marker = ListMarker(lines[i]), marker.continues(first), !isRule(lines[i]) {
                let (checked, opening) = task(marker.content)
                var body = [opening]
                i += 1
                while i < lines.count {
                    let line = lines[i]
                    if isBlank(line) {
                        body.append("")
                    } else if indentation(line) >= marker.contentOffset {
                        body.append(String(line.dropFirst(marker.contentOffset)))
                    } else if ListMarker(line) == nil, let last = body.last, !isBlank(last), !interruptsParagraph(line) {
                        body.append(line)  // a lazy continuation of the item's paragraph
                    } else {
                        break
                    }
                    i += 1
                }
                let trailingBlanks = body.reversed().prefix { isBlank($0) }.count
                body.removeLast(trailingBlanks)
                let nextIsSibling = i < lines.count && ListMarker(lines[i])?.continues(first) == true
                if body.contains(where: isBlank) || (trailingBlanks > 0 && nextIsSibling) { loose = true }
                items.append(ListItem(checked: checked, blocks: parse(body)))
            }
            return .list(ListBlock(ordered: first.ordered, start: first.number, delimiter: first.symbol,
                                   loose: loose, items: items))
        }

        static func task(_ content: String) -> (Bool?, String) {
            for (box, checked) in [("[ ]", false), ("[x]", true), ("[X]", true)] where content.hasPrefix(box) {
                let rest = content.dropFirst(box.count)
                if rest.isEmpty || rest.first == " " { return (checked, String(rest.dropFirst())) }
            }
            return (nil, content)
        }

        /// The alignments if a pipe table starts at `i`: a row with pipes, then a delimiter row of as many cells.
        static func tableStart(_ lines: [String], _ i: Int) -> [Alignment]? {
            guard i + 1 < lines.count, lines[i].contains("|"), lines[i + 1].contains("|") else { return nil }
            let delimiters = cells(of: lines[i + 1])
            let alignments = delimiters.compactMap { cell -> Alignment? in
                let dashes = cell.trimmingCharacters(in: CharacterSet(charactersIn: ":"))
                guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }), cell.count - dashes.count <= 2 else { return nil }
                switch (cell.hasPrefix(":"), cell.hasSuffix(":")) {
                case (true, true): return .center
                case (false, true): return .right
                default: return .left
                }
            }
            guard alignments.count == delimiters.count, delimiters.count == cells(of: lines[i]).count else { return nil }
            return alignments
        }

        static func table(_ alignments: [Alignment], _ lines: [String], _ i: inout Int) -> Block {
            let header = cells(of: lines[i])
            var rows: [[String]] = []
            i += 2
            while i < lines.count, !isBlank(lines[i]), lines[i].contains("|") {
                let row = cells(of: lines[i])
                rows.append((0..<header.count).map { $0 < row.count ? row[$0] : "" })
                i += 1
            }
            return .table(header: header, alignments: alignments, rows: rows)
        }

        /// Cells of a table row; `\|` is a pipe inside a cell, other escapes are left for the inline parser.
        static func cells(of line: String) -> [String] {
            var row = Substring(line.trimmingCharacters(in: .whitespaces))
            if row.hasPrefix("|") { row = row.dropFirst() }
            if row.hasSuffix("|") && !row.hasSuffix("\\|") { row = row.dropLast() }
            var cells: [String] = []
            var cell = ""
            var escaped = false
            for character in row {
                if escaped {
                    if character != "|" { cell.append("\\") }
                    cell.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "|" {
                    cells.append(cell.trimmingCharacters(in: .whitespaces))
                    cell = ""
                } else {
                    cell.append(character)
                }
            }
            if escaped { cell.append("\\") }
            cells.append(cell.trimmingCharacters(in: .whitespaces))
            return cells
        }
    }
}

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

// MARK: - Rendering

extension TerminalRenderer {
    /// One rendering of one lesson: it collects link targets as footnotes in reading order.
    struct Pass {
        let colors: Bool
        var notes: [String] = []

        init(colors: Bool) {
            self.colors = colors
        }

        mutating func render(_ blocks: [Block], width: Int, depth: Int, separated: Bool = true) -> [Line] {
            var out: [Line] = []
            for block in blocks {
                let lines = render(block, width: width, depth: depth)
                if separated, !out.isEmpty, !lines.isEmpty { out.append([]) }
                out += lines
            }
            return tidy(out)
        }

        mutating func render(_ block: Block, width: Int, depth: Int) -> [Line] {
            switch block {
            case .heading(let level, let text):
                return heading(level, text, width: width)
            case .paragraph(let text):
                return wrap(inline(text, style: []), width: width)
            case .code(let lines):
                return lines.map { line in
                    let text = trimmedEnd(line)
                    return text.isEmpty ? [] : [plain(2), Segment(text: truncated(text, to: width - 2), style: .accent)]
                }
            case .rule:
                return [[plain(width, "─")]]
            case .quote(let blocks):
                guard width - 2 >= minimumWidth else { return render(blocks, width: width, depth: depth) }
                let bar = Segment(text: "│", style: .dim)
                return prefixed(render(blocks, width: width - 2, depth: depth), first: [bar, plain(1)],
                                rest: [bar, plain(1)], blank: [bar])
            case .list(let list):
                return self.list(list, width: width, depth: depth)
            case .table(let header, let alignments, let rows):
                return table(header, alignments, rows, width: width)
            case .html(let lines):
                return lines.flatMap { wrap([Segment(text: $0, style: [])], width: width) }
            }
        }

        /// Levels 1 and 2 are underlined with box-drawing lines so they stand out with colours off too.
        mutating func heading(_ level: Int, _ text: String, width: Int) -> [Line] {
            guard level <= 2 else {
                return prefixed(wrap(inline(text, style: .bold), width: width - 2), first: [plain(1, "▸"), plain(1)],
                                rest: [plain(2)])
            }
            let lines = wrap(inline(text, style: .bold), width: width)
            let underline = lines.map(TerminalRenderer.width(of:)).max() ?? 0
            return underline == 0 ? [] : lines + [[plain(underline, level == 1 ? "═" : "─")]]
        }

        mutating func list(_ list: ListBlock, width: Int, depth: Int) -> [Line] {
            let markers = list.items.enumerated().map { index, item -> String in
                let bullet = depth == 0 ? "•" : depth == 1 ? "◦" : "▪"
                let base = list.ordered ? "\(list.start + index)\(list.delimiter)" : bullet
                guard let checked = item.checked else { return base }
                let box = checked ? "☑" : "☐"
                return list.ordered ? "\(base) \(box)" : box
            }
            let markerWidth = (markers.map(visibleWidth).max() ?? 1) + 1
            let hanging = width - markerWidth >= minimumWidth
            var out: [Line] = []
            for (item, marker) in zip(list.items, markers) {
                if list.loose, !out.isEmpty { out.append([]) }
                let pad = plain(markerWidth - 1 - visibleWidth(marker))
                let label: Line = list.ordered ? [pad, Segment(text: marker, style: [])]
                    : [Segment(text: marker, style: []), pad]
                let body = render(item.blocks, width: hanging ? width - markerWidth : width, depth: depth + 1,
                                  separated: list.loose)
                if body.isEmpty || !hanging {
                    out.append(label)
                    out += body
                } else {
                    out += prefixed(body, first: label + [plain(1)], rest: [plain(markerWidth)])
                }
            }
            return out
        }

        /// Draws a boxed table if it can fit without breaking words (words longer than half the width may
        /// break); otherwise lists each row as "Header: value" records, which fit any width.
        mutating func table(_ header: [String], _ alignments: [Alignment], _ rows: [[String]], width: Int) -> [Line] {
            let head = header.map { inline($0, style: .bold) }
            let body = rows.map { $0.map { inline($0, style: []) } }
            let columns = head.indices
            let natural = columns.map { column in
                ([head] + body).map { row -> Int in
                    let lines = wrap(row[column], width: .max)
                    return lines.map(TerminalRenderer.width(of:)).max() ?? 0
                }.max() ?? 0
            }
            let room = width - (3 * head.count + 1)
            var widths = natural
            if natural.reduce(0, +) > room {
                let floors = columns.map { column in
                    let longest = ([head] + body).map { longestWord($0[column]) }.max() ?? 0
                    return min(natural[column], max(6, min(longest, width / 2)))
                }
                guard floors.reduce(0, +) <= room else { return records(head, body, width: width) }
                for _ in 0..<(natural.reduce(0, +) - room) {
                    guard let widest = columns.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] })
                    else { break }
                    widths[widest] -= 1
                }
            }
            func border(_ left: String, _ middle: String, _ right: String) -> Line {
                [Segment(text: left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right,
                         style: [])]
            }
            func lines(of row: [[Segment]]) -> [Line] {
                let cells = columns.map { wrap(row[$0], width: widths[$0]) }
                return (0..<max(1, cells.map(\.count).max() ?? 1)).map { index in
                    var line: Line = [plain(1, "│")]
                    for column in columns {
                        let content = index < cells[column].count ? cells[column][index] : []
                        let slack = widths[column] - TerminalRenderer.width(of: content)
                        let left = alignments[column] == .right ? slack : alignments[column] == .center ? slack / 2 : 0
                        line += [plain(1 + left)] + content + [plain(slack - left + 1), plain(1, "│")]
                    }
                    return line
                }
            }
            let bodyLines = body.map(lines(of:))
            // Rows that wrap need rules between them, or their lines run together.
            let ruled = bodyLines.contains { $0.count > 1 }
            var out = [border("┌", "┬", "┐")] + lines(of: head)
            for (index, row) in bodyLines.enumerated() {
                if index == 0 || ruled { out.append(border("├", "┼", "┤")) }
                out += row
            }
            return out + [border("└", "┴", "┘")]
        }

        func records(_ head: [[Segment]], _ body: [[[Segment]]], width: Int) -> [Line] {
            guard !body.isEmpty else { return head.flatMap { wrap($0, width: width) } }
            var out: [Line] = []
            for row in body {
                if !out.isEmpty { out.append([]) }
                for (label, value) in zip(head, row) {
                    let labelled = isBlank(label) ? value : label + [Segment(text: ": ", style: .bold)] + value
                    out += prefixed(wrap(labelled, width: width - 2), first: [], rest: [plain(2)])
                }
            }
            return out
        }

        func longestWord(_ segments: [Segment]) -> Int {
            tokens(segments).map { token in
                if case .word(let parts) = token { return TerminalRenderer.width(of: parts) }
                return 0
            }.max() ?? 0
        }

        func footnotes(width: Int) -> [Line] {
            guard !notes.isEmpty else { return [] }
            var out: [Line] = [[], [Segment(text: String(repeating: "─", count: min(width, 20)), style: .dim)]]
            for (index, url) in notes.enumerated() {
                let label = "[\(index + 1)]"
                let indent = visibleWidth(label) + 1
                out += prefixed(wrap([Segment(text: url, style: [])], width: width - indent),
                                first: [Segment(text: label, style: .accent), plain(1)], rest: [plain(indent)])
            }
            return out
        }

        /// The same target keeps its number, so a lesson citing one law ten times lists it once.
        mutating func footnote(_ url: String) -> Int {
            if let index = notes.firstIndex(of: url) { return index + 1 }
            notes.append(url)
            return notes.count
        }

        /// Styles never cross a line end: each line closes what it opened, and the next reopens it, so a
        /// pager or a cut-off screen never shows the rest of the terminal in bold.
        func emit(_ line: Line) -> String {
            var out = ""
            var current: Style = []
            for segment in line where !segment.text.isEmpty {
                if colors, segment.style != current {
                    if !current.isEmpty { out += "\u{1B}[0m" }
                    let codes: [(Style, String)] = [(.bold, "1"), (.dim, "2"), (.italic, "3"), (.underline, "4"), (.accent, "36")]
                    out += codes.filter { segment.style.contains($0.0) }.map { "\u{1B}[\($0.1)m" }.joined()
                    current = segment.style
                }
                out += segment.text
            }
            return current.isEmpty ? out : out + "\u{1B}[0m"
        }
    }
}

// MARK: - Inline

extension TerminalRenderer.Pass {
    // An extension of a nested type does not see its outer type's members.
    typealias Segment = TerminalRenderer.Segment
    typealias Style = TerminalRenderer.Style

    mutating func inline(_ text: String, style: Style) -> [Segment] {
        let characters = Array(text)
        return inline(characters, characters.indices, style: style)
    }

    private mutating func inline(_ c: [Character], _ range: Range<Int>, style: Style) -> [Segment] {
        var out: [Segment] = []
        var text = ""
        func flush() {
            if !text.isEmpty { out.append(Segment(text: text, style: style)) }
            text = ""
        }
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let character = c[i]
            switch character {
            case "\\" where i + 1 < end && (c[i + 1] == "\n" || Self.isEscapable(c[i + 1])):
                if c[i + 1] == "\n" {
                    flush()
                    out.append(Segment(text: "\n", style: style))
                } else {
                    text.append(c[i + 1])
                }
                i += 2
            case "\n":
                let hard = text.hasSuffix("  ")
                text = TerminalRenderer.trimmedEnd(text)
                flush()
                out.append(Segment(text: hard ? "\n" : " ", style: style))
                i += 1
            case "`":
                let run = Self.run(c, i, end)
                guard let span = Self.codeSpan(c, i, end) else {
                    text += String(repeating: "`", count: run)
                    i += run
                    continue
                }
                flush()
                var code = String(c[span.content]).replacingOccurrences(of: "\n", with: " ")
                if code.count > 2, code.hasPrefix(" "), code.hasSuffix(" "), !TerminalRenderer.isBlank(code) {
                    code = String(code.dropFirst().dropLast())
                }
                let fence = String(repeating: "`", count: run)
                out.append(Segment(text: colors ? code : fence + code + fence, style: style.union(.accent)))
                i = span.next
            case "!" where i + 1 < end && c[i + 1] == "[":
                guard let link = Self.link(c, i + 1, end) else {
                    text.append(character)
                    i += 1
                    continue
                }
                flush()
                let alt = inline(c, link.text, style: []).map(\.text).joined()
                let word = alt.allSatisfy(\.isASCII) ? "image" : "зображення"
                out.append(Segment(text: alt.isEmpty ? "[\(word)]" : "[\(word): \(alt)]", style: style))
                if !link.destination.isEmpty {
                    out.append(Segment(text: "[\(footnote(link.destination))]", style: style.union(.accent)))
                }
                i = link.next
            case "[":
                guard let link = Self.link(c, i, end) else {
                    text.append(character)
                    i += 1
                    continue
                }
                flush()
                out += inline(c, link.text, style: style.union(.underline))
                if !link.destination.isEmpty {
                    out.append(Segment(text: "[\(footnote(link.destination))]", style: style.union(.accent)))
                }
                i = link.next
            case "<":
                guard let autolink = Self.autolink(c, i, end) else {
                    text.append(character)
                    i += 1
                    continue
                }
                text += autolink.address
                i = autolink.next
            case "*", "_", "~":
                let run = Self.run(c, i, end)
                guard let span = Self.emphasis(c, i, end) else {
                    text += String(repeating: character, count: run)
                    i += run
                    continue
                }
                flush()
                let emphasis: Style = character == "~" ? [] : run == 1 ? .italic : run == 2 ? .bold : [.bold, .italic]
                out += inline(c, span.content, style: style.union(emphasis))
                i = span.next
            default:
                text.append(character)
                i += 1
            }
        }
        flush()
        return out
    }

    static func isEscapable(_ character: Character) -> Bool {
        character.isASCII && (character.isPunctuation || character.isSymbol)
    }

    static func isPunctuation(_ character: Character?) -> Bool {
        character.map { $0.isPunctuation || $0.isSymbol } ?? false
    }

    static func isSpace(_ character: Character?) -> Bool {
        character.map(\.isWhitespace) ?? true
    }

    static func run(_ c: [Character], _ i: Int, _ end: Int) -> Int {
        c[i..<end].prefix { $0 == c[i] }.count
    }

    static func codeSpan(_ c: [Character], _ i: Int, _ end: Int) -> (content: Range<Int>, next: Int)? {
        let length = run(c, i, end)
        var j = i + length
        while j < end {
            guard c[j] == "`" else {
                j += 1
                continue
            }
            let closing = run(c, j, end)
            if closing == length { return (i + length..<j, j + closing) }
            j += closing
        }
        return nil
    }

    /// CommonMark's flanking rules, which are what keep `snake_case` and `2 * 3 * 4` from turning italic.
    static func canOpen(_ c: [Character], _ i: Int, _ length: Int) -> Bool {
        let before = i > 0 ? c[i - 1] : nil
        let after = i + length < c.count ? c[i + length] : nil
        let left = !isSpace(after) && (!isPunctuation(after) || isSpace(before) || isPunctuation(before))
        let right = !isSpace(before) && (!isPunctuation(before) || isSpace(after) || isPunctuation(after))
        return c[i] == "_" ? left && (!right || isPunctuation(before)) : left
    }

    static func canClose(_ c: [Character], _ i: Int, _ length: Int) -> Bool {
        let before = i > 0 ? c[i - 1] : nil
        let after = i + length < c.count ? c[i + length] : nil
        let left = !isSpace(after) && (!isPunctuation(after) || isSpace(before) || isPunctuation(before))
        let right = !isSpace(before) && (!isPunctuation(before) || isSpace(after) || isPunctuation(after))
        return c[i] == "_" ? right && (!left || isPunctuation(after)) : right
    }

    /// Emphasis closes at the next run of the same character and length that can close; code spans and
    /// escapes inside are skipped. Simpler than CommonMark's delimiter stack, and enough for lessons.
    static func emphasis(_ c: [Character], _ i: Int, _ end: Int) -> (content: Range<Int>, next: Int)? {
        let mark = c[i]
        let length = run(c, i, end)
        guard length <= (mark == "~" ? 2 : 3), canOpen(c, i, length) else { return nil }
        var j = i + length
        while j < end {
            if c[j] == "\\" {
                j += 2
            } else if c[j] == "`", let span = codeSpan(c, j, end) {
                j = span.next
            } else if c[j] == mark {
                let closing = run(c, j, end)
                if closing == length, j > i + length, canClose(c, j, closing) { return (i + length..<j, j + closing) }
                j += closing
            } else {
                j += 1
            }
        }
        return nil
    }

    /// `[text](destination "title")` starting at the `[` at `open`; the title is dropped.
    static func link(_ c: [Character], _ open: Int, _ end: Int) -> (text: Range<Int>, destination: String, next: Int)? {
        var depth = 0
        var j = open
        var close: Int?
        while j < end, close == nil {
            switch c[j] {
            case "\\": j += 1
            case "`": j = (codeSpan(c, j, end)?.next ?? j + 1) - 1
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { close = j }
            default: break
            }
            j += 1
        }
        guard let close, close + 1 < end, c[close + 1] == "(" else { return nil }
        var k = close + 2
        func skipSpaces() { while k < end, c[k].isWhitespace { k += 1 } }
        skipSpaces()
        var destination = ""
        if k < end, c[k] == "<" {
            k += 1
            while k < end, c[k] != ">", c[k] != "\n" {
                destination.append(c[k])
                k += 1
            }
            guard k < end, c[k] == ">" else { return nil }
            k += 1
        } else {
            var parentheses = 0
            while k < end, !c[k].isWhitespace, !(c[k] == ")" && parentheses == 0) {
                if c[k] == "\\", k + 1 < end, isEscapable(c[k + 1]) { k += 1 }
                if c[k] == "(" { parentheses += 1 } else if c[k] == ")" { parentheses -= 1 }
                destination.append(c[k])
                k += 1
            }
        }
        skipSpaces()
        let titleEnds: [Character: Character] = ["\"": "\"", "'": "'", "(": ")"]
        if k < end, let closer = titleEnds[c[k]] {
            k += 1
            while k < end, c[k] != closer { k += c[k] == "\\" ? 2 : 1 }
            guard k < end else { return nil }
            k += 1
            skipSpaces()
        }
        guard k < end, c[k] == ")" else { return nil }
        return (open + 1..<close, destination, k + 1)
    }

    /// `<scheme:…>` or `<name@host>`: the address stays visible as text, without the brackets.
    static func autolink(_ c: [Character], _ i: Int, _ end: Int) -> (address: String, next: Int)? {
        guard let close = c[(i + 1)..<end].firstIndex(where: { $0 == ">" || $0 == "<" || $0.isWhitespace }),
              c[close] == ">" else { return nil }
        let address = String(c[(i + 1)..<close])
        let scheme = address.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
        let isURI = (2...32).contains(scheme.count) && scheme.first?.isLetter == true
            && address.dropFirst(scheme.count).first == ":"
        let isEmail = address.contains("@") && !address.hasPrefix("@") && !address.hasSuffix("@")
        return isURI || isEmail ? (address, close + 1) : nil
    }
}
