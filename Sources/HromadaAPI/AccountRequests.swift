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

/// `POST /api/v1/users`: one person, created by a centre (or the admin). Without `password` the
/// person is invited and a letter with an activation link is queued.
public struct UserCreation: Codable, Sendable, Equatable {
    public var email: String?
    public var fullName: String?
    /// `official` or `deputy`.
    public var category: String?
    public var position: String?
    /// The hromada: its КАТОТТГ code or its name (refused with the candidates when several bear it).
    public var hromada: String?
    public var centre: String?
    public var roles: [String]?
    /// Set only by a script that creates a ready account; people are invited instead.
    public var password: String?
    /// The language of the person's letters: `uk` (the default) or `en`.
    public var language: String?
    /// The day the person took office, `YYYY-MM-DD`: it starts their first-year window.
    public var appointedOn: String?
    public init(email: String, fullName: String, category: String, position: String, hromada: String, centre: String,
                roles: [String]? = nil, language: String? = nil, appointedOn: String? = nil, password: String? = nil) {
        self.email = email
        self.fullName = fullName
        self.category = category
        self.position = position
        self.hromada = hromada
        self.centre = centre
        self.roles = roles
        self.language = language
        self.appointedOn = appointedOn
        self.password = password
    }
    enum CodingKeys: String, CodingKey {
        case email, category, position, hromada, centre, roles, password, language
        case fullName = "full_name", appointedOn = "appointed_on"
    }
}

/// `POST /api/v1/centres/{code}/users:import`: how many people the file created (each invited) and
/// how many it named that were already known.
public struct UserImportResult: Codable, Sendable, Equatable {
    public var created: Int
    public var unchanged: Int
    public var errors: [String]
    public init(created: Int, unchanged: Int, errors: [String] = []) {
        self.created = created
        self.unchanged = unchanged
        self.errors = errors
    }
}
