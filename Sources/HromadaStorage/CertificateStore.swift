public import Foundation
import HromadaCrypto
public import HromadaDomain
public import HromadaPostgres

/// Issued certificates: reserved with the completion, signed right after, revocable, verifiable.
public enum CertificateStore {
    /// Where documents point: the public address and the association's name.
    public struct Issuer: Sendable {
        public var publicURL: String
        public var association: String
        public init(publicURL: String, association: String) {
            self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
            self.association = association
        }
    }

    /// Reserves the enrolment's certificate: a serial from the learner's centre's sequence for the
    /// year of completion (of the year of re-issue, for a re-issued one), status `pending`. Runs in the transaction that completes the enrolment, so
    /// a completion is never committed without its reservation. A second call does nothing.
    public static func reserve(_ db: PGConnection, enrolmentID: UUID) throws {
        guard let row = try db.execute("""
            SELECT e.user_id, u.centre,
                   extract(year FROM greatest(e.completed_at, (SELECT max(revoked_at) FROM certificates r WHERE r.enrolment_id = e.id))
                           AT TIME ZONE 'Europe/Kyiv')::int AS year
            FROM enrolments e JOIN users u ON u.id = e.user_id
            WHERE e.id = \(enrolmentID) AND e.status = 'completed'
              AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.enrolment_id = e.id AND c.status <> 'revoked')
            """).first else { return }
        try takeSerial(db, subject: "enrolment_id", id: enrolmentID, userID: try row.decode("user_id"), centre: try row.decode("centre"),
                       year: try row.decode("year"))
    }

    /// Whether the enrolment has a certificate reserved and not yet signed.
    public static func isOwed(_ db: PGConnection, enrolmentID: UUID) throws -> Bool {
        try !db.execute("SELECT 1 FROM certificates WHERE enrolment_id = \(enrolmentID) AND status = 'pending'").isEmpty
    }

    /// Signs up to `limit` pending certificates (of one enrolment, or any), each row locked with
    /// `SKIP LOCKED` so several servers never sign one twice. Call inside a transaction; returns the
    /// serials signed. A crash before commit leaves them pending for the next pass.
    public static func signPending(
        _ db: PGConnection, ring: KeyRing, issuer: Issuer, enrolmentID: UUID? = nil, limit: Int = 100, now: Date = Date()
    ) throws -> [String] {
        var sql: SQL = """
            SELECT c.serial, c.centre, e.enrolled_at, e.completed_at, e.grade::float8 AS grade,
                   u.id AS user_id, u.full_name, u.category, u.position, h.name AS hromada,
                   v.slug, v.version, v.title, v.language, v.programme, v.hours::float8 AS hours, v.credits::float8 AS credits,
                   v.content_hash, ct.name AS centre_name, ct.signatory_name, ct.signatory_position
            FROM certificates c JOIN enrolments e ON e.id = c.enrolment_id JOIN users u ON u.id = c.user_id
                 JOIN hromadas h ON h.id = u.hromada_id JOIN course_versions v ON v.id = e.version_id
                 JOIN centres ct ON ct.code = c.centre
            WHERE c.status = 'pending' AND c.enrolment_id IS NOT NULL
            """
        if let enrolmentID { sql = sql + " AND c.enrolment_id = \(enrolmentID)" }
        sql = sql + " ORDER BY c.reserved_at LIMIT \(limit) FOR UPDATE OF c SKIP LOCKED"
        var signer = Signer(ring: ring, now: now)
        for row in try db.execute(sql) {
            let serial: String = try row.decode("serial"), centre: String = try row.decode("centre")
            let grade = try row.decode(Double?.self, "grade")
            let document: JSONValue = .object([
                "type": .string("hromada-certificate/1"),
                "serial": .string(serial),
                "verify_url": .string("\(issuer.publicURL)/c/\(serial)"),
                "issuer": try issuerBlock(row, issuer: issuer, centre: centre),
                "learner": try learnerBlock(row),
                "course": .object([
                    "slug": .string(try row.decode("slug")), "version": .string(try row.decode("version")),
                    "title": .string(try row.decode("title")), "language": .string(try row.decode("language")),
                    "programme": .string(try row.decode("programme")), "hours": .number(try row.decode("hours")),
                    "credits": .number(try row.decode("credits")),
                    "content_hash": .string("sha256:" + (try row.decode(String.self, "content_hash"))),
                ]),
                "result": .object(["percent": grade.map(JSONValue.number) ?? .null, "passed": .bool(true)]),
                "started_on": .string(Self.kyivDate(try row.decode("enrolled_at"))),
                "completed_on": .string(Self.kyivDate(try row.decode("completed_at"))),
                "issued_at": .string(signer.issuedAt),
                "revocation_list": .string("\(issuer.publicURL)/api/v1/trust/centres/\(centre)/revoked.json"),
            ])
            try signer.sign(db, serial: serial, centre: centre, document: document)
        }
        if enrolmentID == nil && signer.signed.count < limit {
            try signPendingEvents(db, issuer: issuer, limit: limit - signer.signed.count, signer: &signer)
        }
        if enrolmentID == nil && signer.signed.count < limit {
            try signPendingProgrammes(db, issuer: issuer, limit: limit - signer.signed.count, signer: &signer)
        }
        return signer.signed
    }

    /// Signs documents with each centre's active key, read once per pass.
    struct Signer {
        let ring: KeyRing
        let now: Date
        let issuedAt: String
        var keys: [String: (CertificateAuthorityStore.SigningKey, Certificate, PrivateKey)] = [:]
        var signed: [String] = []

        init(ring: KeyRing, now: Date) {
            self.ring = ring
            self.now = now
            self.issuedAt = CertificateStore.timestamp(now)
        }

        mutating func sign(_ db: PGConnection, serial: String, centre: String, document: JSONValue) throws {
            if keys[centre] == nil {
                guard let k = try CertificateAuthorityStore.activeKey(db, centre: centre) else {
                    throw ConfigurationError("Centre \(centre) has no signing key: run `hromada-server ca add-centre \(centre)`.")
                }
                keys[centre] = (k, try Certificate(pem: k.certificatePEM), try ring.key(file: k.keyFile))
            }
            let (signingKey, cert, key) = keys[centre]!
            let bytes = JCS.encode(document)
            let signature = try CMSSignature.sign(bytes, certificate: cert, key: key)
            // With its bit in the centre's badge status list, taken now for good (Open Badges 3.0; the
            // sequence of migration 0018, in this same statement).
            try db.execute("""
                UPDATE certificates SET status = 'issued', document = \(Bytes(bytes)), signature = \(Bytes(signature)),
                    digest = \(SHA256.hex(bytes)), signing_key_id = \(signingKey.id), issued_at = \(now),
                    status_index = nextval('badge_status_index')
                WHERE serial = \(serial)
                """)
            signed.append(serial)
        }
    }

    /// The `issuer` block of a document from a row with `centre_name`, `signatory_name`, `signatory_position`.
    static func issuerBlock(_ row: PGRow, issuer: Issuer, centre: String) throws -> JSONValue {
        .object([
            "association": .string(issuer.association),
            "centre": .object(["code": .string(centre), "name": .string(try row.decode("centre_name"))]),
            "signatory": .object(["name": .string(try row.decode("signatory_name")),
                                  "position": .string(try row.decode("signatory_position"))]),
        ])
    }

    /// The `learner` block of a document from a row with `user_id`, `full_name`, `category`, `position`, `hromada`.
    static func learnerBlock(_ row: PGRow) throws -> JSONValue {
        .object([
            "id": .string(try row.decode(UUID.self, "user_id").lowercasedText),
            "name": .string(try row.decode("full_name")), "category": .string(try row.decode("category")),
            "position": .string(try row.decode("position")), "hromada": .string(try row.decode("hromada")),
        ])
    }

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    static func kyivDate(_ date: Date) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Europe/Kyiv")!, from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// A stored certificate.
    public struct Stored: Sendable {
        public var serial: String
        /// The completed enrolment it certifies, or nil for an event's participation certificate.
        public var enrolmentID: UUID?
        /// The event registration it certifies (a participation certificate), or nil.
        public var eventRegistrationID: UUID? = nil
        /// The completed programme enrolment it certifies (a programme certificate), or nil.
        public var programmeEnrolmentID: UUID? = nil
        public var owner: Policy.Subject
        public var centre: String
        public var status: String
        public var document: [UInt8]?
        public var signature: [UInt8]?
        public var digest: String?
        public var signingKeyID: UUID?
        public var issuedAt: Date?
        public var revokedAt: Date?
        /// Public: why it was revoked.
        public var revocationCode: RevocationReason?
        /// The centre's own words on the revocation: never published.
        public var revocationNote: String?
    }

    /// The columns ``stored(_:)`` reads, of `certificates c JOIN users u`.
    static let storedColumns: SQL = """
        c.serial, c.enrolment_id, c.event_registration_id, c.programme_enrolment_id, c.user_id, u.centre AS user_centre, c.centre,
        c.status, c.document, c.signature, c.digest, c.signing_key_id, c.issued_at, c.revoked_at, c.revocation_code, c.revocation_note
        """

    public static func find(_ db: PGConnection, serial: String) throws -> Stored? {
        try db.execute(findStatement(serial: serial)).first.map(stored)
    }

    /// The statement of ``find(_:serial:)``, to send in a pipeline with others; ``stored(_:)`` reads its row.
    public static func findStatement(serial: String) -> SQL {
        """
        SELECT \(storedColumns)
        FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.serial = \(serial)
        """
    }

    public static func forEnrolment(_ db: PGConnection, enrolmentID: UUID) throws -> Stored? {
        try db.execute("""
            SELECT \(storedColumns)
            FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.enrolment_id = \(enrolmentID)
            ORDER BY (c.status <> 'revoked') DESC, c.reserved_at DESC LIMIT 1
            """).first.map(stored)
    }

    public static func ofUser(_ db: PGConnection, userID: UUID) throws -> [Stored] {
        try db.execute("""
            SELECT \(storedColumns)
            FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.user_id = \(userID) ORDER BY c.reserved_at
            """).map(stored)
    }

    /// The issued (not revoked, not pending) certificates of a cohort's enrolments, by serial.
    public static func issued(_ db: PGConnection, cohortID: UUID) throws -> [Stored] {
        try db.execute("""
            SELECT \(storedColumns)
            FROM certificates c JOIN enrolments e ON e.id = c.enrolment_id JOIN users u ON u.id = c.user_id
            WHERE e.cohort_id = \(cohortID) AND c.status = 'issued' ORDER BY c.serial
            """).map(stored)
    }

    public static func stored(_ r: PGRow) throws -> Stored {
        Stored(serial: try r.decode("serial"), enrolmentID: try r.decode(UUID?.self, "enrolment_id"),
               eventRegistrationID: try r.decode(UUID?.self, "event_registration_id"),
               programmeEnrolmentID: try r.decode(UUID?.self, "programme_enrolment_id"),
               owner: .init(userID: try r.decode("user_id"), centre: try r.decode("user_centre")), centre: try r.decode("centre"),
               status: try r.decode("status"), document: try r.decode(Bytes?.self, "document")?.bytes,
               signature: try r.decode(Bytes?.self, "signature")?.bytes, digest: try r.decode(String?.self, "digest"),
               signingKeyID: try r.decode(UUID?.self, "signing_key_id"), issuedAt: try r.decode(Date?.self, "issued_at"),
               revokedAt: try r.decode(Date?.self, "revoked_at"),
               revocationCode: try r.decode(String?.self, "revocation_code").flatMap(RevocationReason.init(rawValue:)),
               revocationNote: try r.decode(String?.self, "revocation_note"))
    }

    /// Revokes an issued certificate and re-signs its centre's revocation list in the same transaction
    /// (or, while the centre has no key, marks the list due for when it has one). The code is public;
    /// the note stays with the centre.
    /// With `issuer`, the centre's badge status list is re-signed in the same transaction too (its
    /// certificate's bit set); without, it is withdrawn and signed again on its next read.
    public static func revoke(
        _ db: PGConnection, ring: KeyRing, serial: String, code: RevocationReason, note: String?, by actor: UUID,
        issuer: Issuer? = nil
    ) throws -> Bool {
        let rows = try db.execute("""
            UPDATE certificates SET status = 'revoked', revoked_at = now(), revocation_code = \(code.rawValue),
                revocation_note = \(note), revoked_by = \(actor)
            WHERE serial = \(serial) AND status = 'issued' RETURNING centre
            """)
        guard let row = rows.first else { return false }
        let centre: String = try row.decode("centre")
        if let issuer {
            try BadgeStore.publishStatusList(db, ring: ring, issuer: issuer, centre: centre)
        } else {
            try db.execute("UPDATE badge_status_lists SET jwt = NULL, signed_at = NULL, valid_until = NULL WHERE centre = \(centre)")
        }
        if try CertificateAuthorityStore.activeKey(db, centre: centre) != nil {
            try publishRevocationList(db, ring: ring, centre: centre)
        } else {
            // No key to sign the list with (its key was just revoked, say): the revocation holds at
            // once online, and the list is due, so the issuing pass publishes it as soon as the
            // centre has a key again (`ca rotate`).
            try db.execute("UPDATE revocation_lists SET next_update = now() WHERE centre = \(centre)")
        }
        return true
    }

    /// Signs the centre's `revoked.json` (JCS) with its active key; next update in 7 days.
    public static func publishRevocationList(_ db: PGConnection, ring: KeyRing, centre: String, now: Date = Date()) throws {
        guard let k = try CertificateAuthorityStore.activeKey(db, centre: centre) else {
            throw ConfigurationError("Centre \(centre) has no signing key: run `hromada-server ca add-centre \(centre)`.")
        }
        let revoked = try db.execute("""
            SELECT serial, revoked_at, revocation_code FROM certificates WHERE centre = \(centre) AND status = 'revoked' ORDER BY revoked_at, serial
            """).map { r -> JSONValue in
            // The code only: a revocation's note is never published.
            .object(["serial": .string(try r.decode("serial")), "revoked_at": .string(timestamp(try r.decode("revoked_at"))),
                     "reason_code": .string(try r.decode("revocation_code"))])
        }
        let next = now.addingTimeInterval(7 * 86400)
        let document = JCS.encode(.object([
            "centre": .string(centre), "this_update": .string(timestamp(now)), "next_update": .string(timestamp(next)),
            "revoked": .array(revoked),
        ]))
        let signature = try CMSSignature.sign(document, certificate: try Certificate(pem: k.certificatePEM), key: try ring.key(file: k.keyFile))
        try db.execute("""
            INSERT INTO revocation_lists (centre, document, signature, this_update, next_update)
            VALUES (\(centre), \(Bytes(document)), \(Bytes(signature)), \(now), \(next))
            ON CONFLICT (centre) DO UPDATE SET document = excluded.document, signature = excluded.signature,
                this_update = excluded.this_update, next_update = excluded.next_update
            """)
    }

    /// The centre's signed revocation list, if published.
    public static func revocationList(_ db: PGConnection, centre: String) throws -> (document: [UInt8], signature: [UInt8], nextUpdate: Date)? {
        try revocationList(db.execute(revocationListStatement(centre: centre)))
    }

    /// The statement of ``revocationList(_:centre:)``, to send in a pipeline with others.
    public static func revocationListStatement(centre: String) -> SQL {
        "SELECT document, signature, next_update FROM revocation_lists WHERE centre = \(centre)"
    }

    /// The list from the rows of ``revocationListStatement(centre:)``.
    public static func revocationList(_ rows: [PGRow]) throws -> (document: [UInt8], signature: [UInt8], nextUpdate: Date)? {
        try rows.first.map {
            (try $0.decode(Bytes.self, "document").bytes, try $0.decode(Bytes.self, "signature").bytes, try $0.decode(Date.self, "next_update"))
        }
    }

    /// Centres whose revocation list is missing or older than a day short of its next update: due for re-signing.
    public static func listsDue(_ db: PGConnection) throws -> [String] {
        try db.execute("""
            SELECT k.centre FROM signing_keys k LEFT JOIN revocation_lists r ON r.centre = k.centre
            WHERE k.centre IS NOT NULL AND k.active AND (r.centre IS NULL OR r.next_update < now() + interval '1 day')
            ORDER BY k.centre
            """).map { try $0.decode("centre") }
    }
}
