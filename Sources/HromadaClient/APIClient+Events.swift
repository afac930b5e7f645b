public import Foundation
public import HromadaAPI
import HromadaDomain

/// The event routes (spec/events.md).
extension APIClient {
    static func escaped(_ value: String) -> String { value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value }

    /// Published events, soonest first, every page.
    public func events(from: String? = nil, to: String? = nil, centre: String? = nil, kind: String? = nil) async throws -> [Event] {
        let query = [("from", from), ("to", to), ("centre", centre), ("kind", kind)].compactMap { key, value in
            value.map { "\(key)=\(Self.escaped($0))" }
        }
        let page: Page<Event> = try await callAll("/api/v1/events" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
        return page.items
    }

    public func event(_ id: UUID) async throws -> Event { try await call("GET", "/api/v1/events/\(id.lowercasedText)") }

    public func createEvent(_ draft: EventDraft) async throws -> Event { try await call("POST", "/api/v1/events", json: draft) }

    /// `publish`, `cancel` or `close`: the event after it.
    public func moveEvent(_ id: UUID, _ action: String) async throws -> Event {
        try await call("POST", "/api/v1/events/\(id.lowercasedText)/\(action)")
    }

    public func closeEvent(_ id: UUID) async throws -> EventClosing { try await call("POST", "/api/v1/events/\(id.lowercasedText)/close") }

    public func register(event id: UUID) async throws -> EventRegistration {
        try await call("POST", "/api/v1/events/\(id.lowercasedText)/registrations")
    }

    public func register(event id: UUID, emails: [String]) async throws -> EventRegistrationReport {
        try await call("POST", "/api/v1/events/\(id.lowercasedText)/registrations", json: EmailList(emails: emails))
    }

    /// The caller's registration, or nil when they have none.
    public func myRegistration(event id: UUID) async throws -> EventRegistration? {
        do {
            return try await call("GET", "/api/v1/events/\(id.lowercasedText)/registrations/me")
        } catch ClientError.problem(let p) where p.code == .notFound {
            return nil
        }
    }

    public func cancelMyRegistration(event id: UUID) async throws -> EventRegistration {
        try await call("DELETE", "/api/v1/events/\(id.lowercasedText)/registrations/me")
    }

    public func registrations(event id: UUID) async throws -> [EventRegistrant] {
        let page: Page<EventRegistrant> = try await call("GET", "/api/v1/events/\(id.lowercasedText)/registrations")
        return page.items
    }

    /// The registrations as the server's CSV (UTF-8 with a byte-order mark).
    public func registrationsCSV(event id: UUID) async throws -> Data {
        try await send("GET", "/api/v1/events/\(id.lowercasedText)/registrations", accept: "text/csv", raw: true).0
    }

    public func checkInCode(event id: UUID, session: Int) async throws -> CheckInCodeAnswer {
        try await call("POST", "/api/v1/events/\(id.lowercasedText)/sessions/\(session)/check-in")
    }

    public func checkIn(event id: UUID, session: Int, code: String) async throws -> CheckInAnswer {
        try await call("POST", "/api/v1/events/\(id.lowercasedText)/sessions/\(session)/attendance", json: CheckInRequest(code: code))
    }

    public func setAttendance(event id: UUID, session: Int, present: [String]) async throws -> AttendanceReport {
        try await call("PUT", "/api/v1/events/\(id.lowercasedText)/sessions/\(session)/attendance", json: AttendanceList(present: present))
    }

    public func newCalendarFeed() async throws -> CalendarFeed { try await call("POST", "/api/v1/me/calendar-feed") }
}
