import Foundation
import Ink

/// Renders lesson Markdown to HTML once, at import, and runs the result through
/// ``LessonSanitiser``'s allow-list, which is what guarantees the HTML is inert. Raw HTML written
/// in a lesson is escaped, never passed through: `<`, `&` and `"` outside code become entities
/// before the Markdown parser sees them (Ink copies a link's text, target and an image's alt text into attributes as written, so a
/// `"` there could add an `onerror=` of its own). Links and images keep only targets that are
/// relative, `http(s):` or `mailto:` (a `javascript:` link becomes `#`), cut at the first space
/// (a target in angle brackets keeps its spaces, as %20).
public enum LessonRenderer {
    /// A lesson rendered once: its HTML and the links the validator checks (``relativeLinks(_:)``).
    public struct Rendered: Sendable {
        public var html: String
        public var links: [(target: String, line: Int, column: Int)]
    }

    public static func render(_ markdown: String) -> Rendered {
        let raw = MarkdownParser().html(from: escapeRawHTML(markdown))
        let found = attributes(raw)
        return Rendered(html: LessonSanitiser.sanitise(cutTargets(raw, found)), links: links(found, in: markdown))
    }

    public static func html(_ markdown: String) -> String { render(markdown).html }

    /// The HTML before ``LessonSanitiser`` (tests compare what the filter keeps with it).
    static func unfilteredHTML(_ markdown: String) -> String {
        let raw = MarkdownParser().html(from: escapeRawHTML(markdown))
        return cutTargets(raw, attributes(raw))
    }

    static let attribute = try! NSRegularExpression(pattern: #"(href|src)="([^"]*)""#)

    /// Every `href` and `src` of `html`: its range and value as written in the HTML.
    static func attributes(_ html: String) -> [(range: Range<String.Index>, name: String, value: String)] {
        attribute.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { m in
            guard let whole = Range(m.range, in: html), let name = Range(m.range(at: 1), in: html),
                  let value = Range(m.range(at: 2), in: html) else { return nil }
            return (whole, String(html[name]), String(html[value]))
        }
    }

    /// Each `href` and `src` cut at its first space (Ink keeps a link's title in it), and `#` for a
    /// scheme other than `http(s)` and `mailto`. ``LessonSanitiser`` then judges every target again.
    static func cutTargets(_ html: String, _ found: [(range: Range<String.Index>, name: String, value: String)]) -> String {
        var out = html
        for a in found.reversed() {
            var value = String(a.value.prefix { $0 != " " })
            if let scheme = scheme(of: decoded(value)), !["http", "https", "mailto"].contains(scheme) { value = "#" }
            out.replaceSubrange(a.range, with: "\(a.name)=\"\(value)\"")
        }
        return out
    }

    /// The URL scheme of `target` (lower-cased), nil for a relative one.
    static func scheme(of target: String) -> String? {
        let trimmed = target.drop { $0 == " " }
        guard let colon = trimmed.firstIndex(of: ":"), let first = trimmed.first, first.isASCII, first.isLetter else { return nil }
        let name = trimmed[..<colon]
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }) else { return nil }
        return name.lowercased()
    }

    static func decoded(_ value: String) -> String {
        value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Escapes `<`, `&` and `"` outside fenced code blocks and inline code spans (code is escaped by
    /// the renderer), reading fences and code spans as Ink does, since whatever Ink reads as text
    /// must have been escaped here:
    /// - a backtick fence opens on a line that starts with three or more backticks, unindented or
    ///   after a blank line, and closes only on a line that starts, unindented, with exactly as many;
    ///   its info string becomes a bare language name (`[a-z0-9+-]`, the `class` the filter keeps),
    ///   and whatever follows a closing fence on its line is escaped;
    /// - a `~~~` fence, which Ink does not know, becomes a backtick fence longer than any backtick
    ///   run its content starts a line with;
    /// - a backtick starts a code span only when another closes it on the same line (an unclosed
    ///   one is text, and what follows it is escaped).
    /// ``LessonSanitiser`` runs over the result anyway: this is for the author's output, the filter
    /// is the guarantee.
    static func escapeRawHTML(_ markdown: String) -> String {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        out.reserveCapacity(lines.count)
        var previousBlank = true
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            let indent = line.prefix { $0 == " " }.count
            let trimmed = line.dropFirst(indent)
            let mayOpen = indent == 0 || previousBlank
            previousBlank = trimmed.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
            let backticks = trimmed.prefix { $0 == "`" }.count
            if mayOpen && backticks >= 3 {
                out.append(String(repeating: "`", count: backticks) + language(trimmed.dropFirst(backticks)))
                // Ink's code runs to a line that starts with exactly `backticks` backticks, or to the end.
                while index < lines.count {
                    let content = lines[index]
                    index += 1
                    let run = content.prefix { $0 == "`" }.count
                    if run == backticks {
                        out.append(String(repeating: "`", count: run) + escapeInline(String(content.dropFirst(run))))
                        break
                    }
                    out.append(String(content))
                }
                previousBlank = false
                continue
            }
            let tildes = trimmed.prefix { $0 == "~" }.count
            if mayOpen && tildes >= 3 {
                var content: [Substring] = []
                while index < lines.count {
                    let next = lines[index]
                    index += 1
                    let nextTrimmed = next.drop { $0 == " " }
                    let run = nextTrimmed.prefix { $0 == "~" }.count
                    if run >= tildes && nextTrimmed.dropFirst(run).allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { break }
                    content.append(next)
                }
                let longest = content.map { $0.prefix { $0 == "`" }.count }.max() ?? 0
                let marker = String(repeating: "`", count: max(3, longest + 1))
                out.append(marker + language(trimmed.dropFirst(tildes)))
                out += content.map(String.init)
                out.append(marker)
                previousBlank = false
                continue
            }
            out.append(escapeInline(String(line)))
        }
        return out.joined(separator: "\n")
    }

    /// A fence's info string as a language name: its first word, lower-cased, only `[a-z0-9+-]`
    /// (`C#` becomes `c`); empty when nothing is left.
    static func language(_ info: Substring) -> String {
        let word = info.drop { $0 == " " || $0 == "\t" }.prefix { $0 != " " && $0 != "\t" && $0 != "\r" }
        return String(word.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-") })
    }

    /// One line outside fences: `<`, `&` and `"` escaped except in code spans.
    static func escapeInline(_ line: String) -> String {
        let chars = Array(line)
        var lineOut = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            // A code span, as Ink reads one: up to the next backtick of the line, copied as written
            // (a backtick after a backslash is a backtick).
            if c == "`", i == 0 || chars[i - 1] != "\\", let close = chars[(i + 1)...].firstIndex(of: "`") {
                lineOut += String(chars[i...close])
                i = close + 1
                continue
            }
            // CommonMark's `](<target>)` and `[ref]: <target>`, a target that may hold spaces: given
            // to the renderer with its spaces as %20 (as the validator reads them), the brackets dropped.
            if c == "<" && opensLinkTarget(lineOut),
               let close = chars[(i + 1)...].firstIndex(where: { $0 == ">" || $0 == "<" }), chars[close] == ">" {
                for t in chars[(i + 1)..<close] { lineOut += t == " " ? "%20" : escaped(t) }
                i = close + 1
                continue
            }
            lineOut += escaped(c)
            i += 1
        }
        return lineOut
    }

    /// `c` as the renderer must get it outside code: `<`, `&` and `"` as entities.
    static func escaped(_ c: Character) -> String {
        switch c {
        case "<": "&lt;"
        case "&": "&amp;"
        case "\"": "&quot;"
        default: String(c)
        }
    }

    /// Whether a `<` after `line` (what precedes it on its line) opens a link target: right after
    /// `](`, or after the label of a reference definition (`[ref]:`, up to three spaces before it).
    static func opensLinkTarget(_ line: String) -> Bool {
        if line.hasSuffix("](") { return true }
        let indent = line.prefix { $0 == " " }.count
        let rest = line.dropFirst(indent)
        var end = rest.endIndex
        while end > rest.startIndex, rest[rest.index(before: end)] == " " { end = rest.index(before: end) }
        let label = rest[rest.startIndex..<end]
        return indent <= 3 && label.hasPrefix("[") && label.hasSuffix("]:") && label.count > 3
    }

    /// The targets of the lesson's links and images that must be files of the pack, as the renderer
    /// makes them (inline or by reference, not in code; anything but `http(s):` and `mailto:`), each once, with where it is first written in the Markdown (line
    /// and column, 1-based; 1:1 when it cannot be found as written), for checking that they exist.
    public static func relativeLinks(_ markdown: String) -> [(target: String, line: Int, column: Int)] { render(markdown).links }

    /// The links of ``relativeLinks(_:)`` from the attributes of the HTML before sanitising: a
    /// `javascript:` target is reported (as no file of the pack), not hidden.
    static func links(_ attributes: [(range: Range<String.Index>, name: String, value: String)], in markdown: String)
        -> [(target: String, line: Int, column: Int)] {
        var seen = Set<String>()
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var found: [(String, Int, Int)] = []
        for a in attributes {
            let target = String(decoded(a.value).prefix { $0 != " " })
            guard !target.isEmpty, !target.hasPrefix("#"), !["http", "https", "mailto"].contains(scheme(of: target) ?? ""),
                  seen.insert(target).inserted else { continue }
            var place = (1, 1)
            // As written, or with spaces where the renderer got %20 (a target in angle brackets).
            search: for written in [target, target.replacingOccurrences(of: "%20", with: " ")] {
                for (n, line) in lines.enumerated() {
                    if let r = line.range(of: written) {
                        place = (n + 1, line.distance(from: line.startIndex, to: r.lowerBound) + 1)
                        break search
                    }
                }
            }
            found.append((target, place.0, place.1))
        }
        return found
    }
}
