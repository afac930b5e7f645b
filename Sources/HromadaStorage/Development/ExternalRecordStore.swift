public import Foundation
import HromadaAPI
public import HromadaDomain
public import HromadaPostgres

/// External learning records and their evidence. The caller owns the transaction.
public enum ExternalRecordStore {
    public struct Evidence: Sendable, Equatable {
        public var fileName: String
        public var contentType: String
        public var bytes: [UInt8]
        public var signature: [UInt8]?
        public init(fileName: String, contentType: String, bytes: [UInt8], signature: [UInt8]? = nil) {
            self.fileName = fileName
            self.contentType = contentType
            self.bytes = bytes
            self.signature = signature
        }
    }

    static let columns: SQL = """
        r.id, r.user_id, u.full_name, u.centre, u.hromada_code, coalesce(t.name, h.name) AS hromada_name, r.provider, r.title, r.kind,
        r.started_on::text AS started_on, r.finished_on::text AS finished_on, r.year, r.hours::text AS hours,
        r.claimed_credits::text AS claimed_credits, r.certificate_number, r.status, r.credits::text AS credits, r.verdict, r.comment,
        r.reason, r.created_at, r.decided_at, r.decided_by, d.full_name AS decider,
        v.file_name, v.content_type, length(v.bytes) AS size, v.signature IS NOT NULL AS signed
        """
    static let from: SQL = """
        FROM external_records r JOIN users u ON u.id = r.user_id JOIN hromadas h ON h.id = u.hromada_id
        LEFT JOIN territories t ON t.code = u.hromada_code JOIN external_evidence v ON v.record_id = r.id
        LEFT JOIN users d ON d.id = r.decided_by
        """

    static func record(_ row: PGRow) throws -> ExternalRecord {
        let kind: String = try row.decode("kind")
        guard let claimedKind = ExternalRecordDraft.Kind(rawValue: kind) else {
            throw HromadaError(.internalError, reason: "external record of an unknown kind \(kind)")
        }
        let claim = ExternalRecordDraft(
            provider: try row.decode("provider"), title: try row.decode("title"), kind: claimedKind, startedOn: try row.decode("started_on"),
            finishedOn: try row.decode("finished_on"), hours: try row.decode("hours"), credits: try row.decode(Decimal?.self, "claimed_credits"),
            certificateNumber: try row.decode(String?.self, "certificate_number"))
        return ExternalRecord(
            id: try row.decode("id"),
            owner: Policy.Subject(userID: try row.decode("user_id"), centre: try row.decode("centre"), hromada: try row.decode(String?.self, "hromada_code")),
            ownerName: try row.decode("full_name"),
            hromada: NamedHromada(code: try row.decode(String?.self, "hromada_code"), name: try row.decode("hromada_name")),
            claim: claim, year: try row.decode("year"), status: try row.decode("status"), credits: try row.decode(Decimal?.self, "credits"),
            verdict: try row.decode(String?.self, "verdict"), comment: try row.decode(String?.self, "comment"),
            reason: try row.decode(String?.self, "reason"),
            evidence: .init(fileName: try row.decode("file_name"), contentType: try row.decode("content_type"),
                            size: try row.decode("size"), signed: try row.decode("signed")),
            createdAt: try row.decode("created_at"), decidedAt: try row.decode(Date?.self, "decided_at"),
            decidedBy: try row.decode(UUID?.self, "decided_by").map { NamedPerson(id: $0, fullName: try row.decode("decider")) })
    }

    /// Stores a record and its evidence; recognised at once when the check says so, else pending.
    public static func create(
        _ db: PGConnection, userID: UUID, draft: ExternalRecordDraft, evidence: Evidence, check: EvidenceCheck?
    ) throws -> ExternalRecord {
        let recognised = check?.recognisedAtOnce == true
        let credits: Decimal? = recognised ? check?.credits : nil
        let comment: String? = check?.note.map { "automatic check: \($0)" } ?? (recognised ? "recognised by its certificate \(check?.serial ?? "")" : nil)
        let id: UUID = try db.execute("""
            INSERT INTO external_records (user_id, provider, title, kind, started_on, finished_on, year, hours, claimed_credits,
                                          certificate_number, status, credits, verdict, comment, decided_at)
            VALUES (\(userID), \(draft.provider), \(draft.title), \(draft.kind.rawValue), \(draft.startedOn)::date, \(draft.finishedOn)::date,
                    \(draft.year), \(draft.hours), \(draft.credits), \(draft.certificateNumber ?? check?.serial),
                    \(recognised ? "recognised" : "pending"), \(credits), \(check?.verdict.rawValue), \(comment),
                    CASE WHEN \(recognised) THEN now() END)
            RETURNING id
            """)[0].decode("id")
        try db.execute("""
            INSERT INTO external_evidence (record_id, file_name, content_type, bytes, signature, sha256)
            VALUES (\(id), \(evidence.fileName), \(evidence.contentType), \(Bytes(evidence.bytes))::bytea,
                    \(evidence.signature.map(Bytes.init))::bytea, \(EvidenceCheck.digest(evidence.bytes)))
            """)
        return try find(db, id: id)!
    }

    public static func find(_ db: PGConnection, id: UUID, forUpdate: Bool = false) throws -> ExternalRecord? {
        try db.execute("SELECT \(columns) \(from) WHERE r.id = \(id)\(unsafeSQL: forUpdate ? " FOR UPDATE OF r" : "")").first.map(record)
    }

    /// The evidence's bytes (or its signature) to send back.
    public static func evidence(_ db: PGConnection, id: UUID, signature: Bool) throws -> (fileName: String, contentType: String, bytes: [UInt8])? {
        guard let row = try db.execute("""
            SELECT file_name, content_type, \(unsafeSQL: signature ? "signature" : "bytes") AS content FROM external_evidence WHERE record_id = \(id)
            """).first, let bytes = try row.decode(Bytes?.self, "content") else { return nil }
        let name: String = try row.decode("file_name")
        return signature ? (name + ".p7s", "application/pkcs7-signature", bytes.bytes) : (name, try row.decode("content_type"), bytes.bytes)
    }

    /// A person's own records, newest first (`year` when given).
    public static func mine(_ db: PGConnection, userID: UUID, year: Int?) throws -> [ExternalRecord] {
        var condition: SQL = "r.user_id = \(userID)"
        if let year { condition = condition + " AND r.year = \(year)" }
        return try db.execute("SELECT \(columns) \(from) WHERE \(condition) ORDER BY r.created_at DESC, r.id").map(record)
    }

    /// Records of the people in `filter`, oldest first, after the record `after`.
    public static func list(_ db: PGConnection, filter: DevelopmentFilter, status: String?, year: Int?, after: UUID?, limit: Int) throws -> [ExternalRecord] {
        var condition = filter.condition
        if let status { condition = condition + " AND r.status = \(status)" }
        if let year { condition = condition + " AND r.year = \(year)" }
        if let after { condition = condition + " AND (r.created_at, r.id) > (SELECT created_at, id FROM external_records WHERE id = \(after))" }
        return try db.execute("SELECT \(columns) \(from) WHERE \(condition) ORDER BY r.created_at, r.id LIMIT \(limit)").map(record)
    }

    static func requirePending(_ record: ExternalRecord) throws {
        guard record.status == .pending else {
            throw HromadaError(.recordNotPending, detail: .init(
                uk: "Рішення щодо цього запису вже ухвалено: «\(record.status)».",
                en: "This record is already decided: \(record.status)."))
        }
    }

    /// HR recognises a pending record with the credits it counts for.
    public static func recognise(_ db: PGConnection, id: UUID, credits: Decimal, comment: String?, by decider: UUID) throws -> ExternalRecord {
        guard let record = try find(db, id: id, forUpdate: true) else { throw HromadaError(.notFound) }
        try requirePending(record)
        try db.execute("""
            UPDATE external_records SET status = 'recognised', credits = \(credits), comment = \(comment), decided_at = now(),
                   decided_by = \(decider) WHERE id = \(id)
            """)
        return try find(db, id: id)!
    }

    public static func reject(_ db: PGConnection, id: UUID, reason: String, by decider: UUID) throws -> ExternalRecord {
        guard let record = try find(db, id: id, forUpdate: true) else { throw HromadaError(.notFound) }
        try requirePending(record)
        try db.execute("""
            UPDATE external_records SET status = 'rejected', reason = \(reason), decided_at = now(), decided_by = \(decider) WHERE id = \(id)
            """)
        return try find(db, id: id)!
    }

    /// The learner takes back a pending record of theirs.
    public static func withdraw(_ db: PGConnection, id: UUID) throws -> ExternalRecord {
        guard let record = try find(db, id: id, forUpdate: true) else { throw HromadaError(.notFound) }
        try requirePending(record)
        try db.execute("UPDATE external_records SET status = 'withdrawn', decided_at = now() WHERE id = \(id)")
        return try find(db, id: id)!
    }
}
