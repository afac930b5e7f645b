import COpenSSL
import Foundation

/// Cryptographically strong random bytes from OpenSSL's DRBG.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let ok = buffer.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        // RAND_bytes only fails when the DRBG cannot be seeded; continuing would hand out
        // guessable tokens, so stopping the process is the only safe answer.
        precondition(ok == 1, "OpenSSL RAND_bytes failed: \(openSSLErrors())")
        return buffer
    }

    /// A URL-safe random token carrying `bytes` × 8 bits of entropy.
    public static func token(bytes: Int = 32) -> String {
        Base64URL.encode(self.bytes(bytes))
    }
}

/// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5).
public enum Base64URL {
    // Byte by byte rather than with `replacingOccurrences`, which on Linux's Foundation was most of
    // the cost of signing a badge (three string searches per part of every JWS).
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let standard = Data(bytes).base64EncodedData()
        var out: [UInt8] = []
        out.reserveCapacity(standard.count)
        for b in standard {
            switch b {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var s = text.utf8.map { b -> UInt8 in
            b == UInt8(ascii: "-") ? UInt8(ascii: "+") : b == UInt8(ascii: "_") ? UInt8(ascii: "/") : b
        }
        while s.count % 4 != 0 { s.append(UInt8(ascii: "=")) }
        return Data(base64Encoded: Data(s)).map { [UInt8]($0) }
    }
}
