import Foundation
import HromadaDomain
import HromadaPacks
import HromadaPostgres

extension AttemptStore {
    /// An attempt as the API shows it. Before submission it carries the questions as drawn (opaque
    /// choice ids, no keys, no weights, no feedback) and the saved answers; after, the score and the
    /// review the quiz allows.
    public struct View: Sendable, Encodable {
        public struct Choice: Sendable, Encodable {
            public var id: String
            public var text: String
        }
        public struct Question: Sendable, Encodable {
            public var id: String
            public var type: String
            public var text: String
            public var points: Double
            public var options: [Choice]?
            public var left: [Choice]?
            public var right: [Choice]?
            public var items: [Choice]?
        }
        public struct ReviewItem: Sendable, Encodable {
            public var questionID: String
            public var points: Double
            /// Points earned; null while an essay waits for a trainer.
            @Nullable public var score: Double?
            /// `correct` (full points), `partial`, `incorrect`, `unanswered` or `needs_grading`.
            public var outcome: String
            public var feedback: [String]
            /// A trainer's comment on an essay.
            @Nullable public var comment: String?
            enum CodingKeys: String, CodingKey { case points, score, outcome, feedback, comment, questionID = "question_id" }
        }

        @LowercasedUUID public var id: UUID
        @LowercasedUUID public var enrolmentID: UUID
        public var quizID: String
        public var quizTitle: String
        public var number: Int
        public var state: AttemptStore.State
        public var startedAt: Date
        @Nullable public var deadline: Date?
        /// Seconds until the deadline by the server's clock (clients count down from this, not from
        /// their own clock); null when untimed or closed.
        @Nullable public var secondsLeft: Double?
        @Nullable public var submittedAt: Date?
        public var attemptsAllowed: Int
        public var questions: [Question]
        public var answers: [String: JSONValue]
        public var score: Double?
        public var maxScore: Double?
        public var percent: Double?
        public var passed: Bool?
        public var passPercent: Double?
        public var review: [ReviewItem]?

        enum CodingKeys: String, CodingKey {
            case id, number, state, deadline, questions, answers, score, percent, passed, review
            case enrolmentID = "enrolment_id"
            case quizID = "quiz_id"
            case quizTitle = "quiz_title"
            case startedAt = "started_at"
            case secondsLeft = "seconds_left"
            case submittedAt = "submitted_at"
            case attemptsAllowed = "attempts_allowed"
            case maxScore = "max_score"
            case passPercent = "pass_percent"
        }

        /// The view as the API's `JSONEncoder` writes it (same keys, sorted; dates in RFC 3339 UTC
        /// with milliseconds), without `JSONEncoder`: an attempt's view goes out on every quiz start.
        /// Nil for a view with a review, which goes the usual way.
        public var json: [UInt8]? {
            guard review == nil else { return nil }
            var w = JSONWriter(capacity: 512 + 384 * questions.count)
            func date(_ d: Date?) {
                w.string(d.map { Timestamp.format($0) })
            }
            func choices(_ key: String, _ list: [Choice]?) {
                guard let list else { return }
                w.key(key)
                w.beginArray()
                for c in list {
                    w.beginObject()
                    w.key("id"); w.string(c.id)
                    w.key("text"); w.string(c.text)
                    w.endObject()
                }
                w.endArray()
            }
            func optional(_ key: String, _ x: Double?) { if let x { w.key(key); w.number(x) } }
            w.beginObject()
            w.key("answers"); w.value(.object(answers))
            w.key("attempts_allowed"); w.integer(attemptsAllowed)
            w.key("deadline"); date(deadline)
            w.key("enrolment_id"); w.string(enrolmentID.lowercasedText)
            w.key("id"); w.string(id.lowercasedText)
            optional("max_score", maxScore)
            w.key("number"); w.integer(number)
            optional("pass_percent", passPercent)
            if let passed { w.key("passed"); w.bool(passed) }
            optional("percent", percent)
            w.key("questions")
            w.beginArray()
            for q in questions {
                w.beginObject()
                w.key("id"); w.string(q.id)
                choices("items", q.items)
                choices("left", q.left)
                choices("options", q.options)
                w.key("points"); w.number(q.points)
                choices("right", q.right)
                w.key("text"); w.string(q.text)
                w.key("type"); w.string(q.type)
                w.endObject()
            }
            w.endArray()
            w.key("quiz_id"); w.string(quizID)
            w.key("quiz_title"); w.string(quizTitle)
            optional("score", score)
            w.key("seconds_left"); w.number(secondsLeft)
            w.key("started_at"); date(startedAt)
            w.key("state"); w.string(state.rawValue)
            w.key("submitted_at"); date(submittedAt)
            w.endObject()
            return w.bytes
        }
    }

    /// The API view of `a`. `fullReview` (trainers, admins) shows the per-question review of a submitted
    /// attempt even when the quiz gives learners only the score.
    public func view(_ db: PGConnection, _ a: Stored, fullReview: Bool) throws -> View {
        guard let quiz = try quizzes.quiz(db, versionID: a.versionID, quizID: a.quizID) else { throw HromadaError(.notFound) }
        let byID = Dictionary(quiz.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let questions = a.paper.entries.compactMap { entry -> View.Question? in
            guard let q = byID[entry.question] else { return nil }
            return Self.present(q, entry)
        }
        var view = View(
            id: a.id, enrolmentID: a.enrolmentID, quizID: a.quizID, quizTitle: quiz.title, number: a.number, state: a.state,
            startedAt: a.startedAt, deadline: a.deadline, secondsLeft: a.state == .inProgress ? a.secondsLeft : nil,
            submittedAt: a.submittedAt, attemptsAllowed: quiz.maxAttempts, questions: questions, answers: a.answers)
        guard a.state == .finished || a.state == .needsGrading else { return view }
        view.passPercent = quiz.passPercent
        view.maxScore = a.maxScore
        if a.state == .finished {
            view.score = a.score
            view.percent = a.percent
            view.passed = a.passed
        }
        guard fullReview || quiz.review == .afterSubmit else { return view }
        let (graded, _) = try grade(db, a)
        let comments = try essayPoints(db, attemptID: a.id)
        view.review = graded.items.map { item in
            let outcome: String
            switch item.fraction {
            case nil: outcome = "needs_grading"
            case _ where !item.answered: outcome = "unanswered"
            case let f? where f >= 1 - 1e-9: outcome = "correct"
            case let f? where f > 0: outcome = "partial"
            default: outcome = "incorrect"
            }
            return .init(questionID: item.question, points: item.points, score: item.score.map(Grading.roundHalfUp),
                         outcome: outcome, feedback: item.feedback, comment: comments[item.question]?.comment)
        }
        return view
    }

    /// A question as drawn for the attempt: its text and choices with the attempt's opaque ids, and
    /// nothing of the key.
    static func present(_ q: HromadaPacks.Question, _ entry: AttemptPaper.Entry) -> View.Question {
        func texts(_ choices: [AttemptPaper.Choice], _ text: (Int) -> String?) -> [View.Choice] {
            choices.compactMap { c in Int(c.ref.dropFirst()).flatMap { text($0 - 1) }.map { View.Choice(id: c.id, text: $0) } }
        }
        var out = View.Question(id: q.id, type: q.kind.rawValue, text: q.text, points: q.kind == .description ? 0 : q.points)
        switch q.kind {
        case .single, .multiple:
            out.options = entry.options.compactMap { c in q.options.first { $0.id == c.ref }.map { View.Choice(id: c.id, text: $0.text) } }
        case .matching:
            out.left = texts(entry.left) { q.pairs.indices.contains($0) ? q.pairs[$0].left : nil }
            out.right = texts(entry.right) { q.pairs.indices.contains($0) ? q.pairs[$0].right : nil }
        case .ordering:
            out.items = texts(entry.items) { q.items.indices.contains($0) ? q.items[$0] : nil }
        default:
            break
        }
        return out
    }
}
