import Foundation
import HromadaAPI
import HromadaDomain

/// The account routes: activating an invitation, and the people a centre looks after.
extension APIClient {
    /// `POST /api/v1/auth/activate`: the password of an invited person, set through the token of
    /// their link; answered as a login is.
    public func activate(token: String, password: String) async throws -> LoginAnswer {
        try await call("POST", "/api/v1/auth/activate", json: ActivationRequest(token: token, password: password))
    }

    /// `POST /api/v1/me/password`: the caller's other sessions end, this one stays.
    public func changePassword(current: String, new: String) async throws {
        _ = try await send("POST", "/api/v1/me/password", json: PasswordChange(currentPassword: current, newPassword: new))
    }

    /// `POST /api/v1/auth/password-reset`: answered alike whether or not the address is anyone's.
    public func requestPasswordReset(email: String) async throws {
        _ = try await send("POST", "/api/v1/auth/password-reset", json: PasswordResetRequest(email: email))
    }

    /// Every person of `centre` (the caller's own when nil), page after page.
    public func users(centre: String?) async throws -> [User] {
        var path = "/api/v1/users"
        if let centre { path += "?centre=" + (centre.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? centre) }
        let page: Page<User> = try await callAll(path)
        return page.items
    }

    public func user(_ id: UUID) async throws -> User {
        try await call("GET", "/api/v1/users/\(id.lowercasedText)")
    }

    /// A new invitation for a person not yet active; the link before stops working.
    public func invite(_ id: UUID) async throws -> InvitationQueued {
        try await call("POST", "/api/v1/users/\(id.lowercasedText)/invitation")
    }

    public func deactivate(_ id: UUID) async throws -> User {
        try await call("POST", "/api/v1/users/\(id.lowercasedText)/deactivate")
    }

    public func reactivate(_ id: UUID) async throws -> User {
        try await call("POST", "/api/v1/users/\(id.lowercasedText)/reactivate")
    }
}
