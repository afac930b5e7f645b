import Foundation
import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// Calendars (RFC 5545): a public one per event, and each person's private feed of the events they are
/// registered or waiting for, behind a token of its own (calendar programs cannot send headers; a
/// new token revokes the old one). A cancelled event stays in the feeds with STATUS:CANCELLED.
extension EventController {
    /// `GET /events/{id}/calendar.ics`: one VEVENT per session; drafts are not there.
    @Sendable func eventCalendar(_ request: Request, _ context: AppContext) async throws -> Response {
        let id = try context.id()
        guard let entry = try await services.pool.withConnection({ try EventStore.calendarEntry($0, id: id) }) else {
            throw HromadaError(.notFound)
        }
        return Self.calendar(ICalendar.document(name: entry.event.title, events: Self.vevents(entry), now: Date()), filename: "event.ics")
    }

    /// `POST /me/calendar-feed`: a new private feed link for the caller.
    @Sendable func newCalendarFeed(_ signedIn: SignedIn) async throws -> Response {
        let caller = signedIn.caller, requestID = signedIn.context.requestID
        let token = try await services.pool.transaction { db in
            let token = try EventStore.newCalendarFeed(db, userID: caller.id)
            try AuditLog.append(db, .init(actor: caller.id, action: "calendar_feed.renew", subjectType: "user", subjectID: caller.id.lowercasedText,
                                          centre: caller.centre), requestID: requestID)
            return token
        }
        let base = services.configuration.publicURL.hasSuffix("/") ? String(services.configuration.publicURL.dropLast()) : services.configuration.publicURL
        return try .json(CalendarFeed(url: "\(base)/api/v1/me/calendar.ics?feed=\(token)", token: token), status: .created)
    }

    /// `GET /me/calendar.ics?feed=TOKEN`: the person's events; an unknown or replaced token is 404.
    @Sendable func personalCalendar(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let token = Query(request: request).string("feed"), (1...200).contains(token.count) else {
            throw HromadaError(.notFound, reason: "no feed token")
        }
        let entries = try await services.pool.withConnection { db -> [EventStore.CalendarEntry]? in
            guard let owner = try EventStore.calendarFeedOwner(db, token: token) else { return nil }
            return try EventStore.calendarEntries(db, userID: owner)
        }
        guard let entries else { throw HromadaError(.notFound, reason: "unknown or replaced feed token") }
        let document = ICalendar.document(name: "Hromada", events: entries.flatMap(Self.vevents), now: Date())
        return Self.calendar(document, filename: "hromada.ics", privateFeed: true)
    }

    static func calendar(_ text: String, filename: String, privateFeed: Bool = false) -> Response {
        var headers: HTTPFields = [.contentType: "text/calendar; charset=utf-8", .contentDisposition: "inline; filename=\"\(filename)\""]
        if privateFeed { headers[.cacheControl] = "private, no-store" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The entry's sessions as VEVENTs, in the event's language.
    static func vevents(_ entry: EventStore.CalendarEntry) -> [ICalendar.Event] {
        let event = entry.event
        let uk = event.language != "en"
        var description = event.description
        if entry.waitlisted {
            description = (uk ? "Ви в листі очікування." : "You are on the waiting list.") + (description.isEmpty ? "" : "\n\n" + description)
        }
        return event.sessions.map { session in
            let part = event.sessions.count > 1 ? (uk ? " (заняття \(session.n) з \(event.sessions.count))" : " (session \(session.n) of \(event.sessions.count))") : ""
            return ICalendar.Event(
                uid: "\(event.id.lowercasedText)-\(session.n)@hromada", sequence: entry.revision, starts: session.startsAt, ends: session.endsAt,
                summary: event.title + part, description: description,
                location: event.venue.map(\.address) ?? event.onlineURL, url: event.onlineURL,
                cancelled: event.status == .cancelled)
        }
    }
}
