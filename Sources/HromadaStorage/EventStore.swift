public import Foundation
public import HromadaAPI
import HromadaCrypto
public import HromadaDomain
public import HromadaPostgres

/// An event as checked from a draft, ready to store (spec/events.md).
public struct EventDefinition: Sendable, Equatable {
    public var centre: String
    public var kind: Event.Kind
    public var title: String
    public var description: String
    public var language: String
    public var audience: [Category]
    public var programme: String?
    public var hours: Double
    public var credits: Double
    /// In order, not overlapping; numbered from 1 when stored.
    public var sessions: [(startsAt: Date, endsAt: Date)]
    public var venue: EventVenue?
    public var onlineURL: String?
    public var capacity: Int
    public var registration: RegistrationWindow
    public var minAttendancePercent: Int
    public var certificate: Bool

    public init(centre: String, kind: Event.Kind, title: String, description: String, language: String, audience: [Category],
                programme: String?, hours: Double, credits: Double, sessions: [(startsAt: Date, endsAt: Date)], venue: EventVenue?,
                onlineURL: String?, capacity: Int, registration: RegistrationWindow, minAttendancePercent: Int, certificate: Bool) {
        self.centre = centre
        self.kind = kind
        self.title = title
        self.description = description
        self.language = language
        self.audience = audience
        self.programme = programme
        self.hours = hours
        self.credits = credits
        self.sessions = sessions
        self.venue = venue
        self.onlineURL = onlineURL
        self.capacity = capacity
        self.registration = registration
        self.minAttendancePercent = minAttendancePercent
        self.certificate = certificate
    }

    public static func == (a: EventDefinition, b: EventDefinition) -> Bool {
        a.centre == b.centre && a.kind == b.kind && a.title == b.title && a.description == b.description && a.language == b.language
            && a.audience == b.audience && a.programme == b.programme && a.hours == b.hours && a.credits == b.credits
            && a.sessions.map(\.startsAt) == b.sessions.map(\.startsAt) && a.sessions.map(\.endsAt) == b.sessions.map(\.endsAt)
            && a.venue == b.venue && a.onlineURL == b.onlineURL && a.capacity == b.capacity && a.registration == b.registration
            && a.minAttendancePercent == b.minAttendancePercent && a.certificate == b.certificate
    }
}

/// SQL for events and their sessions. Registrations, attendance and closing are in the extensions.
public enum EventStore {
    /// Stores a new draft with a fresh check-in secret per session; returns its id.
    public static func create(_ db: PGConnection, _ event: EventDefinition, by actor: UUID) throws -> UUID {
        let id = try db.execute("""
            INSERT INTO events (centre, kind, title, description, language, audience, programme, hours, credits, venue_address,
                                venue_hromada, online_url, capacity, registration_opens_at, registration_closes_at,
                                min_attendance_percent, certificate, created_by)
            VALUES (\(event.centre), \(event.kind.rawValue), \(event.title), \(event.description), \(event.language),
                    \(event.audience.map(\.rawValue)), \(event.programme), \(event.hours), \(event.credits), \(event.venue?.address),
                    \(event.venue?.hromada), \(event.onlineURL), \(event.capacity), \(event.registration.opensAt),
                    \(event.registration.closesAt), \(event.minAttendancePercent), \(event.certificate), \(actor))
            RETURNING id
            """)[0].decode(UUID.self, "id")
        try insertSessions(db, eventID: id, event.sessions)
        return id
    }

    /// Replaces a draft's fields and sessions (sessions get new secrets: nobody has checked in to a draft).
    /// False when the event is not a draft.
    public static func replaceDraft(_ db: PGConnection, id: UUID, _ event: EventDefinition) throws -> Bool {
        let rows = try db.execute("""
            UPDATE events SET centre = \(event.centre), kind = \(event.kind.rawValue), title = \(event.title),
                description = \(event.description), language = \(event.language), audience = \(event.audience.map(\.rawValue)),
                programme = \(event.programme), hours = \(event.hours), credits = \(event.credits),
                venue_address = \(event.venue?.address), venue_hromada = \(event.venue?.hromada), online_url = \(event.onlineURL),
                capacity = \(event.capacity), registration_opens_at = \(event.registration.opensAt),
                registration_closes_at = \(event.registration.closesAt), min_attendance_percent = \(event.minAttendancePercent),
                certificate = \(event.certificate), updated_at = now(), revision = revision + 1
            WHERE id = \(id) AND status = 'draft' RETURNING id
            """)
        guard !rows.isEmpty else { return false }
        try db.execute("DELETE FROM event_sessions WHERE event_id = \(id)")
        try insertSessions(db, eventID: id, event.sessions)
        return true
    }

    static func insertSessions(_ db: PGConnection, eventID: UUID, _ sessions: [(startsAt: Date, endsAt: Date)]) throws {
        for (index, session) in sessions.enumerated() {
            try db.execute("""
                INSERT INTO event_sessions (event_id, n, starts_at, ends_at, secret)
                VALUES (\(eventID), \(index + 1), \(session.startsAt), \(session.endsAt), \(Bytes(SecureRandom.bytes(32))))
                """)
        }
    }

    /// The event's centre and status, or nil when there is no such event.
    public static func centreAndStatus(_ db: PGConnection, id: UUID) throws -> (centre: String, status: Event.Status)? {
        try db.execute("SELECT centre, status FROM events WHERE id = \(id)").first.map {
            (try $0.decode("centre"), try $0.decode("status"))
        }
    }

    /// Moves the event from `from` to `to` (publish: draft → published; cancel: draft or published →
    /// cancelled). False when it was not in one of `from`.
    public static func move(_ db: PGConnection, id: UUID, from: [Event.Status], to: Event.Status) throws -> Bool {
        let stamp: String
        switch to {
        case .published: stamp = "published_at"
        case .cancelled: stamp = "cancelled_at"
        case .closed: stamp = "closed_at"
        case .draft: stamp = "updated_at"
        }
        return try !db.execute("""
            UPDATE events SET status = \(to.rawValue), \(unsafeSQL: stamp) = now(), updated_at = now(), revision = revision + 1
            WHERE id = \(id) AND status = ANY(\(from.map(\.rawValue))::text[]) RETURNING id
            """).isEmpty
    }

    static let select: SQL = """
        SELECT e.id, e.centre, e.kind, e.title, e.description, e.language, e.audience, e.programme, e.hours::float8 AS hours,
               e.credits::float8 AS credits, e.venue_address, e.venue_hromada, e.online_url, e.capacity, e.registration_opens_at,
               e.registration_closes_at, e.min_attendance_percent, e.certificate, e.status,
               ARRAY(SELECT extract(epoch FROM s.starts_at)::float8 FROM event_sessions s WHERE s.event_id = e.id ORDER BY s.n)::text[] AS starts,
               ARRAY(SELECT extract(epoch FROM s.ends_at)::float8 FROM event_sessions s WHERE s.event_id = e.id ORDER BY s.n)::text[] AS ends,
               (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'registered') AS registered,
               (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted') AS waitlisted
        FROM events e
        """

    public static func find(_ db: PGConnection, id: UUID) throws -> Event? {
        try db.execute(select + " WHERE e.id = \(id)").first.map(event)
    }

    /// What the public list shows.
    public struct Filter: Sendable {
        public var from, to: Date?
        public var centre, kind, hromada: String?
        public var after: UUID?
        public var limit: Int
        public init(from: Date? = nil, to: Date? = nil, centre: String? = nil, kind: String? = nil, hromada: String? = nil,
                    after: UUID? = nil, limit: Int = 50) {
            self.from = from
            self.to = to
            self.centre = centre
            self.kind = kind
            self.hromada = hromada
            self.after = after
            self.limit = limit
        }
    }

    /// Published events with a session in [from, to), soonest first (then by id), after the cursor's event.
    public static func published(_ db: PGConnection, _ filter: Filter) throws -> [Event] {
        var sql = select + " WHERE e.status = 'published'"
        if let from = filter.from { sql = sql + " AND EXISTS (SELECT 1 FROM event_sessions s WHERE s.event_id = e.id AND s.ends_at > \(from))" }
        if let to = filter.to { sql = sql + " AND EXISTS (SELECT 1 FROM event_sessions s WHERE s.event_id = e.id AND s.starts_at < \(to))" }
        if let centre = filter.centre { sql = sql + " AND e.centre = \(centre)" }
        if let kind = filter.kind { sql = sql + " AND e.kind = \(kind)" }
        if let hromada = filter.hromada { sql = sql + " AND e.venue_hromada = \(hromada)" }
        let first: SQL = "(SELECT min(s.starts_at) FROM event_sessions s WHERE s.event_id = e.id)"
        if let after = filter.after {
            sql = sql + """
                 AND (\(first), e.id) > ((SELECT min(s.starts_at) FROM event_sessions s WHERE s.event_id = \(after)), \(after))
                """
        }
        sql = sql + " ORDER BY \(first), e.id LIMIT \(filter.limit)"
        return try db.execute(sql).map(event)
    }

    static func event(_ r: PGRow) throws -> Event {
        let starts = try r.decodeArray("starts").compactMap(Double.init), ends = try r.decodeArray("ends").compactMap(Double.init)
        let sessions = zip(starts, ends).enumerated().map {
            EventSession(n: $0.offset + 1, startsAt: Date(timeIntervalSince1970: $0.element.0), endsAt: Date(timeIntervalSince1970: $0.element.1))
        }
        let address = try r.decode(String?.self, "venue_address"), hromada = try r.decode(String?.self, "venue_hromada")
        return Event(
            id: try r.decode("id"), centre: try r.decode("centre"), kind: try r.decode("kind"),
            title: try r.decode("title"), description: try r.decode("description"), language: try r.decode("language"),
            audience: try r.decodeArray("audience").compactMap(Category.init(rawValue:)), programme: try r.decode(String?.self, "programme"),
            hours: try r.decode("hours"), credits: try r.decode("credits"), sessions: sessions,
            venue: address.flatMap { a in hromada.map { EventVenue(address: a, hromada: $0) } }, onlineURL: try r.decode(String?.self, "online_url"),
            capacity: try r.decode("capacity"),
            registration: RegistrationWindow(opensAt: try r.decode("registration_opens_at"), closesAt: try r.decode("registration_closes_at")),
            minAttendancePercent: try r.decode("min_attendance_percent"), certificate: try r.decode("certificate"),
            status: try r.decode("status"),
            seats: .init(registered: try r.decode("registered"), waitlisted: try r.decode("waitlisted"))
        )
    }
}
