import Foundation
import HromadaAPI
import HromadaDomain
import HromadaPostgres
import HromadaStorage
import Hummingbird

/// A person's own way in: activating an invitation, a forgotten password, changing a password.
struct AccountController: Controller {
    let services: AppServices

    /// How long a reset link works.
    static let resetValidity: Duration = .seconds(3600)

    var endpoints: [Endpoint] {
        [
            .post("/auth/activate", activate),
            .post("/auth/password-reset", requestReset),
            .post("/auth/password-reset/confirm", confirmReset),
            .post("/me/password", signedIn(changePassword)),
        ]
    }

    var tokens: TokenPassword { TokenPassword(services: services) }

    /// Public: the token of an invitation and a password; answers as a login does.
    @Sendable func activate(_ request: Request, _ context: AppContext) async throws -> Response {
        let body = try await services.body.decode(ActivationRequest.self, from: request)
        let (token, password) = try Self.required(body.token, body.password)
        let outcome = try await tokens.redeem(
            token: token, password: password, purpose: .activation, signIn: true,
            address: context.remoteAddress, userAgent: request.headers[.userAgent], requestID: context.requestID
        )
        guard let session = outcome.session else { throw HromadaError(.internalError, reason: "no session after activation") }
        return try .json(LoginAnswer(token: session.token, expiresAt: session.expiresAt, user: outcome.user))
    }

    /// Public: a new password through a reset link. Every session of the person ends; the answer is
    /// a login's, with a new one.
    @Sendable func confirmReset(_ request: Request, _ context: AppContext) async throws -> Response {
        let body = try await services.body.decode(PasswordResetConfirmation.self, from: request)
        let (token, password) = try Self.required(body.token, body.password)
        let outcome = try await tokens.redeem(
            token: token, password: password, purpose: .passwordReset, signIn: true,
            address: context.remoteAddress, userAgent: request.headers[.userAgent], requestID: context.requestID
        )
        guard let session = outcome.session else { throw HromadaError(.internalError, reason: "no session after a reset") }
        return try .json(LoginAnswer(token: session.token, expiresAt: session.expiresAt, user: outcome.user))
    }

    static func required(_ token: String?, _ password: String?) throws -> (String, String) {
        var problems: [HromadaError.FieldProblem] = []
        if token?.isEmpty ?? true { problems.append(.required("token")) }
        if password?.isEmpty ?? true { problems.append(.required("password")) }
        guard problems.isEmpty, let token, let password else { throw HromadaError.validation(problems) }
        return (token, password)
    }

    /// Public: always 202 with the same body, whether or not the address is anyone's, after the same
    /// statements either way; a letter with a link valid for an hour is queued only for an active
    /// account. Counted per address asked for and per client (429 past the limits, for any address).
    @Sendable func requestReset(_ request: Request, _ context: AppContext) async throws -> Response {
        let body = try await services.body.decode(PasswordResetRequest.self, from: request)
        guard let raw = body.email, !raw.isEmpty else { throw HromadaError.validation([.required("email")]) }
        let email: String
        switch TextRules.email(raw) {
        case .success(let e): email = e
        case .failure(let p): throw HromadaError.validation([p])
        }
        let address = IPAddress(context.remoteAddress)?.throttleKey ?? context.remoteAddress
        if let wait = try await services.pool.withConnection({ try ResetThrottle.reserve($0, account: email, address: address) }) {
            throw HromadaError(.tooManyRequests, detail: .init(
                uk: "Забагато запитів на відновлення пароля. Зачекайте й спробуйте пізніше.",
                en: "Too many password reset requests. Wait and try again later."
            ), retryAfter: wait, reason: "password reset throttled for \(email) / \(address)")
        }
        let mail = AccountMail(configuration: services.configuration)
        try await services.pool.transaction { db in
            // Not waiting for the commit to reach the disk: a request that wrote rows and one that
            // wrote none take alike (and a reset lost to a crash is asked for again).
            try AccountStore.commitWithoutWaitingForDisk(db)
            let found = try UserStore.find(db, email: email)
            let person = found.flatMap { $0.status == .active ? $0 : nil }
            // For an unknown address, a stand-in runs through the same steps and stores nothing.
            let target = person ?? User(id: UUID(), email: email, fullName: email, category: .official, position: "",
                                        hromada: "", centre: "", roles: [.learner], createdAt: Date())
            let language = try AccountStore.language(db, userID: target.id)
            let issued = try AccountStore.issue(db, userID: target.id, purpose: .passwordReset, validity: Self.resetValidity,
                                                when: person != nil)
            let letter = mail.passwordReset(target, language: language, link: mail.resetLink(issued.token), expiresAt: issued.expiresAt)
            try db.execute(OutboxStore.enqueueStatement(letter, when: person != nil))
        }
        return try .json(PasswordResetAccepted(), status: .accepted)
    }

    /// A signed-in person changes their password: the current one is checked (counted as a login
    /// try is), the new one held to the rules; every other session of theirs ends, this one stays.
    @Sendable func changePassword(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let body = try await services.body.decode(PasswordChange.self, from: request)
        var problems: [HromadaError.FieldProblem] = []
        if body.currentPassword?.isEmpty ?? true { problems.append(.required("current_password")) }
        if body.newPassword?.isEmpty ?? true { problems.append(.required("new_password")) }
        if let new = body.newPassword, !new.isEmpty, let p = CommonPasswordList.check(new, email: caller.email, field: "new_password") {
            problems.append(p)
        }
        guard problems.isEmpty, let current = body.currentPassword, let new = body.newPassword else {
            throw HromadaError.validation(problems)
        }
        let address = IPAddress(context.remoteAddress)?.throttleKey ?? context.remoteAddress
        let (reservation, stored) = try await services.pool.withConnection { db in
            (try LoginThrottle.reserve(db, account: caller.email, address: address), try UserStore.credentials(db, email: caller.email)?.1)
        }
        switch reservation.verdict {
        case .refuse(let wait):
            throw HromadaError(.tooManyRequests, detail: .signInLocked(seconds: wait), retryAfter: wait, reason: "password change throttled for \(caller.email)")
        case .slowDown(let seconds):
            try await Task.sleep(for: .seconds(seconds))
        case .proceed:
            break
        }
        let matches: Bool
        do {
            matches = try await services.passwords.verify(String(current.prefix(1024)), against: stored)
        } catch {
            _ = try? await services.pool.withConnection { try $0.execute(LoginThrottle.cancelStatement(reservation)) }
            throw error
        }
        guard matches else {
            throw HromadaError.validation(field: "current_password", .init(uk: "не є вашим поточним паролем", en: "is not your current password"))
        }
        let hash = try await services.passwords.hash(new)
        let token = Authenticator.bearerToken(request)
        let requestID = context.requestID
        try await services.pool.transaction { db in
            try db.execute(LoginThrottle.successStatement(reservation))
            try UserStore.setPassword(db, userID: caller.id, hash: hash)
            let ended = try SessionStore.revokeAll(db, userID: caller.id, keeping: token)
            try AccountStore.revoke(db, userID: caller.id, purpose: .passwordReset)
            try AuditLog.append(db, .init(actor: caller.id, action: "user.password_change", subjectType: "user",
                                          subjectID: caller.id.lowercasedText, centre: caller.centre,
                                          details: ["sessions_ended": String(ended)]), requestID: requestID)
        }
        return Response(status: .noContent)
    }
}
