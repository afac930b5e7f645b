public import Foundation
public import HromadaAPI
public import HromadaDomain
import HromadaPacks
public import HromadaPostgres

/// SQL for enrolments, lesson progress, completion and the CPD ledger.
public enum EnrolmentStore {
    /// An enrolment (the API's shape) with the centre of its learner, which decides who else may see it.
    public struct Found: Sendable, Equatable {
        public var enrolment: Enrolment
        /// For authorisation only; not part of the JSON.
        public var learnerCentre: String

        public var owner: Policy.Subject { Policy.Subject(userID: enrolment.userID, centre: learnerCentre) }
    }

    /// Enrols the person in the newest version of `slug`; a second call returns the same enrolment
    /// (and re-opens a withdrawn one). Returns the enrolment id and whether it was created.
    /// With `drafts` (the course's trainers and the admin, trying a version before it is released) the
    /// newest version may be a draft.
    public static func enrol(_ db: PGConnection, userID: UUID, slug: String, drafts: Bool = false) throws -> (UUID, Bool)? {
        guard let (versionID, _) = try CourseStore.course(db, slug: slug, version: nil, drafts: drafts) else { return nil }
        let inserted = try db.execute("""
            INSERT INTO enrolments (user_id, slug, version_id) VALUES (\(userID), \(slug), \(versionID))
            ON CONFLICT (user_id, slug) DO NOTHING RETURNING id
            """)
        if let row = inserted.first { return (try row.decode(UUID.self, "id"), true) }
        let row = try db.execute("""
            UPDATE enrolments SET withdrawn_at = NULL WHERE user_id = \(userID) AND slug = \(slug) RETURNING id
            """)[0]
        return (try row.decode(UUID.self, "id"), false)
    }

    public static func find(_ db: PGConnection, id: UUID) throws -> Found? {
        guard let row = try db.execute("""
            SELECT e.id, e.user_id, u.centre, e.slug, e.status, e.enrolled_at, e.completed_at, e.withdrawn_at,
                   v.id AS version_id, v.version, v.title
            FROM enrolments e JOIN users u ON u.id = e.user_id JOIN course_versions v ON v.id = e.version_id
            WHERE e.id = \(id)
            """).first else { return nil }
        let course = try StoredCourse.decoded(db, version: try row.decode("version_id"))
        var completed: [String: Date] = [:]
        for r in try db.execute("SELECT lesson_id, completed_at FROM lesson_progress WHERE enrolment_id = \(id)") {
            completed[try r.decode("lesson_id")] = try r.decode(Date.self, "completed_at")
        }
        var results: [String: (Double?, Bool, Int)] = [:]
        for r in try db.execute("SELECT quiz_id, grade::float8 AS grade, passed, attempts_used FROM quiz_results WHERE enrolment_id = \(id)") {
            results[try r.decode("quiz_id")] = (try r.decode(Double?.self, "grade"), try r.decode("passed"), try r.decode("attempts_used"))
        }
        // Attempts count from the moment they start (an open attempt holds one of the allowed attempts).
        for r in try db.execute("SELECT quiz_id, count(*) AS used FROM attempts WHERE enrolment_id = \(id) GROUP BY quiz_id") {
            let quiz: String = try r.decode("quiz_id"), used: Int = try r.decode("used")
            let known = results[quiz] ?? (nil, false, 0)
            results[quiz] = (known.0, known.1, max(known.2, used))
        }
        var allowed: [String: Int] = [:]
        for r in try db.execute("""
            SELECT id, (definition->>'maxAttempts')::int AS max FROM course_quizzes WHERE version_id = \(try row.decode(UUID.self, "version_id"))
            """) {
            allowed[try r.decode("id")] = try r.decode(Int.self, "max")
        }
        var lessons: [Enrolment.LessonState] = []
        var quizzes: [Enrolment.QuizState] = []
        for module in course.modules {
            for item in module.items {
                switch item {
                case .lesson(let l):
                    lessons.append(.init(id: l, title: course.lessonTitles[l] ?? l, completedAt: completed[l]))
                case .quiz(let q):
                    let r = results[q]
                    quizzes.append(.init(id: q, title: course.quizTitles[q] ?? q, grade: r?.0, passed: r?.1 ?? false,
                                         attemptsUsed: r?.2 ?? 0, attemptsAllowed: allowed[q] ?? 0))
                }
            }
        }
        let enrolment = Enrolment(
            id: id, userID: try row.decode("user_id"),
            course: .init(slug: try row.decode("slug"), title: try row.decode("title"), version: try row.decode("version")),
            status: try row.decode("status"), enrolledAt: try row.decode("enrolled_at"),
            completedAt: try row.decode(Date?.self, "completed_at"), withdrawnAt: try row.decode(Date?.self, "withdrawn_at"),
            lessons: lessons, quizzes: quizzes,
            certificate: try db.execute("""
                SELECT serial, issued_at, status FROM certificates WHERE enrolment_id = \(id)
                ORDER BY (status <> 'revoked') DESC, reserved_at DESC LIMIT 1
                """).first.map {
                Enrolment.CertificateRef(serial: try $0.decode("serial"), issuedAt: try $0.decode(Date?.self, "issued_at"), status: try $0.decode("status"))
            }
        )
        return Found(enrolment: enrolment, learnerCentre: try row.decode("centre"))
    }

    public static func ids(_ db: PGConnection, userID: UUID) throws -> [UUID] {
        try db.execute("SELECT id FROM enrolments WHERE user_id = \(userID) ORDER BY enrolled_at, id").map { try $0.decode("id") }
    }

    /// A lesson as the API returns it (`LessonView` in the OpenAPI document). The server writes it
    /// with ``lessonJSON(from:)``; tests hold that to what `JSONEncoder` makes of this type.
    public struct LessonView: Sendable, Encodable {
        public var id: String
        public var title: String
        public var minutes: Int
        public var markdown: String
        public var html: String
        @Nullable public var completedAt: Date?
        enum CodingKeys: String, CodingKey { case id, title, minutes, markdown, html, completedAt = "completed_at" }
    }

    /// Whose enrolment `enrolmentID` is (for authorisation): ``owner(from:)`` reads the rows, nil
    /// when there is none.
    static func ownerStatement(enrolmentID: UUID) -> SQL {
        "SELECT e.user_id, u.centre FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.id = \(enrolmentID)"
    }

    static func owner(from rows: [PGRow]) throws -> Policy.Subject? {
        try rows.first.map { Policy.Subject(userID: try $0.decode("user_id"), centre: try $0.decode("centre")) }
    }

    /// The lesson, and its `html` again as `unfiltered_html` when no filter of today's rules has
    /// been over it (a row published before ``LessonSanitiser`` or by an older server, not yet
    /// refiltered: see ``CourseStore/refilterLessons(_:)``); NULL, costing nothing, for every other row.
    static func lessonStatement(enrolmentID: UUID, lessonID: String) -> SQL {
        """
        SELECT l.id, l.title, l.minutes, l.markdown_json, l.html_json, p.completed_at,
               CASE WHEN l.sanitiser_version < \(LessonSanitiser.version) THEN l.html END AS unfiltered_html
        FROM enrolments e JOIN course_lessons l ON l.version_id = e.version_id AND l.id = \(lessonID)
        LEFT JOIN lesson_progress p ON p.enrolment_id = e.id AND p.lesson_id = l.id
        WHERE e.id = \(enrolmentID)
        """
    }

    /// The lesson of ``lessonStatement(enrolmentID:lessonID:)``'s rows as the API's `JSONEncoder`
    /// writes a ``LessonView`` (keys sorted, the date in RFC 3339 UTC with milliseconds). The most
    /// frequent read carries the lesson's whole text twice: both come as the JSON literals stored
    /// when the version was published (migration 0009), copied as PostgreSQL sent them.
    public static func lessonJSON(from rows: [PGRow]) throws -> [UInt8]? {
        guard let row = rows.first else { return nil }
        let markdown = try row.utf8("markdown_json") ?? []
        // Served through the filter whatever its age: a row the filter has not been over yet is filtered here.
        let html = try row.decode(String?.self, "unfiltered_html").map { ArraySlice(JSONWriter.literal(LessonSanitiser.sanitise($0)).utf8) }
            ?? row.utf8("html_json") ?? []
        var w = JSONWriter(capacity: 160 + markdown.count + html.count)
        w.beginObject()
        w.key("completed_at")
        w.string(try row.decode(Date?.self, "completed_at").map { Timestamp.format($0) })
        w.key("html"); w.rawJSON(utf8: html)
        w.key("id"); w.string(try row.decode(String.self, "id"))
        w.key("markdown"); w.rawJSON(utf8: markdown)
        w.key("minutes"); w.integer(try row.decode(Int.self, "minutes"))
        w.key("title"); w.string(try row.decode(String.self, "title"))
        w.endObject()
        return w.bytes
    }

    /// What reading a lesson needs, found in one network round trip (a pipeline of four
    /// statements): the token's user, the enrolment's owner, whether its cohort has started, and
    /// the lesson. The caller authorises before using the lesson.
    public struct LessonRead: Sendable {
        public var caller: User?
        public var owner: Policy.Subject?
        public var notStarted: [PGRow]
        /// The lesson's JSON (``lessonJSON(from:)``), nil when the enrolment's version has no such lesson.
        public var lesson: [UInt8]?
    }

    /// The statements of ``LessonRead``, for ``PGPool/read(_:)``; nil when `token` cannot be one of ours.
    public static func lessonReadStatements(token: String, enrolmentID: UUID, lessonID: String) -> [SQL]? {
        guard let session = SessionStore.userStatement(token: token) else { return nil }
        return [
            session, ownerStatement(enrolmentID: enrolmentID),
            CohortStore.notStartedStatement(enrolmentID: enrolmentID),
            lessonStatement(enrolmentID: enrolmentID, lessonID: lessonID),
        ]
    }

    /// ``LessonRead`` from the rows of ``lessonReadStatements(token:enrolmentID:lessonID:)``
    /// (nil statements: nothing found).
    public static func lessonRead(from results: [[PGRow]]?) throws -> LessonRead {
        guard let results, results.count == 4 else { return LessonRead(caller: nil, owner: nil, notStarted: [], lesson: nil) }
        return LessonRead(caller: try SessionStore.user(from: results[0]), owner: try owner(from: results[1]),
                          notStarted: results[2], lesson: try lessonJSON(from: results[3]))
    }

    /// Marks a lesson complete (idempotent; the first time is kept) and evaluates completion in the
    /// same transaction, under the enrolment's row lock, so it happens exactly once.
    /// Returns false when the enrolment's version has no such lesson.
    public static func completeLesson(_ db: PGConnection, enrolmentID: UUID, lessonID: String, at: Date? = nil) throws -> Bool {
        guard let row = try db.execute("""
            SELECT e.withdrawn_at, EXISTS (SELECT 1 FROM course_lessons l WHERE l.version_id = e.version_id AND l.id = \(lessonID)) AS known
            FROM enrolments e WHERE e.id = \(enrolmentID) FOR UPDATE
            """).first, try row.decode(Bool.self, "known") else { return false }
        if try row.decode(Date?.self, "withdrawn_at") != nil {
            throw HromadaError(.enrolmentWithdrawn, detail: .init(
                uk: "Ви відкликали цей запис на курс; поновіть його, щоб продовжити.",
                en: "This enrolment was withdrawn; enrol again to continue."
            ))
        }
        try db.execute("""
            INSERT INTO lesson_progress (enrolment_id, lesson_id, completed_at)
            VALUES (\(enrolmentID), \(lessonID), coalesce(\(at)::timestamptz, now()))
            ON CONFLICT DO NOTHING
            """)
        try evaluate(db, enrolmentID: enrolmentID)
        return true
    }

    /// The interface the assessment engine uses: records a quiz's grade over attempts and whether it is
    /// passed, then evaluates completion in the same transaction (under the enrolment's row lock).
    public static func recordQuizResult(
        _ db: PGConnection, enrolmentID: UUID, quizID: String, grade: Double?, passed: Bool, attemptsUsed: Int
    ) throws {
        _ = try db.execute("SELECT 1 FROM enrolments WHERE id = \(enrolmentID) FOR UPDATE")
        try db.execute("""
            INSERT INTO quiz_results (enrolment_id, quiz_id, grade, passed, attempts_used)
            VALUES (\(enrolmentID), \(quizID), \(grade), \(passed), \(attemptsUsed))
            ON CONFLICT (enrolment_id, quiz_id) DO UPDATE
            SET grade = excluded.grade, passed = excluded.passed, attempts_used = excluded.attempts_used, updated_at = now()
            """)
        try db.execute("""
            UPDATE enrolments SET grade = (
                SELECT round(avg(grade), 2) FROM quiz_results WHERE enrolment_id = \(enrolmentID) AND grade IS NOT NULL
            ) WHERE id = \(enrolmentID)
            """)
        try evaluate(db, enrolmentID: enrolmentID)
    }

    /// Moves the enrolment along `enrolled → in_progress → completed` by the course's rules; on
    /// completion credits the CPD ledger. Call with the enrolment row locked. Never un-completes.
    public static func evaluate(_ db: PGConnection, enrolmentID: UUID) throws {
        let row = try db.execute("""
            SELECT e.status, e.user_id, e.slug, v.id AS version_id, v.version, v.title, v.hours::float8 AS hours,
                   v.credits::float8 AS credits,
                   ARRAY(SELECT lesson_id FROM lesson_progress WHERE enrolment_id = e.id) AS done,
                   ARRAY(SELECT quiz_id FROM quiz_results WHERE enrolment_id = e.id AND passed) AS passed,
                   EXISTS (SELECT 1 FROM quiz_results WHERE enrolment_id = e.id AND attempts_used > 0) AS attempted
            FROM enrolments e JOIN course_versions v ON v.id = e.version_id WHERE e.id = \(enrolmentID)
            """)[0]
        let status: String = try row.decode("status")
        guard status != "completed" else { return }
        let course = try StoredCourse.decoded(db, version: try row.decode("version_id"))
        let lessons = course.modules.flatMap(\.items).compactMap { if case .lesson(let id) = $0 { id } else { nil } }
        let done = Set(try row.decodeArray("done"))
        let passed = Set(try row.decodeArray("passed"))
        let attempted: Bool = try row.decode("attempted")
        if course.completion.isMet(lessons: lessons, completedLessons: done, passedQuizzes: passed) {
            let completedAt = try db.execute("""
                UPDATE enrolments SET status = 'completed', completed_at = now() WHERE id = \(enrolmentID) RETURNING completed_at
                """)[0].decode(Date.self, "completed_at")
            let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Europe/Kyiv")!, from: completedAt).year!
            try db.execute("""
                INSERT INTO cpd_credits (enrolment_id, user_id, slug, version, title, year, hours, credits, earned_at)
                VALUES (\(enrolmentID), \(try row.decode(UUID.self, "user_id")), \(try row.decode(String.self, "slug")),
                        \(try row.decode(String.self, "version")), \(try row.decode(String.self, "title")), \(year),
                        \(try row.decode(Double.self, "hours")), \(try row.decode(Double.self, "credits")), \(completedAt))
                ON CONFLICT DO NOTHING
                """)
            try AuditLog.append(db, .init(actor: nil, action: "enrolment.complete", subjectType: "enrolment", subjectID: enrolmentID.lowercasedText))
            if course.certificate { try CertificateStore.reserve(db, enrolmentID: enrolmentID) }
            // A programme this course is a part of may be complete now (its certificate names this one's serial).
            try ProgrammeStore.evaluate(db, userID: try row.decode(UUID.self, "user_id"))
        } else if status == "enrolled" && (!done.isEmpty || attempted) {
            try db.execute("UPDATE enrolments SET status = 'in_progress' WHERE id = \(enrolmentID)")
        }
    }

    public static func withdraw(_ db: PGConnection, enrolmentID: UUID) throws {
        try db.execute("UPDATE enrolments SET withdrawn_at = coalesce(withdrawn_at, now()) WHERE id = \(enrolmentID)")
    }

    /// Moves the enrolment to the newest version of its course; progress carries over by lesson and quiz id.
    /// Returns false when it is already on the newest version.
    public static func upgrade(_ db: PGConnection, enrolmentID: UUID) throws -> Bool {
        guard let row = try db.execute("SELECT slug, version_id FROM enrolments WHERE id = \(enrolmentID) FOR UPDATE").first,
              let (newest, _) = try CourseStore.course(db, slug: try row.decode("slug"), version: nil),
              newest != (try row.decode(UUID.self, "version_id"))
        else { return false }
        try db.execute("UPDATE enrolments SET version_id = \(newest) WHERE id = \(enrolmentID)")
        try evaluate(db, enrolmentID: enrolmentID)
        return true
    }

    public static func cpd(_ db: PGConnection, userID: UUID, year: Int) throws -> CPDRecord {
        let items = try db.execute("""
            SELECT p.source, p.slug, p.title, p.version, p.hours::float8 AS hours, p.credits::float8 AS credits, p.earned_at, c.serial
            FROM cpd_credits p LEFT JOIN certificates c
                 ON (c.enrolment_id = p.enrolment_id OR c.event_registration_id = p.event_registration_id) AND c.status <> 'revoked'
            WHERE p.user_id = \(userID) AND p.year = \(year) ORDER BY p.earned_at
            """).map {
            CPDRecord.Item(source: try $0.decode("source"), slug: try $0.decode("slug"), title: try $0.decode("title"), version: try $0.decode("version"),
                           hours: try $0.decode("hours"), credits: try $0.decode("credits"), completedAt: try $0.decode("earned_at"),
                           certificate: try $0.decode(String?.self, "serial"))
        }
        return CPDRecord(year: year, items: items, totalHours: items.reduce(0) { $0 + $1.hours },
                         totalCredits: (items.reduce(0) { $0 + $1.credits } * 10).rounded() / 10)
    }
}
