import Foundation
import HromadaDomain

/// A JWS in compact serialisation (RFC 7515 §7.1), `BASE64URL(header).BASE64URL(payload).BASE64URL(signature)`,
/// signed ES256 only: the VC-JWTs of the badges and the status lists.
public struct CompactJWS: Sendable {
    /// The protected header's parameters a check reads.
    public struct Header: Codable, Sendable, Equatable {
        public var alg: String
        public var kid: String?
        public var typ: String?
        public init(alg: String = "ES256", kid: String?, typ: String? = "JWT") {
            self.alg = alg
            self.kid = kid
            self.typ = typ
        }
    }

    public var header: Header
    /// The payload's bytes, as signed.
    public var payload: [UInt8]
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`: what the signature covers.
    public var signingInput: [UInt8]
    public var signature: [UInt8]

    /// Reads a compact JWS; nil when it is not three base64url parts with a JSON header.
    public init?(_ token: String) {
        let parts = token.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } }),
              let h = Base64URL.decode(String(parts[0])), let p = Base64URL.decode(String(parts[1])),
              let s = Base64URL.decode(String(parts[2])),
              let header = try? JSONDecoder().decode(Header.self, from: Data(h)) else { return nil }
        self.header = header
        payload = p
        signature = s
        signingInput = Array("\(parts[0]).\(parts[1])".utf8)
    }

    /// Signs `payload` (JSON bytes) ES256 with `key`, the header naming `kid`.
    public static func sign(payload: [UInt8], kid: String, key: PrivateKey) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header = try encoder.encode(Header(kid: kid))
        let input = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        return input + "." + Base64URL.encode(try ES256.sign(Array(input.utf8), key: key))
    }

    /// Whether the header says ES256 and the signature is `key`'s (the header cannot choose another algorithm).
    public func verifies(with key: PublicKey) -> Bool {
        header.alg == "ES256" && ES256.verify(signingInput, signature: signature, key: key)
    }
}
