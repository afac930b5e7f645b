import Foundation

/// What "inert" means for a lesson's HTML, checked on its own terms (no code shared with the
/// filter): every `<` opens a tag of the allow-list written as `<name attr="value">`, with allowed
/// attributes only; text holds no `<` or `>`, and `&` only as `&amp; &lt; &gt; &quot;`; a link or
/// image target, read as a browser reads it (references decoded, controls and whitespace removed),
/// has no scheme but `http`, `https` or `mailto`, and starts with no `/` or `\`.
enum HTMLInvariants {
    static let allowed: [String: Set<String>] = [
        "a": ["href", "title"], "img": ["src", "alt", "title"], "code": ["class"], "ol": ["start"],
        "th": ["align"], "td": ["align"], "hr": [], "br": [], "h1": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [],
        "p": [], "ul": [], "li": [], "em": [], "strong": [], "s": [], "del": [], "pre": [], "blockquote": [],
        "table": [], "thead": [], "tbody": [], "tr": [],
    ]
    static let tag = try! NSRegularExpression(pattern: #"^(/?)([a-z][a-z0-9]*)((?: [a-z]+="[^"<>]*")*)/?$"#)
    static let attribute = try! NSRegularExpression(pattern: #" ([a-z]+)="([^"]*)""#)
    static let reference = try! NSRegularExpression(pattern: #"^&(amp|lt|gt|quot);"#)

    /// Every way `html` breaks the rules; empty when it is inert.
    static func violations(_ html: String) -> [String] {
        var problems: [String] = []
        let s = html as NSString
        var i = 0
        while i < s.length {
            let c = s.character(at: i)
            switch c {
            case 0x3E: problems.append("a bare '>' in text at \(i)")
            case 0x26:
                if reference.firstMatch(in: html, range: NSRange(location: i, length: min(6, s.length - i))) == nil {
                    problems.append("an '&' that is no plain reference at \(i)")
                }
            case 0x3C:
                let close = s.range(of: ">", range: NSRange(location: i, length: s.length - i))
                guard close.location != NSNotFound else { problems.append("a '<' never closed at \(i)"); return problems }
                let inner = s.substring(with: NSRange(location: i + 1, length: close.location - i - 1))
                problems += tagViolations(inner)
                i = close.location
            default: break
            }
            i += 1
        }
        return problems
    }

    static func tagViolations(_ inner: String) -> [String] {
        let ns = inner as NSString
        guard let m = tag.firstMatch(in: inner, range: NSRange(location: 0, length: ns.length)) else {
            return ["a tag not in canonical form: <\(inner)>"]
        }
        let name = ns.substring(with: m.range(at: 2))
        guard let attributes = allowed[name] else { return ["a tag outside the allow-list: <\(inner)>"] }
        var problems: [String] = []
        let list = ns.substring(with: m.range(at: 3))
        for a in attribute.matches(in: list, range: NSRange(location: 0, length: (list as NSString).length)) {
            let key = (list as NSString).substring(with: a.range(at: 1))
            let value = decode((list as NSString).substring(with: a.range(at: 2)))
            if key.hasPrefix("on") || key == "style" || !attributes.contains(key) {
                problems.append("attribute \(key) on <\(name)>")
            }
            if key == "href" || key == "src", let bad = urlViolation(value) { problems.append("\(key): \(bad)") }
            if key == "class", value.range(of: #"^language-[a-z0-9+-]+$"#, options: .regularExpression) == nil {
                problems.append("class \(value)")
            }
        }
        return problems
    }

    static func decode(_ v: String) -> String {
        v.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Why a target is refused, nil when it is fine.
    static func urlViolation(_ value: String) -> String? {
        let squeezed = String(String.UnicodeScalarView(value.unicodeScalars.filter {
            !($0.value <= 0x20 || $0.value == 0x7F || $0.properties.isWhitespace || $0.properties.generalCategory == .format)
        })).lowercased()
        for bad in ["javascript:", "vbscript:", "data:", "file:", "blob:"] where squeezed.hasPrefix(bad) { return "scheme \(bad) in \(value)" }
        if let r = squeezed.range(of: #"^[a-z][a-z0-9+.-]*:"#, options: .regularExpression),
           !["http:", "https:", "mailto:"].contains(String(squeezed[r])) {
            return "scheme \(squeezed[r]) in \(value)"
        }
        if squeezed.hasPrefix("/") || squeezed.hasPrefix("\\") { return "not a relative path: \(value)" }
        return nil
    }
}
