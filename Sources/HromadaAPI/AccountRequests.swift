import Foundation

// The bodies of the account routes a person uses (spec/accounts.md). Request fields are optional so
// that a missing one is reported by name (422), not as a decoding failure.

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
