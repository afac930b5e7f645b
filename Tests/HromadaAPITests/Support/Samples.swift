import Foundation
import HromadaAPI
import HromadaDomain

/// One value of each shape, with the awkward texts, nulls and absent keys the wire must keep apart.
enum Samples {
    static let awkward = "Лапки \" і \\ зворотна, / скісна,\nрядок,\tтаб, \u{01} керівний, emoji 🇺🇦"
    static let u1 = UUID(uuidString: "3F1C2A9B-0000-4000-8000-00000000000A")!
    static let u2 = UUID(uuidString: "B2C3D4E5-1111-4222-8333-44445555666F")!
    static let u3 = UUID(uuidString: "00000000-ABCD-4EF0-9000-000000000001")!
    static let t1 = Date(timeIntervalSince1970: 1_790_000_000.123)
    static let t2 = Date(timeIntervalSince1970: 1_790_001_800)
    static let t3 = Date(timeIntervalSince1970: 1_790_000_600.987)

    static func attempt(_ state: Attempt.State, graded: Bool, deadline: Date?) -> Attempt {
        let choices = [Attempt.Choice(id: "a1b2c3d4e5", text: awkward), Attempt.Choice(id: "ffeeddccbb", text: "друга")]
        let questions = [
            Attempt.Question(id: "q1", type: .single, text: awkward, points: 1, options: choices),
            Attempt.Question(id: "q2", type: .matching, text: "зіставте", points: 2.5, left: choices, right: choices.reversed()),
            Attempt.Question(id: "q3", type: .ordering, text: "упорядкуйте", points: 0.1, items: choices),
            Attempt.Question(id: "q4", type: .essay, text: "есе", points: 10),
            Attempt.Question(id: "q5", type: .trueFalse, text: "так?", points: 1),
            Attempt.Question(id: "d", type: .description, text: "", points: 0),
        ]
        var attempt = Attempt(
            id: u1, enrolmentID: u2, quizID: "quiz-1", quizTitle: awkward, number: 3, state: state, startedAt: t1,
            deadline: deadline, secondsLeft: deadline == nil ? nil : 1799.5, submittedAt: graded ? t3 : nil,
            attemptsAllowed: 0, questions: questions,
            answers: ["q1": .string("a1b2c3d4e5"), "q2": .object(["a": .string("b"), "c": .null]),
                      "q3": .array([.string("x"), .number(0.5), .number(-3), .bool(true)]), "q4": .string(awkward)])
        if graded {
            attempt.maxScore = 13.6
            attempt.passPercent = 60
            if state == .finished { attempt.score = 12; attempt.percent = 88.24; attempt.passed = true }
        }
        return attempt
    }

    static var reviewed: Attempt {
        var attempt = attempt(.finished, graded: true, deadline: t2)
        attempt.review = [
            .init(questionID: "q1", points: 1, score: 1, outcome: .correct, feedback: ["добре", awkward], comment: nil),
            .init(questionID: "q2", points: 2.5, score: 1.25, outcome: .partial, feedback: [], comment: nil),
            .init(questionID: "q3", points: 0.1, score: 0, outcome: .incorrect, feedback: [], comment: nil),
            .init(questionID: "q4", points: 10, score: 7.5, outcome: .correct, feedback: [], comment: awkward),
            .init(questionID: "q5", points: 1, score: 0, outcome: .unanswered, feedback: [], comment: nil),
        ]
        return attempt
    }

    static var awaitingGrading: Attempt {
        var attempt = attempt(.needsGrading, graded: true, deadline: nil)
        attempt.review = [.init(questionID: "q4", points: 10, score: nil, outcome: .needsGrading, feedback: [], comment: nil)]
        return attempt
    }

    static let finishedSummary = AttemptSummary(id: u1, number: 1, state: .finished, startedAt: t1, deadline: t2, submittedAt: t3,
                                                percent: 66.67, passed: false)
    static let openSummary = AttemptSummary(id: u2, number: 2, state: .inProgress, startedAt: t3, deadline: nil, submittedAt: nil,
                                            percent: nil, passed: nil)

    static var gradingPage: Page<GradingItem> {
        let item = GradingItem(
            attemptID: u1, course: "council-deputy", version: "1.2.0", quizID: "final", quizTitle: awkward,
            learner: .init(id: u2, fullName: "Шевченко Марія", centre: "KYV"), submittedAt: t3,
            essays: [.init(questionID: "q4", text: awkward, points: 10, answer: "відповідь", awarded: 7.5, comment: "так"),
                     .init(questionID: "q6", text: "друге", points: 5, answer: nil, awarded: nil, comment: nil)])
        var other = item
        other.submittedAt = nil
        other.essays = []
        return Page(items: [item, other], nextCursor: "QjJDM0Q0RTUtMTExMS00MjIyLTgzMzMtNDQ0NDU1NTU2NjZG")
    }

    static let regrade = RegradeReport(
        course: "council-deputy", quizID: "final", fromVersion: "1.2.0", toVersion: "1.2.1", attemptsRegraded: 3,
        changes: [.init(attemptID: u1, enrolmentID: u2, userID: u3, oldPercent: 50, newPercent: 75.5, oldPassed: false, newPassed: true),
                  .init(attemptID: u2, enrolmentID: u3, userID: u1, oldPercent: nil, newPercent: nil, oldPassed: nil, newPassed: nil)],
        newlyCompleted: [u2], toReview: [u3, u1])
    static let emptyRegrade = RegradeReport(
        course: "c", quizID: "q", fromVersion: "1", toVersion: "2", attemptsRegraded: 0, changes: [], newlyCompleted: [], toReview: [])

    static let issued = CertificateSummary(serial: "UA-KYV-2026-000123-29", status: .issued, issuedAt: t1, revokedAt: nil,
                                           revocationCode: nil, digest: "ab12", enrolmentID: u2)
    static let revoked = CertificateSummary(serial: "UA-KYV-2026-000123-29", status: .revoked, issuedAt: t1, revokedAt: t3,
                                            revocationCode: .issuedInError, digest: "ab12", enrolmentID: u2)
    static let pending = CertificateSummary(serial: "UA-KYV-2026-000123-29", status: .pending, issuedAt: nil, revokedAt: nil,
                                            revocationCode: nil, digest: nil, enrolmentID: u2)

    static let chain: [CertificateVerification.ChainLink] = [
        .init(role: .root, subject: "Асоціація — корінь", serial: "01AF", notAfter: t2),
        .init(role: .centre, subject: "KYV", serial: "7F00", notAfter: Date(timeIntervalSince1970: 1_800_000_000)),
    ]
    static let serial = "UA-KYV-2026-000123-29"

    static var fullPublicCertificate: PublicCertificate {
        PublicCertificate(
            serial: serial, status: .revoked, centre: .init(code: "KYV", name: awkward),
            verification: .init(verdict: .revoked, serial: serial, revocation: .init(revokedAt: t3, reasonCode: .withdrawn), chain: chain),
            digestMatched: true,
            document: .object(["serial": .string(serial), "result": .object(["percent": .number(91.5), "passed": .bool(true)]), "x": .null]),
            revocationNote: "нотатка")
    }

    static var maskedPublicCertificate: PublicCertificate {
        PublicCertificate(serial: serial, status: .valid, centre: .init(code: "KYV", name: "Київський центр"),
                          verification: .init(verdict: .valid, serial: serial, chain: chain), digestMatched: false, document: nil)
    }

    static let validationProblem = ProblemDetails(
        type: "https://hromada.example/problems/validation-failed", title: "The data did not pass validation", status: 422,
        detail: nil, code: .validationFailed,
        errors: [.init(field: "answers.q1", message: "this attempt holds no such question"),
                 .init(path: "quizzes/final.gift", line: 12, column: 3, message: "line \"x\"")],
        requestID: "req-1")
    static let plainProblem = ProblemDetails(type: "https://hromada.example/problems/not-found", title: "Не знайдено", status: 404,
                                             detail: nil, code: .notFound, errors: nil, requestID: nil)
    static let codedProblem = ProblemDetails(type: "https://hromada.example/problems/attempt-overdue", title: "Час спроби минув",
                                             status: 409, detail: "Час", code: .attemptOverdue, errors: nil, requestID: "abc")
}
