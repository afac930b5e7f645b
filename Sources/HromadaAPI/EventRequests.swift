public import Foundation
public import HromadaDomain

// The bodies and answers of the event routes (spec/events.md). Request fields are optional so that a
// missing one is reported by name (422), not as a decoding failure; times are RFC 3339 text with an
// offset, checked by the server field by field.

/// `POST /api/v1/events` (every field but the optional ones) and `PATCH /api/v1/events/{id}` (only the
/// keys sent change; `null` clears `venue`, `online_url` or `programme`). Also what
/// `hromada event create --file event.yaml` reads.
public struct EventDraft: Codable, Sendable, Equatable {
    public var centre: String?
    public var kind: String?
    public var title: String?
    public var description: String?
    public var language: String?
    public var audience: [String]?
    public var programme: String?
    public var hours: Double?
    public var credits: Double?
    public var sessions: [SessionTimes]?
    public var venue: Venue?
    public var onlineURL: String?
    public var capacity: Int?
    public var registration: Window?
    public var minAttendancePercent: Int?
    public var certificate: Bool?

    public struct SessionTimes: Codable, Sendable, Equatable {
        public var startsAt: String?
        public var endsAt: String?
        public init(startsAt: String, endsAt: String) {
            self.startsAt = startsAt
            self.endsAt = endsAt
        }
        enum CodingKeys: String, CodingKey { case startsAt = "starts_at", endsAt = "ends_at" }
    }

    public struct Venue: Codable, Sendable, Equatable {
        public var address: String?
        public var hromada: String?
        public init(address: String, hromada: String) {
            self.address = address
            self.hromada = hromada
        }
    }

    public struct Window: Codable, Sendable, Equatable {
        public var opensAt: String?
        public var closesAt: String?
        public init(opensAt: String, closesAt: String) {
            self.opensAt = opensAt
            self.closesAt = closesAt
        }
        enum CodingKeys: String, CodingKey { case opensAt = "opens_at", closesAt = "closes_at" }
    }

    public init() {}

    public static let keys: Set<String> = [
        "centre", "kind", "title", "description", "language", "audience", "programme", "hours", "credits", "sessions", "venue",
        "online_url", "capacity", "registration", "min_attendance_percent", "certificate",
    ]

    enum CodingKeys: String, CodingKey {
        case centre, kind, title, description, language, audience, programme, hours, credits, sessions, venue, capacity
        case registration, certificate
        case onlineURL = "online_url"
        case minAttendancePercent = "min_attendance_percent"
    }

    /// The event as a draft, to patch.
    public init(_ event: Event) {
        centre = event.centre
        kind = event.kind.rawValue
        title = event.title
        description = event.description
        language = event.language
        audience = event.audience.map(\.rawValue)
        programme = event.programme
        hours = event.hours
        credits = event.credits
        sessions = event.sessions.map { .init(startsAt: KyivCalendar.rfc3339($0.startsAt), endsAt: KyivCalendar.rfc3339($0.endsAt)) }
        venue = event.venue.map { .init(address: $0.address, hromada: $0.hromada) }
        onlineURL = event.onlineURL
        capacity = event.capacity
        registration = .init(opensAt: KyivCalendar.rfc3339(event.registration.opensAt), closesAt: KyivCalendar.rfc3339(event.registration.closesAt))
        minAttendancePercent = event.minAttendancePercent
        certificate = event.certificate
    }

    /// This draft with the keys of `patch` that were sent (`sent`, the JSON object's keys) replacing its own.
    public func patched(with patch: EventDraft, sent: Set<String>) -> EventDraft {
        var out = self
        for key in sent {
            switch key {
            case "centre": out.centre = patch.centre
            case "kind": out.kind = patch.kind
            case "title": out.title = patch.title
            case "description": out.description = patch.description
            case "language": out.language = patch.language
            case "audience": out.audience = patch.audience
            case "programme": out.programme = patch.programme
            case "hours": out.hours = patch.hours
            // Credits follow the hours when the hours change and no credits are sent.
            case "credits": out.credits = patch.credits
            case "sessions": out.sessions = patch.sessions
            case "venue": out.venue = patch.venue
            case "online_url": out.onlineURL = patch.onlineURL
            case "capacity": out.capacity = patch.capacity
            case "registration": out.registration = patch.registration
            case "min_attendance_percent": out.minAttendancePercent = patch.minAttendancePercent
            case "certificate": out.certificate = patch.certificate
            default: break
            }
        }
        if sent.contains("hours") && !sent.contains("credits") { out.credits = nil }
        return out
    }
}

/// A person's place at an event: `registered`, or `waitlisted` at `position` (1 is next).
public struct EventRegistration: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case registered, waitlisted, cancelled
    }
    @LowercasedUUID public var id: UUID
    @LowercasedUUID public var event: UUID
    public var status: Status
    @Nullable public var position: Int?

    public init(id: UUID, event: UUID, status: Status, position: Int?) {
        self.id = id
        self.event = event
        self.status = status
        self.position = position
    }
}

/// What a centre's list of emails did: each person's place, in the order sent.
public struct EventRegistrationReport: Codable, Sendable, Equatable {
    public struct Line: Codable, Sendable, Equatable {
        public var email: String
        public var status: EventRegistration.Status
        @Nullable public var position: Int?
        public init(email: String, status: EventRegistration.Status, position: Int?) {
            self.email = email
            self.status = status
            self.position = position
        }
    }
    public var registered: Int
    public var waitlisted: Int
    public var items: [Line]
    public init(registered: Int, waitlisted: Int, items: [Line]) {
        self.registered = registered
        self.waitlisted = waitlisted
        self.items = items
    }
}

/// One person in an event's list of registrations, as its centre sees it.
public struct EventRegistrant: Codable, Sendable, Equatable {
    @LowercasedUUID public var id: UUID
    @LowercasedUUID public var userID: UUID
    public var email: String
    public var fullName: String
    public var category: Category
    public var hromada: String
    public var status: EventRegistration.Status
    @Nullable public var position: Int?
    public var registeredAt: Date
    /// The numbers of the sessions the person attended.
    public var attended: [Int]

    public init(id: UUID, userID: UUID, email: String, fullName: String, category: Category, hromada: String,
                status: EventRegistration.Status, position: Int?, registeredAt: Date, attended: [Int]) {
        self.id = id
        self.userID = userID
        self.email = email
        self.fullName = fullName
        self.category = category
        self.hromada = hromada
        self.status = status
        self.position = position
        self.registeredAt = registeredAt
        self.attended = attended
    }

    enum CodingKeys: String, CodingKey {
        case id, email, category, hromada, status, position, attended
        case userID = "user_id", fullName = "full_name", registeredAt = "registered_at"
    }
}

/// `POST /api/v1/events/{id}/sessions/{n}/check-in`: the code to show now, the moment it stops being
/// accepted (its minute and 30 seconds more), and when the next one replaces it on the screen.
public struct CheckInCodeAnswer: Codable, Sendable, Equatable {
    public var session: Int
    public var code: String
    public var validUntil: Date
    public var changesAt: Date
    public init(session: Int, code: String, validUntil: Date, changesAt: Date) {
        self.session = session
        self.code = code
        self.validUntil = validUntil
        self.changesAt = changesAt
    }
    enum CodingKeys: String, CodingKey { case session, code, validUntil = "valid_until", changesAt = "changes_at" }
}

/// `POST /api/v1/events/{id}/sessions/{n}/attendance` by a registered person.
public struct CheckInRequest: Codable, Sendable, Equatable {
    public var code: String?
    public init(code: String) { self.code = code }
}

/// A person's check-in, accepted (the first one's time when they check in again).
public struct CheckInAnswer: Codable, Sendable, Equatable {
    public var session: Int
    public var checkedInAt: Date
    public init(session: Int, checkedInAt: Date) {
        self.session = session
        self.checkedInAt = checkedInAt
    }
    enum CodingKeys: String, CodingKey { case session, checkedInAt = "checked_in_at" }
}

/// `PUT /api/v1/events/{id}/sessions/{n}/attendance`: everyone present at the session, by email.
public struct AttendanceList: Codable, Sendable, Equatable {
    public var present: [String]?
    public init(present: [String]) { self.present = present }
}

/// The session's attendance after a `PUT`: who is marked present, and what the list changed.
public struct AttendanceReport: Codable, Sendable, Equatable {
    public var session: Int
    public var present: [String]
    public var added: Int
    public var removed: Int
    public init(session: Int, present: [String], added: Int, removed: Int) {
        self.session = session
        self.present = present
        self.added = added
        self.removed = removed
    }
}

/// `POST /api/v1/me/calendar-feed`: a new private feed (the one before stops working). The link is
/// for calendar programs, which cannot send a token in a header: keep it private.
public struct CalendarFeed: Codable, Sendable, Equatable {
    public var url: String
    public var token: String
    public init(url: String, token: String) {
        self.url = url
        self.token = token
    }
}

/// `POST /api/v1/events/{id}/close`: the event, closed, and what closing it did this time (nothing when
/// it was already closed).
public struct EventClosing: Codable, Sendable, Equatable {
    public struct Counts: Codable, Sendable, Equatable {
        public var alreadyClosed: Bool
        /// People credited in the CPD ledger by this call.
        public var credited: Int
        /// Participation certificates reserved by this call (signed right after).
        public var certificates: Int
        public init(alreadyClosed: Bool, credited: Int, certificates: Int) {
            self.alreadyClosed = alreadyClosed
            self.credited = credited
            self.certificates = certificates
        }
        enum CodingKeys: String, CodingKey { case credited, certificates, alreadyClosed = "already_closed" }
    }
    public var event: Event
    public var closing: Counts
    public init(event: Event, closing: Counts) {
        self.event = event
        self.closing = closing
    }
}
