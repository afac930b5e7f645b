import Ink

/// Renders lesson Markdown to HTML once, at import. Raw HTML written in a lesson is escaped, never
/// passed through: `<` outside code becomes `&lt;` before the Markdown parser sees it.
public enum LessonRenderer {
    public static func html(_ markdown: String) -> String {
        MarkdownParser().html(from: escapeRawHTML(markdown))
    }

    /// Escapes `<` and `&` outside fenced code blocks and inline code spans (code is escaped by the renderer).
    static func escapeRawHTML(_ markdown: String) -> String {
        var out = ""
        var fence: String?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if let f = fence {
                if trimmed.hasPrefix(f) { fence = nil }
                out += line + "\n"
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix(3))
                out += line + "\n"
                continue
            }
            var inCode = false
            for c in line {
                if c == "`" { inCode.toggle() }
                if !inCode && c == "<" { out += "&lt;" } else if !inCode && c == "&" { out += "&amp;" } else { out.append(c) }
            }
            out += "\n"
        }
        return String(out.dropLast())
    }

    /// Relative link and image targets (`](target)`) outside code, for checking that they exist.
    public static func relativeLinks(_ markdown: String) -> [(target: String, line: Int, column: Int)] {
        var found: [(String, Int, Int)] = []
        var inFence = false
        for (n, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle(); continue }
            if inFence { continue }
            let chars = Array(line)
            var i = 0
            while i + 1 < chars.count {
                if chars[i] == "]", chars[i + 1] == "(", let close = chars[(i + 2)...].firstIndex(of: ")") {
                    var target = String(chars[(i + 2)..<close]).trimmingCharacters(in: .whitespaces)
                    if let space = target.firstIndex(of: " ") { target = String(target[..<space]) }
                    let lower = target.lowercased()
                    let external = lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") || lower.hasPrefix("#")
                    if !target.isEmpty && !external { found.append((target, n + 1, i + 3)) }
                    i = close
                }
                i += 1
            }
        }
        return found
    }
}
