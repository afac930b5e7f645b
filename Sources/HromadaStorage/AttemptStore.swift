public import Foundation
public import HromadaAPI
import HromadaCrypto
public import HromadaDomain
public import HromadaPacks
public import HromadaPostgres

/// Quiz attempts: start, autosave, submit, closing at the deadline, essay grading and regrading.
///
/// Every change to an attempt first locks its enrolment's row, then reads the attempt with
/// `FOR UPDATE`: the enrolment lock serialises starts, submits, sweeps and grading of one learner's
/// quizzes (always in that order, so they cannot deadlock), and the attempt lock makes an answer
/// save either land before the attempt is graded or be refused after it. Callers run each method
/// inside one transaction (`PGPool.transaction`), except ``saveAnswers(_:attemptID:answers:)``,
/// which is a single statement.
public struct AttemptStore: Sendable {
    public let quizzes: QuizCatalogue
    public let papers: PaperCache

    public init(quizzes: QuizCatalogue = QuizCatalogue(), papers: PaperCache = PaperCache()) {
        self.quizzes = quizzes
        self.papers = papers
    }

    /// An attempt row with what authorisation needs.
    public struct Stored: Sendable {
        public var id: UUID
        public var enrolmentID: UUID
        public var owner: Policy.Subject
        public var slug: String
        public var quizID: String
        public var number: Int
        public var versionID: UUID
        public var keyVersionID: UUID
        public var state: Attempt.State
        public var paper: AttemptPaper
        public var answers: [String: JSONValue]
        public var startedAt: Date
        public var deadline: Date?
        public var secondsLeft: Double?
        public var submittedAt: Date?
        public var closedBy: String?
        public var score: Double?
        public var maxScore: Double?
        public var percent: Double?
        public var passed: Bool?
        /// In progress with its deadline passed: to be closed before anything else happens to it.
        public var overdue: Bool
    }

    // MARK: Start

    /// Starts an attempt of `quizID` in the enrolment, or returns the one in progress (with its
    /// saved answers). Returns the attempt and whether it was created. `authorize` sees the
    /// enrolment's learner first and throws to refuse.
    public func start(
        _ db: PGConnection, enrolmentID: UUID, quizID: String,
        authorize: (Policy.Subject) throws -> Void = { _ in }
    ) throws -> (Stored, Bool) {
        try start(db, enrolmentID: enrolmentID, quizID: quizID, with: nil) { owner, _ in if let owner { try authorize(owner) } }
    }

    /// The same, with `statement` (the caller's session lookup, say) sent in the pipeline that locks
    /// the enrolment and counts its attempts; `authorize` gets its rows, and a nil learner when there
    /// is no such enrolment (which is then not found). In all, the start takes two
    /// network round trips inside its transaction: that pipeline, then the insert with the
    /// enrolment's move to `in_progress`. With `commit`, the transaction's `COMMIT` goes with the
    /// insert (and, begun with `deferBegin`, its `BEGIN` with the first pipeline: two round trips
    /// in all); nothing may write in the transaction after the start.
    public func start(
        _ db: PGConnection, enrolmentID: UUID, quizID: String, with statement: SQL?, commit: Bool = false,
        authorize: (Policy.Subject?, [PGRow]) throws -> Void
    ) throws -> (Stored, Bool) {
        let lock: SQL = """
            SELECT e.version_id, e.status, e.withdrawn_at IS NOT NULL AS withdrawn, e.user_id, u.centre, u.hromada_code, e.slug,
                   u.extra_time_percent,
                   c.starts_on::text AS starts_on, c.ends_on::text AS ends_on,
                   c.starts_on > (now() AT TIME ZONE 'Europe/Kyiv')::date AS not_started,
                   c.ends_on < (now() AT TIME ZONE 'Europe/Kyiv')::date AS ended
            FROM enrolments e JOIN users u ON u.id = e.user_id LEFT JOIN cohorts c ON c.id = e.cohort_id
            WHERE e.id = \(enrolmentID) FOR UPDATE OF e
            """
        // Counted after the lock is held (statements of a pipeline run in order), so two starts of
        // one enrolment see each other.
        let count: SQL = """
            SELECT count(*) AS used,
                   (array_agg(id) FILTER (WHERE state = 'in_progress'))[1] AS open_id,
                   coalesce(bool_or(state = 'in_progress' AND deadline <= now()), false) AS overdue,
                   coalesce(max(number), 0) AS last
            FROM attempts WHERE enrolment_id = \(enrolmentID) AND quiz_id = \(quizID)
            """
        let results = try db.pipeline((statement.map { [$0] } ?? []) + [lock, count])
        let extra = statement == nil ? [] : results[0]
        guard let e = results[results.count - 2].first else {
            try authorize(nil, extra)
            throw HromadaError(.notFound)
        }
        let counts = results[results.count - 1][0]
        let owner = Policy.Subject(userID: try e.decode("user_id"), centre: try e.decode("centre"), hromada: try e.decode(String?.self, "hromada_code"))
        try authorize(owner, extra)
        if try e.decode(Bool.self, "withdrawn") {
            throw HromadaError(.enrolmentWithdrawn, detail: .init(
                uk: "Ви відкликали цей запис на курс; поновіть його, щоб продовжити.",
                en: "This enrolment was withdrawn; enrol again to continue."))
        }
        if try e.decode(Bool?.self, "not_started") == true {
            let date: String = try e.decode("starts_on")
            throw HromadaError(.cohortNotStarted, detail: .init(
                uk: "Навчання цієї групи починається \(date).", en: "This cohort starts on \(date)."))
        }
        let versionID: UUID = try e.decode("version_id")
        guard let quiz = try quizzes.quiz(db, versionID: versionID, quizID: quizID) else {
            throw HromadaError(.notFound, detail: .init(uk: "У цьому курсі немає тесту «\(quizID)».", en: "This course has no quiz '\(quizID)'."))
        }
        if let open = try counts.decode(UUID?.self, "open_id") {
            guard try counts.decode(Bool.self, "overdue") else {
                guard let attempt = try find(db, id: open) else { throw HromadaError(.notFound) }
                return (attempt, false)
            }
            // Its time ran out with no one closing it yet: close it as the sweep would, then go on.
            _ = try close(db, attemptID: open, by: .deadline)
        }
        // Past its end a cohort starts no new attempts; one already open runs to its deadline.
        if try e.decode(Bool?.self, "ended") == true {
            let date: String = try e.decode("ends_on")
            throw HromadaError(.cohortEnded, detail: .init(
                uk: "Навчання цієї групи завершилося \(date); нові спроби не розпочинаються.",
                en: "This cohort ended on \(date); no new attempts can start."))
        }
        let used: Int = try counts.decode("used")
        if quiz.maxAttempts > 0 && used >= quiz.maxAttempts {
            throw HromadaError(.attemptsExhausted, detail: .init(
                uk: "Усі спроби цього тесту використано (\(used) з \(quiz.maxAttempts)).",
                en: "All \(quiz.maxAttempts) attempt\(quiz.maxAttempts == 1 ? "" : "s") of this quiz are used."))
        }
        let seed = SecureRandom.bytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let paper = AttemptPaper.draw(quiz, seed: seed)
        let paperJSON = paper.json
        // The quiz's limit lengthened by the person's accommodation (spec/development.md), to the second.
        let extraTime: Int = try e.decode("extra_time_percent")
        let seconds = quiz.timeLimitMinutes.map { $0 * 60 * (100 + extraTime) / 100 }
        let number = try counts.decode(Int.self, "last") + 1
        let inserted = try db.pipeline([
            """
            INSERT INTO attempts (enrolment_id, quiz_id, number, version_id, key_version_id, seed, paper, deadline)
            VALUES (\(enrolmentID), \(quizID), \(number), \(versionID), \(versionID),
                    \(Int64(bitPattern: seed)), \(paperJSON)::jsonb,
                    CASE WHEN \(seconds)::int IS NULL THEN NULL ELSE now() + make_interval(secs => \(seconds)::int) END)
            RETURNING id, started_at, deadline, extract(epoch FROM deadline - now())::float8 AS seconds_left
            """,
            "UPDATE enrolments SET status = 'in_progress' WHERE id = \(enrolmentID) AND status = 'enrolled'",
        ], commit: commit)
        let row = inserted[0][0]
        let id: UUID = try row.decode("id")
        papers[id] = paper
        let attempt = Stored(
            id: id, enrolmentID: enrolmentID, owner: owner, slug: try e.decode("slug"), quizID: quizID, number: number,
            versionID: versionID, keyVersionID: versionID, state: .inProgress, paper: paper, answers: [:],
            startedAt: try row.decode("started_at"), deadline: try row.decode(Date?.self, "deadline"),
            secondsLeft: try row.decode(Double?.self, "seconds_left").map { max(0, $0) },
            submittedAt: nil, closedBy: nil, score: nil, maxScore: nil, percent: nil, passed: nil, overdue: false)
        return (attempt, true)
    }

    // MARK: Answers

    /// What an answer save returns: the attempt's state and clock, and the merged answers as the
    /// JSON text PostgreSQL holds (passed through to the client, not decoded and encoded again).
    public struct Saved: Sendable {
        public var id: UUID
        public var state: Attempt.State
        public var deadline: Date?
        public var secondsLeft: Double?
        public var answersJSON: String
    }

    /// Checks every answer against the attempt's paper, then merges them into the saved answers in one
    /// statement (a `null` answer clears a question). All or nothing: one bad answer saves none.
    /// `attempt_overdue` after the deadline, `attempt_closed` once submitted.
    public func saveAnswers(_ db: PGConnection, attempt: Stored, answers: [String: JSONValue]) throws -> Saved {
        try requireOpen(attempt)
        var problems: [HromadaError.FieldProblem] = []
        var patch: [String: JSONValue] = [:]
        var cleared: [String] = []
        for (questionID, answer) in answers.sorted(by: { $0.key < $1.key }) {
            guard let entry = attempt.paper.entry(questionID) else {
                problems.append(.init(field: "answers.\(questionID)", message: .init(
                    uk: "у цій спробі немає такого питання", en: "this attempt holds no such question")))
                continue
            }
            if answer == .null { cleared.append(questionID); continue }
            if let problem = AttemptPaper.problem(with: answer, for: entry) {
                problems.append(.init(field: "answers.\(questionID)", message: problem))
            } else {
                patch[questionID] = answer
            }
        }
        if !problems.isEmpty { throw HromadaError(.validationFailed, fieldProblems: problems) }
        let json = String(decoding: try JSONEncoder.sorted.encode(patch), as: UTF8.self)
        guard let row = try db.execute("""
            UPDATE attempts SET answers = (answers || \(json)::jsonb) - \(cleared)::text[]
            WHERE id = \(attempt.id) AND state = 'in_progress' AND (deadline IS NULL OR now() < deadline)
            RETURNING answers::text AS answers, extract(epoch FROM deadline - now())::float8 AS seconds_left
            """).first else {
            // Submitted or out of time between the read and the write: say which.
            guard let now = try find(db, id: attempt.id) else { throw HromadaError(.notFound) }
            try requireOpen(now)
            throw HromadaError(.attemptClosed)
        }
        return Saved(
            id: attempt.id, state: .inProgress, deadline: attempt.deadline,
            secondsLeft: try row.decode(Double?.self, "seconds_left").map { max(0, $0) },
            answersJSON: try row.decode("answers")
        )
    }

    /// Refused: the attempt's time is up.
    public static var timeIsUp: HromadaError {
        HromadaError(.attemptOverdue, detail: .init(
            uk: "Час на цю спробу вичерпано; відповіді після завершення не приймаються.",
            en: "This attempt's time is up; answers after the deadline are not accepted."))
    }

    func requireOpen(_ attempt: Stored) throws {
        if attempt.overdue || attempt.closedBy == CloseReason.deadline.rawValue { throw Self.timeIsUp }
        guard attempt.state == .inProgress else {
            throw HromadaError(.attemptClosed, detail: .init(
                uk: "Цю спробу вже завершено; відповіді більше не приймаються.",
                en: "This attempt is already closed; it takes no more answers."))
        }
    }

    // MARK: Closing

    public enum CloseReason: String, Sendable { case learner, deadline }

    /// Locks the attempt's enrolment (or, with `skipLocked`, gives up when someone else holds it) and
    /// then reads the attempt itself locked.
    func lock(_ db: PGConnection, attemptID: UUID, skipLocked: Bool = false) throws -> Stored? {
        guard try !db.execute("""
            SELECT 1 FROM enrolments WHERE id = (SELECT enrolment_id FROM attempts WHERE id = \(attemptID))
            FOR UPDATE\(unsafeSQL: skipLocked ? " SKIP LOCKED" : "")
            """).isEmpty else { return nil }
        return try find(db, id: attemptID, lock: true)
    }

    /// The learner hands the attempt in. Idempotent: a closed attempt is left as it is, so a second or
    /// concurrent submit returns the first one's result. An attempt past its deadline is closed by its
    /// quiz's `when_time_expires`, exactly as the sweep would.
    public func submit(_ db: PGConnection, attemptID: UUID) throws {
        _ = try close(db, attemptID: attemptID, by: .learner)
    }

    /// Closes an attempt still in progress. Returns false when it was already closed (or, with
    /// `skipLocked`, busy). The result depends only on the saved answers and the deadline, never on
    /// when or by whom it is closed.
    @discardableResult
    public func close(_ db: PGConnection, attemptID: UUID, by reason: CloseReason, skipLocked: Bool = false) throws -> Bool {
        guard let a = try lock(db, attemptID: attemptID, skipLocked: skipLocked) else { return false }
        guard a.state == .inProgress else { return false }
        let byDeadline = reason == .deadline || a.overdue
        guard let quiz = try quizzes.quiz(db, versionID: a.versionID, quizID: a.quizID) else { throw HromadaError(.notFound) }
        if byDeadline && quiz.whenTimeExpires == .abandon {
            try db.execute("""
                UPDATE attempts SET state = 'abandoned', closed_by = 'deadline' WHERE id = \(a.id)
                """)
        } else {
            try storeGrade(db, a, submittedAt: byDeadline ? "deadline" : "now()", closedBy: byDeadline ? .deadline : .learner)
        }
        try refreshQuizResult(db, enrolmentID: a.enrolmentID, quizID: a.quizID)
        return true
    }

    /// Grades the attempt under its key version and stores state, score and percent.
    func storeGrade(_ db: PGConnection, _ a: Stored, submittedAt: String? = nil, closedBy: CloseReason? = nil) throws {
        let graded = try grade(db, a)
        let pending = !graded.score.pendingEssays.isEmpty
        let percent: Double? = pending ? nil : graded.score.percent
        let passed: Bool? = percent.map { $0 >= graded.passPercent }
        var sql: SQL = """
            UPDATE attempts SET state = \(pending ? "needs_grading" : "finished"), score = \(pending ? nil : graded.score.score),
                max_score = \(graded.score.maxScore), percent = \(percent), passed = \(passed)
            """
        if let submittedAt, let closedBy {
            sql = sql + ", submitted_at = \(unsafeSQL: submittedAt), closed_by = \(closedBy.rawValue)"
        }
        try db.execute(sql + " WHERE id = \(a.id)")
    }

    /// The attempt's score under its key version, with the essays' points.
    func grade(_ db: PGConnection, _ a: Stored, keyVersionID: UUID? = nil) throws -> (score: AttemptScore, passPercent: Double) {
        guard let own = try quizzes.quiz(db, versionID: a.versionID, quizID: a.quizID) else { throw HromadaError(.notFound) }
        let keyQuiz = try quizzes.quiz(db, versionID: keyVersionID ?? a.keyVersionID, quizID: a.quizID) ?? own
        let ownByID = Dictionary(own.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let keyByID = Dictionary(keyQuiz.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let score = AttemptScore.grade(
            paper: a.paper, key: { keyByID[$0] ?? ownByID[$0] }, answers: a.answers,
            essayPoints: try essayPoints(db, attemptID: a.id).mapValues(\.points))
        return (score, keyQuiz.passPercent)
    }

    struct EssayGrade { var points: Double; var comment: String }

    func essayPoints(_ db: PGConnection, attemptID: UUID) throws -> [String: EssayGrade] {
        var out: [String: EssayGrade] = [:]
        for r in try db.execute("SELECT question_id, points::float8 AS points, comment FROM essay_grades WHERE attempt_id = \(attemptID)") {
            out[try r.decode("question_id")] = EssayGrade(points: try r.decode("points"), comment: try r.decode("comment"))
        }
        return out
    }

    /// Recomputes the quiz's grade over the enrolment's finished attempts (by the quiz's grading method
    /// in the enrolment's current version) and hands it to completion.
    func refreshQuizResult(_ db: PGConnection, enrolmentID: UUID, quizID: String) throws {
        let rows = try db.execute("""
            SELECT a.state, a.percent::float8 AS percent, a.version_id, e.version_id AS current
            FROM attempts a JOIN enrolments e ON e.id = a.enrolment_id
            WHERE a.enrolment_id = \(enrolmentID) AND a.quiz_id = \(quizID) ORDER BY a.number
            """)
        guard let first = rows.first else { return }
        let quiz = try quizzes.quiz(db, versionID: try first.decode("current"), quizID: quizID)
            ?? quizzes.quiz(db, versionID: try rows.last!.decode("version_id"), quizID: quizID)
        guard let quiz else { return }
        let percents = try rows.filter { try $0.decode(String.self, "state") == "finished" }.map { try $0.decode(Double.self, "percent") }
        let grade = Grading.quizGrade(percents, method: quiz.grading)
        try EnrolmentStore.recordQuizResult(
            db, enrolmentID: enrolmentID, quizID: quizID, grade: grade,
            passed: grade.map { $0 >= quiz.passPercent } ?? false, attemptsUsed: rows.count)
    }

    // MARK: The sweep

    /// Open attempts whose deadline has passed, oldest first.
    public static func overdue(_ db: PGConnection, limit: Int = 200) throws -> [UUID] {
        try db.execute("""
            SELECT id FROM attempts WHERE state = 'in_progress' AND deadline <= now() ORDER BY deadline LIMIT \(limit)
            """).map { try $0.decode("id") }
    }

    // MARK: Manual grading

    /// Attempts waiting in `needs_grading`, oldest first: of the courses `trainerID` teaches, or all
    /// when nil (the association admin). `course` narrows to one course; `after` continues after that attempt.
    /// The caller's own attempts are never in their queue: nobody grades their own.
    public func queue(_ db: PGConnection, trainerID: UUID?, excluding caller: UUID, course: String?, limit: Int, after: UUID?) throws -> [GradingItem] {
        var sql: SQL = """
            SELECT a.id, e.slug, v.version, a.quiz_id, u.id AS user_id, u.full_name, u.centre, a.submitted_at
            FROM attempts a JOIN enrolments e ON e.id = a.enrolment_id JOIN users u ON u.id = e.user_id
                 JOIN course_versions v ON v.id = a.version_id
            WHERE a.state = 'needs_grading' AND e.user_id <> \(caller)
            """
        if let trainerID { sql = sql + " AND e.slug IN (SELECT slug FROM course_trainers WHERE user_id = \(trainerID))" }
        if let course { sql = sql + " AND e.slug = \(course)" }
        if let after {
            sql = sql + " AND (a.submitted_at, a.id) > (SELECT submitted_at, id FROM attempts WHERE id = \(after))"
        }
        sql = sql + " ORDER BY a.submitted_at, a.id LIMIT \(limit)"
        return try db.execute(sql).compactMap { r -> GradingItem? in
            guard let a = try find(db, id: try r.decode("id")),
                  let quiz = try quizzes.quiz(db, versionID: a.versionID, quizID: a.quizID) else { return nil }
            let grades = try essayPoints(db, attemptID: a.id)
            let essays = a.paper.entries.filter { $0.type == .essay }.compactMap { entry -> GradingItem.Essay? in
                guard let q = quiz.questions.first(where: { $0.id == entry.question }) else { return nil }
                var answer: String?
                if case .string(let s)? = a.answers[entry.question] { answer = s }
                return .init(questionID: q.id, text: q.text, points: q.points, answer: answer,
                             awarded: grades[q.id]?.points, comment: grades[q.id]?.comment)
            }
            return GradingItem(attemptID: a.id, course: try r.decode("slug"), version: try r.decode("version"),
                             quizID: a.quizID, quizTitle: quiz.title,
                             learner: .init(id: try r.decode("user_id"), fullName: try r.decode("full_name"), centre: try r.decode("centre")),
                             submittedAt: a.submittedAt, essays: essays)
        }
    }

    /// A trainer's points for one essay of a submitted attempt. When no essay is left ungraded the
    /// attempt becomes `finished` and the quiz grade and completion follow; a later change regrades
    /// it. Every change goes to the audit log.
    public func gradeEssay(
        _ db: PGConnection, attemptID: UUID, questionID: String, points: Double, comment: String, by trainer: UUID, requestID: String?
    ) throws {
        guard let a = try lock(db, attemptID: attemptID) else { throw HromadaError(.notFound) }
        guard a.state == .needsGrading || a.state == .finished else {
            throw HromadaError(.attemptNotSubmitted, detail: .init(
                uk: "Оцінити можна лише подану спробу.", en: "Only a submitted attempt can be graded."))
        }
        guard let entry = a.paper.entry(questionID), entry.type == .essay,
              let quiz = try quizzes.quiz(db, versionID: a.versionID, quizID: a.quizID),
              let question = quiz.questions.first(where: { $0.id == questionID }) else {
            throw HromadaError.validation(field: "question_id", .init(
                uk: "у цій спробі немає есе з таким ідентифікатором", en: "this attempt holds no essay with this id"))
        }
        guard points.isFinite, points >= 0, points <= question.points else {
            throw HromadaError.validation(field: "points", .init(
                uk: "має бути від 0 до \(question.points.plainText)", en: "must be between 0 and \(question.points.plainText)"))
        }
        let old = try essayPoints(db, attemptID: a.id)[questionID]
        try db.execute("""
            INSERT INTO essay_grades (attempt_id, question_id, points, comment, graded_by)
            VALUES (\(a.id), \(questionID), \(points), \(comment), \(trainer))
            ON CONFLICT (attempt_id, question_id) DO UPDATE
            SET points = excluded.points, comment = excluded.comment, graded_by = excluded.graded_by, graded_at = now()
            """)
        let before = a.percent
        try storeGrade(db, a)
        let after = try find(db, id: a.id)
        try AuditLog.append(db, .init(
            actor: trainer, action: "attempt.grade", subjectType: "attempt", subjectID: a.id.lowercasedText,
            centre: a.owner.centre,
            details: ["question": questionID, "old_points": old.map { $0.points.plainText } ?? "", "new_points": points.plainText,
                      "old_percent": before.map { $0.plainText } ?? "", "new_percent": after?.percent.map { $0.plainText } ?? "",
                      "comment": comment]), requestID: requestID)
        try refreshQuizResult(db, enrolmentID: a.enrolmentID, quizID: a.quizID)
    }
}

extension Double {
    /// Plain decimal text without a trailing `.0`: 2, 2.5, 66.67.
    var plainText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
