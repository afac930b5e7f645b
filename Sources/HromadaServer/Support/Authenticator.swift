import Hummingbird
import HromadaDomain
import HromadaStorage

/// Resolves the `Authorization: Bearer` token of a request to a person.
struct Authenticator: Sendable {
    let pool: PGPool

    /// The signed-in person; `unauthenticated` (401) for a missing, unknown, expired or revoked token.
    func user(_ request: Request) async throws -> User {
        let token = try Self.requireToken(request)
        return try await pool.withConnection { try Self.user($0, token: token) }
    }

    /// The request's bearer token; `unauthenticated` (401) when there is none.
    static func requireToken(_ request: Request) throws -> String {
        guard let token = bearerToken(request) else {
            throw HromadaError(.unauthenticated, reason: "no bearer token")
        }
        return token
    }

    /// The token's person, on a connection the caller already holds.
    static func user(_ db: PGConnection, token: String) throws -> User {
        guard let user = try SessionStore.user(db, token: token) else { throw unknownToken }
        return user
    }

    static var unknownToken: HromadaError { HromadaError(.unauthenticated, reason: "unknown, expired or revoked token") }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.count <= 512, token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return nil }
        return token
    }
}
