import CHromadaShim
import COpenSSL
public import Foundation
import HromadaDomain

/// What an X.509 CRL (PEM) says, read with OpenSSL: its number, dates and revoked serials, and
/// whether a given root signed it.
public struct RevocationListInfo: Sendable, Equatable {
    public var number: Int
    public var thisUpdate: Date
    public var nextUpdate: Date
    /// Serials (upper-case hex), sorted.
    public var revokedSerials: [String]
    /// Whether `root` is the issuer named in the CRL and its key made the signature.
    public var signedByRoot: Bool

    /// Reads `pem` and checks its signature against `root`. A plain sentence when it is not a CRL.
    public init(pem: String, root: Certificate) throws {
        guard let crl = try withMemoryBIO(Array(pem.utf8), { PEM_read_bio_X509_CRL($0, nil, nil, nil) }) else {
            _ = openSSLErrors()
            throw ConfigurationError("The root CRL is not a PEM CRL.")
        }
        defer { X509_CRL_free(crl) }
        let numberField = X509_CRL_get_ext_d2i(crl, NID_crl_number, nil, nil)?.assumingMemoryBound(to: ASN1_INTEGER.self)
        number = numberField.map { Int(ASN1_INTEGER_get($0)) } ?? 0
        if let numberField { ASN1_INTEGER_free(numberField) }
        thisUpdate = asn1Date(X509_CRL_get0_lastUpdate(crl))
        nextUpdate = asn1Date(X509_CRL_get0_nextUpdate(crl))
        var serials: [String] = []
        if let raw = X509_CRL_get_REVOKED(crl) {
            for i in 0..<max(0, OPENSSL_sk_num(raw)) {
                guard let entry = OPENSSL_sk_value(raw, i) else { continue }
                let serial = X509_REVOKED_get0_serialNumber(OpaquePointer(entry))
                guard let bn = ASN1_INTEGER_to_BN(serial, nil) else { continue }
                defer { BN_free(bn) }
                if let hex = BN_bn2hex(bn) {
                    serials.append(String(cString: hex))
                    hromada_openssl_free(hex)
                }
            }
        }
        revokedSerials = serials.sorted()
        let sameIssuer = X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(root.x509)) == 0
        let key = X509_get0_pubkey(root.x509)
        signedByRoot = sameIssuer && key != nil && X509_CRL_verify(crl, key) == 1
        _ = openSSLErrors()
    }
}
