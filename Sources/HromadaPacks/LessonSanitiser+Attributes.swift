extension LessonSanitiser {
    /// Schemes a link or image may have; any other (`javascript:`, `vbscript:`, `data:`, `file:`, …)
    /// is refused. A target without a scheme is a file of the pack.
    static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    /// The value an allowed attribute keeps (decoded; the writer escapes it), nil to drop it. A link
    /// whose target is refused keeps `href="#"`, so its text stays a (harmless) link.
    static func attribute(_ name: String, of element: String, _ value: String) -> String? {
        switch name {
        case "href": safeURL(value) ?? "#"
        case "src": safeURL(value).flatMap { $0.isEmpty ? nil : $0 }
        case "class": isLanguageClass(value) ? value : nil
        case "start": (1...9).contains(value.utf8.count) && value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? value : nil
        case "align": ["left", "center", "right"].contains(value) ? value : nil
        default: value  // alt, title: text
        }
    }

    /// `language-[a-z0-9+-]+`, what the renderer gives a fenced code block.
    static func isLanguageClass(_ value: String) -> Bool {
        let prefix = "language-"
        guard value.hasPrefix(prefix), value.utf8.count > prefix.utf8.count else { return false }
        return value.utf8.dropFirst(prefix.utf8.count).allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
        }
    }

    /// `target` as the browser will use it, or nil when it may not be a link or image target.
    ///
    /// Judged as a browser reads it (the WHATWG URL parser): controls and spaces around it trimmed,
    /// tab, LF and CR removed wherever they are (`java<TAB>script:` is `javascript:`). This filter
    /// goes further and removes every C0 control and DEL from the value it writes, and judges the
    /// scheme also with every space and invisible format character removed, so a target is refused
    /// when either reading gives a scheme other than `http`, `https`, `mailto`. Character references
    /// are decoded before this (`&#106;avascript:`); percent-escapes are not, as browsers never
    /// decode them in a scheme (`%6Aavascript:` is a relative path). A target without a scheme must
    /// be a relative path: one starting with `/` or `\` (another host, `//evil.example`, or a route
    /// of the server) is no file of the pack.
    static func safeURL(_ target: String) -> String? {
        var scalars = String.UnicodeScalarView()
        for s in target.unicodeScalars where !(s.value < 0x20 || s.value == 0x7F) { scalars.append(s) }
        let cleaned = String(String(scalars).drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        let squeezed = String(String.UnicodeScalarView(cleaned.unicodeScalars.filter {
            !($0.properties.isWhitespace || $0.properties.generalCategory == .format)
        }))
        let schemes = [scheme(of: cleaned), scheme(of: squeezed)]
        for case let s? in schemes where !allowedSchemes.contains(s) { return nil }
        for candidate in [cleaned, squeezed] {
            if let first = candidate.utf8.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "\\") { return nil }
        }
        return cleaned
    }

    /// The URL scheme of `target`, lower-cased: an ASCII letter, then letters, digits, `+`, `-`,
    /// `.`, up to the first `:`; nil when it has none (a relative reference).
    static func scheme(of target: String) -> String? {
        var name: [UInt8] = []
        for byte in target.utf8 {
            if byte == UInt8(ascii: ":") { return name.isEmpty ? nil : String(decoding: name, as: UTF8.self) }
            let alpha = isAlpha(byte)
            let other = (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            guard alpha || (!name.isEmpty && other) else { return nil }
            name.append(lower(byte))
        }
        return nil
    }

    /// `text` with its character references decoded: numeric ones as the browser reads them (the
    /// `;` optional; NUL, surrogates and values past U+10FFFF as U+FFFD), named ones of ``named``
    /// with their `;`. Any other `&` stays a character, so it is written as `&amp;`.
    static func decoded<Bytes: Collection<UInt8>>(_ text: Bytes) -> String where Bytes.Index == Int {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        let end = text.endIndex
        while i < end {
            let byte = text[i]
            guard byte == UInt8(ascii: "&"), i + 1 < end else { out.append(byte); i += 1; continue }
            if text[i + 1] == UInt8(ascii: "#") {
                var j = i + 2
                let hex = j < end && (text[j] | 0x20) == UInt8(ascii: "x")
                if hex { j += 1 }
                var value: UInt32 = 0
                let digitsStart = j
                while j < end, let d = digit(text[j], hex: hex) {
                    value = min(value &* (hex ? 16 : 10) &+ d, 0x110000)
                    j += 1
                }
                guard j > digitsStart else { out.append(byte); i += 1; continue }
                if j < end, text[j] == UInt8(ascii: ";") { j += 1 }
                let scalar = (value == 0 || value > 0x10FFFF || (0xD800...0xDFFF).contains(value)) ? Unicode.Scalar(0xFFFD)! : Unicode.Scalar(value)!
                out.append(contentsOf: String(Character(scalar)).utf8)
                i = j
                continue
            }
            var j = i + 1
            while j < end, j - i <= 32, isAlpha(text[j]) || (text[j] >= 0x30 && text[j] <= 0x39) { j += 1 }
            if j < end, text[j] == UInt8(ascii: ";"), j > i + 1,
               let replacement = named[String(decoding: text[(i + 1)..<j], as: UTF8.self)] {
                out.append(contentsOf: replacement.utf8)
                i = j + 1
                continue
            }
            out.append(byte)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func digit(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x61...0x66 where hex: UInt32(byte - 0x61 + 10)
        case 0x41...0x46 where hex: UInt32(byte - 0x41 + 10)
        default: nil
        }
    }

    /// Named references decoded: the markup ones, the punctuation the filter-evasion lists spell
    /// with them (`&colon;`, `&Tab;`, `&NewLine;`), and the typography of Ukrainian text.
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "Tab": "\t", "NewLine": "\n", "colon": ":", "sol": "/", "bsol": "\\", "lpar": "(", "rpar": ")",
        "period": ".", "comma": ",", "excl": "!", "num": "#", "percnt": "%", "semi": ";", "equals": "=",
        "quest": "?", "commat": "@", "lsqb": "[", "rsqb": "]", "lcub": "{", "rcub": "}", "grave": "`", "plus": "+",
        "mdash": "—", "ndash": "–", "laquo": "«", "raquo": "»", "hellip": "…", "copy": "©",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "bdquo": "„", "shy": "\u{AD}",
    ]
}
