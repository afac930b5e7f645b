public import Foundation
import HromadaDomain

/// A value PostgreSQL returns in text format that Swift can decode.
public protocol SQLDecodable: Sendable {
    init?(sqlText: String)
    /// The value from the text's UTF-8 bytes; by default through a `String`, which types read in
    /// every request (ids) skip.
    init?(sqlUTF8: ArraySlice<UInt8>)
}

extension SQLDecodable {
    public init?(sqlUTF8: ArraySlice<UInt8>) { self.init(sqlText: String(decoding: sqlUTF8, as: UTF8.self)) }
}

/// A state kept as text (a table's CHECK constraint names its values): decoded by its raw value, so
/// a text no case names is an error naming the column, never a default.
extension SQLDecodable where Self: RawRepresentable, Self.RawValue == String {
    public init?(sqlText: String) { self.init(rawValue: sqlText) }
}

extension String: SQLDecodable { public init?(sqlText: String) { self = sqlText } }
extension Int: SQLDecodable { public init?(sqlText: String) { self.init(sqlText, radix: 10) } }
extension Int64: SQLDecodable { public init?(sqlText: String) { self.init(sqlText, radix: 10) } }
extension Double: SQLDecodable { public init?(sqlText: String) { self.init(sqlText) } }
extension Decimal: SQLDecodable {
    /// `numeric`'s text output (`1.10`, `-0.5`, `30`); `NaN` and the infinities are refused.
    public init?(sqlText: String) {
        guard let d = Decimal(string: sqlText, locale: Self.posix), d.isFinite else { return nil }
        self = d
    }

    /// Made once: a `Locale` per value cost a national report (190,000 rows) a noticeable share of its time.
    private static let posix = Locale(identifier: "en_US_POSIX")
}
extension Bool: SQLDecodable {
    public init?(sqlText: String) {
        switch sqlText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}
extension UUID: SQLDecodable {
    public init?(sqlText: String) { self.init(text: sqlText) }
    public init?(sqlUTF8: ArraySlice<UInt8>) {
        guard let id = sqlUTF8.withUnsafeBufferPointer({ UUID(utf8: $0) }) else { return nil }
        self = id
    }
}
extension Date: SQLDecodable { public init?(sqlText: String) {
    guard let d = PGTimestamp.parse(sqlText) else { return nil }
    self = d
} }
extension Bytes: SQLDecodable {
    public init?(sqlText: String) {
        let u = Array(sqlText.utf8)
        guard u.count >= 2, u[0] == UInt8(ascii: "\\"), u[1] == UInt8(ascii: "x"), u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity((u.count - 2) / 2)
        var i = 2
        while i < u.count {
            guard let hi = HexDigit.value(u[i]), let lo = HexDigit.value(u[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        self.init(out)
    }
}

/// One row of a result, copied out of libpq so it outlives the result handle.
public struct PGRow: Sendable {
    let columns: [String: Int]
    /// Every value's text, back to back.
    let bytes: [UInt8]
    /// Where each column's value lies in `bytes`.
    let spans: [Span]

    struct Span: Sendable {
        var start: Int
        var end: Int
        static let null = Span(start: -1, end: -1)
    }

    init(columns: [String: Int], bytes: [UInt8], spans: [Span]) {
        self.columns = columns
        self.bytes = bytes
        self.spans = spans
    }

    /// A row of text values (tests).
    init(columns: [String: Int], values: [String?]) {
        var bytes: [UInt8] = []
        var spans: [Span] = []
        for value in values {
            guard let value else { spans.append(.null); continue }
            let start = bytes.count
            bytes += value.utf8
            spans.append(Span(start: start, end: bytes.count))
        }
        self.init(columns: columns, bytes: bytes, spans: spans)
    }

    /// The column's text as PostgreSQL sent it (UTF-8, unchecked), `nil` for SQL NULL: for values
    /// passed on as they are, such as long texts written into a JSON response.
    public func utf8(_ column: String) throws -> ArraySlice<UInt8>? {
        guard let index = columns[column] else {
            throw HromadaError(.internalError, reason: "no column \(column) in result")
        }
        let span = spans[index]
        return span.start < 0 ? nil : bytes[span.start..<span.end]
    }

    /// The column's value, or a decoding error naming the column.
    public func decode<T: SQLDecodable>(_ column: String) throws -> T {
        try decode(T.self, column)
    }

    /// The column's value, or a decoding error naming the column.
    public func decode<T: SQLDecodable>(_ type: T.Type, _ column: String) throws -> T {
        guard let text = try utf8(column) else {
            throw HromadaError(.internalError, reason: "column \(column) is NULL, expected \(T.self)")
        }
        guard let value = T(sqlUTF8: text) else {
            throw HromadaError(.internalError, reason: "column \(column) does not decode as \(T.self)")
        }
        return value
    }

    /// The column's value, `nil` for SQL NULL.
    public func decode<T: SQLDecodable>(_ type: T?.Type, _ column: String) throws -> T? {
        guard let text = try utf8(column) else { return nil }
        guard let value = T(sqlUTF8: text) else {
            throw HromadaError(.internalError, reason: "column \(column) does not decode as \(T.self)")
        }
        return value
    }

    /// A `text[]` column.
    public func decodeArray(_ column: String) throws -> [String] {
        guard let text = try utf8(column) else { return [] }
        return try PGArray.parse(utf8: text)
    }
}

/// Parses one-dimensional PostgreSQL array literals such as `{a,"b c",NULL}` (an unquoted NULL
/// comes back as the text "NULL"), byte by byte: a user's roles are read in every request.
enum PGArray {
    static func parse(utf8 text: ArraySlice<UInt8>) throws -> [String] {
        guard text.count >= 2, text.first == UInt8(ascii: "{"), text.last == UInt8(ascii: "}") else {
            throw HromadaError(.internalError, reason: "not an array literal")
        }
        let inner = text.dropFirst().dropLast()
        if inner.isEmpty { return [] }
        var out: [String] = []
        var current: [UInt8] = []
        var quoted = false
        var i = inner.startIndex
        while i < inner.endIndex {
            let c = inner[i]
            if quoted {
                if c == UInt8(ascii: "\\"), i + 1 < inner.endIndex {
                    current.append(inner[i + 1])
                    i += 1
                } else if c == UInt8(ascii: "\"") {
                    quoted = false
                } else {
                    current.append(c)
                }
            } else if c == UInt8(ascii: "\"") {
                quoted = true
            } else if c == UInt8(ascii: ",") {
                out.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(c)
            }
            i += 1
        }
        out.append(String(decoding: current, as: UTF8.self))
        return out
    }
}
