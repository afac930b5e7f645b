import HromadaAPI
import HromadaCrypto
import HromadaPacks
import Testing

/// The one mapping of a CMS chain's verdict to the API's, which the terminal's offline check and the
/// server's evidence check share.
struct ChainVerdictTests {
    @Test(arguments: [
        (CMSSignature.ChainVerdict.valid, "valid"), (.tampered, "tampered"), (.unknownIssuer, "unknown_issuer"),
        (.signerRevoked, "signer_revoked"), (.expiredChain(validAtIssuance: true), "expired_chain"),
        (.expiredChain(validAtIssuance: false), "expired_chain"), (.statusUnknown, "status_unknown"),
    ])
    func eachChainVerdictIsTheAPIsOfTheSameName(chain: CMSSignature.ChainVerdict, wire: String) {
        #expect(CertificateVerification.Verdict(chain).rawValue == wire)
    }

    @Test func noChainVerdictSaysRevokedWhichOnlyTheRevocationListCanSay() {
        let all: [CMSSignature.ChainVerdict] = [.valid, .tampered, .unknownIssuer, .signerRevoked, .expiredChain(validAtIssuance: true), .statusUnknown]
        #expect(!all.map(CertificateVerification.Verdict.init).contains(.revoked))
    }
}
