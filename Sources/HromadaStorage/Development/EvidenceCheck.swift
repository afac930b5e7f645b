public import Foundation
public import HromadaAPI
import HromadaCrypto
import HromadaDomain
import HromadaPacks
public import HromadaPostgres

/// What the automatic check of a Hromada certificate given as evidence found. A certificate that
/// verifies `valid` under this deployment's root, or under a root added with `trust add`, names the
/// uploader and is not already in their ledger is recognised at once with its own credits; any other
/// outcome leaves the record pending, with the verdict shown to HR.
public struct EvidenceCheck: Sendable, Equatable {
    public var verdict: CertificateVerification.Verdict
    /// The certificate's own credits and hours, when it could be read.
    public var credits: Decimal?
    public var hours: Decimal?
    public var serial: String?
    /// Why a valid certificate still waits for HR (the holder differs, or it is already counted).
    public var note: String?

    public var recognisedAtOnce: Bool { verdict == .valid && note == nil && credits != nil }

    struct Document: Decodable {
        struct Learner: Decodable { var id: String?; var name: String? }
        struct Course: Decodable { var hours: Decimal?; var credits: Decimal? }
        var type: String?
        var serial: String?
        var learner: Learner?
        var course: Course?
    }

    /// Checks `document` (certificate JSON) against `signature` (its detached `.p7s`) for the person
    /// `holder` (id and full name).
    public static func run(_ db: PGConnection, document: [UInt8], signature: [UInt8], holder: UUID, holderName: String) throws -> EvidenceCheck {
        let fields = try? JSONDecoder().decode(Document.self, from: Data(document))
        var check = EvidenceCheck(verdict: .tampered, credits: fields?.course?.credits, hours: fields?.course?.hours, serial: fields?.serial)
        let here = try CertificateVerifier.verify(db, document: document, signature: signature)
        check.verdict = here.verdict
        if here.verdict == .unknownIssuer {
            // Not under this deployment's root (or none yet): the roots the association trusts. Their
            // revocations are not known here (no CRL of theirs is kept), so a chain that holds to such
            // a root is `valid`; a signature that does not match its document is `tampered` whoever made it.
            let roots = try TrustedRootStore.list(db).compactMap { try? Certificate(pem: $0.pem) }
            check.verdict = .init(CMSSignature.verify(content: document, signature: signature, roots: roots).verdict)
        }
        guard check.verdict == .valid else { return check }
        if fields?.type != "hromada-certificate/1" || fields?.course?.credits == nil {
            check.note = "not_a_course_certificate"
        } else if let name = fields?.learner?.name, TerritoryName.searchKey(name) != TerritoryName.searchKey(holderName) {
            check.note = "holder_differs"
        } else if let serial = fields?.serial, try !db.execute("""
            SELECT 1 FROM certificates c JOIN enrolments e ON e.id = c.enrolment_id
            JOIN cpd_credits l ON l.enrolment_id = e.id WHERE c.serial = \(serial) AND l.user_id = \(holder)
            """).isEmpty {
            check.note = "already_counted"
        } else if try !db.execute("""
            SELECT 1 FROM external_records r JOIN external_evidence v ON v.record_id = r.id
            WHERE r.user_id = \(holder) AND r.status = 'recognised' AND v.sha256 = \(digest(document))
            """).isEmpty {
            check.note = "already_counted"
        }
        return check
    }

    static func digest(_ bytes: [UInt8]) -> String {
        SHA256.hash(bytes).map { String(format: "%02x", $0) }.joined()
    }
}
