import Foundation
import Hummingbird
import HromadaDomain
import HromadaStorage

/// Login, logout and `GET /me`.
struct AuthController {
    let services: AppServices
    var auth: Authenticator { Authenticator(pool: services.pool) }

    struct LoginBody: RequestBody {
        static let keys: Set<String> = ["email", "password"]
        var email: String?
        var password: String?
    }

    struct LoginAnswer: Encodable {
        var token: String
        var expiresAt: Date
        var user: User
        enum CodingKeys: String, CodingKey {
            case token, user
            case expiresAt = "expires_at"
        }
    }

    func register(_ routes: inout Routes) {
        routes.post("/api/v1/auth/login") { request, context in try await login(request, context) }
        routes.post("/api/v1/auth/logout") { request, _ in
            _ = try await auth.user(request)
            let token = Authenticator.bearerToken(request)!
            try await services.pool.withConnection { try SessionStore.revoke($0, token: token) }
            return Response(status: .noContent)
        }
        routes.get("/api/v1/me") { request, _ in try .json(try await auth.user(request)) }
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        let body = try await services.body.decode(LoginBody.self, from: request)
        var problems: [HromadaError.FieldProblem] = []
        if body.email?.isEmpty ?? true { problems.append(.init(field: "email", message: .init(uk: "обовʼязкове поле", en: "is required"))) }
        if body.password?.isEmpty ?? true { problems.append(.init(field: "password", message: .init(uk: "обовʼязкове поле", en: "is required"))) }
        guard problems.isEmpty, let rawEmail = body.email, let password = body.password else {
            throw HromadaError.validation(problems)
        }
        let email = String(rawEmail.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().prefix(254))
        let address = context.remoteAddress

        let verdict = try await services.pool.withConnection {
            try LoginThrottle.verdict($0, email: email, address: address)
        }
        switch verdict {
        case .refuse(let wait):
            throw HromadaError(.tooManyRequests, retryAfter: wait, reason: "login throttled for \(email) / \(address)")
        case .slowDown(let seconds):
            try await Task.sleep(for: .seconds(seconds))
        case .proceed:
            break
        }

        let found = try await services.pool.withConnection { try UserStore.credentials($0, email: email) }
        let password8 = String(password.prefix(1024))
        guard try await services.passwords.verify(password8, against: found?.1), let user = found?.0 else {
            try await services.pool.withConnection {
                try LoginThrottle.recordFailure($0, email: email, address: address)
            }
            throw HromadaError(.invalidCredentials, reason: "login failed for \(email)")
        }
        let ttl = services.configuration.tokenTTL
        let userAgent = request.headers[.userAgent]
        let issued = try await services.pool.transaction { db in
            try LoginThrottle.clear(db, email: email)
            return try SessionStore.create(db, userID: user.id, ttl: ttl, address: address, userAgent: userAgent)
        }
        return try .json(LoginAnswer(token: issued.token, expiresAt: issued.expiresAt, user: user))
    }
}
