public import Foundation
public import HromadaDomain

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
