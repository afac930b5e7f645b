public import Foundation
import HromadaCrypto
import HromadaDomain
public import HromadaPostgres

/// Programme certificates: reserved in the transaction that finds a programme's completion rule met
/// (``ProgrammeStore/evaluate(_:userID:)``), from the learner's centre's sequence, and signed by the
/// same pass, with the same serials, verification, printed copy, badge and revocation as course
/// certificates. The document says `"kind": "programme"` and lists the parts that counted, each with
/// its own certificate's serial, and their summed hours and credits (already in the CPD ledger through
/// the parts: the programme adds no ledger row).
extension CertificateStore {
    public static func reserve(_ db: PGConnection, programmeEnrolmentID: UUID, userID: UUID, centre: String, year: Int) throws {
        try reserve(db, subject: "programme_enrolment_id", id: programmeEnrolmentID, userID: userID, centre: centre, year: year)
    }

    /// A re-issue: a new serial for the programme enrolment (see ``reserveAgain(_:eventRegistrationID:now:)``).
    public static func reserveAgain(_ db: PGConnection, programmeEnrolmentID: UUID, now: Date = Date()) throws -> Stored? {
        try reserveAgain(db, subject: "programme_enrolment_id", id: programmeEnrolmentID, now: now)
    }

    /// Signs the programme enrolment's pending certificate now (a re-issue); the serials signed.
    public static func signPending(_ db: PGConnection, ring: KeyRing, issuer: Issuer, programmeEnrolmentID: UUID, now: Date = Date()) throws -> [String] {
        var signer = Signer(ring: ring, now: now)
        try signPendingProgrammes(db, issuer: issuer, limit: 1, signer: &signer, programmeEnrolmentID: programmeEnrolmentID)
        return signer.signed
    }

    /// Signs up to `limit` pending programme certificates (of one programme enrolment, or any; rows
    /// locked `SKIP LOCKED`).
    static func signPendingProgrammes(_ db: PGConnection, issuer: Issuer, limit: Int, signer: inout Signer, programmeEnrolmentID: UUID? = nil) throws {
        let only: SQL = programmeEnrolmentID.map { "AND c.programme_enrolment_id = \($0)" } ?? ""
        let rows = try db.execute("""
            SELECT c.serial, c.centre, u.id AS user_id, u.full_name, u.category, u.position, h.name AS hromada,
                   pv.slug, pv.version, pv.title, pv.language, pv.programme, pv.content_hash, pe.enrolled_at, pe.completed_at,
                   pe.outcome::text AS outcome, ct.name AS centre_name, ct.signatory_name, ct.signatory_position
            FROM certificates c JOIN programme_enrolments pe ON pe.id = c.programme_enrolment_id
                 JOIN programme_versions pv ON pv.id = pe.version_id
                 JOIN users u ON u.id = c.user_id JOIN hromadas h ON h.id = u.hromada_id JOIN centres ct ON ct.code = c.centre
            WHERE c.status = 'pending' AND c.programme_enrolment_id IS NOT NULL \(only)
            ORDER BY c.reserved_at LIMIT \(limit) FOR UPDATE OF c SKIP LOCKED
            """)
        for row in rows {
            let serial: String = try row.decode("serial"), centre: String = try row.decode("centre")
            let parts = try JSONDecoder().decode(JSONValue.self, from: Data(try row.decode(String.self, "outcome").utf8))
            func sum(_ key: String) -> Double {
                guard case .array(let list) = parts else { return 0 }
                let total = list.reduce(0.0) { total, part in
                    if case .object(let o) = part, case .number(let x)? = o[key] { total + x } else { total }
                }
                return (total * 10).rounded() / 10
            }
            let document: JSONValue = .object([
                "type": .string("hromada-certificate/1"),
                "kind": .string("programme"),
                "serial": .string(serial),
                "verify_url": .string("\(issuer.publicURL)/c/\(serial)"),
                "issuer": try issuerBlock(row, issuer: issuer, centre: centre),
                "learner": try learnerBlock(row),
                "programme": .object([
                    "slug": .string(try row.decode("slug")), "version": .string(try row.decode("version")),
                    "title": .string(try row.decode("title")), "language": .string(try row.decode("language")),
                    "programme": .string(try row.decode("programme")), "hours": .number(sum("hours")), "credits": .number(sum("credits")),
                    "content_hash": .string("sha256:" + (try row.decode(String.self, "content_hash"))),
                    "parts": parts,
                ]),
                "result": .object(["passed": .bool(true)]),
                "started_on": .string(kyivDate(try row.decode("enrolled_at"))),
                "completed_on": .string(kyivDate(try row.decode("completed_at"))),
                "issued_at": .string(signer.issuedAt),
                "revocation_list": .string("\(issuer.publicURL)/api/v1/trust/centres/\(centre)/revoked.json"),
            ])
            try signer.sign(db, serial: serial, centre: centre, document: document)
        }
    }
}
