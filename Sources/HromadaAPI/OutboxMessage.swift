public import Foundation
public import HromadaDomain

/// One message of `GET /api/v1/outbox`: where it stands, never its text (which holds a one-time link).
public struct OutboxMessage: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case invitation
        case passwordReset = "password_reset"
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Waiting to be sent (first try, or a retry at `next_attempt_at`).
        case pending
        /// Claimed by a sender right now.
        case sending
        case sent
        /// Given up: the server refused the address, or three days of tries failed (`last_error` says why).
        case failed
        /// Replaced by a newer link, or the account was deactivated, before it went.
        case cancelled
    }

    @LowercasedUUID public var id: UUID
    public var userID: UUID?
    public var to: String
    public var kind: Kind
    public var status: Status
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?
    public var nextAttemptAt: Date?

    public init(id: UUID, userID: UUID?, to: String, kind: Kind, status: Status, attempts: Int, lastError: String?,
                createdAt: Date, sentAt: Date?, nextAttemptAt: Date?) {
        self.id = id
        self.userID = userID
        self.to = to
        self.kind = kind
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.nextAttemptAt = nextAttemptAt
    }

    enum CodingKeys: String, CodingKey {
        case id, to, kind, status, attempts
        case userID = "user_id", lastError = "last_error", createdAt = "created_at", sentAt = "sent_at"
        case nextAttemptAt = "next_attempt_at"
    }

    /// Every key written, `null` when empty: the shape the document gives.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercasedText, forKey: .id)
        try c.encode(userID?.lowercasedText, forKey: .userID)
        try c.encode(to, forKey: .to)
        try c.encode(kind, forKey: .kind)
        try c.encode(status, forKey: .status)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(sentAt, forKey: .sentAt)
        try c.encode(nextAttemptAt, forKey: .nextAttemptAt)
    }
}
