public import Foundation
public import HromadaAPI
import HromadaCrypto
import HromadaDomain
public import HromadaPostgres

/// What the calendar feeds read, and the private feeds' tokens.
extension EventStore {
    /// An event as a calendar shows it: with its revision (the VEVENTs' SEQUENCE) and whether the
    /// person only waits for a seat.
    public struct CalendarEntry: Sendable {
        public var event: Event
        public var revision: Int
        public var waitlisted: Bool
    }

    /// A published, cancelled or closed event for its public calendar; nil for a draft or no event.
    public static func calendarEntry(_ db: PGConnection, id: UUID) throws -> CalendarEntry? {
        guard let event = try find(db, id: id), event.status != .draft else { return nil }
        return CalendarEntry(event: event, revision: try revision(db, id: id), waitlisted: false)
    }

    /// Every event the person is registered or waiting for (not drafts), soonest first.
    public static func calendarEntries(_ db: PGConnection, userID: UUID) throws -> [CalendarEntry] {
        let rows = try db.execute("""
            SELECT r.event_id, r.status FROM event_registrations r JOIN events e ON e.id = r.event_id
            WHERE r.user_id = \(userID) AND r.status IN ('registered', 'waitlisted') AND e.status <> 'draft'
            ORDER BY (SELECT min(s.starts_at) FROM event_sessions s WHERE s.event_id = e.id), e.id
            """)
        return try rows.compactMap { row in
            let id: UUID = try row.decode("event_id")
            guard let event = try find(db, id: id) else { return nil }
            return CalendarEntry(event: event, revision: try revision(db, id: id), waitlisted: try row.decode(String.self, "status") == "waitlisted")
        }
    }

    static func revision(_ db: PGConnection, id: UUID) throws -> Int {
        try db.execute("SELECT revision FROM events WHERE id = \(id)")[0].decode("revision")
    }

    /// A new private feed token for the person, replacing (and so revoking) the one before. Only its
    /// SHA-256 is kept.
    public static func newCalendarFeed(_ db: PGConnection, userID: UUID) throws -> String {
        let token = SecureRandom.token(bytes: 32)
        try db.execute("""
            INSERT INTO calendar_feeds (user_id, token_hash) VALUES (\(userID), \(Bytes(SHA256.hash(token))))
            ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = now()
            """)
        return token
    }

    /// The active person whose live feed token this is, or nil.
    public static func calendarFeedOwner(_ db: PGConnection, token: String) throws -> UUID? {
        try db.execute("""
            SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id
            WHERE f.token_hash = \(Bytes(SHA256.hash(token))) AND u.status = 'active'
            """).first?.decode("user_id")
    }
}
