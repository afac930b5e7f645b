/// A small JSON writer for the few hot responses and rows where Foundation's `JSONEncoder` costs
/// more than the work around it (an attempt's paper and view are written on every quiz start).
///
/// It writes what the caller says, in the caller's order: callers keep keys sorted, as the API's
/// encoder does. Strings are escaped as JSON requires (slashes are left alone, as the API's encoder
/// does); numbers use ECMAScript's shortest form (``JCS/number(_:)``); integers are exact.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Per open object or array: whether nothing has been written in it yet.
    private var firsts: [Bool] = []
    private var afterKey = false

    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if afterKey { afterKey = false; return }
        guard let first = firsts.last else { return }
        if first { firsts[firsts.count - 1] = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); firsts.append(true) }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); firsts.removeLast() }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); firsts.append(true) }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); firsts.removeLast() }

    /// An object's key; the next value written is its value.
    public mutating func key(_ name: String) {
        separate()
        escaped(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func string(_ s: String) { separate(); escaped(s) }
    public mutating func number(_ x: Double) { separate(); bytes += JCS.number(x).utf8 }
    public mutating func integer(_ x: some BinaryInteger) { separate(); bytes += String(x).utf8 }
    public mutating func bool(_ b: Bool) { separate(); bytes += (b ? "true" : "false").utf8 }
    public mutating func null() { separate(); bytes += "null".utf8 }
    public mutating func value(_ v: JSONValue) { separate(); bytes += JCS.encode(v) }

    /// Bytes already written as JSON by someone else (a column PostgreSQL produced), written as one value.
    public mutating func rawJSON(_ text: String) { separate(); bytes += text.utf8 }

    /// ``rawJSON(_:)`` from UTF-8 bytes (a column as PostgreSQL sent it).
    public mutating func rawJSON(utf8: ArraySlice<UInt8>) { separate(); bytes += utf8 }

    /// `text` as one JSON string literal, quotes and escapes included.
    public static func literal(_ text: String) -> String {
        var w = JSONWriter(capacity: text.utf8.count + 16)
        w.string(text)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    public mutating func string(_ s: String?) { if let s { string(s) } else { null() } }
    public mutating func number(_ x: Double?) { if let x { number(x) } else { null() } }

    /// A string given as UTF-8 bytes known to be valid (text PostgreSQL sent), written without
    /// making a `String` of it first.
    public mutating func string(utf8: ArraySlice<UInt8>) {
        separate()
        utf8.withUnsafeBufferPointer { escaped($0) }
    }

    private mutating func escaped(_ s: String) {
        var s = s
        s.withUTF8 { escaped($0) }
    }

    /// Whether any of the eight bytes in `word` is a control character, `"` or `\`: the classic
    /// "has a zero byte" test, `(v - 0x01…) & ~v & 0x80…`, applied to `word` against each.
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let control = (word &- ones &* 0x20) & ~word & highs != 0
        return control || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C))
    }

    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escape are copied whole; long texts are mostly such runs, so
        // they are scanned eight bytes at a time.
        var runStart = 0
        var i = 0
        while i < utf8.count {
            if i + 8 <= utf8.count, !Self.needsEscape(UnsafeRawPointer(utf8.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let byte = utf8[i]
            i += 1
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            let at = i - 1
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<at]))
            runStart = i
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            default:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        bytes.append(UInt8(ascii: "\""))
    }
}
