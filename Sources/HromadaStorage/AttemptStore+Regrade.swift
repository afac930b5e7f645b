public import Foundation
public import HromadaAPI
import HromadaDomain
public import HromadaPostgres
import HromadaPacks
public import HromadaPostgres

extension AttemptStore {
    /// Re-scores the submitted attempts of `quizID` made on release `from` under the answer key of
    /// release `to`, question by question where ids match (a question the new release lacks keeps its
    /// old key); essays keep their points. Quiz grades and completion follow; every changed attempt is
    /// in the audit log with its old and new grade. Running it again changes nothing.
    public func regrade(
        _ db: PGConnection, slug: String, from: String, to: String, quizID: String, by actor: UUID, requestID: String?
    ) throws -> RegradeReport {
        func versionID(_ version: String, field: String) throws -> UUID {
            guard let row = try db.execute("SELECT id FROM course_versions WHERE slug = \(slug) AND version = \(version)").first else {
                throw HromadaError.validation(field: field, .init(
                    uk: "версії \(version) курсу \(slug) не опубліковано", en: "version \(version) of \(slug) is not published"))
            }
            return try row.decode("id")
        }
        let fromID = try versionID(from, field: "from_version")
        let toID = try versionID(to, field: "to_version")
        guard fromID != toID else {
            throw HromadaError.validation(field: "to_version", .init(
                uk: "має відрізнятися від from_version", en: "must differ from from_version"))
        }
        for (id, field, version) in [(fromID, "from_version", from), (toID, "to_version", to)] {
            guard try quizzes.quiz(db, versionID: id, quizID: quizID) != nil else {
                throw HromadaError.validation(field: "quiz_id", .init(
                    uk: "у версії \(version) немає тесту «\(quizID)» (\(field))", en: "version \(version) has no quiz '\(quizID)' (\(field))"))
            }
        }
        // Nobody regrades their own attempt: a regrade that would reach one of the actor's is refused whole.
        if try !db.execute("""
            SELECT 1 FROM attempts a JOIN enrolments e ON e.id = a.enrolment_id
            WHERE a.version_id = \(fromID) AND a.quiz_id = \(quizID) AND a.state IN ('finished', 'needs_grading')
              AND e.user_id = \(actor) LIMIT 1
            """).isEmpty {
            throw HromadaError(.forbidden, detail: .init(
                uk: "Серед цих спроб є ваша власна; власні спроби не переоцінюють: попросіть іншого тренера курсу або адміністратора.",
                en: "These attempts include one of your own; nobody regrades their own attempt: ask another trainer of the course or the admin."
            ), reason: "regrade would reach the actor's own attempt")
        }
        let rows = try db.execute("""
            SELECT id, enrolment_id FROM attempts
            WHERE version_id = \(fromID) AND quiz_id = \(quizID) AND state IN ('finished', 'needs_grading')
            ORDER BY enrolment_id, number
            """)
        let enrolments = try Array(Set(rows.map { try $0.decode(UUID.self, "enrolment_id") })).sorted { $0.uuidString < $1.uuidString }
        // Lock every enrolment concerned, in one order, before touching any attempt.
        let completedBefore = Set(try db.execute("""
            SELECT id, status FROM enrolments WHERE id = ANY(\(enrolments.map { $0.lowercasedText })::uuid[])
            ORDER BY id FOR UPDATE
            """).filter { try $0.decode(String.self, "status") == "completed" }.map { try $0.decode(UUID.self, "id") })

        var changes: [RegradeReport.Change] = []
        for row in rows {
            guard var a = try find(db, id: try row.decode("id"), lock: true) else { continue }
            let (oldPercent, oldPassed) = (a.percent, a.passed)
            a.keyVersionID = toID
            try db.execute("UPDATE attempts SET key_version_id = \(toID) WHERE id = \(a.id)")
            try storeGrade(db, a)
            guard let after = try find(db, id: a.id), after.percent != oldPercent || after.passed != oldPassed else { continue }
            changes.append(.init(attemptID: a.id, enrolmentID: a.enrolmentID, userID: a.owner.userID,
                                 oldPercent: oldPercent, newPercent: after.percent, oldPassed: oldPassed, newPassed: after.passed))
            try AuditLog.append(db, .init(
                actor: actor, action: "attempt.regrade", subjectType: "attempt", subjectID: a.id.lowercasedText,
                centre: a.owner.centre,
                details: ["course": slug, "quiz": quizID, "from_version": from, "to_version": to,
                          "old_percent": oldPercent.map { $0.plainText } ?? "", "new_percent": after.percent.map { $0.plainText } ?? "",
                          "old_passed": oldPassed.map(String.init) ?? "", "new_passed": after.passed.map(String.init) ?? ""]),
                requestID: requestID)
        }
        for enrolment in enrolments {
            try refreshQuizResult(db, enrolmentID: enrolment, quizID: quizID)
        }
        let after = try db.execute("""
            SELECT e.id, e.status, coalesce(r.passed, false) AS passed
            FROM enrolments e LEFT JOIN quiz_results r ON r.enrolment_id = e.id AND r.quiz_id = \(quizID)
            WHERE e.id = ANY(\(enrolments.map { $0.lowercasedText })::uuid[]) ORDER BY e.id
            """)
        var newlyCompleted: [UUID] = [], toReview: [UUID] = []
        for r in after {
            let id: UUID = try r.decode("id")
            guard try r.decode(String.self, "status") == "completed" else { continue }
            if !completedBefore.contains(id) { newlyCompleted.append(id) }
            else if !(try r.decode(Bool.self, "passed")) { toReview.append(id) }
        }
        try AuditLog.append(db, .init(
            actor: actor, action: "course.regrade", subjectType: "course", subjectID: slug,
            details: ["quiz": quizID, "from_version": from, "to_version": to,
                      "attempts": String(rows.count), "changed": String(changes.count)]), requestID: requestID)
        return RegradeReport(course: slug, quizID: quizID, fromVersion: from, toVersion: to, attemptsRegraded: rows.count,
                             changes: changes, newlyCompleted: newlyCompleted, toReview: toReview)
    }
}
