public import Foundation
import HromadaCrypto
public import HromadaDomain
public import HromadaPostgres

/// Login sessions. A token is shown to its owner once; the database keeps only its SHA-256.
public enum SessionStore {
    public struct Issued: Sendable {
        public let token: String
        public let expiresAt: Date
    }

    public static func create(
        _ db: PGConnection, userID: UUID, ttl: Duration, address: String?, userAgent: String?
    ) throws -> Issued {
        let new = creation(userID: userID, ttl: ttl, address: address, userAgent: userAgent)
        return try new.issued(db.execute(new.statement))
    }

    /// A new session's token and the statement that stores it, for callers that send it in a
    /// pipeline with others; ``Creation/issued(_:)`` reads its rows.
    public struct Creation: Sendable {
        public let token: String
        public let statement: SQL

        public func issued(_ rows: [PGRow]) throws -> Issued {
            Issued(token: token, expiresAt: try rows[0].decode(Date.self, "expires_at"))
        }
    }

    public static func creation(userID: UUID, ttl: Duration, address: String?, userAgent: String?) -> Creation {
        let token = SecureRandom.token(bytes: 32)
        let seconds = Double(ttl.components.seconds)
        return Creation(token: token, statement: """
            INSERT INTO sessions (token_hash, user_id, expires_at, address, user_agent)
            VALUES (\(Bytes(SHA256.hash(token))), \(userID), now() + make_interval(secs => \(seconds)),
                    \(address), \(userAgent.map { String($0.prefix(300)) }))
            RETURNING expires_at
            """)
    }

    /// The person behind a live token, or nil for an unknown, expired or revoked one, or one whose
    /// account is not active (a deactivated person's tokens stop working at once).
    public static func user(_ db: PGConnection, token: String) throws -> User? {
        guard let statement = userStatement(token: token) else { return nil }
        return try user(from: db.execute(statement))
    }

    /// The statement that finds a live token's user (nil for a token too long to be one), for
    /// callers that send it in a pipeline with others; ``user(from:)`` reads its rows.
    public static func userStatement(token: String) -> SQL? {
        guard let live = liveSession(token: token) else { return nil }
        return """
            SELECT \(UserStore.columns) \(UserStore.from)
            JOIN sessions s ON s.user_id = u.id
            WHERE \(live) AND u.status = 'active'
            """
    }

    /// The condition on `sessions s` that it is `token`'s and live (not revoked, not expired); nil for
    /// a token too long to be one.
    static func liveSession(token: String) -> SQL? {
        guard token.utf8.count <= 512 else { return nil }
        return "s.token_hash = \(Bytes(SHA256.hash(token))) AND s.revoked_at IS NULL AND s.expires_at > now()"
    }

    /// A subquery giving a live token's person's id (null for any other token), for statements sent
    /// in a pipeline after ``userStatement(token:)``, whose answer decides whether they are shown.
    public static func userIDExpression(token: String) -> SQL? {
        guard let live = liveSession(token: token) else { return nil }
        return "(SELECT s.user_id FROM sessions s WHERE \(live))"
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

    /// Ends every live session of `userID` but the one of `keeping` (a password change keeps the
    /// session it was made in); returns how many ended.
    @discardableResult
    public static func revokeAll(_ db: PGConnection, userID: UUID, keeping token: String? = nil) throws -> Int {
        let kept: Bytes? = token.map { Bytes(SHA256.hash($0)) }
        return try db.execute("""
            UPDATE sessions SET revoked_at = now()
            WHERE user_id = \(userID) AND revoked_at IS NULL AND expires_at > now()
              AND (\(kept)::bytea IS NULL OR token_hash <> \(kept)::bytea)
            RETURNING 1
            """).count
    }
}
