public import Foundation
public import HromadaDomain

/// What signing in answers (`POST /api/v1/auth/login`): a bearer token, when it expires, and who
/// it belongs to.
public struct LoginAnswer: Codable, Sendable, Equatable {
    public var token: String
    public var expiresAt: Date
    public var user: User

    public init(token: String, expiresAt: Date, user: User) {
        self.token = token
        self.expiresAt = expiresAt
        self.user = user
    }

    enum CodingKeys: String, CodingKey {
        case token, user
        case expiresAt = "expires_at"
    }
}
