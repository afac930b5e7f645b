import Foundation
import HromadaDomain

/// The help the argument parser writes, in the language chosen as for the rest of the output.
///
/// The parser knows one text per command: abstracts are written "English / Українська", the option
/// help and the discussions in English with their Ukrainian in ``HelpText/ukrainian`` and
/// ``HelpText/discussions``. In English the Ukrainian halves go; in Ukrainian the English ones, and the
/// parser's own words (USAGE, OPTIONS, "Show help information.") are put in Ukrainian.
enum HelpText {
    static func localized(_ help: String, _ lang: Language, path: [String] = []) -> String {
        var text = help
        if lang == .uk, let discussion = discussions[path.joined(separator: " ")] {
            text = replaceDiscussion(text, with: discussion)
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line(String($0), lang) }
            .joined(separator: "\n")
    }

    /// The parser's discussion block (between OVERVIEW's abstract and USAGE) replaced by `discussion`.
    static func replaceDiscussion(_ help: String, with discussion: String) -> String {
        guard help.hasPrefix("OVERVIEW: "), let usage = help.range(of: "\n\nUSAGE:") else { return help }
        let head = help[..<usage.lowerBound]
        let abstract = head.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        return abstract + "\n\n" + discussion + String(help[usage.lowerBound...])
    }

    static func line(_ line: String, _ lang: Language) -> String {
        var line = line
        if let example = line.range(of: "Example / Приклад:") {
            line.replaceSubrange(example, with: lang == .uk ? "Приклад:" : "Example:")
        }
        // "English / Українська": the half in the language chosen, after the line's own indentation
        // (a command's or an option's name in the first column).
        if let split = line.range(of: " / "), line[split.upperBound...].contains(where: isCyrillic),
           !line[..<split.lowerBound].contains(where: isCyrillic) {
            let left = line[..<split.lowerBound]
            let start = textStart(left)
            let english = String(left[start...])
            let prefix = String(left[..<start])
            line = prefix + (lang == .uk ? String(line[split.upperBound...]) : english + (english.hasSuffix(".") ? "" : "."))
            if lang == .en { return line }
        }
        guard lang == .uk else { return line }
        // The command's own words first (they may hold "(default: …)"), then the parser's.
        for (english, ukrainian) in ukrainianByLength where line.contains(english) {
            line = line.replacingOccurrences(of: english, with: ukrainian)
            break
        }
        for (english, ukrainian) in parserWords where line.contains(english) {
            line = line.replacingOccurrences(of: english, with: ukrainian)
        }
        return line
    }

    /// Longest first, so a help text is not taken for a shorter one it contains.
    static let ukrainianByLength = ukrainian.sorted { $0.key.count > $1.key.count }.map { ($0.key, $0.value) }

    /// Where a help line's text begins: after its indentation and the first column (a command's or an
    /// option's name, then two spaces or more), or after "OVERVIEW: ".
    static func textStart(_ left: Substring) -> Substring.Index {
        let leading = left.prefix { $0 == " " }
        let body = left[leading.endIndex...]
        if body.hasPrefix("OVERVIEW: ") { return left.index(leading.endIndex, offsetBy: 10) }
        guard let gap = body.range(of: "  ", options: .backwards) else { return leading.endIndex }
        var i = gap.upperBound
        while i < left.endIndex, left[i] == " " { i = left.index(after: i) }
        return i
    }

    static func isCyrillic(_ c: Character) -> Bool {
        c.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }
    }

    /// What the argument parser itself writes.
    static let parserWords: [(String, String)] = [
        ("OVERVIEW:", "ОПИС:"), ("USAGE:", "ВИКОРИСТАННЯ:"), ("ARGUMENTS:", "АРГУМЕНТИ:"), ("OPTIONS:", "ПАРАМЕТРИ:"),
        ("SUBCOMMANDS:", "КОМАНДИ:"), ("See 'hromada help <subcommand>' for detailed help.", "Докладніше про команду: hromada help <команда>."),
        ("Show help information.", "Показати довідку."), ("Show the version.", "Показати версію."),
        ("<subcommand>", "<команда>"), ("(default: ", "(типово: "), ("(values: ", "(значення: "),
    ]
}
