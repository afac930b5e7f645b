import Foundation
import HromadaCrypto
import HromadaDomain

/// Login sessions. A token is shown to its owner once; the database keeps only its SHA-256.
public enum SessionStore {
    public struct Issued: Sendable {
        public let token: String
        public let expiresAt: Date
    }

    public static func create(
        _ db: PGConnection, userID: UUID, ttl: Duration, address: String?, userAgent: String?
    ) throws -> Issued {
        let token = SecureRandom.token(bytes: 32)
        let seconds = Double(ttl.components.seconds)
        let rows = try db.execute("""
            INSERT INTO sessions (token_hash, user_id, expires_at, address, user_agent)
            VALUES (\(Bytes(SHA256.hash(token))), \(userID), now() + make_interval(secs => \(seconds)),
                    \(address), \(userAgent.map { String($0.prefix(300)) }))
            RETURNING expires_at
            """)
        return Issued(token: token, expiresAt: try rows[0].decode(Date.self, "expires_at"))
    }

    /// The person behind a live token, or nil for an unknown, expired or revoked one.
    public static func user(_ db: PGConnection, token: String) throws -> User? {
        guard let statement = userStatement(token: token) else { return nil }
        return try user(from: db.execute(statement))
    }

    /// The statement that finds a live token's user (nil for a token too long to be one), for
    /// callers that send it in a pipeline with others; ``user(from:)`` reads its rows.
    public static func userStatement(token: String) -> SQL? {
        guard token.utf8.count <= 512 else { return nil }
        return """
            SELECT \(UserStore.columns) \(UserStore.from)
            JOIN sessions s ON s.user_id = u.id
            WHERE s.token_hash = \(Bytes(SHA256.hash(token))) AND s.revoked_at IS NULL AND s.expires_at > now()
            """
    }

    public static func user(from rows: [PGRow]) throws -> User? {
        try rows.first.map(UserStore.user)
    }

    /// Revokes the token; true when it was live.
    @discardableResult
    public static func revoke(_ db: PGConnection, token: String) throws -> Bool {
        try !db.execute("""
            UPDATE sessions SET revoked_at = now()
            WHERE token_hash = \(Bytes(SHA256.hash(token))) AND revoked_at IS NULL
            RETURNING user_id
            """).isEmpty
    }
}

/// Failed logins per email and per client address, shared by every server instance.
public enum LoginThrottle {
    /// Failures counted over this window.
    public static let window = 15 * 60
    /// From this many failures on, each further try is slowed.
    public static let slowAfter = 5
    /// From this many failures on, tries are refused with 429.
    public static let refuseAfter = 10

    public enum Verdict: Sendable, Equatable {
        case proceed
        case slowDown(seconds: Int)
        case refuse(retryAfter: Int)
    }

    public static func verdict(_ db: PGConnection, email: String, address: String) throws -> Verdict {
        let rows = try db.execute("""
            SELECT
              (SELECT count(*) FROM login_failures
                WHERE email = \(email) AND at > now() - make_interval(secs => \(window)))::int AS by_email,
              (SELECT count(*) FROM login_failures
                WHERE address = \(address) AND at > now() - make_interval(secs => \(window)))::int AS by_address,
              (SELECT ceil(extract(epoch FROM min(at) + make_interval(secs => \(window)) - now()))::int
                 FROM login_failures WHERE (email = \(email) OR address = \(address))
                 AND at > now() - make_interval(secs => \(window))) AS wait
            """)
        let byEmail = try rows[0].decode(Int.self, "by_email")
        // Many people may share one office address: allow it more tries than one email.
        let byAddress = try rows[0].decode(Int.self, "by_address") / 5
        let worst = max(byEmail, byAddress)
        if worst >= refuseAfter {
            return .refuse(retryAfter: max(1, try rows[0].decode(Int?.self, "wait") ?? window))
        }
        if worst >= slowAfter { return .slowDown(seconds: min(worst - slowAfter + 1, 5)) }
        return .proceed
    }

    public static func recordFailure(_ db: PGConnection, email: String, address: String) throws {
        try db.execute("INSERT INTO login_failures (email, address) VALUES (\(email), \(address))")
        try db.execute("DELETE FROM login_failures WHERE at < now() - make_interval(secs => \(window * 4))")
    }

    public static func clear(_ db: PGConnection, email: String) throws {
        try db.execute("DELETE FROM login_failures WHERE email = \(email)")
    }
}
