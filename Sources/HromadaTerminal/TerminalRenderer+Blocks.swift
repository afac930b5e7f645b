import Foundation

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
