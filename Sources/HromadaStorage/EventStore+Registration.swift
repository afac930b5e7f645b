public import Foundation
public import HromadaAPI
public import HromadaDomain
public import HromadaPostgres

/// Registrations and the waiting list.
///
/// Seats are handed out under a row lock on the event (`SELECT … FROM events … FOR UPDATE`), held to the
/// end of the transaction: every registration and cancellation of one event runs one after another,
/// whichever server instance takes it, so the count of seats taken is exact and the waiting list's
/// order is the order the locks were granted. Row locks rather than SERIALIZABLE because the contended
/// thing is one counter per event: under SERIALIZABLE, 200 people registering at once would mostly
/// abort and retry (each retry contending again), while the lock makes them queue once, in
/// PostgreSQL, for the few milliseconds each holds it; other events are not held up.
extension EventStore {
    /// The event locked for a change to its registrations: its status, capacity, window and audience.
    struct Locked {
        var status: Event.Status
        var capacity: Int
        var opensAt, closesAt: Date
        var audience: [String]
        var centre: String
    }

    static func lock(_ db: PGConnection, eventID: UUID) throws -> Locked {
        guard let r = try db.execute("""
            SELECT status, capacity, registration_opens_at, registration_closes_at, audience, centre FROM events WHERE id = \(eventID) FOR UPDATE
            """).first else { throw HromadaError(.notFound) }
        return Locked(status: try r.decode("status"), capacity: try r.decode("capacity"),
                      opensAt: try r.decode("registration_opens_at"), closesAt: try r.decode("registration_closes_at"),
                      audience: try r.decodeArray("audience"), centre: try r.decode("centre"))
    }

    /// Why a person cannot be registered, for a centre's list of emails.
    public enum Refusal: Error, Sendable, Equatable {
        case audience(Category)
    }

    /// Registers the person (or gives back their live registration): a seat while there is one, else the
    /// end of the waiting list. A person the event is not for is `Refusal.audience`. The window is checked
    /// for people registering themselves (`window: true`); their centre may register them any time while
    /// the event is published.
    public static func register(
        _ db: PGConnection, eventID: UUID, user: User, by actor: UUID, window: Bool, now: Date = Date()
    ) throws -> Result<Registered, Refusal> {
        let event = try lock(db, eventID: eventID)
        guard event.status == .published else {
            throw HromadaError(.registrationClosed, detail: .init(uk: "Подія не відкрита для реєстрації.", en: "The event is not open for registration."))
        }
        if window && !(event.opensAt...event.closesAt).contains(now) {
            throw HromadaError(.registrationClosed, detail: .init(
                uk: "Реєстрація відкрита з \(KyivCalendar.dateTime(event.opensAt, .uk)) до \(KyivCalendar.dateTime(event.closesAt, .uk)).",
                en: "Registration is open from \(KyivCalendar.dateTime(event.opensAt, .en)) to \(KyivCalendar.dateTime(event.closesAt, .en))."))
        }
        guard event.audience.contains(user.category.rawValue) else { return .failure(.audience(user.category)) }
        let existing = try db.execute("SELECT id, status FROM event_registrations WHERE event_id = \(eventID) AND user_id = \(user.id)").first
        if let existing, try existing.decode(String.self, "status") != "cancelled" {
            return .success(Registered(registration: try registration(db, id: try existing.decode("id"))!, created: false))
        }
        let taken = try db.execute("SELECT count(*) AS n FROM event_registrations WHERE event_id = \(eventID) AND status = 'registered'")[0]
            .decode(Int.self, "n")
        let status = taken < event.capacity ? "registered" : "waitlisted"
        let seq: SQL = status == "waitlisted" ? "nextval('event_waitlist_seq')" : "NULL"
        let id: UUID
        if let existing {
            id = try existing.decode("id")
            try db.execute("""
                UPDATE event_registrations SET status = \(status), waitlist_seq = \(seq), registered_by = \(actor), updated_at = now(),
                    cancelled_at = NULL, promoted_at = NULL, created_at = now()
                WHERE id = \(id)
                """)
        } else {
            id = try db.execute("""
                INSERT INTO event_registrations (event_id, user_id, status, waitlist_seq, registered_by)
                VALUES (\(eventID), \(user.id), \(status), \(seq), \(actor)) RETURNING id
                """)[0].decode("id")
        }
        try AuditLog.append(db, .init(actor: actor, action: "event.register", subjectType: "event_registration", subjectID: id.lowercasedText,
                                      centre: event.centre, details: ["event": eventID.lowercasedText, "status": status]))
        return .success(Registered(registration: try registration(db, id: id)!, created: true))
    }

    /// A registration, and whether this call made it (false: the person was already registered or waiting).
    public struct Registered: Sendable, Equatable {
        public var registration: EventRegistration
        public var created: Bool
    }

    /// A registration with its place on the waiting list (1 is next), counted now.
    public static func registration(_ db: PGConnection, id: UUID) throws -> EventRegistration? {
        try db.execute("""
            SELECT r.id, r.event_id, r.status,
                   CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*) FROM event_registrations w
                        WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.waitlist_seq <= r.waitlist_seq) END AS position
            FROM event_registrations r WHERE r.id = \(id)
            """).first.map {
            EventRegistration(id: try $0.decode("id"), event: try $0.decode("event_id"),
                              status: try $0.decode("status"),
                              position: try $0.decode(Int?.self, "position"))
        }
    }

    /// The person's registration for the event (any status), or nil.
    public static func registration(_ db: PGConnection, eventID: UUID, userID: UUID) throws -> EventRegistration? {
        guard let id = try db.execute("SELECT id FROM event_registrations WHERE event_id = \(eventID) AND user_id = \(userID)").first else {
            return nil
        }
        return try registration(db, id: try id.decode("id"))
    }

    /// The owner of a registration of the event, or nil.
    public static func registrationOwner(_ db: PGConnection, eventID: UUID, registrationID: UUID) throws -> UUID? {
        try db.execute("SELECT user_id FROM event_registrations WHERE id = \(registrationID) AND event_id = \(eventID)").first?.decode("user_id")
    }

    /// What a cancellation did: whether there was a live registration to cancel, and whom it promoted.
    public struct Cancellation: Sendable, Equatable {
        public var cancelled: Bool
        public var promoted: UUID?
    }

    /// Cancels the person's registration; when it held a seat, the first on the waiting list takes it in
    /// the same transaction. Cancelling a cancelled registration does nothing. Only while the event is
    /// published (409 otherwise).
    public static func cancelRegistration(_ db: PGConnection, eventID: UUID, userID: UUID, by actor: UUID) throws -> Cancellation {
        let event = try lock(db, eventID: eventID)
        guard event.status == .published else {
            throw HromadaError(.conflict, detail: .init(uk: "Подію скасовано або завершено.", en: "The event is cancelled or closed."))
        }
        guard let row = try db.execute("""
            SELECT id, status FROM event_registrations WHERE event_id = \(eventID) AND user_id = \(userID) AND status <> 'cancelled'
            """).first else { return Cancellation(cancelled: false, promoted: nil) }
        let id: UUID = try row.decode("id")
        let held = try row.decode(String.self, "status") == "registered"
        try db.execute("""
            UPDATE event_registrations SET status = 'cancelled', waitlist_seq = NULL, cancelled_at = now(), updated_at = now() WHERE id = \(id)
            """)
        try AuditLog.append(db, .init(actor: actor, action: "event.cancel_registration", subjectType: "event_registration",
                                      subjectID: id.lowercasedText, centre: event.centre, details: ["event": eventID.lowercasedText]))
        guard held else { return Cancellation(cancelled: true, promoted: nil) }
        let promoted = try db.execute("""
            UPDATE event_registrations SET status = 'registered', waitlist_seq = NULL, promoted_at = now(), updated_at = now()
            WHERE id = (SELECT id FROM event_registrations WHERE event_id = \(eventID) AND status = 'waitlisted' ORDER BY waitlist_seq LIMIT 1)
            RETURNING id, user_id
            """).first
        if let promoted {
            try AuditLog.append(db, .init(actor: actor, action: "event.promote", subjectType: "event_registration",
                                          subjectID: try promoted.decode(UUID.self, "id").lowercasedText, centre: event.centre,
                                          details: ["event": eventID.lowercasedText]))
        }
        return Cancellation(cancelled: true, promoted: try promoted?.decode(UUID.self, "user_id"))
    }

    /// Everyone who registered, waits or cancelled, seats first, then the waiting list in order, then
    /// the cancelled; with the sessions each attended.
    public static func registrants(_ db: PGConnection, eventID: UUID) throws -> [EventRegistrant] {
        try db.execute("""
            SELECT r.id, r.user_id, u.email, u.full_name, u.category, h.name AS hromada, r.status, r.created_at,
                   CASE WHEN r.status = 'waitlisted' THEN row_number() OVER (PARTITION BY r.status ORDER BY r.waitlist_seq) END AS position,
                   ARRAY(SELECT a.n FROM event_attendance a WHERE a.event_id = r.event_id AND a.user_id = r.user_id ORDER BY a.n)::text[] AS attended
            FROM event_registrations r JOIN users u ON u.id = r.user_id JOIN hromadas h ON h.id = u.hromada_id
            WHERE r.event_id = \(eventID)
            ORDER BY CASE r.status WHEN 'registered' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, r.waitlist_seq, r.created_at, u.email
            """).map {
            EventRegistrant(id: try $0.decode("id"), userID: try $0.decode("user_id"), email: try $0.decode("email"),
                            fullName: try $0.decode("full_name"), category: try $0.decode("category"),
                            hromada: try $0.decode("hromada"), status: try $0.decode("status"),
                            position: try $0.decode(Int?.self, "position"), registeredAt: try $0.decode("created_at"),
                            attended: try $0.decodeArray("attended").compactMap { Int($0) })
        }
    }
}
