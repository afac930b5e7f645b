public import Foundation
public import HromadaAPI
public import HromadaDomain
public import HromadaPostgres

/// Individual programmes: one plan per person and year, in revisions. The caller owns the transaction.
public enum PlanStore {
    /// A plan with every revision (oldest first), with who decided each and when.
    static func plan(_ db: PGConnection, where condition: SQL) throws -> DevelopmentPlan? {
        let rows = try db.execute("""
            SELECT p.id, p.user_id, p.year, r.revision, r.status, r.items::text AS items, r.note, r.comment, r.created_at,
                   r.submitted_at, r.decided_at, r.decided_by, d.full_name AS decider
            FROM plans p JOIN plan_revisions r ON r.plan_id = p.id LEFT JOIN users d ON d.id = r.decided_by
            WHERE \(condition) ORDER BY r.revision
            """)
        guard let last = rows.last else { return nil }
        let history = try rows.map { row in
            DevelopmentPlan.Revision(
                revision: try row.decode("revision"), status: try row.decode("status"),
                items: try JSONDecoder().decode([PlanItem].self, from: Data(try row.decode(String.self, "items").utf8)),
                note: try row.decode("note"), comment: try row.decode(String?.self, "comment"), createdAt: try row.decode("created_at"),
                submittedAt: try row.decode(Date?.self, "submitted_at"), decidedAt: try row.decode(Date?.self, "decided_at"),
                decidedBy: try row.decode(UUID?.self, "decided_by").map { NamedPerson(id: $0, fullName: try row.decode("decider")) })
        }
        return DevelopmentPlan(id: try last.decode("id"), userID: try last.decode("user_id"), year: try last.decode("year"), history: history)
    }

    public static func find(_ db: PGConnection, userID: UUID, year: Int) throws -> DevelopmentPlan? {
        try plan(db, where: "p.user_id = \(userID) AND p.year = \(year)")
    }

    public static func find(_ db: PGConnection, id: UUID) throws -> DevelopmentPlan? {
        try plan(db, where: "p.id = \(id)")
    }

    /// The owner of a plan, as policy sees them.
    public static func owner(_ db: PGConnection, planID: UUID) throws -> Policy.Subject? {
        try db.execute("""
            SELECT u.id, u.centre, u.hromada_code FROM plans p JOIN users u ON u.id = p.user_id WHERE p.id = \(planID)
            """).first.map {
            Policy.Subject(userID: try $0.decode("id"), centre: try $0.decode("centre"), hromada: try $0.decode(String?.self, "hromada_code"))
        }
    }

    /// Writes the draft. A draft or a submitted revision is edited (and is a draft again); an approved
    /// or returned one stays as it was and the next revision starts from these items.
    public static func save(_ db: PGConnection, userID: UUID, year: Int, items: [PlanItem], note: String) throws -> DevelopmentPlan {
        let json = String(decoding: try JSONEncoder.sorted.encode(items), as: UTF8.self)
        let planID: UUID = try db.execute("""
            WITH ins AS (INSERT INTO plans (user_id, year) VALUES (\(userID), \(year)) ON CONFLICT DO NOTHING RETURNING id)
            SELECT id FROM ins UNION ALL SELECT id FROM plans WHERE user_id = \(userID) AND year = \(year) LIMIT 1
            """).first.map { try $0.decode("id") } ?? {
            throw HromadaError(.serializationFailure, reason: "plan of \(userID) for \(year) neither inserted nor visible")
        }()
        // The plan's row is the lock for its revisions: two saves take turns.
        _ = try db.execute("SELECT 1 FROM plans WHERE id = \(planID) FOR UPDATE")
        let latest = try db.execute("SELECT revision, status FROM plan_revisions WHERE plan_id = \(planID) ORDER BY revision DESC LIMIT 1").first
        switch try latest.map({ (try $0.decode(Int.self, "revision"), try $0.decode(String.self, "status")) }) {
        case nil:
            try db.execute("INSERT INTO plan_revisions (plan_id, revision, items, note) VALUES (\(planID), 1, \(json)::jsonb, \(note))")
        case let (revision, status)? where status == "draft" || status == "submitted":
            try db.execute("""
                UPDATE plan_revisions SET items = \(json)::jsonb, note = \(note), status = 'draft', submitted_at = NULL, updated_at = now()
                WHERE plan_id = \(planID) AND revision = \(revision)
                """)
        case let (revision, _)?:
            try db.execute("""
                INSERT INTO plan_revisions (plan_id, revision, items, note) VALUES (\(planID), \(revision + 1), \(json)::jsonb, \(note))
                """)
        }
        return try find(db, id: planID)!
    }

    /// Sends the newest revision, a draft with at least one item, to HR.
    public static func submit(_ db: PGConnection, userID: UUID, year: Int) throws -> DevelopmentPlan {
        guard let plan = try find(db, userID: userID, year: year) else { throw HromadaError(.notFound) }
        _ = try db.execute("SELECT 1 FROM plans WHERE id = \(plan.id) FOR UPDATE")
        let current = try find(db, id: plan.id)!.current
        guard current.status == .draft else {
            throw HromadaError(.planNotDraft, detail: .init(
                uk: "Подати можна лише чернетку; ця редакція має стан «\(current.status.rawValue)».",
                en: "Only a draft can be submitted; this revision is \(current.status.rawValue)."))
        }
        guard !current.items.isEmpty else {
            throw HromadaError.validation(field: "items", .init(uk: "у програмі немає жодного пункту", en: "the programme has no items"))
        }
        try db.execute("""
            UPDATE plan_revisions SET status = 'submitted', submitted_at = now(), updated_at = now()
            WHERE plan_id = \(plan.id) AND revision = \(current.revision)
            """)
        return try find(db, id: plan.id)!
    }

    /// HR's answer to a submitted revision: approved (final), or returned with a comment.
    public static func decide(_ db: PGConnection, planID: UUID, approve: Bool, comment: String?, by decider: UUID) throws -> DevelopmentPlan {
        _ = try db.execute("SELECT 1 FROM plans WHERE id = \(planID) FOR UPDATE")
        guard let current = try find(db, id: planID)?.current else { throw HromadaError(.notFound) }
        guard current.status == .submitted else {
            throw HromadaError(.planNotSubmitted, detail: .init(
                uk: "Рішення ухвалюють щодо поданої програми; ця редакція має стан «\(current.status.rawValue)».",
                en: "Only a submitted programme can be approved or returned; this revision is \(current.status.rawValue)."))
        }
        try db.execute("""
            UPDATE plan_revisions SET status = \(approve ? "approved" : "returned"), comment = \(comment), decided_at = now(),
                   decided_by = \(decider), updated_at = now()
            WHERE plan_id = \(planID) AND revision = \(current.revision)
            """)
        return try find(db, id: planID)!
    }

    /// A person of HR's list with the newest revision of their plan for the year (status `none` without one).
    public struct Listed: Sendable, Equatable {
        public var person: NamedPerson
        public var hromada: NamedHromada
        public var planID: UUID?
        public var revision: Int?
        public var status: Development.PlanState
        public var submittedAt: Date?
    }

    /// The people in `filter` with their plan for `year` (status `none` without one), by id after `after`.
    public static func list(_ db: PGConnection, year: Int, status: String?, filter: DevelopmentFilter, after: UUID?, limit: Int) throws -> [Listed] {
        var condition = filter.condition
        if let after { condition = condition + " AND u.id > \(after)" }
        var statusCondition: SQL = "true"
        if let status { statusCondition = "coalesce(r.status, 'none') = \(status)" }
        return try db.execute("""
            SELECT u.id, u.full_name, u.category, u.position, u.hromada_code, coalesce(t.name, h.name) AS hromada_name,
                   p.id AS plan_id, r.revision, r.status, r.submitted_at
            FROM users u JOIN hromadas h ON h.id = u.hromada_id LEFT JOIN territories t ON t.code = u.hromada_code
            LEFT JOIN plans p ON p.user_id = u.id AND p.year = \(year)
            LEFT JOIN LATERAL (SELECT revision, status, submitted_at FROM plan_revisions WHERE plan_id = p.id ORDER BY revision DESC LIMIT 1) r ON true
            WHERE \(condition) AND u.status <> 'deactivated' AND \(statusCondition)
            ORDER BY u.id LIMIT \(limit)
            """).map { row in
            Listed(
                person: .init(id: try row.decode("id"), fullName: try row.decode("full_name"), category: try row.decode("category"),
                              position: try row.decode("position")),
                hromada: .init(code: try row.decode(String?.self, "hromada_code"), name: try row.decode("hromada_name")),
                planID: try row.decode(UUID?.self, "plan_id"), revision: try row.decode(Int?.self, "revision"),
                status: Development.PlanState(try row.decode(DevelopmentPlan.Status?.self, "status")), submittedAt: try row.decode(Date?.self, "submitted_at"))
        }
    }
}
