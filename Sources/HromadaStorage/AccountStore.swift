public import Foundation
import HromadaCrypto
public import HromadaDomain
public import HromadaPostgres

/// Where accounts stand and their one-time tokens (table `account_tokens`). Every function runs in
/// the caller's connection or transaction.
///
/// A token is 32 random bytes from OpenSSL, shown once (in a link) and stored as its SHA-256. It
/// works once, before it expires, while it is the person's newest of its purpose, and only while the
/// person's account is in the state the purpose needs: an activation for an `invited` person, a reset
/// for an `active` one. A deactivated person's tokens therefore stop working at once.
public enum AccountStore {
    public enum Purpose: String, Sendable {
        case activation
        case passwordReset = "password_reset"

        /// The account state a token of this purpose needs.
        var requiredStatus: AccountStatus { self == .activation ? .invited : .active }
    }

    public struct Issued: Sendable, Equatable {
        public let token: String
        public let expiresAt: Date
    }

    /// A new token for `userID`, valid for `validity`; the person's earlier live tokens of the same
    /// purpose stop working. With `when: false` nothing is stored but the same statements run (a
    /// password reset for an unknown address costs what one for a known address costs).
    public static func issue(_ db: PGConnection, userID: UUID, purpose: Purpose, validity: Duration, when: Bool = true) throws -> Issued {
        try revoke(db, userID: userID, purpose: purpose)
        let token = SecureRandom.token(bytes: 32)
        let seconds = Double(validity.components.seconds)
        let rows = try db.execute("""
            INSERT INTO account_tokens (token_hash, user_id, purpose, expires_at)
            SELECT \(Bytes(SHA256.hash(token))), \(userID), \(purpose.rawValue), now() + make_interval(secs => \(seconds))
            WHERE \(when)::boolean
            RETURNING expires_at
            """)
        let expires = try rows.first.map { try $0.decode(Date.self, "expires_at") } ?? Date().addingTimeInterval(seconds)
        return Issued(token: token, expiresAt: expires)
    }

    /// Ends the person's live tokens (of one purpose, or all); returns how many.
    @discardableResult
    public static func revoke(_ db: PGConnection, userID: UUID, purpose: Purpose? = nil) throws -> Int {
        try db.execute("""
            UPDATE account_tokens SET revoked_at = now()
            WHERE user_id = \(userID) AND used_at IS NULL AND revoked_at IS NULL
              AND (\(purpose?.rawValue)::text IS NULL OR purpose = \(purpose?.rawValue)::text)
            RETURNING 1
            """).count
    }

    /// The person a live token of `purpose` names, or nil (unknown, used, replaced, expired, or the
    /// account not in the state the purpose needs). Changes nothing: what ``redeem(_:token:purpose:)`` will find.
    public static func holder(_ db: PGConnection, token: String, purpose: Purpose) throws -> User? {
        guard token.utf8.count <= 512 else { return nil }
        return try db.execute("""
            SELECT \(UserStore.columns) \(UserStore.from)
            JOIN account_tokens t ON t.user_id = u.id
            WHERE t.token_hash = \(Bytes(SHA256.hash(token))) AND t.purpose = \(purpose.rawValue)
              AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()
              AND u.status = \(purpose.requiredStatus.rawValue)
            """).first.map(UserStore.user)
    }

    /// Spends a live token of `purpose`: its person's id, or nil when it is not live (any more). Of
    /// two transactions spending one token, the second waits for the first and then finds it used.
    public static func redeem(_ db: PGConnection, token: String, purpose: Purpose) throws -> UUID? {
        guard token.utf8.count <= 512 else { return nil }
        return try db.execute("""
            UPDATE account_tokens t SET used_at = now()
            FROM users u
            WHERE t.token_hash = \(Bytes(SHA256.hash(token))) AND t.purpose = \(purpose.rawValue)
              AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()
              AND u.id = t.user_id AND u.status = \(purpose.requiredStatus.rawValue)
            RETURNING t.user_id
            """).first.map { try $0.decode(UUID.self, "user_id") }
    }

    /// Sets the password of an invited person and makes them active.
    public static func activate(_ db: PGConnection, userID: UUID, passwordHash: String) throws -> User? {
        let rows = try db.execute("""
            UPDATE users SET password_hash = \(passwordHash), status = 'active', updated_at = now()
            WHERE id = \(userID) AND status = 'invited' RETURNING id
            """)
        return rows.isEmpty ? nil : try UserStore.find(db, id: userID)
    }

    /// Closes the account: no sign-in, no activation or reset; sessions and tokens end now, mail not
    /// yet sent to them is cancelled. The record stays. Nil when there is no such person.
    public static func deactivate(_ db: PGConnection, userID: UUID) throws -> User? {
        try db.execute("""
            UPDATE users SET status = 'deactivated', deactivated_at = coalesce(deactivated_at, now()), updated_at = now()
            WHERE id = \(userID)
            """)
        try SessionStore.revokeAll(db, userID: userID)
        try revoke(db, userID: userID)
        try OutboxStore.cancel(db, userID: userID, reason: "the account was deactivated")
        return try UserStore.find(db, id: userID)
    }

    /// Opens a closed account again: `active` with a password, `invited` without one (a new
    /// invitation is then the caller's to send).
    public static func reactivate(_ db: PGConnection, userID: UUID) throws -> User? {
        try db.execute("""
            UPDATE users SET status = CASE WHEN password_hash IS NULL THEN 'invited' ELSE 'active' END,
                             deactivated_at = NULL, updated_at = now()
            WHERE id = \(userID) AND status = 'deactivated'
            """)
        return try UserStore.find(db, id: userID)
    }

    /// Lets the caller's transaction commit without waiting for its record to reach the disk (it may
    /// be lost in a crash of the database in the next moment): for writes that are asked for again
    /// when lost, and whose timing must not depend on whether they wrote anything.
    public static func commitWithoutWaitingForDisk(_ db: PGConnection) throws {
        try db.execute("SET LOCAL synchronous_commit = off")
    }

    /// The language a person's mail is written in.
    public static func language(_ db: PGConnection, userID: UUID) throws -> Language {
        try db.execute("SELECT language FROM users WHERE id = \(userID)").first
            .map { try $0.decode(Language.self, "language") } ?? .uk
    }

    /// A centre's name, for mail.
    public static func centreName(_ db: PGConnection, code: String) throws -> String? {
        try db.execute("SELECT name FROM centres WHERE code = \(code)").first.map { try $0.decode("name") }
    }

    /// The cohort's members who have not activated their account yet (deactivated people aside),
    /// by name, for the invitation sheet.
    public static func invitedMembers(_ db: PGConnection, cohortID: UUID) throws -> [User] {
        try db.execute("""
            SELECT DISTINCT ON (u.full_name, u.id) \(UserStore.columns) \(UserStore.from)
            JOIN enrolments e ON e.user_id = u.id
            WHERE e.cohort_id = \(cohortID) AND u.status = 'invited'
            ORDER BY u.full_name, u.id
            """).map(UserStore.user)
    }
}
