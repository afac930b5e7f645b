public import Foundation
import HromadaCrypto
import HromadaDomain
public import HromadaPostgres

/// Roots of other Hromada deployments whose certificates are recognised as evidence of learning.
public enum TrustedRootStore {
    public struct Root: Sendable, Equatable {
        public var fingerprint: String
        public var subject: String
        public var pem: String
        public var addedAt: Date
    }

    /// Adds a root (a PEM certificate); adding one already trusted changes nothing. Audited.
    @discardableResult
    public static func add(_ db: PGConnection, pem: String) throws -> (Root, added: Bool) {
        let certificate: Certificate
        do { certificate = try Certificate(pem: pem) } catch {
            throw HromadaError.validation(field: "root", .init(uk: "це не сертифікат X.509 у PEM", en: "this is not an X.509 certificate in PEM"))
        }
        let canonical = certificate.pem
        let fingerprint = SHA256.hash(Array(canonical.utf8)).map { String(format: "%02x", $0) }.joined()
        let inserted = try db.execute("""
            INSERT INTO trusted_roots (fingerprint, subject, certificate_pem) VALUES (\(fingerprint), \(certificate.commonName), \(canonical))
            ON CONFLICT DO NOTHING RETURNING added_at
            """)
        if !inserted.isEmpty {
            try AuditLog.append(db, .init(actor: nil, action: "trust.add", subjectType: "trusted_root", subjectID: fingerprint,
                                          details: ["subject": certificate.commonName]))
        }
        return (try list(db).first { $0.fingerprint == fingerprint }!, !inserted.isEmpty)
    }

    public static func list(_ db: PGConnection) throws -> [Root] {
        try db.execute("SELECT fingerprint, subject, certificate_pem, added_at FROM trusted_roots ORDER BY added_at, fingerprint").map {
            Root(fingerprint: try $0.decode("fingerprint"), subject: try $0.decode("subject"),
                 pem: try $0.decode("certificate_pem"), addedAt: try $0.decode("added_at"))
        }
    }
}
