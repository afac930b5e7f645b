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
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map { [UInt8]($0) }
    }
}
