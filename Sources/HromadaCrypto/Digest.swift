import COpenSSL

/// SHA-256 through OpenSSL's EVP interface.
public enum SHA256 {
    public static func hash<S: Sequence>(_ input: S) -> [UInt8] where S.Element == UInt8 {
        let bytes = Array(input)
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                EVP_Digest(inBuf.baseAddress, inBuf.count, outBuf.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        precondition(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed: \(openSSLErrors())")
        return out
    }

    public static func hash(_ text: String) -> [UInt8] { hash(Array(text.utf8)) }

    public static func hex<S: Sequence>(_ input: S) -> String where S.Element == UInt8 { Hex.encode(hash(input)) }
    public static func hex(_ text: String) -> String { Hex.encode(hash(text)) }
}

public enum Hex {
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Compares two byte strings in time that depends only on their length.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    if a.isEmpty { return true }
    return a.withUnsafeBytes { pa in
        b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, a.count) == 0 }
    }
}
