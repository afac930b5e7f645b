import COpenSSL
import HromadaDomain

/// scrypt password hashes through OpenSSL's `EVP_PBE_scrypt`.
///
/// A stored hash reads `scrypt$<log2 N>$<r>$<p>$<salt>$<key>` (salt and key base64url), so
/// the parameters travel with the hash and can be raised later without breaking old ones.
/// Hashing costs about 0.1 s of CPU and 32 MiB of memory: call it off Swift's cooperative pool.
public struct PasswordHasher: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var log2N: Int
        public var r: Int
        public var p: Int
        public init(log2N: Int, r: Int, p: Int) {
            self.log2N = log2N
            self.r = r
            self.p = p
        }
        /// N = 2^15, r = 8, p = 1: the floor this project accepts for new hashes.
        public static let standard = Parameters(log2N: 15, r: 8, p: 1)
    }

    public let parameters: Parameters
    static let keyLength = 32
    static let saltLength = 16

    public init(parameters: Parameters = .standard) {
        self.parameters = parameters
    }

    public func hash(_ password: String) throws -> String {
        let salt = SecureRandom.bytes(Self.saltLength)
        let key = try Self.derive(password, salt: salt, parameters: parameters, length: Self.keyLength)
        return "scrypt$\(parameters.log2N)$\(parameters.r)$\(parameters.p)$\(Base64URL.encode(salt))$\(Base64URL.encode(key))"
    }

    /// True when `password` matches `stored`. A malformed stored hash never matches.
    public func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "scrypt",
              let log2N = Int(parts[1]), (10...20).contains(log2N),
              let r = Int(parts[2]), (1...32).contains(r),
              let p = Int(parts[3]), (1...16).contains(p),
              let salt = Base64URL.decode(parts[4]),
              let expected = Base64URL.decode(parts[5]), !expected.isEmpty
        else { return false }
        guard let key = try? Self.derive(
            password, salt: salt, parameters: Parameters(log2N: log2N, r: r, p: p), length: expected.count
        ) else { return false }
        return constantTimeEquals(key, expected)
    }

    /// A hash of a random password, used to spend the same time when no user matches an email.
    public func dummyHash() -> String {
        (try? hash(SecureRandom.token())) ?? "scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    }

    static func derive(_ password: String, salt: [UInt8], parameters: Parameters, length: Int) throws -> [UInt8] {
        // A trailing NUL keeps the buffer non-empty, so its base address exists even for "".
        let pass = Array(password.utf8) + [0]
        let passLength = pass.count - 1
        var out = [UInt8](repeating: 0, count: length)
        let n = UInt64(1) << UInt64(parameters.log2N)
        // 128·r·N bytes for V plus working space; OpenSSL's default cap is 32 MiB.
        let maxMemory = UInt64(128 * parameters.r) * (n + UInt64(parameters.p) + 2) + (1 << 20)
        let ok = pass.withUnsafeBufferPointer { pw in
            salt.withUnsafeBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    pw.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pw.count) { pwc in
                        EVP_PBE_scrypt(
                            pwc, passLength, s.baseAddress, s.count,
                            n, UInt64(parameters.r), UInt64(parameters.p), maxMemory,
                            o.baseAddress, o.count
                        )
                    }
                }
            }
        }
        guard ok == 1 else { throw cryptoFailure("EVP_PBE_scrypt") }
        return out
    }
}
