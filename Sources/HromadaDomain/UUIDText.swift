public import Foundation

/// Identifiers as text, read and written without C's formatted I/O: every request reads ids from
/// its path and from PostgreSQL's rows and writes them into statements, and Foundation parses each
/// with `sscanf` and writes each with `snprintf` (about 2 % of a lesson read's server CPU).
extension UUID {
    /// The canonical form, 8-4-4-4-12 hexadecimal digits in either case, as `UUID(uuidString:)`
    /// accepts it; nil for anything else.
    public init?(text: String) {
        var text = text
        guard let value = text.withUTF8({ UUID(utf8: $0) }) else { return nil }
        self = value
    }

    /// ``init(text:)`` from the text's UTF-8 bytes (not generic: across modules a generic
    /// parser runs unspecialised, through witness tables, several times slower).
    public init?(utf8 text: UnsafeBufferPointer<UInt8>) {
        guard text.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var position = 0
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    guard text[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                guard let high = HexDigit.value(text[position]), let low = HexDigit.value(text[position + 1]) else { return false }
                out[i] = high << 4 | low
                position += 2
            }
            return true
        }
        guard ok else { return nil }
        self.init(uuid: bytes)
    }

    /// Lower-case canonical text, the form the API writes ids in (`uuidString.lowercased()`).
    public var lowercasedText: String {
        let digits: StaticString = "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                digits.withUTF8Buffer { hex in
                    var at = 0
                    for (i, byte) in raw.enumerated() {
                        if i == 4 || i == 6 || i == 8 || i == 10 {
                            out[at] = UInt8(ascii: "-")
                            at += 1
                        }
                        out[at] = hex[Int(byte >> 4)]
                        out[at + 1] = hex[Int(byte & 0x0F)]
                        at += 2
                    }
                }
                return 36
            }
        }
    }

}

/// One hexadecimal digit's value, either case; nil for any other byte.
public enum HexDigit {
    public static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
