public import Foundation
public import HromadaAPI
public import HromadaDomain
public import HromadaPostgres
import HromadaPacks

/// Reading attempts: one by id (alone or in a pipeline), and a quiz's attempts in an enrolment.
extension AttemptStore {
    // MARK: Read

    /// The attempt `id`. With `answers: false` its saved answers are left out (empty), for callers
    /// that only authorise or lock; the paper, which never changes once drawn, comes from
    /// ``papers`` when this instance has read it before.
    public func find(_ db: PGConnection, id: UUID, lock: Bool = false, answers withAnswers: Bool = true) throws -> Stored? {
        let lookup = findStatement(id: id, lock: lock, answers: withAnswers)
        return try found(lookup, rows: db.execute(lookup.statement))
    }

    /// The statement behind ``find(_:id:lock:answers:)``, for callers that send it in a pipeline;
    /// ``found(_:rows:)`` reads its rows. The paper is fetched only when it is not cached.
    public struct Lookup: Sendable {
        public var statement: SQL
        var cached: AttemptPaper?
    }

    public func findStatement(id: UUID, lock: Bool = false, answers withAnswers: Bool = true) -> Lookup {
        let cached = papers[id]
        return Lookup(statement: """
            SELECT a.id, a.enrolment_id, e.user_id, u.centre, e.slug, a.quiz_id, a.number, a.version_id, a.key_version_id,
                   a.state, CASE WHEN \(cached == nil) THEN a.paper::text END AS paper,
                   CASE WHEN \(withAnswers) THEN a.answers::text END AS answers, a.started_at, a.deadline,
                   extract(epoch FROM a.deadline - now())::float8 AS seconds_left, a.submitted_at, a.closed_by,
                   a.score::float8 AS score, a.max_score::float8 AS max_score, a.percent::float8 AS percent, a.passed,
                   (a.state = 'in_progress' AND a.deadline <= now()) AS overdue
            FROM attempts a JOIN enrolments e ON e.id = a.enrolment_id JOIN users u ON u.id = e.user_id
            WHERE a.id = \(id)\(unsafeSQL: lock ? " FOR UPDATE OF a" : "")
            """, cached: cached)
    }

    public func found(_ lookup: Lookup, rows: [PGRow]) throws -> Stored? {
        guard let r = rows.first else { return nil }
        let paper: AttemptPaper
        if let cached = lookup.cached {
            paper = cached
        } else {
            paper = try JSONDecoder().decode(AttemptPaper.self, from: Data(try r.decode(String.self, "paper").utf8))
            papers[try r.decode(UUID.self, "id")] = paper
        }
        return Stored(
            id: try r.decode("id"), enrolmentID: try r.decode("enrolment_id"),
            owner: .init(userID: try r.decode("user_id"), centre: try r.decode("centre")),
            slug: try r.decode("slug"), quizID: try r.decode("quiz_id"), number: try r.decode("number"),
            versionID: try r.decode("version_id"), keyVersionID: try r.decode("key_version_id"),
            state: try r.decode("state"),
            paper: paper,
            answers: try r.decode(String?.self, "answers").map {
                try JSONDecoder().decode([String: JSONValue].self, from: Data($0.utf8))
            } ?? [:],
            startedAt: try r.decode("started_at"), deadline: try r.decode(Date?.self, "deadline"),
            secondsLeft: try r.decode(Double?.self, "seconds_left").map { max(0, $0) },
            submittedAt: try r.decode(Date?.self, "submitted_at"), closedBy: try r.decode(String?.self, "closed_by"),
            score: try r.decode(Double?.self, "score"), maxScore: try r.decode(Double?.self, "max_score"),
            percent: try r.decode(Double?.self, "percent"), passed: try r.decode(Bool?.self, "passed"),
            overdue: try r.decode(Bool?.self, "overdue") ?? false
        )
    }

    /// Whether `userID` is one of the trainers of `slug`.
    public static func isTrainer(_ db: PGConnection, userID: UUID, slug: String) throws -> Bool {
        try CourseStore.isTrainer(db, userID: userID, slug: slug)
    }

    /// The owner of enrolment `enrolmentID`, and whether quiz `quizID` is known there: the enrolment's
    /// version has it, or attempts of it remain from a version before an upgrade. Nil: no such enrolment.
    public static func quizOwner(_ db: PGConnection, enrolmentID: UUID, quizID: String) throws -> (owner: Policy.Subject, known: Bool)? {
        try db.execute("""
            SELECT e.user_id, u.centre,
                   EXISTS (SELECT 1 FROM course_quizzes q WHERE q.version_id = e.version_id AND q.id = \(quizID))
                   OR EXISTS (SELECT 1 FROM attempts a WHERE a.enrolment_id = e.id AND a.quiz_id = \(quizID)) AS known
            FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.id = \(enrolmentID)
            """).first
            .map { (Policy.Subject(userID: try $0.decode("user_id"), centre: try $0.decode("centre")), try $0.decode(Bool.self, "known")) }
    }

    /// The quiz's attempts in the enrolment still open past their deadline (to close before listing).
    public static func overdue(_ db: PGConnection, enrolmentID: UUID, quizID: String) throws -> [UUID] {
        try db.execute("""
            SELECT id FROM attempts WHERE enrolment_id = \(enrolmentID) AND quiz_id = \(quizID) AND state = 'in_progress' AND deadline <= now()
            """).map { try $0.decode(UUID.self, "id") }
    }

    /// The quiz's attempts in the enrolment, by number, as the API lists them.
    public static func list(_ db: PGConnection, enrolmentID: UUID, quizID: String) throws -> [AttemptSummary] {
        try db.execute("""
            SELECT id, number, state, started_at, deadline, submitted_at, percent::float8 AS percent, passed
            FROM attempts WHERE enrolment_id = \(enrolmentID) AND quiz_id = \(quizID) ORDER BY number
            """).map {
            AttemptSummary(id: try $0.decode("id"), number: try $0.decode("number"),
                           state: try $0.decode("state"), startedAt: try $0.decode("started_at"),
                           deadline: try $0.decode(Date?.self, "deadline"), submittedAt: try $0.decode(Date?.self, "submitted_at"),
                           percent: try $0.decode(Double?.self, "percent"), passed: try $0.decode(Bool?.self, "passed"))
        }
    }
}
