public import Foundation
import HromadaDomain

/// A value that can be sent to PostgreSQL as a bound text parameter.
public protocol SQLBindable: Sendable {
    /// The value in PostgreSQL's text input format; `nil` is SQL NULL.
    var sqlText: String? { get }
}

/// A statement whose every interpolated value becomes a `$n` parameter.
///
/// ```swift
/// let sql: SQL = "SELECT id FROM users WHERE email = \(email)"
/// // text: "SELECT id FROM users WHERE email = $1", binds: [email]
/// ```
/// No value is ever spliced into the SQL text; raw SQL needs the explicit `\(unsafeSQL:)`.
public struct SQL: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var text: String
    public private(set) var binds: [String?]

    public init(stringLiteral value: String) {
        text = value
        binds = []
    }

    public init(stringInterpolation: Interpolation) {
        text = stringInterpolation.text
        binds = stringInterpolation.binds
    }

    /// Raw SQL text, for identifiers chosen by code (never by a client).
    public init(unsafeSQL text: String) {
        self.text = text
        binds = []
    }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""
        var binds: [String?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) { text += literal }

        public mutating func appendInterpolation(_ value: some SQLBindable) {
            binds.append(value.sqlText)
            text += "$\(binds.count)"
        }

        public mutating func appendInterpolation(_ value: (some SQLBindable)?) {
            binds.append(value?.sqlText)
            text += "$\(binds.count)"
        }

        /// Splices another statement, renumbering its parameters.
        public mutating func appendInterpolation(_ fragment: SQL) {
            text += fragment.renumbered(from: binds.count)
            binds += fragment.binds
        }

        public mutating func appendInterpolation(unsafeSQL raw: String) { text += raw }
    }

    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var out = lhs
        out.text += rhs.renumbered(from: lhs.binds.count)
        out.binds += rhs.binds
        return out
    }

    /// The text with every `$n` shifted by `offset`.
    func renumbered(from offset: Int) -> String {
        guard offset > 0, !binds.isEmpty else { return text }
        var out = ""
        var chars = text.makeIterator()
        var pending: Character? = chars.next()
        while let c = pending {
            pending = chars.next()
            guard c == "$", let next = pending, next.isASCII, next.isNumber else {
                out.append(c)
                continue
            }
            var digits = ""
            while let d = pending, d.isASCII, d.isNumber {
                digits.append(d)
                pending = chars.next()
            }
            out += "$\(Int(digits)! + offset)"
        }
        return out
    }

    public var description: String { text }
}

extension String: SQLBindable { public var sqlText: String? { self } }
extension Int: SQLBindable { public var sqlText: String? { String(self) } }
extension Int64: SQLBindable { public var sqlText: String? { String(self) } }
extension Int32: SQLBindable { public var sqlText: String? { String(self) } }
extension Double: SQLBindable { public var sqlText: String? { String(self) } }
extension Bool: SQLBindable { public var sqlText: String? { self ? "t" : "f" } }
extension UUID: SQLBindable { public var sqlText: String? { lowercasedText } }
extension Date: SQLBindable {
    public var sqlText: String? { PGTimestamp.format(self) }
}
extension Array: SQLBindable where Element == String {
    /// A `text[]` literal: every element quoted and escaped.
    public var sqlText: String? {
        "{" + map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }
}

/// Raw bytes, sent as `bytea` in hex form.
public struct Bytes: SQLBindable, Equatable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var sqlText: String? {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = Array("\\x".utf8)
        out.reserveCapacity(2 + bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Timestamps travel as RFC 3339 in UTC with microseconds.
enum PGTimestamp {
    /// `2026-11-29T06:26:13.123456Z`, rounded to the microsecond (PostgreSQL's precision).
    static func format(_ date: Date) -> String { Timestamp.format(date, digits: 6) }

    /// Parses PostgreSQL's `timestamptz` output in the UTC session zone:
    /// `2026-11-29 06:26:13.123456+00` (fraction optional).
    static func parse(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard u.count >= 22 else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            var v = 0
            for i in from..<(from + len) {
                let d = Int(u[i]) - 48
                guard (0...9).contains(d) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let year = num(0, 4), let month = num(5, 2), let day = num(8, 2),
              let hour = num(11, 2), let minute = num(14, 2), let second = num(17, 2)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < u.count, u[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < u.count, (48...57).contains(u[index]) {
                fraction += Double(Int(u[index]) - 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard text.utf8.suffix(3).elementsEqual("+00".utf8) else { return nil }
        var tm = tm()
        tm.tm_year = Int32(year - 1900)
        tm.tm_mon = Int32(month - 1)
        tm.tm_mday = Int32(day)
        tm.tm_hour = Int32(hour)
        tm.tm_min = Int32(minute)
        tm.tm_sec = Int32(second)
        let seconds = timegm(&tm)
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}

/// Exact decimals (`numeric`), for credits and hours: written and read as text, never through a Double.
extension Decimal: SQLBindable {
    public var sqlText: String? { description }
}
