import Foundation
import HromadaDomain
public import HromadaPostgres

/// Failed logins counted per account and per client address, in PostgreSQL so that every server
/// instance shares them (table `login_counters`).
///
/// A try is *reserved* before the password is hashed: one `INSERT … ON CONFLICT … RETURNING` adds it
/// to both counters unless one is already at its limit, so a burst of parallel guesses is cut at the
/// limit rather than after it (the row locks serialise the burst). A reserved try counts as a failure
/// until it is known to be something else: a right password starts the account's count afresh and
/// gives the address its try back; a refused try, or one the hashing queue turned away, gives back
/// what it took. Counts run over fixed windows of ``window`` seconds from an account's (or address's)
/// first failure.
///
/// Every statement names the account's row before the address's, so two of them never wait on each
/// other's rows in opposite orders.
public enum LoginThrottle {
    /// Failures are counted over this window, in seconds.
    public static let window = 15 * 60
    /// From this many earlier failures on, each further try is slowed (1 s more each, at most 5 s).
    public static let slowAfter = 5
    /// At most this many failures per account in a window; further tries are refused with 429.
    public static let accountLimit = 10
    /// At most this many failures per client address in a window (many people may share an office's
    /// address, so it is allowed more than one account).
    public static let addressLimit = 50

    public enum Verdict: Sendable, Equatable {
        case proceed
        case slowDown(seconds: Int)
        case refuse(retryAfter: Int)
    }

    /// One try, taken from both counters (or refused).
    public struct Reservation: Sendable, Equatable {
        public let account: String
        public let address: String
        public let verdict: Verdict
        /// Whether each counter was at its limit (and so was not counted up).
        let accountRefused: Bool
        let addressRefused: Bool
    }

    /// Reserves a try for `account` (an email, lowercased) from `address` (a client address key).
    /// A refused reservation has already given back what it took.
    public static func reserve(_ db: PGConnection, account: String, address: String) throws -> Reservation {
        let reservation = try self.reservation(from: db.execute(reserveStatement(account: account, address: address)),
                                               account: account, address: address)
        if let refund = refundStatement(reservation) { try db.execute(refund) }
        return reservation
    }

    /// The statement of ``reserve(_:account:address:)``, for callers that pipeline it with others;
    /// ``reservation(from:account:address:)`` reads its rows and ``refundStatement(_:)`` follows it
    /// when it was refused.
    public static func reserveStatement(account: String, address: String) -> SQL {
        """
        INSERT INTO login_counters AS c (scope, key, tries, window_ends, refused)
        VALUES ('account', \(account), 1, now() + make_interval(secs => \(window)), false),
               ('address', \(address), 1, now() + make_interval(secs => \(window)), false)
        ON CONFLICT (scope, key) DO UPDATE SET
          refused = c.window_ends > now()
                    AND c.tries >= CASE c.scope WHEN 'account' THEN \(accountLimit)::int ELSE \(addressLimit)::int END,
          tries = CASE WHEN c.window_ends <= now() THEN 1
                       WHEN c.tries >= CASE c.scope WHEN 'account' THEN \(accountLimit)::int ELSE \(addressLimit)::int END
                         THEN c.tries
                       ELSE c.tries + 1 END,
          window_ends = CASE WHEN c.window_ends <= now() THEN excluded.window_ends ELSE c.window_ends END
        RETURNING scope, tries, refused, greatest(1, ceil(extract(epoch FROM window_ends - now())))::int AS wait
        """
    }

    public static func reservation(from rows: [PGRow], account: String, address: String) throws -> Reservation {
        var tries: [String: Int] = [:], refused: [String: Bool] = [:], wait: [String: Int] = [:]
        for row in rows {
            let scope = try row.decode(String.self, "scope")
            tries[scope] = try row.decode(Int.self, "tries")
            refused[scope] = try row.decode(Bool.self, "refused")
            wait[scope] = try row.decode(Int.self, "wait")
        }
        let accountRefused = refused["account"] ?? false, addressRefused = refused["address"] ?? false
        let verdict: Verdict
        if accountRefused || addressRefused {
            let waits = [accountRefused ? wait["account"] : nil, addressRefused ? wait["address"] : nil].compactMap { $0 }
            verdict = .refuse(retryAfter: waits.max() ?? window)
        } else {
            // Failures before this try: the account's, or the address's at a fifth of their weight.
            let earlier = max((tries["account"] ?? 1) - 1, ((tries["address"] ?? 1) - 1) / 5)
            verdict = earlier >= slowAfter ? .slowDown(seconds: min(earlier - slowAfter + 1, 5)) : .proceed
        }
        return Reservation(account: account, address: address, verdict: verdict,
                           accountRefused: accountRefused, addressRefused: addressRefused)
    }

    /// For a refused reservation, the statement that gives back the try it took from the counter
    /// that was not at its limit; nil when there is nothing to give back.
    public static func refundStatement(_ r: Reservation) -> SQL? {
        guard r.accountRefused != r.addressRefused else { return nil }
        return giveBack(r, account: r.accountRefused ? 0 : 1, address: r.addressRefused ? 0 : 1)
    }

    /// After a right password: the account's failures are forgotten, and the address's reserved try
    /// was not a failure.
    public static func successStatement(_ r: Reservation) -> SQL {
        giveBack(r, account: Int(Int32.max), address: 1)
    }

    /// A reserved try that never reached the password check (the hashing queue was full).
    public static func cancelStatement(_ r: Reservation) -> SQL {
        giveBack(r, account: 1, address: 1)
    }

    static func giveBack(_ r: Reservation, account: Int, address: Int) -> SQL {
        """
        INSERT INTO login_counters AS c (scope, key, tries, window_ends, refused)
        VALUES ('account', \(r.account), 0, now(), false), ('address', \(r.address), 0, now(), false)
        ON CONFLICT (scope, key) DO UPDATE
        SET tries = greatest(c.tries - CASE c.scope WHEN 'account' THEN \(account)::int ELSE \(address)::int END, 0)
        """
    }

    /// Counters whose window ended over a window ago: they would start afresh anyway.
    public static let sweepStatement: SQL = """
        DELETE FROM login_counters WHERE window_ends < now() - make_interval(secs => \(window))
        """

    /// Whether this call should also sweep old counters: about one login in 64, so the table stays
    /// small without a statement on every login.
    public static var sweepNow: Bool { UInt8.random(in: 0...63) == 0 }

    /// Counts one failure for `account` from `address`, as a wrong password does (tools and tests).
    public static func recordFailure(_ db: PGConnection, email account: String, address: String) throws {
        _ = try reserve(db, account: account, address: address)
    }

    /// The failures and reserved tries an account or address has in its current window.
    public static func count(_ db: PGConnection, scope: String, key: String) throws -> Int {
        try db.execute("""
            SELECT coalesce(sum(tries) FILTER (WHERE window_ends > now()), 0)::int AS n
            FROM login_counters WHERE scope = \(scope) AND key = \(key)
            """)[0].decode(Int.self, "n")
    }
}
