import HromadaCrypto
import Foundation

/// Ids for GIFT questions: a `::title::` in `[a-z0-9-]` form, Ukrainian letters transliterated by
/// the official 2010 table (word-initial є ї й ю я as ye yi y yu ya), anything else a hyphen.
enum QuestionID {
    static let table: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
        "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
        "ё": "e", "ъ": "", "ы": "y", "э": "e",
    ]
    static let initial: [Character: String] = ["є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"]

    static func fromTitle(_ title: String) -> String {
        var out = ""
        var atWordStart = true
        var previous: Character?
        for raw in title.precomposedStringWithCanonicalMapping.lowercased() {
            if raw.isASCII && (raw.isLetter || raw.isNumber) {
                out.append(raw)
                atWordStart = false
            } else if let latin = (atWordStart ? initial[raw] : nil) ?? table[raw] {
                // "зг" is written "zgh" so it is not read as "zh".
                out += (raw == "г" && previous == "з") ? "gh" : latin
                atWordStart = false
            } else {
                out.append("-")
                atWordStart = true
            }
            previous = raw
        }
        let collapsed = out.split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-")
        return collapsed
    }

    /// `q-` and 12 hex digits of the SHA-256 of the normalised stem.
    static func fromStem(_ stem: String) -> String {
        let normalised = stem.precomposedStringWithCanonicalMapping
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return "q-" + SHA256.hex(normalised).prefix(12)
    }
}
