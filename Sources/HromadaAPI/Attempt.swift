public import Foundation
public import HromadaDomain

/// A quiz attempt as the API shows it (`GET /api/v1/attempts/{id}`, and what starting, submitting
/// and grading return). Before submission it carries the questions as drawn (opaque choice ids, no
/// keys, no weights, no feedback) and the saved answers; after, the score and the review the quiz allows.
public struct Attempt: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable, CaseIterable {
        case inProgress = "in_progress"
        case needsGrading = "needs_grading"
        case finished, abandoned
    }

    public enum QuestionType: String, Codable, Sendable, CaseIterable {
        case single, multiple, numeric, matching, ordering, essay, description, short
        case trueFalse = "true_false"
    }

    /// An option, a side of a matching question or an item to order, under the attempt's own id.
    public struct Choice: Codable, Sendable, Equatable {
        public var id: String
        public var text: String

        public init(id: String, text: String) {
            self.id = id
            self.text = text
        }
    }

    public struct Question: Codable, Sendable, Equatable {
        public var id: String
        public var type: QuestionType
        public var text: String
        /// 0 for a description.
        public var points: Double
        /// Of a single or multiple choice question.
        public var options: [Choice]?
        /// Of a matching question: each of `left` is matched with one of `right`.
        public var left: [Choice]?
        public var right: [Choice]?
        /// Of an ordering question, in the order drawn.
        public var items: [Choice]?

        public init(id: String, type: QuestionType, text: String, points: Double, options: [Choice]? = nil,
                    left: [Choice]? = nil, right: [Choice]? = nil, items: [Choice]? = nil) {
            self.id = id
            self.type = type
            self.text = text
            self.points = points
            self.options = options
            self.left = left
            self.right = right
            self.items = items
        }
    }

    public struct ReviewItem: Codable, Sendable, Equatable {
        public enum Outcome: String, Codable, Sendable, CaseIterable {
            /// Full points.
            case correct, partial, incorrect, unanswered
            case needsGrading = "needs_grading"
        }

        public var questionID: String
        public var points: Double
        /// Points earned; null while an essay waits for a trainer.
        @Nullable public var score: Double?
        public var outcome: Outcome
        public var feedback: [String]
        /// A trainer's comment on an essay.
        @Nullable public var comment: String?

        public init(questionID: String, points: Double, score: Double?, outcome: Outcome, feedback: [String], comment: String?) {
            self.questionID = questionID
            self.points = points
            self.score = score
            self.outcome = outcome
            self.feedback = feedback
            self.comment = comment
        }

        enum CodingKeys: String, CodingKey { case points, score, outcome, feedback, comment, questionID = "question_id" }
    }

    @LowercasedUUID public var id: UUID
    @LowercasedUUID public var enrolmentID: UUID
    public var quizID: String
    public var quizTitle: String
    public var number: Int
    public var state: State
    public var startedAt: Date
    @Nullable public var deadline: Date?
    /// Seconds until the deadline by the server's clock (clients count down from this, not from
    /// their own clock); null when untimed or closed.
    @Nullable public var secondsLeft: Double?
    @Nullable public var submittedAt: Date?
    /// 0 means unlimited.
    public var attemptsAllowed: Int
    public var questions: [Question]
    /// Question id → answer, as saved.
    public var answers: [String: JSONValue]
    public var score: Double?
    public var maxScore: Double?
    public var percent: Double?
    public var passed: Bool?
    public var passPercent: Double?
    public var review: [ReviewItem]?

    public init(
        id: UUID, enrolmentID: UUID, quizID: String, quizTitle: String, number: Int, state: State, startedAt: Date,
        deadline: Date?, secondsLeft: Double?, submittedAt: Date?, attemptsAllowed: Int, questions: [Question],
        answers: [String: JSONValue], score: Double? = nil, maxScore: Double? = nil, percent: Double? = nil,
        passed: Bool? = nil, passPercent: Double? = nil, review: [ReviewItem]? = nil
    ) {
        self.id = id
        self.enrolmentID = enrolmentID
        self.quizID = quizID
        self.quizTitle = quizTitle
        self.number = number
        self.state = state
        self.startedAt = startedAt
        self.deadline = deadline
        self.secondsLeft = secondsLeft
        self.submittedAt = submittedAt
        self.attemptsAllowed = attemptsAllowed
        self.questions = questions
        self.answers = answers
        self.score = score
        self.maxScore = maxScore
        self.percent = percent
        self.passed = passed
        self.passPercent = passPercent
        self.review = review
    }

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

    /// Still taking answers.
    public var isOpen: Bool { state == .inProgress }
}
