public import Foundation
public import HromadaDomain

/// A seminar, workshop, webinar, study visit, internship or conference of a regional centre
/// (spec/events.md), as `GET /api/v1/events/{id}` shows it to anyone: no personal data, only how many
/// seats are taken and how many people wait.
public struct Event: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case seminar, workshop, webinar, internship, conference
        case studyVisit = "study_visit"
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case draft, published, cancelled, closed
    }

    @LowercasedUUID public var id: UUID
    public var centre: String
    public var kind: Kind
    public var title: String
    public var description: String
    public var language: String
    public var audience: [Category]
    @Nullable public var programme: String?
    public var hours: Double
    public var credits: Double
    public var sessions: [EventSession]
    @Nullable public var venue: EventVenue?
    @Nullable public var onlineURL: String?
    public var capacity: Int
    public var registration: RegistrationWindow
    public var minAttendancePercent: Int
    public var certificate: Bool
    public var status: Status
    /// Seats taken and people waiting, counted when read.
    public var seats: Seats

    public struct Seats: Codable, Sendable, Equatable {
        public var registered: Int
        public var waitlisted: Int
        public init(registered: Int, waitlisted: Int) {
            self.registered = registered
            self.waitlisted = waitlisted
        }
    }

    public init(
        id: UUID, centre: String, kind: Kind, title: String, description: String, language: String, audience: [Category],
        programme: String?, hours: Double, credits: Double, sessions: [EventSession], venue: EventVenue?, onlineURL: String?,
        capacity: Int, registration: RegistrationWindow, minAttendancePercent: Int, certificate: Bool, status: Status, seats: Seats
    ) {
        self.id = id
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
        self.status = status
        self.seats = seats
    }

    enum CodingKeys: String, CodingKey {
        case id, centre, kind, title, description, language, audience, programme, hours, credits, sessions, venue, capacity
        case registration, certificate, status, seats
        case onlineURL = "online_url"
        case minAttendancePercent = "min_attendance_percent"
    }

    /// The first session's start and the last one's end.
    public var startsAt: Date? { sessions.map(\.startsAt).min() }
    public var endsAt: Date? { sessions.map(\.endsAt).max() }
}

/// One session of an event: numbered from 1, times written on the Kyiv clock with their offset.
public struct EventSession: Codable, Sendable, Equatable {
    public var n: Int
    public var startsAt: Date
    public var endsAt: Date

    public init(n: Int, startsAt: Date, endsAt: Date) {
        self.n = n
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    enum CodingKeys: String, CodingKey {
        case n
        case startsAt = "starts_at", endsAt = "ends_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        n = try c.decode(Int.self, forKey: .n)
        func time(_ key: CodingKeys) throws -> Date {
            let text = try c.decode(String.self, forKey: key)
            guard let date = APIDate.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not an RFC 3339 time: \(text)")
            }
            return date
        }
        startsAt = try time(.startsAt)
        endsAt = try time(.endsAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(n, forKey: .n)
        try c.encode(KyivCalendar.rfc3339(startsAt), forKey: .startsAt)
        try c.encode(KyivCalendar.rfc3339(endsAt), forKey: .endsAt)
    }
}

/// Where an event takes place: an address and the hromada's КАТОТТГ code (`UA` and 17 digits).
public struct EventVenue: Codable, Sendable, Equatable {
    public var address: String
    public var hromada: String
    public init(address: String, hromada: String) {
        self.address = address
        self.hromada = hromada
    }
}

/// When people may register.
public struct RegistrationWindow: Codable, Sendable, Equatable {
    public var opensAt: Date
    public var closesAt: Date
    public init(opensAt: Date, closesAt: Date) {
        self.opensAt = opensAt
        self.closesAt = closesAt
    }
    enum CodingKeys: String, CodingKey { case opensAt = "opens_at", closesAt = "closes_at" }
}
