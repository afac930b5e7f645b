/// Makes a lesson's HTML inert: only the tags and attributes of an allow-list come out, every
/// other character is text, escaped. Run over every rendered lesson (``LessonRenderer``) and over
/// lessons stored before it existed (``version``, migration 0013).
///
/// Why our own: no well-kept HTML sanitiser fits this platform. SwiftSoup and swift-markdown are
/// not in the package mirror the build resolves from, and there is no libxml2-based sanitiser for
/// Swift on Linux. So this is a small one, built to be checked: one pass over the UTF-8 bytes
/// (linear: every byte is looked at a bounded number of times; a raw-text element's end is found
/// by one forward search), tokenised as the HTML standard's tokenizer reads tags, and an output
/// that is *written*, never copied:
///
/// - a tag comes out only if its name is in ``allowed``, rebuilt from that name and the allowed
///   attributes, each value decoded, judged and written again inside `"…"` with `& < > "` escaped;
/// - everything else that is not markup is text, character references decoded and `& < > "`
///   escaped again, controls dropped; comments, doctypes, `<![CDATA[…]]>`, `<?…>` and end tags of
///   elements not open are dropped; a disallowed element's tag is dropped and its content kept as
///   text, except the raw-text ones (``dropsContent``: `script`, `style`, `iframe`, …) whose content
///   goes with them;
/// - elements are balanced: an end tag closes only an element this filter opened, and what is
///   still open at the end is closed, so a lesson cannot leave an `<a>` or `<table>` open in the
///   page around it.
///
/// Whatever the input, the output holds no markup the browser could read other than these tags,
/// so sanitising twice gives the same text as once (the tests fuzz both).
public enum LessonSanitiser {
    /// The rules' number. Raised whenever the allow-list or the URL rules change: stored lessons
    /// filtered by an older number are filtered again (``CourseStore``'s lesson refilter).
    public static let version = 1

    /// An allowed element: its attributes and whether it is void (no content, no end tag).
    struct Element {
        var attributes: Set<String>
        var isVoid = false
    }

    /// What a lesson may hold: headings, paragraphs, lists, emphasis, code, pre, block quotes,
    /// tables, images, links, `hr`, `br` (the spec's "Rules that protect the record").
    static let allowed: [String: Element] = {
        var table: [String: Element] = [
            "a": Element(attributes: ["href", "title"]),
            "img": Element(attributes: ["src", "alt", "title"], isVoid: true),
            "code": Element(attributes: ["class"]),
            "ol": Element(attributes: ["start"]),
            "th": Element(attributes: ["align"]),
            "td": Element(attributes: ["align"]),
            "hr": Element(attributes: [], isVoid: true),
            "br": Element(attributes: [], isVoid: true),
        ]
        for name in ["h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "li", "em", "strong", "s", "del", "pre",
                     "blockquote", "table", "thead", "tbody", "tr"] {
            table[name] = Element(attributes: [])
        }
        return table
    }()

    /// Elements whose content the browser reads as text up to their end tag (raw text and RCDATA,
    /// and `noscript` with scripting on): dropped with their content. `plaintext` never ends.
    static let dropsContent: Set<String> = ["script", "style", "iframe", "noembed", "noframes", "noscript", "xmp",
                                            "textarea", "title", "plaintext"]

    /// How deep elements may nest; past it further tags are dropped (their text kept).
    static let maximumDepth = 100

    public static func sanitise(_ html: String) -> String {
        var writer = Writer(input: Array(html.utf8))
        writer.run()
        return String(decoding: writer.out, as: UTF8.self)
    }
}

extension LessonSanitiser {
    /// One pass over `input`, writing `out`.
    struct Writer {
        let input: [UInt8]
        var out: [UInt8] = []
        /// The allowed non-void elements open in `out`, innermost last.
        var open: [String] = []

        init(input: [UInt8]) {
            self.input = input
            out.reserveCapacity(input.count + input.count / 8)
        }

        mutating func run() {
            var i = 0, textStart = 0
            let n = input.count
            while i < n {
                guard input[i] == UInt8(ascii: "<"), i + 1 < n else { i += 1; continue }
                let next = input[i + 1]
                var after: Int
                if next == UInt8(ascii: "!") {
                    after = skipDeclaration(from: i + 2)
                } else if next == UInt8(ascii: "?") {
                    after = skip(to: UInt8(ascii: ">"), from: i + 2)
                } else if next == UInt8(ascii: "/") {
                    guard i + 2 < n else { i += 1; continue }  // "</" at the end: text
                    if isAlpha(input[i + 2]) {
                        let (name, end) = tagName(from: i + 2)
                        after = skip(to: UInt8(ascii: ">"), from: end)
                        text(textStart..<i)
                        if after <= n { endTag(name) }
                        i = min(after, n); textStart = i
                        continue
                    }
                    after = skip(to: UInt8(ascii: ">"), from: i + 2)  // "</>" or a bogus comment
                } else if isAlpha(next) {
                    text(textStart..<i)
                    guard let tag = startTag(from: i + 1) else { i = n; textStart = n; break }  // unterminated: dropped
                    after = tag.end
                    if LessonSanitiser.dropsContent.contains(tag.name) {
                        after = tag.name == "plaintext" ? n : endOfRawText(tag.name, from: tag.end)
                    } else {
                        startTag(tag)
                    }
                    i = min(after, n); textStart = i
                    continue
                } else {
                    i += 1  // "<" before anything else is text
                    continue
                }
                text(textStart..<i)
                i = min(after, n); textStart = i
            }
            text(textStart..<n)
            while let name = open.popLast() { write("</\(name)>") }
        }

        // MARK: Tokens

        /// `<!--…-->` (also `<!-->`, `<!--->` and `--!>`), or a declaration, doctype or CDATA
        /// section up to the next `>` (what the browser makes of them in a body). Returns the index
        /// after it (past the end when unterminated: the rest is the comment's).
        func skipDeclaration(from start: Int) -> Int {
            let n = input.count
            guard start + 1 < n, input[start] == UInt8(ascii: "-"), input[start + 1] == UInt8(ascii: "-") else {
                return skip(to: UInt8(ascii: ">"), from: start)
            }
            var j = start + 2
            if j < n, input[j] == UInt8(ascii: ">") { return j + 1 }
            if j + 1 < n, input[j] == UInt8(ascii: "-"), input[j + 1] == UInt8(ascii: ">") { return j + 2 }
            while j < n {
                if input[j] == UInt8(ascii: "-"), j + 2 < n, input[j + 1] == UInt8(ascii: "-") {
                    if input[j + 2] == UInt8(ascii: ">") { return j + 3 }
                    if input[j + 2] == UInt8(ascii: "!"), j + 3 < n, input[j + 3] == UInt8(ascii: ">") { return j + 4 }
                }
                j += 1
            }
            return n + 1
        }

        /// The index after the next `byte` at or after `start` (past the end when there is none).
        func skip(to byte: UInt8, from start: Int) -> Int {
            var j = start
            while j < input.count {
                if input[j] == byte { return j + 1 }
                j += 1
            }
            return input.count + 1
        }

        /// A tag name from `start` (ASCII lower-cased) and the index after it.
        func tagName(from start: Int) -> (String, Int) {
            var j = start
            var name: [UInt8] = []
            while j < input.count, !isSpace(input[j]), input[j] != UInt8(ascii: "/"), input[j] != UInt8(ascii: ">") {
                name.append(lower(input[j]))
                j += 1
            }
            return (String(decoding: name, as: UTF8.self), j)
        }

        struct Tag {
            var name: String
            /// Names lower-cased, values as written (references not decoded); the first of a name wins.
            var attributes: [(name: String, value: [UInt8])]
            var end: Int
        }

        /// A start tag whose name begins at `start`, read as the HTML tokenizer reads one; nil when
        /// the input ends before its `>` (the browser drops such a tag).
        func startTag(from start: Int) -> Tag? {
            let n = input.count
            let (name, end) = tagName(from: start)
            var j = end
            var attributes: [(name: String, value: [UInt8])] = []
            var seen = Set<String>()
            while true {
                while j < n, isSpace(input[j]) || input[j] == UInt8(ascii: "/") { j += 1 }
                guard j < n else { return nil }
                if input[j] == UInt8(ascii: ">") { return Tag(name: name, attributes: attributes, end: j + 1) }
                // An attribute's name: a leading "=" belongs to it.
                var attributeName: [UInt8] = [lower(input[j])]
                j += 1
                while j < n, !isSpace(input[j]), ![UInt8(ascii: "/"), UInt8(ascii: ">"), UInt8(ascii: "=")].contains(input[j]) {
                    attributeName.append(lower(input[j]))
                    j += 1
                }
                while j < n, isSpace(input[j]) { j += 1 }
                var value: [UInt8] = []
                if j < n, input[j] == UInt8(ascii: "=") {
                    j += 1
                    while j < n, isSpace(input[j]) { j += 1 }
                    guard j < n else { return nil }
                    if input[j] == UInt8(ascii: "\"") || input[j] == UInt8(ascii: "'") {
                        let quote = input[j]
                        j += 1
                        while j < n, input[j] != quote { value.append(input[j]); j += 1 }
                        guard j < n else { return nil }
                        j += 1
                    } else {
                        while j < n, !isSpace(input[j]), input[j] != UInt8(ascii: ">") { value.append(input[j]); j += 1 }
                    }
                }
                let key = String(decoding: attributeName, as: UTF8.self)
                if seen.insert(key).inserted { attributes.append((key, value)) }
            }
        }

        /// The index after the end tag `</name…>` that closes raw text begun at `start`; past the
        /// end when there is none (the rest is the element's).
        func endOfRawText(_ name: String, from start: Int) -> Int {
            let n = input.count
            let wanted = Array(name.utf8)
            var j = start
            while j + 1 + wanted.count < n {
                if input[j] == UInt8(ascii: "<"), input[j + 1] == UInt8(ascii: "/") {
                    var k = 0
                    while k < wanted.count, lower(input[j + 2 + k]) == wanted[k] { k += 1 }
                    let after = j + 2 + wanted.count
                    if k == wanted.count, after < n, isSpace(input[after]) || input[after] == UInt8(ascii: "/") || input[after] == UInt8(ascii: ">") {
                        return skip(to: UInt8(ascii: ">"), from: after)
                    }
                }
                j += 1
            }
            return n + 1
        }

        // MARK: Output

        mutating func startTag(_ tag: Tag) {
            guard let element = LessonSanitiser.allowed[tag.name], open.count < LessonSanitiser.maximumDepth else { return }
            write("<" + tag.name)
            for (name, raw) in tag.attributes where element.attributes.contains(name) {
                guard let value = LessonSanitiser.attribute(name, of: tag.name, LessonSanitiser.decoded(raw)) else { continue }
                write(" \(name)=\"")
                escape(value)
                write("\"")
            }
            if tag.name == "img" { write("/") }
            write(">")
            if !element.isVoid { open.append(tag.name) }
        }

        mutating func endTag(_ name: String) {
            guard let index = open.lastIndex(of: name) else { return }
            while open.count > index { write("</\(open.removeLast())>") }
        }

        /// Text between tags: references decoded, then escaped again.
        mutating func text(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            escape(LessonSanitiser.decoded(input[range]))
        }

        mutating func escape(_ text: String) {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "&"): write("&amp;")
                case UInt8(ascii: "<"): write("&lt;")
                case UInt8(ascii: ">"): write("&gt;")
                case UInt8(ascii: "\""): write("&quot;")
                case UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): out.append(byte)
                case 0..<0x20, 0x7F: continue
                default: out.append(byte)
                }
            }
        }

        mutating func write(_ s: String) { out.append(contentsOf: s.utf8) }
    }
}

func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
func lower(_ b: UInt8) -> UInt8 { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b }
/// The HTML tokenizer's whitespace: tab, LF, FF, CR, space.
func isSpace(_ b: UInt8) -> Bool { b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D || b == 0x20 }
