import Foundation

/// RFC 8785 JSON Canonicalization Scheme: the exact bytes a certificate document is signed as.
///
/// Object keys sorted by their UTF-16 code units, no insignificant whitespace, strings escaped only
/// where JSON requires it, numbers in ECMAScript's shortest form (`30`, `1.5`, `86.5`, `1e+21`).
public enum JCS {
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out = ""
        write(value, into: &out)
        return Array(out.utf8)
    }

    static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += number(n)
        case .string(let s): string(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out += "," }
                string(key, into: &out)
                out += ":"
                write(members[key]!, into: &out)
            }
            out += "}"
        }
    }

    static func string(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{09}": out += "\\t"
            case "\u{0A}": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\u{0D}": out += "\\r"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// ECMAScript Number::toString for finite numbers (JSON has no others).
    public static func number(_ x: Double) -> String {
        if x == 0 { return "0" }
        if x == x.rounded(), abs(x) < 1e21 {
            return abs(x) < 9e18 ? String(Int64(x)) : String(format: "%.0f", x)
        }
        var text = "\(x)"  // Swift prints the shortest round-tripping digits, as ECMAScript does
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var mantissa = String(text[..<e])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            let exponent = Int(text[text.index(after: e)...]) ?? 0
            text = mantissa + "e" + (exponent > 0 ? "+" : "-") + String(abs(exponent))
        }
        return text
    }
}

/// Certificate serials: `UA-<centre>-<year>-<6-digit sequence>-<2 check digits>`, the check digits
/// ISO 7064 MOD 97-10 as in IBAN, so a mistyped serial is caught before any lookup.
public enum CertificateSerial {
    public static func make(centre: String, year: Int, sequence: Int) -> String {
        let number = String(format: "%06d", sequence)
        let body = "UA\(centre)\(year)\(number)"
        return "UA-\(centre)-\(year)-\(number)-\(checkDigits(body))"
    }

    /// 98 − (n × 100 mod 97) over the body with letters read as A=10 … Z=35.
    public static func checkDigits(_ body: String) -> String {
        var remainder = 0
        for ch in body.uppercased() {
            let digits: String
            if let d = ch.wholeNumberValue, ch.isASCII { digits = String(d) }
            else if let a = ch.asciiValue, (65...90).contains(a) { digits = String(Int(a) - 55) }
            else { return "??" }
            for d in digits { remainder = (remainder * 10 + d.wholeNumberValue!) % 97 }
        }
        let check = 98 - (remainder * 100) % 97
        return check < 10 ? "0\(check)" : String(check)
    }

    /// Whether `serial` has the form and its check digits match. Nothing is looked up.
    public static func isValid(_ serial: String) -> Bool {
        let parts = serial.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[0] == "UA",
              parts[1].count == 3, parts[1].allSatisfy({ $0.isASCII && $0.isUppercase }),
              parts[2].count == 4, parts[2].allSatisfy({ $0.isASCII && $0.isNumber }),
              parts[3].count == 6, parts[3].allSatisfy({ $0.isASCII && $0.isNumber }),
              parts[4].count == 2, parts[4].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return false }
        return checkDigits(parts[0] + parts[1] + parts[2] + parts[3]) == parts[4]
    }

    /// The centre code of a well-formed serial.
    public static func centre(of serial: String) -> String? {
        isValid(serial) ? String(serial.split(separator: "-")[1]) : nil
    }
}
