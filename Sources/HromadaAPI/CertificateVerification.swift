public import Foundation
public import HromadaDomain

/// A verifier's answer (`POST /api/v1/certificates/verify`, and inside ``PublicCertificate``); the
/// terminal client's offline check gives the same shape.
public struct CertificateVerification: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        case valid, revoked, tampered
        case signerRevoked = "signer_revoked"
        case unknownIssuer = "unknown_issuer"
        case expiredChain = "expired_chain"
        case statusUnknown = "status_unknown"
    }

    /// A revocation as anyone may see it: when, and the public code (never the centre's note).
    public struct Revocation: Codable, Sendable, Equatable {
        public var revokedAt: Date
        public var reasonCode: RevocationReason

        public init(revokedAt: Date, reasonCode: RevocationReason) {
            self.revokedAt = revokedAt
            self.reasonCode = reasonCode
        }

        enum CodingKeys: String, CodingKey { case reasonCode = "reason_code", revokedAt = "revoked_at" }
    }

    /// One certificate of the chain that vouches for the signature.
    public struct ChainLink: Codable, Sendable, Equatable {
        public enum Role: String, Codable, Sendable, CaseIterable { case root, centre }

        public var role: Role
        public var subject: String
        /// The X.509 serial in hex.
        public var serial: String
        public var notAfter: Date

        public init(role: Role, subject: String, serial: String, notAfter: Date) {
            self.role = role
            self.subject = subject
            self.serial = serial
            self.notAfter = notAfter
        }

        enum CodingKeys: String, CodingKey { case role, subject, serial, notAfter = "not_after" }
    }

    public var verdict: Verdict
    /// The document's serial, when it has one.
    @Nullable public var serial: String?
    /// For `expired_chain`: whether the chain held when the certificate was issued.
    @Nullable public var validAtIssuance: Bool?
    @Nullable public var revocation: Revocation?
    /// Root first; empty when the signature leads to no root this server trusts.
    public var chain: [ChainLink]

    public init(verdict: Verdict, serial: String?, validAtIssuance: Bool? = nil, revocation: Revocation? = nil, chain: [ChainLink] = []) {
        self.verdict = verdict
        self.serial = serial
        self.validAtIssuance = validAtIssuance
        self.revocation = revocation
        self.chain = chain
    }

    enum CodingKeys: String, CodingKey {
        case verdict, serial, revocation, chain
        case validAtIssuance = "valid_at_issuance"
    }
}
