import Foundation

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

    /// ``init(text:)`` from the text's UTF-8 bytes.
    public init?<Bytes: Collection<UInt8>>(utf8 text: Bytes) {
        guard text.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var ok = true
        withUnsafeMutableBytes(of: &bytes) { out in
            var index = text.startIndex
            var position = 0, written = 0
            var high: UInt8? = nil
            while index != text.endIndex, ok {
                let c = text[index]
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    ok = c == UInt8(ascii: "-")
                } else if let nibble = Self.nibble(c) {
                    if let h = high {
                        out[written] = h << 4 | nibble
                        written += 1
                        high = nil
                    } else {
                        high = nibble
                    }
                } else {
                    ok = false
                }
                position += 1
                index = text.index(after: index)
            }
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

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
