import Foundation
public import HromadaAPI
import HromadaCrypto
import HromadaDomain
public import HromadaPostgres

/// The one verifier of the project: a document and its detached signature in, a verdict out. The
/// chain is checked against the association root and its newest CRL, then the serial against its
/// centre's revocations.
public enum CertificateVerifier {
    /// Verifies `document` against `signature` with the chain stored in the database, in one network
    /// round trip: the root, its CRL and what this server recorded for the document's serial (its
    /// state and the key that signed it) in one pipeline. The centre's link of the chain is the
    /// certificate embedded in the signature, shown only when it leads to the root.
    ///
    /// A signature that leads to the root must also be by the right centre: by the very key recorded
    /// for the serial, or, for a serial this server never issued, by a key of the centre the document
    /// names. Otherwise one centre's key (say, stolen) could vouch for another centre's certificates;
    /// such a document is `tampered`.
    ///
    /// With `rate` and `address`, the request is counted in the same pipeline (its statement sent
    /// last), and one over the limit is refused with 429 before any signature is checked.
    public static func verify(
        _ db: PGConnection, document: [UInt8], signature: [UInt8], rate: VerificationRate? = nil, address: String = ""
    ) throws -> CertificateVerification {
        let fields = (try? JSONDecoder().decode(DocumentFields.self, from: Data(document))) ?? DocumentFields()
        let serial = fields.serial
        var statements = [CertificateAuthorityStore.rootCertificateStatement, CertificateAuthorityStore.crlStatement]
        if let serial {
            statements.append("""
                SELECT c.status, c.revoked_at, c.revocation_code, upper(k.serial_hex) AS signer
                FROM certificates c LEFT JOIN signing_keys k ON k.id = c.signing_key_id WHERE c.serial = \(serial)
                """)
        }
        if let rate { statements.append(rate.hit(address: address)) }
        var found = try db.pipeline(statements)
        if let rate { try rate.admit(found.removeLast()) }
        // A server whose association has no root yet issued nothing: whoever signed this is unknown here.
        guard let rootPEM = try found[0].first.map({ try $0.decode(String.self, "certificate_pem") }) else {
            return CertificateVerification(verdict: .unknownIssuer, serial: serial)
        }
        let crl = try found[1].first.map { try $0.decode(String.self, "crl_pem") }
        let recorded = found.count > 2 ? found[2].first : nil
        let revocation = try recorded.flatMap { try $0.decode(String.self, "status") == "revoked" ? $0 : nil }
        let trust = try Self.trust(rootPEM: rootPEM, crlPEM: crl)
        let rootCert = trust.root
        var issuedAt: Date?
        if let s = fields.issuedAt { issuedAt = try? Date(s, strategy: .iso8601) }
        let check = CMSSignature.verify(content: document, signature: signature, trust: trust.store, issuedAt: issuedAt)
        var result = CertificateVerification(verdict: .tampered, serial: serial)
        // A signer that leads to the root: it must be the right centre's, and it is shown.
        if let signer = check.signer, check.verdict != .tampered, check.verdict != .unknownIssuer {
            guard try signedByTheRightCentre(db, signer: signer.serialHex, recorded: recorded, centre: fields.centre) else { return result }
            result.chain = [
                .init(role: .root, subject: rootCert.commonName, serial: rootCert.serialHex, notAfter: rootCert.notAfter),
                .init(role: .centre, subject: signer.commonName, serial: signer.serialHex, notAfter: signer.notAfter),
            ]
        }
        switch check.verdict {
        case .tampered: result.verdict = .tampered
        case .unknownIssuer: result.verdict = .unknownIssuer
        case .signerRevoked: result.verdict = .signerRevoked
        case .statusUnknown: result.verdict = .statusUnknown
        case .expiredChain(let then):
            result.verdict = .expiredChain
            result.validAtIssuance = then
        case .valid:
            result.verdict = .valid
            if let row = revocation {
                result.verdict = .revoked
                result.revocation = .init(revokedAt: try row.decode("revoked_at"),
                                          reasonCode: try row.decode("revocation_code"))
            }
        }
        return result
    }

    /// Whether `signer` (a key that leads to the root) may have signed this document: the key
    /// recorded for its serial when this server issued it, else any key of the centre it names.
    static func signedByTheRightCentre(_ db: PGConnection, signer: String, recorded: PGRow?, centre: String?) throws -> Bool {
        if let recorded, let key = try recorded.decode(String?.self, "signer") {
            return key == signer.uppercased()
        }
        // Not issued here (or not yet signed): a second round trip, only for such documents.
        guard let centre else { return false }
        return try !db.execute("""
            SELECT 1 FROM signing_keys WHERE centre = \(centre) AND upper(serial_hex) = \(signer.uppercased())
            """).isEmpty
    }

    /// What a check reads from the (not yet trusted) document: its serial, time of issue and
    /// centre code, each when it is a string; anything else in it is only skipped over, not decoded.
    struct DocumentFields: Decodable {
        var serial: String?
        var issuedAt: String?
        var centre: String?
        enum CodingKeys: String, CodingKey { case serial, issuer, issuedAt = "issued_at" }
        enum IssuerKeys: String, CodingKey { case centre }
        enum CentreKeys: String, CodingKey { case code }
        init() {}
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            serial = try? c.decode(String.self, forKey: .serial)
            issuedAt = try? c.decode(String.self, forKey: .issuedAt)
            centre = try? c.nestedContainer(keyedBy: IssuerKeys.self, forKey: .issuer)
                .nestedContainer(keyedBy: CentreKeys.self, forKey: .centre).decode(String.self, forKey: .code)
        }
    }

    /// The root and CRL as this check read them from the database, parsed: the parsed forms are
    /// kept by their text, so a new root or CRL (rotation, a revoked centre) is used by the very next
    /// check in every instance, and an unchanged one is not parsed again (under OpenSSL 3 parsing
    /// them was most of a check's CPU).
    static func trust(rootPEM: String, crlPEM: String?) throws -> (root: Certificate, store: TrustStore) {
        try trustStores.value(TrustKey(rootPEM: rootPEM, crlPEM: crlPEM)) {
            let root = try Certificate(pem: rootPEM)
            return (root: root, store: TrustStore(roots: [root], crls: crlPEM.map { [$0] } ?? []))
        }
    }

    struct TrustKey: Hashable, Sendable {
        let rootPEM: String
        let crlPEM: String?
    }
    private static let trustStores = BoundedCache<TrustKey, (root: Certificate, store: TrustStore)>(capacity: 8)

    /// The first 22 base64url characters of the document's SHA-256: the `d` of a verification link.
    public static func digestPrefix(_ document: [UInt8]) -> String {
        String(Base64URL.encode(SHA256.hash(document)).prefix(22))
    }
}
