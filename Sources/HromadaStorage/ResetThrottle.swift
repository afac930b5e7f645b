import Foundation
import HromadaDomain
public import HromadaPostgres

/// Password-reset requests counted per address asked for and per client address, in the counters
/// of ``LoginThrottle`` (table `login_counters`, scopes `reset_account` and `reset_address`), so that
/// every server instance shares them.
///
/// Every request counts, whether or not the address belongs to anyone (so the answer says nothing
/// about that), in one `INSERT … ON CONFLICT` that refuses at the limit: a burst is cut there.
public enum ResetThrottle {
    /// Requests are counted over this window, in seconds.
    public static let window = 15 * 60
    /// At most this many requests for one address in a window: a person who clicks again and again
    /// gets their mail; a flood of mail to someone else's box stops here.
    public static let accountLimit = 5
    /// At most this many requests from one client address in a window.
    public static let addressLimit = 30

    /// Counts a request for `account` (an email, lower-cased) from `address`; nil when it may go on,
    /// else the seconds to wait.
    public static func reserve(_ db: PGConnection, account: String, address: String) throws -> Int? {
        let rows = try db.execute("""
            INSERT INTO login_counters AS c (scope, key, tries, window_ends, refused)
            VALUES ('reset_account', \(account), 1, now() + make_interval(secs => \(window)), false),
                   ('reset_address', \(address), 1, now() + make_interval(secs => \(window)), false)
            ON CONFLICT (scope, key) DO UPDATE SET
              refused = c.window_ends > now()
                        AND c.tries >= CASE c.scope WHEN 'reset_account' THEN \(accountLimit)::int ELSE \(addressLimit)::int END,
              tries = CASE WHEN c.window_ends <= now() THEN 1
                           WHEN c.tries >= CASE c.scope WHEN 'reset_account' THEN \(accountLimit)::int ELSE \(addressLimit)::int END
                             THEN c.tries
                           ELSE c.tries + 1 END,
              window_ends = CASE WHEN c.window_ends <= now() THEN excluded.window_ends ELSE c.window_ends END
            RETURNING refused, greatest(1, ceil(extract(epoch FROM window_ends - now())))::int AS wait
            """)
        let waits = try rows.filter { try $0.decode(Bool.self, "refused") }.map { try $0.decode(Int.self, "wait") }
        return waits.max()
    }
}
