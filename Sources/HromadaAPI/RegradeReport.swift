public import Foundation
public import HromadaDomain

/// What a regrade changed (`POST /api/v1/courses/{slug}/regrade`).
public struct RegradeReport: Codable, Sendable, Equatable {
    /// One attempt whose grade changed.
    public struct Change: Codable, Sendable, Equatable {
        @LowercasedUUID public var attemptID: UUID
        @LowercasedUUID public var enrolmentID: UUID
        @LowercasedUUID public var userID: UUID
        @Nullable public var oldPercent: Double?
        @Nullable public var newPercent: Double?
        @Nullable public var oldPassed: Bool?
        @Nullable public var newPassed: Bool?

        public init(attemptID: UUID, enrolmentID: UUID, userID: UUID, oldPercent: Double?, newPercent: Double?,
                    oldPassed: Bool?, newPassed: Bool?) {
            self.attemptID = attemptID
            self.enrolmentID = enrolmentID
            self.userID = userID
            self.oldPercent = oldPercent
            self.newPercent = newPercent
            self.oldPassed = oldPassed
            self.newPassed = newPassed
        }

        enum CodingKeys: String, CodingKey {
            case attemptID = "attempt_id"
            case enrolmentID = "enrolment_id"
            case userID = "user_id"
            case oldPercent = "old_percent"
            case newPercent = "new_percent"
            case oldPassed = "old_passed"
            case newPassed = "new_passed"
        }
    }

    public var course: String
    public var quizID: String
    public var fromVersion: String
    public var toVersion: String
    public var attemptsRegraded: Int
    public var changes: [Change]
    /// Enrolments that completed because of the regrade.
    @LowercasedUUIDs public var newlyCompleted: [UUID]
    /// Completed enrolments whose quiz is no longer passed under the corrected key. A regrade never
    /// revokes anything; these are for a person to review (with their certificates, once issued).
    @LowercasedUUIDs public var toReview: [UUID]

    public init(course: String, quizID: String, fromVersion: String, toVersion: String, attemptsRegraded: Int,
                changes: [Change], newlyCompleted: [UUID], toReview: [UUID]) {
        self.course = course
        self.quizID = quizID
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.attemptsRegraded = attemptsRegraded
        self.changes = changes
        self.newlyCompleted = newlyCompleted
        self.toReview = toReview
    }

    enum CodingKeys: String, CodingKey {
        case course, changes
        case quizID = "quiz_id"
        case fromVersion = "from_version"
        case toVersion = "to_version"
        case attemptsRegraded = "attempts_regraded"
        case newlyCompleted = "newly_completed"
        case toReview = "to_review"
    }
}
