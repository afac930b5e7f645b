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

    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escape are copied whole; long texts are mostly such runs.
        var runStart = 0
        for i in 0..<utf8.count {
            let byte = utf8[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
            runStart = i + 1
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
