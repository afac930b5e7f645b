import Foundation

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
