public import Foundation
public import HromadaDomain

/// One submitted attempt waiting for a trainer, in the grading queue (`GET /api/v1/grading`).
public struct GradingItem: Codable, Sendable, Equatable {
    public struct Essay: Codable, Sendable, Equatable {
        public var questionID: String
        public var text: String
        public var points: Double
        @Nullable public var answer: String?
        /// The trainer's points so far; null while ungraded.
        @Nullable public var awarded: Double?
        @Nullable public var comment: String?

        public init(questionID: String, text: String, points: Double, answer: String?, awarded: Double?, comment: String?) {
            self.questionID = questionID
            self.text = text
            self.points = points
            self.answer = answer
            self.awarded = awarded
            self.comment = comment
        }

        enum CodingKeys: String, CodingKey { case text, points, answer, awarded, comment, questionID = "question_id" }
    }

    public struct Learner: Codable, Sendable, Equatable {
        @LowercasedUUID public var id: UUID
        public var fullName: String
        public var centre: String

        public init(id: UUID, fullName: String, centre: String) {
            self.id = id
            self.fullName = fullName
            self.centre = centre
        }

        enum CodingKeys: String, CodingKey { case id, centre, fullName = "full_name" }
    }

    @LowercasedUUID public var attemptID: UUID
    public var course: String
    public var version: String
    public var quizID: String
    public var quizTitle: String
    public var learner: Learner
    @Nullable public var submittedAt: Date?
    public var essays: [Essay]

    public init(attemptID: UUID, course: String, version: String, quizID: String, quizTitle: String, learner: Learner,
                submittedAt: Date?, essays: [Essay]) {
        self.attemptID = attemptID
        self.course = course
        self.version = version
        self.quizID = quizID
        self.quizTitle = quizTitle
        self.learner = learner
        self.submittedAt = submittedAt
        self.essays = essays
    }

    enum CodingKeys: String, CodingKey {
        case course, version, learner, essays
        case attemptID = "attempt_id"
        case quizID = "quiz_id"
        case quizTitle = "quiz_title"
        case submittedAt = "submitted_at"
    }
}
