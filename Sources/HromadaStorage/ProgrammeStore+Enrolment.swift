public import Foundation
public import HromadaAPI
public import HromadaDomain
import HromadaPacks
public import HromadaPostgres

/// Enrolling in a programme, the state of its parts, and its completion.
extension ProgrammeStore {
    /// Enrols the person in the newest version of `slug` and in every course part they are not
    /// enrolled in yet (as self-enrolment in each course would), then checks the completion rule at
    /// once (a completion from before counts). A second call returns the same enrolment. Nil when no
    /// such programme is published; a person outside its audience is refused.
    public static func enrol(_ db: PGConnection, userID: UUID, category: Category, slug: String) throws -> (id: UUID, created: Bool, courses: [String])? {
        guard let (versionID, programme) = try find(db, slug: slug) else { return nil }
        guard programme.definition.audience.contains(category) else {
            throw HromadaError(.forbidden, detail: .init(
                uk: "Програма \(slug) — для інших слухачів (\(programme.definition.audience.map(\.rawValue).joined(separator: ", "))).",
                en: "The programme \(slug) is for other learners (\(programme.definition.audience.map(\.rawValue).joined(separator: ", ")))."),
                reason: "category \(category.rawValue) outside the programme's audience")
        }
        let inserted = try db.execute("""
            INSERT INTO programme_enrolments (user_id, slug, version_id) VALUES (\(userID), \(slug), \(versionID))
            ON CONFLICT (user_id, slug) DO NOTHING RETURNING id
            """)
        let id: UUID = try (inserted.first ?? db.execute("SELECT id FROM programme_enrolments WHERE user_id = \(userID) AND slug = \(slug)")[0])
            .decode("id")
        var enrolled: [String] = []
        for course in programme.definition.parts.compactMap(\.course) {
            if let (_, created) = try EnrolmentStore.enrol(db, userID: userID, slug: course), created { enrolled.append(course) }
        }
        try evaluate(db, userID: userID)
        return (id, !inserted.isEmpty, enrolled)
    }

    /// Checks every open programme enrolment of the person, each under its row lock, and completes
    /// those whose rule now holds: `completed_at` and the parts that counted, and the programme
    /// certificate reserved from the learner's centre's sequence where the programme gives one. Called
    /// after a course completes, after an event closes, and at enrolment; a completed one is never
    /// looked at again, so the certificate is issued once.
    public static func evaluate(_ db: PGConnection, userID: UUID) throws {
        let open = try db.execute("""
            SELECT pe.id, pv.parts::text AS parts, pv.completion_at_least, pv.certificate, u.centre
            FROM programme_enrolments pe JOIN programme_versions pv ON pv.id = pe.version_id JOIN users u ON u.id = pe.user_id
            WHERE pe.user_id = \(userID) AND pe.completed_at IS NULL ORDER BY pe.id FOR UPDATE OF pe
            """)
        for row in open {
            let parts = try JSONDecoder().decode([ProgrammeDefinition.Part].self, from: Data(try row.decode(String.self, "parts").utf8))
            let states = try partStates(db, userID: userID, parts: parts)
            let required = try row.decode(Int?.self, "completion_at_least").map { min($0, parts.count) } ?? parts.count
            let done = states.compactMap(\.outcome)
            guard done.count >= required else { continue }
            let id: UUID = try row.decode("id")
            let completedAt = try db.execute("""
                UPDATE programme_enrolments SET completed_at = now(), outcome = \(String(decoding: JCS.encode(.array(done)), as: UTF8.self))::jsonb
                WHERE id = \(id) RETURNING completed_at
                """)[0].decode(Date.self, "completed_at")
            try AuditLog.append(db, .init(actor: nil, action: "programme.complete", subjectType: "programme_enrolment", subjectID: id.lowercasedText))
            if try row.decode(Bool.self, "certificate") {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = KyivCalendar.zone
                try CertificateStore.reserve(db, programmeEnrolmentID: id, userID: userID, centre: try row.decode("centre"),
                                             year: calendar.component(.year, from: completedAt))
            }
        }
    }

    /// A part's state, and what the certificate says of it when it is done.
    struct PartOutcome {
        var state: ProgrammeEnrolment.PartState
        var outcome: JSONValue?
    }

    /// The state of each part for the person: a course part is done by a completed enrolment of a
    /// version at or above its `min_version` (whenever it completed); an event part by an attended,
    /// closed event of its kind and at least its hours (one event counts for one part only).
    static func partStates(_ db: PGConnection, userID: UUID, parts: [ProgrammeDefinition.Part]) throws -> [PartOutcome] {
        var used: Set<UUID> = []
        return try parts.map { part in
            if let slug = part.course {
                guard let row = try db.execute("""
                    SELECT e.id, e.status, v.version, v.title, v.hours::float8 AS hours, v.credits::float8 AS credits,
                           (SELECT c.serial FROM certificates c WHERE c.enrolment_id = e.id AND c.status <> 'revoked'
                            ORDER BY c.reserved_at DESC LIMIT 1) AS serial
                    FROM enrolments e JOIN course_versions v ON v.id = e.version_id WHERE e.user_id = \(userID) AND e.slug = \(slug)
                    """).first else {
                    return PartOutcome(state: .init(part: part, done: false, enrolmentID: nil, certificate: nil))
                }
                let version: String = try row.decode("version"), serial = try row.decode(String?.self, "serial")
                let floor = part.minVersion.flatMap(SemanticVersion.init)
                let done = try row.decode(String.self, "status") == "completed"
                    && (floor == nil || (SemanticVersion(version).map { $0 >= floor! } ?? false))
                let state = ProgrammeEnrolment.PartState(part: part, done: done, enrolmentID: try row.decode("id"), certificate: serial)
                return PartOutcome(state: state, outcome: done ? .object([
                    "course": .string(slug), "version": .string(version), "title": .string(try row.decode("title")),
                    "hours": .number(try row.decode("hours")), "credits": .number(try row.decode("credits")),
                    "certificate": serial.map(JSONValue.string) ?? .null,
                ]) : nil)
            }
            let rows = try db.execute("""
                SELECT r.id, e.id AS event_id, e.title, e.hours::float8 AS hours, e.credits::float8 AS credits,
                       (SELECT c.serial FROM certificates c WHERE c.event_registration_id = r.id AND c.status <> 'revoked'
                        ORDER BY c.reserved_at DESC LIMIT 1) AS serial
                FROM cpd_credits p JOIN event_registrations r ON r.id = p.event_registration_id JOIN events e ON e.id = r.event_id
                WHERE p.user_id = \(userID) AND p.source = 'event' AND e.status = 'closed'
                  AND e.kind = \(part.eventKind?.rawValue ?? "") AND e.hours >= \(part.hours ?? 0)
                ORDER BY p.earned_at, r.id
                """)
            guard let row = try rows.first(where: { !used.contains(try $0.decode(UUID.self, "id")) }) else {
                return PartOutcome(state: .init(part: part, done: false, enrolmentID: nil, certificate: nil))
            }
            used.insert(try row.decode("id"))
            let serial = try row.decode(String?.self, "serial")
            return PartOutcome(state: .init(part: part, done: true, enrolmentID: nil, certificate: serial), outcome: .object([
                "event_kind": .string(part.eventKind?.rawValue ?? ""), "event": .string(try row.decode(UUID.self, "event_id").lowercasedText),
                "title": .string(try row.decode("title")), "hours": .number(try row.decode("hours")),
                "credits": .number(try row.decode("credits")), "certificate": serial.map(JSONValue.string) ?? .null,
            ]))
        }
    }

    /// The person's programme enrolments with each part's state, oldest first.
    public static func enrolments(_ db: PGConnection, userID: UUID, id: UUID? = nil) throws -> [ProgrammeEnrolment] {
        try db.execute("""
            SELECT pe.id, pe.enrolled_at, pe.completed_at, pv.slug, pv.version, pv.title, pv.parts::text AS parts, pv.completion_at_least,
                   (SELECT c.serial FROM certificates c WHERE c.programme_enrolment_id = pe.id AND c.status <> 'revoked'
                    ORDER BY c.reserved_at DESC LIMIT 1) AS serial
            FROM programme_enrolments pe JOIN programme_versions pv ON pv.id = pe.version_id
            WHERE pe.user_id = \(userID) AND (\(id)::uuid IS NULL OR pe.id = \(id)) ORDER BY pe.enrolled_at, pe.id
            """).map { row in
            let parts = try JSONDecoder().decode([ProgrammeDefinition.Part].self, from: Data(try row.decode(String.self, "parts").utf8))
            return ProgrammeEnrolment(
                id: try row.decode("id"), slug: try row.decode("slug"), version: try row.decode("version"), title: try row.decode("title"),
                enrolledAt: try row.decode("enrolled_at"), completedAt: try row.decode(Date?.self, "completed_at"),
                parts: try partStates(db, userID: userID, parts: parts).map(\.state),
                required: try row.decode(Int?.self, "completion_at_least").map { min($0, parts.count) } ?? parts.count,
                certificate: try row.decode(String?.self, "serial"))
        }
    }
}
