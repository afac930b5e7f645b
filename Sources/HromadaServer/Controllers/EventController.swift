import Foundation
import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// Seminars, workshops, webinars, study visits, internships and conferences of the regional centres
/// (spec/events.md): the events themselves here; registrations, attendance, closing and calendars in
/// the extensions.
///
/// Who manages an event is decided by ``Policy/Action/manageEvent(centre:)``: its centre's admins and
/// the association admin. Anyone else asking to manage it, and anyone asking for a draft they do not
/// manage, gets 404, as for another centre's cohort. Published, cancelled and closed events are public.
struct EventController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [
            .post("/events", signedIn(create)),
            .get("/events", list),
            .get("/events/{id}", show),
            Endpoint(.patch, "/events/{id}", signedIn(patch)),
            .post("/events/{id}/publish", signedIn(publish)),
            .post("/events/{id}/cancel", signedIn(cancel)),
            .post("/events/{id}/close", signedIn(close)),
            .post("/events/{id}/registrations", signedIn(register)),
            .get("/events/{id}/registrations", signedIn(registrations)),
            .get("/events/{id}/registrations/me", signedIn(myRegistration)),
            .delete("/events/{id}/registrations/me", signedIn(cancelMine)),
            .delete("/events/{id}/registrations/{registration}", signedIn(cancelRegistration)),
            .post("/events/{id}/sessions/{n}/check-in", signedIn(openCheckIn)),
            .post("/events/{id}/sessions/{n}/attendance", signedIn(checkIn)),
            .put("/events/{id}/sessions/{n}/attendance", signedIn(markAttendance)),
            .get("/events/{id}/calendar.ics", eventCalendar),
            .post("/me/calendar-feed", signedIn(newCalendarFeed)),
            .get("/me/calendar.ics", personalCalendar),
        ]
    }

    /// The event's id and centre when the caller manages it; 404 otherwise (and for no such event).
    func managed(_ context: AppContext, caller: User) async throws -> (id: UUID, centre: String, status: Event.Status) {
        let id = try context.id()
        guard let found = try await services.pool.withConnection({ try EventStore.centreAndStatus($0, id: id) }),
              Policy.decide(.manageEvent(centre: found.centre), for: caller.principal) == .allowed
        else { throw HromadaError(.notFound, reason: "event \(id) not managed by \(caller.id)") }
        return (id, found.centre, found.status)
    }

    /// The event as anyone may see it: 404 for a draft unless `caller` manages it.
    func visible(_ id: UUID, caller: User?) async throws -> Event {
        guard let event = try await services.pool.withConnection({ try EventStore.find($0, id: id) }) else { throw HromadaError(.notFound) }
        if event.status == .draft {
            guard let caller, Policy.decide(.manageEvent(centre: event.centre), for: caller.principal) == .allowed else {
                throw HromadaError(.notFound, reason: "draft event")
            }
        }
        return event
    }

    /// The association's hours per ECTS credit (spec/development.md: a setting, not a constant).
    func hoursPerCredit() async throws -> Double {
        let settings = try await services.pool.withConnection { try SettingsStore.read($0) }
        return NSDecimalNumber(decimal: settings.hoursPerCredit).doubleValue
    }

    @Sendable func create(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let (draft, raw) = try await services.body.decodeKeepingBytes(EventDraft.self, from: request)
        let definition = try draft.checked(defaultCentre: caller.centre, hoursPerCredit: try await hoursPerCredit())
        try Policy.require(.manageEvent(centre: definition.centre), for: caller.principal)
        let requestID = context.requestID
        return try await Idempotency(pool: services.pool).run(request: request, userID: caller.id, body: raw) { db in
            guard try UserStore.centreExists(db, code: definition.centre) else {
                throw HromadaError.validation(field: "centre", .init(uk: "такого центру немає", en: "no such centre"))
            }
            let id = try EventStore.create(db, definition, by: caller.id)
            try AuditLog.append(db, .init(actor: caller.id, action: "event.create", subjectType: "event", subjectID: id.lowercasedText,
                                          centre: definition.centre, details: ["title": definition.title]), requestID: requestID)
            guard let event = try EventStore.find(db, id: id) else { throw HromadaError(.notFound) }
            return try .json(event, status: .created)
        }
    }

    /// Published events, soonest first: public, no personal data.
    @Sendable func list(_ request: Request, _ context: AppContext) async throws -> Response {
        let query = Query(request: request)
        var problems: [HromadaError.FieldProblem] = []
        func moment(_ key: String) -> Date? {
            guard let raw = query.string(key) else { return nil }
            if Timestamp.isCalendarDate(raw) {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = KyivCalendar.zone
                let parts = raw.split(separator: "-").compactMap { Int($0) }
                return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
            }
            if Timestamp.isRFC3339(raw), let date = APIDate.parse(raw) { return date }
            problems.append(.init(field: key, message: .init(uk: "має бути датою РРРР-ММ-ДД або часом RFC 3339", en: "must be a date YYYY-MM-DD or an RFC 3339 time")))
            return nil
        }
        var filter = EventStore.Filter(from: moment("from"), to: moment("to"), limit: try query.limit())
        filter.centre = try query.centre()
        if let kind = query.string("kind") {
            if Event.Kind(rawValue: kind) == nil {
                problems.append(.init(field: "kind", message: .init(uk: "невідомий вид події", en: "unknown kind of event")))
            }
            filter.kind = kind
        }
        if let hromada = query.string("hromada") {
            if !EventDraft.isKATOTTG(hromada) {
                problems.append(.init(field: "hromada", message: .init(uk: "має бути кодом КАТОТТГ", en: "must be a КАТОТТГ code")))
            }
            filter.hromada = hromada
        }
        if !problems.isEmpty { throw HromadaError(.malformedRequest, fieldProblems: problems) }
        filter.after = try query.cursor()
        let limit = filter.limit
        filter.limit += 1
        let frozen = filter
        let events = try await services.pool.withConnection { try EventStore.published($0, frozen) }
        let items = Array(events.prefix(limit))
        return try .json(Page(items: items, nextCursor: events.count > limit ? items.last.map { Query.cursor(for: $0.id) } : nil))
    }

    /// One event: public once published; a draft only for those who manage it (with their token).
    @Sendable func show(_ request: Request, _ context: AppContext) async throws -> Response {
        let id = try context.id()
        var caller: User?
        if let token = Authenticator.bearerToken(request) {
            caller = try await services.pool.withConnection { try SessionStore.user($0, token: token) }
        }
        return try .json(try await visible(id, caller: caller))
    }

    /// Changes a draft: only the keys sent (`null` clears `venue`, `online_url`, `programme`); the
    /// result is checked whole, as on create. 409 once published.
    @Sendable func patch(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let (id, centre, status) = try await managed(context, caller: caller)
        let raw = try await services.body.bytes(request)
        try BodyDecoder.requireContentType(request, ["application/json"])
        let patch = try BodyDecoder.decode(EventDraft.self, from: raw)
        let sent = Set(((try? JSONSerialization.jsonObject(with: Data(raw))) as? [String: Any])?.keys.map { $0 } ?? [])
        guard status == .draft else { throw Self.notDraft }
        guard let current = try await services.pool.withConnection({ try EventStore.find($0, id: id) }) else { throw HromadaError(.notFound) }
        let definition = try EventDraft(current).patched(with: patch, sent: sent).checked(defaultCentre: centre, hoursPerCredit: try await hoursPerCredit())
        if definition.centre != centre { try Policy.require(.manageEvent(centre: definition.centre), for: caller.principal) }
        let requestID = context.requestID
        let event = try await services.pool.transaction { db in
            guard try UserStore.centreExists(db, code: definition.centre) else {
                throw HromadaError.validation(field: "centre", .init(uk: "такого центру немає", en: "no such centre"))
            }
            guard try EventStore.replaceDraft(db, id: id, definition) else { throw Self.notDraft }
            try AuditLog.append(db, .init(actor: caller.id, action: "event.update", subjectType: "event", subjectID: id.lowercasedText,
                                          centre: definition.centre, details: ["fields": sent.sorted().joined(separator: ",")]), requestID: requestID)
            return try EventStore.find(db, id: id)
        }
        guard let event else { throw HromadaError(.notFound) }
        return try .json(event)
    }

    static let notDraft = HromadaError(.conflict, detail: .init(uk: "Змінювати можна лише чернетку події.", en: "Only a draft event can be changed."))

    /// Draft → published; publishing a published event again changes nothing.
    @Sendable func publish(_ signedIn: SignedIn) async throws -> Response {
        try await move(signedIn, from: [.draft], to: .published, action: "event.publish", detail: .init(
            uk: "Опублікувати можна лише чернетку.", en: "Only a draft can be published."))
    }

    /// Draft or published → cancelled: registered people see it CANCELLED in their calendars. Cancelling
    /// again changes nothing; a closed event is not cancelled.
    @Sendable func cancel(_ signedIn: SignedIn) async throws -> Response {
        try await move(signedIn, from: [.draft, .published], to: .cancelled, action: "event.cancel", detail: .init(
            uk: "Завершену подію не можна скасувати.", en: "A closed event cannot be cancelled."))
    }

    func move(_ signedIn: SignedIn, from: [Event.Status], to: Event.Status, action: String, detail: LocalizedText) async throws -> Response {
        let (caller, context) = (signedIn.caller, signedIn.context)
        let (id, centre, _) = try await managed(context, caller: caller)
        let requestID = context.requestID
        let event = try await services.pool.transaction { db in
            if try EventStore.move(db, id: id, from: from, to: to) {
                try AuditLog.append(db, .init(actor: caller.id, action: action, subjectType: "event", subjectID: id.lowercasedText, centre: centre),
                                    requestID: requestID)
            }
            return try EventStore.find(db, id: id)
        }
        guard let event else { throw HromadaError(.notFound) }
        guard event.status == to else { throw HromadaError(.conflict, detail: detail) }
        return try .json(event)
    }
}
