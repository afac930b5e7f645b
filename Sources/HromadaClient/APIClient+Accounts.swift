public import Foundation
public import HromadaAPI
public import HromadaDomain

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

/// What a centre's administrators do from the terminal: people added one by one or from a file, the
/// invitation sheet of a cohort, the outbox, a certificate re-issued.
extension APIClient {
    /// `POST /api/v1/users`: without a password, so the person is invited by mail.
    public func createUser(_ person: UserCreation) async throws -> User {
        try await call("POST", "/api/v1/users", json: person)
    }

    /// `POST /api/v1/centres/{code}/users:import`: all or nothing; everyone created is invited.
    /// The same file sent again (the key is its digest) gets the first answer.
    public func importUsers(centre: String, csv: Data, idempotencyKey: String) async throws -> UserImportResult {
        let path = "/api/v1/centres/\(Self.segment(centre))/users:import"
        let (data, _) = try await send("POST", path, body: csv, contentType: "text/csv", headers: ["Idempotency-Key": idempotencyKey])
        return try Self.decode(UserImportResult.self, from: data, "POST \(path)")
    }

    /// `GET /api/v1/cohorts/{id}/invitations.csv`: new links for the members not yet active (the
    /// earlier ones stop working), as the server wrote the CSV.
    public func invitationSheet(cohort: String) async throws -> Data {
        let (data, _) = try await send("GET", "/api/v1/cohorts/\(Self.segment(cohort))/invitations.csv", accept: "text/csv", raw: true)
        return data
    }

    /// `GET /api/v1/outbox`: every message (of one status, of one centre), newest first.
    public func outbox(status: OutboxMessage.Status?, centre: String?) async throws -> [OutboxMessage] {
        var items: [URLQueryItem] = []
        if let status { items.append(.init(name: "status", value: status.rawValue)) }
        if let centre { items.append(.init(name: "centre", value: centre)) }
        var components = URLComponents()
        components.queryItems = items.isEmpty ? nil : items
        let page: Page<OutboxMessage> = try await callAll("/api/v1/outbox" + (components.percentEncodedQuery.map { "?\($0)" } ?? ""))
        return page.items
    }

    /// `POST /api/v1/certificates/{serial}/reissue`: the old certificate is revoked as superseded and the
    /// enrolment gets a new serial, signed with today's data (a corrected name).
    public func reissueCertificate(_ serial: String, note: String?) async throws -> CertificateSummary {
        let path = "/api/v1/certificates/\(Self.segment(serial))/reissue"
        let (data, _) = try await send("POST", path, json: RevocationRequest(reasonCode: .superseded, note: note))
        return try Self.decode(CertificateSummary.self, from: data, "POST \(path)")
    }
}
