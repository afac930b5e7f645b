import Foundation

// The request and response shapes of the account routes (spec/accounts.md), Codable both ways so
// that the server writes them and the terminal client reads them. Kept together, and free of the
// server, so that they can move into HromadaAPI as they are. Request fields are optional so that a
// missing one is reported by name (422), not as a decoding failure.

/// `POST /api/v1/auth/activate`: the token of an invitation link and the password chosen.
public struct ActivationRequest: Codable, Sendable, Equatable {
    public var token: String?
    public var password: String?
    public init(token: String, password: String) {
        self.token = token
        self.password = password
    }
}

/// `POST /api/v1/auth/password-reset`: the address to send a reset link to.
public struct PasswordResetRequest: Codable, Sendable, Equatable {
    public var email: String?
    public init(email: String) { self.email = email }
}

/// The one answer to every `POST /api/v1/auth/password-reset` that is not refused (202), whether or
/// not the address belongs to anyone.
public struct PasswordResetAccepted: Codable, Sendable, Equatable {
    public var accepted: Bool
    public init() { accepted = true }
}

/// `POST /api/v1/auth/password-reset/confirm`: the token of a reset link and the new password.
public struct PasswordResetConfirmation: Codable, Sendable, Equatable {
    public var token: String?
    public var password: String?
    public init(token: String, password: String) {
        self.token = token
        self.password = password
    }
}

/// `POST /api/v1/me/password`.
public struct PasswordChange: Codable, Sendable, Equatable {
    public var currentPassword: String?
    public var newPassword: String?
    public init(currentPassword: String, newPassword: String) {
        self.currentPassword = currentPassword
        self.newPassword = newPassword
    }
    enum CodingKeys: String, CodingKey {
        case currentPassword = "current_password", newPassword = "new_password"
    }
}

/// `POST /api/v1/users/{id}/invitation` (202): the new link is on its way; the one before no longer works.
public struct InvitationQueued: Codable, Sendable, Equatable {
    @LowercasedUUID public var userID: UUID
    @LowercasedUUID public var messageID: UUID
    /// When the new link stops working.
    public var expiresAt: Date
    public init(userID: UUID, messageID: UUID, expiresAt: Date) {
        self.userID = userID
        self.messageID = messageID
        self.expiresAt = expiresAt
    }
    enum CodingKeys: String, CodingKey {
        case userID = "user_id", messageID = "message_id", expiresAt = "expires_at"
    }
}

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
    public var userID: String?
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
        self.userID = userID?.lowercasedText
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
        try c.encode(userID, forKey: .userID)
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
