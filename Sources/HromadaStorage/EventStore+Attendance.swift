public import Foundation
public import HromadaAPI
import HromadaDomain
public import HromadaPostgres

/// Attendance: check-in by a session's rotating code, the throttle of wrong codes, the trainer's list.
extension EventStore {
    /// A session as check-in needs it.
    public struct SessionForCheckIn: Sendable {
        public var centre: String
        public var status: Event.Status
        public var startsAt, endsAt: Date
        public var secret: [UInt8]
    }

    public static func session(_ db: PGConnection, eventID: UUID, n: Int) throws -> SessionForCheckIn? {
        try db.execute("""
            SELECT e.centre, e.status, s.starts_at, s.ends_at, s.secret FROM event_sessions s JOIN events e ON e.id = s.event_id
            WHERE s.event_id = \(eventID) AND s.n = \(n)
            """).first.map {
            SessionForCheckIn(centre: try $0.decode("centre"), status: try $0.decode("status"),
                              startsAt: try $0.decode("starts_at"), endsAt: try $0.decode("ends_at"),
                              secret: try $0.decode(Bytes.self, "secret").bytes)
        }
    }

    /// Wrong check-in codes a person may send in a minute; the next is refused before it is read.
    public static let wrongCodesPerMinute = 5

    /// Holds the person's check-in throttle for this transaction (one check-in of theirs at a time,
    /// across server instances) and counts their wrong codes of the last minute.
    public static func lockThrottle(_ db: PGConnection, userID: UUID) throws -> Int {
        try db.execute("SELECT pg_advisory_xact_lock(hashtextextended('check-in:' || \(userID.lowercasedText)::text, 0))")
        try db.execute("DELETE FROM check_in_failures WHERE user_id = \(userID) AND at < now() - interval '1 minute'")
        return try db.execute("SELECT count(*) AS n FROM check_in_failures WHERE user_id = \(userID)")[0].decode("n")
    }

    /// Seconds until the oldest wrong code of the last minute stops counting.
    public static func throttleRetryAfter(_ db: PGConnection, userID: UUID) throws -> Int {
        let seconds = try db.execute("""
            SELECT ceil(extract(epoch FROM min(at) + interval '1 minute' - now()))::int AS s FROM check_in_failures WHERE user_id = \(userID)
            """).first?.decode(Int?.self, "s") ?? 1
        return max(1, seconds)
    }

    public static func recordWrongCode(_ db: PGConnection, userID: UUID) throws {
        try db.execute("INSERT INTO check_in_failures (user_id) VALUES (\(userID))")
    }

    /// Whether the person holds a seat (not the waiting list) at the event.
    public static func holdsSeat(_ db: PGConnection, eventID: UUID, userID: UUID) throws -> Bool {
        try !db.execute("""
            SELECT 1 FROM event_registrations WHERE event_id = \(eventID) AND user_id = \(userID) AND status = 'registered'
            """).isEmpty
    }

    /// Marks the person present by code, in the audit log as the trainer's list is (`event.check_in`, the
    /// person as actor); a second check-in keeps the first one's time and adds no entry. Returns that time.
    public static func checkIn(_ db: PGConnection, eventID: UUID, n: Int, userID: UUID, centre: String, requestID: String?) throws -> Date {
        if let first = try db.execute("""
            INSERT INTO event_attendance (event_id, n, user_id, method, marked_by) VALUES (\(eventID), \(n), \(userID), 'code', \(userID))
            ON CONFLICT DO NOTHING RETURNING at
            """).first {
            try AuditLog.append(db, .init(actor: userID, action: "event.check_in", subjectType: "event", subjectID: eventID.lowercasedText, centre: centre,
                                          details: ["session": String(n), "user": userID.lowercasedText, "method": "code"]),
                                requestID: requestID)
            return try first.decode("at")
        }
        return try db.execute("SELECT at FROM event_attendance WHERE event_id = \(eventID) AND n = \(n) AND user_id = \(userID)")[0].decode("at")
    }

    /// The people holding a seat at the event, by lower-cased email.
    public static func seatHolders(_ db: PGConnection, eventID: UUID, emails: [String]) throws -> [String: UUID] {
        var out: [String: UUID] = [:]
        for row in try db.execute("""
            SELECT u.email, u.id FROM event_registrations r JOIN users u ON u.id = r.user_id
            WHERE r.event_id = \(eventID) AND r.status = 'registered' AND lower(u.email) = ANY(\(emails)::text[])
            """) {
            out[try row.decode(String.self, "email").lowercased()] = try row.decode("id")
        }
        return out
    }

    /// Sets the session's attendance to exactly `present` (the trainer's list): adds the missing, removes
    /// the others (whether they checked in by code or were listed), each change in the audit log with
    /// who made it. Returns the emails present after, with how many were added and removed.
    public static func setAttendance(
        _ db: PGConnection, eventID: UUID, n: Int, present: [UUID], by actor: UUID, centre: String, requestID: String?
    ) throws -> (present: [String], added: Int, removed: Int) {
        // One list change at a time per session.
        try db.execute("SELECT 1 FROM event_sessions WHERE event_id = \(eventID) AND n = \(n) FOR UPDATE")
        let ids = present.map(\.lowercasedText)
        let removed = try db.execute("""
            DELETE FROM event_attendance WHERE event_id = \(eventID) AND n = \(n) AND NOT (user_id::text = ANY(\(ids)::text[])) RETURNING user_id
            """)
        let added = try db.execute("""
            INSERT INTO event_attendance (event_id, n, user_id, method, marked_by)
            SELECT \(eventID), \(n), u::uuid, 'list', \(actor) FROM unnest(\(ids)::text[]) AS u
            ON CONFLICT DO NOTHING RETURNING user_id
            """)
        for (action, rows) in [("event.attendance.remove", removed), ("event.attendance.add", added)] {
            for row in rows {
                try AuditLog.append(db, .init(actor: actor, action: action, subjectType: "event", subjectID: eventID.lowercasedText, centre: centre,
                                              details: ["session": String(n), "user": try row.decode(UUID.self, "user_id").lowercasedText]),
                                    requestID: requestID)
            }
        }
        let emails = try db.execute("""
            SELECT u.email FROM event_attendance a JOIN users u ON u.id = a.user_id WHERE a.event_id = \(eventID) AND a.n = \(n) ORDER BY u.email
            """).map { try $0.decode(String.self, "email") }
        return (emails, added.count, removed.count)
    }
}
