public import Foundation

/// One message as RFC 5322 and MIME want it: UTF-8 headers as RFC 2047 encoded words, a
/// `multipart/alternative` body of plain text and HTML, each base64-encoded in lines of 76, CRLF
/// line ends throughout. Pure: the same values give the same bytes.
public struct MailMessage: Sendable, Equatable {
    public var from: Mailbox
    public var to: Mailbox
    public var subject: String
    public var text: String
    public var html: String
    public var date: Date
    /// Without angle brackets: `local@domain`. Stable for one outbox row, so a copy sent twice is
    /// recognisably the same message.
    public var messageID: String
    /// `uk` or `en`, written as `Content-Language`.
    public var language: String

    public init(from: Mailbox, to: Mailbox, subject: String, text: String, html: String, date: Date, messageID: String, language: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.date = date
        self.messageID = messageID
        self.language = language
    }

    /// The message's bytes, ready for SMTP's DATA (libcurl adds the dot-stuffing and the final dot).
    public func rendered() -> [UInt8] {
        let boundary = "=_hromada_" + Self.boundaryPart(messageID)
        var lines: [String] = [
            "Date: " + Self.rfc5322Date(date),
            "From: " + MailHeader.mailbox(from),
            "To: " + MailHeader.mailbox(to, already: 4),
            "Subject: " + MailHeader.encoded(subject, already: "Subject: ".count),
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
            "Content-Language: " + (language == "en" ? "en" : "uk"),
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "This is a message in MIME format. / Це лист у форматі MIME.",
        ]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += ["", "--" + boundary, "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines += Self.base64Lines(Array(Self.crlf(body).utf8))
        }
        lines += ["", "--" + boundary + "--", ""]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    /// Text with every line break as CRLF, as MIME wants inside a text part.
    static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    static func base64Lines(_ bytes: [UInt8]) -> [String] {
        let encoded = Data(bytes).base64EncodedString()
        var out: [String] = []
        var rest = Substring(encoded)
        while !rest.isEmpty {
            out.append(String(rest.prefix(76)))
            rest = rest.dropFirst(76)
        }
        return out
    }

    /// A boundary part from the message id: letters and digits only, so it never needs quoting.
    static func boundaryPart(_ id: String) -> String {
        String(id.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }.prefix(40).map(Character.init))
    }

    /// `Sat, 07 Dec 2026 05:31:00 +0000`.
    public static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}

/// Header values: RFC 2047 encoded words for anything outside printable ASCII, folded so that no
/// line passes 78 characters, and never a bare line break (a name cannot add a header).
public enum MailHeader {
    /// `Name <address>`, the name quoted or encoded as needed. A name that fits one encoded word
    /// on the header's first line (42 bytes of UTF-8 after `From: ` or `To: `) is one word, with the
    /// address on the next line: some readers (Python's `email` package among them) keep the space
    /// between two encoded words of a name, against RFC 2047, and show «Украї ни».
    public static func mailbox(_ box: Mailbox, already: Int = 6) -> String {
        guard let name = box.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return box.address }
        let printable = name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        if printable && name.count <= 60 {
            return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\" <\(box.address)>"
        }
        let bytes = Array(clean(name).utf8)
        if already + word(bytes).count <= 76 {
            return word(bytes) + "\r\n <\(box.address)>"
        }
        return encoded(name, already: already) + " <\(box.address)>"
    }

    /// Control characters (a line break in a name, say) as spaces.
    static func clean(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
    }

    /// `text` as it may stand in a header: as is when it is short printable ASCII, else as encoded
    /// words of at most 75 characters each, split between characters, folded with CRLF and a space.
    /// `already` is how much of the first line the header's name takes.
    public static func encoded(_ text: String, already: Int = 0) -> String {
        let clean = clean(text)
        if clean.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && clean.count + already <= 78
            && !clean.contains("=?") {
            return clean
        }
        // 39 bytes make 52 base64 characters: with `=?UTF-8?B?` and `?=` an encoded word of 64, so a
        // line holds a header's name and one word within 76.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in clean {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39 {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    static func word(_ bytes: [UInt8]) -> String { "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?=" }
}
