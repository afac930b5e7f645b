public import HromadaAPI
public import HromadaCrypto

extension CertificateVerification.Verdict {
    /// What a CMS signature and its chain say, as the API words it. Here because both sides need it:
    /// the terminal client's offline check (`hromada verify --offline`) and the server's check of a
    /// certificate given as evidence of learning elsewhere, which may import this module and
    /// `HromadaCrypto` alike (`HromadaAPI` may not import `HromadaCrypto`). The server's own
    /// verification weighs its revocation list and the signing centre as well (`CertificateVerifier`).
    public init(_ chain: CMSSignature.ChainVerdict) {
        switch chain {
        case .valid: self = .valid
        case .tampered: self = .tampered
        case .unknownIssuer: self = .unknownIssuer
        case .signerRevoked: self = .signerRevoked
        case .expiredChain: self = .expiredChain
        case .statusUnknown: self = .statusUnknown
        }
    }
}
