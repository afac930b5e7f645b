import Hummingbird
import HromadaDomain
import HromadaStorage
import HromadaPostgres

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
        request.headers[.authorization].flatMap(bearerToken(header:))
    }

    /// The token of an `Authorization` value `Bearer TOKEN` (the scheme in any case, spaces or tabs
    /// around the token), or nil: the token is 1 to 512 visible ASCII characters. Read byte by byte,
    /// as every authenticated request does it.
    static func bearerToken(header: String) -> String? {
        let bytes = Array(header.utf8)
        let scheme = Array("bearer".utf8)
        guard bytes.count > scheme.count, bytes[scheme.count] == UInt8(ascii: " "),
              zip(bytes, scheme).allSatisfy({ ($0 | 0x20) == $1 }) else { return nil }
        func blank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        var start = scheme.count + 1, end = bytes.count
        while start < end, blank(bytes[start]) { start += 1 }
        while end > start, blank(bytes[end - 1]) { end -= 1 }
        let token = bytes[start..<end]
        guard !token.isEmpty, token.count <= 512, token.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return String(decoding: token, as: UTF8.self)
    }
}
