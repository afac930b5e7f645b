import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// Login, logout and `GET /me`.
struct AuthController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [
            .post("/auth/login", login),
            .post("/auth/logout", signedIn(logout)),
            .get("/me", signedIn { try .json($0.caller) }),
        ]
    }

    @Sendable func logout(_ signedIn: SignedIn) async throws -> Response {
        let token = Authenticator.bearerToken(signedIn.request)!
        try await services.pool.withConnection { try SessionStore.revoke($0, token: token) }
        return Response(status: .noContent)
    }

    /// Not ``signedIn(_:)``: the way in. Counted against the account and the address before the
    /// password is hashed.
    @Sendable func login(_ request: Request, _ context: AppContext) async throws -> Response {
        let body = try await services.body.decode(LoginRequest.self, from: request)
        var problems: [HromadaError.FieldProblem] = []
        if body.email?.isEmpty ?? true { problems.append(.required("email")) }
        if body.password?.isEmpty ?? true { problems.append(.required("password")) }
        guard problems.isEmpty, let rawEmail = body.email, let password = body.password else {
            throw HromadaError.validation(problems)
        }
        let email = String(rawEmail.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().prefix(254))
        let address = context.remoteAddress
        let addressKey = IPAddress(address)?.throttleKey ?? address

        // One round trip: a try is reserved against the account's and the address's counters before
        // the password is hashed (so parallel guesses are cut at the limit), and the account is read.
        let (reservation, found) = try await services.pool.withConnection { db in
            let rows = try db.pipeline([
                LoginThrottle.reserveStatement(account: email, address: addressKey),
                UserStore.credentialsStatement(email: email),
            ])
            let reservation = try LoginThrottle.reservation(from: rows[0], account: email, address: addressKey)
            if let refund = LoginThrottle.refundStatement(reservation) {
                _ = try db.pipeline([refund] + (LoginThrottle.sweepNow ? [LoginThrottle.sweepStatement] : []))
            }
            return (reservation, try UserStore.credentials(from: rows[1]))
        }
        switch reservation.verdict {
        case .refuse(let wait):
            throw HromadaError(.tooManyRequests, detail: .signInLocked(seconds: wait), retryAfter: wait, reason: "login throttled for \(email) / \(addressKey)")
        case .slowDown(let seconds):
            try await Task.sleep(for: .seconds(seconds))
        case .proceed:
            break
        }

        let password8 = String(password.prefix(1024))
        let matches: Bool
        do {
            matches = try await services.passwords.verify(password8, against: found?.1)
        } catch {
            // Not a failed password: the reserved try is given back (the hashing queue was full).
            _ = try? await services.pool.withConnection { try $0.execute(LoginThrottle.cancelStatement(reservation)) }
            throw error
        }
        // An invited person has no password yet and a deactivated one may not sign in: both are
        // answered as a wrong password is, so the answer tells nothing about the account.
        guard matches, let user = found?.0, user.status == .active else {
            // The reserved try stays counted: it was a failure.
            if LoginThrottle.sweepNow {
                _ = try? await services.pool.withConnection { try $0.execute(LoginThrottle.sweepStatement) }
            }
            throw HromadaError(.invalidCredentials, reason: "login failed for \(email)")
        }
        let session = SessionStore.creation(userID: user.id, ttl: services.configuration.tokenTTL, address: address,
                                            userAgent: request.headers[.userAgent])
        let issued = try await services.pool.withConnection { db in
            let rows = try db.pipeline([session.statement, LoginThrottle.successStatement(reservation)]
                                       + (LoginThrottle.sweepNow ? [LoginThrottle.sweepStatement] : []))
            return try session.issued(rows[0])
        }
        return try .json(LoginAnswer(token: issued.token, expiresAt: issued.expiresAt, user: user))
    }
}
