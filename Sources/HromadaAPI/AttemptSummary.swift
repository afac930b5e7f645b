public import Foundation
public import HromadaDomain

/// One attempt in a list of a quiz's attempts: no questions, no answers.
public struct AttemptSummary: Codable, Sendable, Equatable {
    @LowercasedUUID public var id: UUID
    public var number: Int
    public var state: Attempt.State
    public var startedAt: Date
    @Nullable public var deadline: Date?
    @Nullable public var submittedAt: Date?
    @Nullable public var percent: Double?
    @Nullable public var passed: Bool?

    public init(id: UUID, number: Int, state: Attempt.State, startedAt: Date, deadline: Date?, submittedAt: Date?,
                percent: Double?, passed: Bool?) {
        self.id = id
        self.number = number
        self.state = state
        self.startedAt = startedAt
        self.deadline = deadline
        self.submittedAt = submittedAt
        self.percent = percent
        self.passed = passed
    }

    enum CodingKeys: String, CodingKey {
        case id, number, state, deadline, percent, passed
        case startedAt = "started_at"
        case submittedAt = "submitted_at"
    }
}
