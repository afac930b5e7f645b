public import Foundation

/// Text from the server made safe to print on a terminal.
///
/// Whatever a server sends (a learner's essay, a course title, a problem's detail) reaches the
/// terminal of the person reading it, where an ESC sequence could clear the screen, set the
/// window's title or rewrite what was printed before. C0 controls other than newline and tab, DEL
/// and the C1 controls (U+0080–U+009F, which some terminals obey as well) are removed before the
/// text is decoded; nothing else changes.
public enum InertText {
    /// Whether `scalar` is one of the removed controls.
    static func isRemoved(_ value: UInt32, keepingCR: Bool = false) -> Bool {
        if value == 0x0A || value == 0x09 || (keepingCR && value == 0x0D) { return false }
        return value < 0x20 || (0x7F...0x9F).contains(value)
    }

    /// `text` without the removed controls; `keepingCR` keeps carriage returns (CSV lines end in CRLF).
    public static func text(_ text: String, keepingCR: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isRemoved($0.value, keepingCR: keepingCR) }) else { return text }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: text.unicodeScalars.lazy.filter { !isRemoved($0.value, keepingCR: keepingCR) })
        return String(out)
    }

    /// A JSON document with those controls removed from its strings. In JSON a control character can
    /// only be written escaped (`\u001b`, `\r`, `\b`, `\f`), except DEL and the C1 controls, which may
    /// also stand as they are: each of these goes, and every other byte is kept in place, so the
    /// document stays valid and means the same but for the controls.
    public static func json(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        // Nothing to do for the usual document: no backslash, no DEL, no C2 lead byte.
        guard bytes.contains(where: { $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 }) else { return data }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inString = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if !inString {
                if b == 0x22 { inString = true }
                out.append(b)
                i += 1
                continue
            }
            switch b {
            case 0x22:
                inString = false
                out.append(b)
                i += 1
            case 0x5C where i + 1 < n:
                let escaped = bytes[i + 1]
                switch escaped {
                case UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "r"):
                    i += 2
                case UInt8(ascii: "u") where i + 5 < n:
                    let hex = String(decoding: bytes[(i + 2)..<(i + 6)], as: UTF8.self)
                    if let value = UInt32(hex, radix: 16), isRemoved(value) {
                        i += 6
                    } else {
                        out.append(contentsOf: bytes[i..<(i + 6)])
                        i += 6
                    }
                default:
                    out.append(b)
                    out.append(escaped)
                    i += 2
                }
            case 0x7F:
                i += 1
            case 0xC2 where i + 1 < n && (0x80...0x9F).contains(bytes[i + 1]):
                i += 2
            default:
                out.append(b)
                i += 1
            }
        }
        return Data(out)
    }
}
