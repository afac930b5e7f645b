import Foundation
import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// Registration, the waiting list and cancellations (the seats are exact under concurrency: see
/// ``EventStore``'s registration extension for the row lock and why).
extension EventController {
    static let wrongAudience = HromadaError(.forbidden, detail: .init(
        uk: "Ця подія не для вашої категорії слухачів.", en: "This event is not for your category of learners."))

    /// Without a body: the caller registers (201, or 200 with the same registration when they already
    /// are). With `{emails: [...]}`: the event's centre registers those people, all or none (422 with a
    /// problem per line).
    @Sendable func register(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let id = try context.id()
        let raw = try await services.body.bytes(request)
        if !raw.allSatisfy({ [0x20, 0x0a, 0x0d, 0x09].contains($0) }) {
            try BodyDecoder.requireContentType(request, ["application/json"])
            let list = try BodyDecoder.decode(EmailList.self, from: raw)
            return try await registerList(list, eventID: id, caller: caller, requestID: context.requestID)
        }
        let event = try await visible(id, caller: caller)
        guard caller.roles.contains(.learner) else {
            throw HromadaError(.forbidden, detail: .init(uk: "Реєструватися можуть лише слухачі.", en: "Only learners register."))
        }
        let now = Date()
        let outcome = try await services.pool.transaction { db in
            try EventStore.register(db, eventID: event.id, user: caller, by: caller.id, window: true, now: now)
        }
        switch outcome {
        case .success(let registered): return try .json(registered.registration, status: registered.created ? .created : .ok)
        case .failure: throw Self.wrongAudience
        }
    }

    func registerList(_ list: EmailList, eventID: UUID, caller: User, requestID: String?) async throws -> Response {
        guard let found = try await services.pool.withConnection({ try EventStore.centreAndStatus($0, id: eventID) }),
              Policy.decide(.manageEvent(centre: found.centre), for: caller.principal) == .allowed
        else { throw HromadaError(.notFound, reason: "registration list for an event the caller does not manage") }
        let emails = list.emails ?? []
        guard !emails.isEmpty, emails.count <= 2000 else {
            throw HromadaError(.validationFailed, lineProblems: [.init(line: 1, message: .init(
                uk: "список має містити від 1 до 2000 адрес", en: "the list must hold 1 to 2000 emails"))])
        }
        guard let event = try await services.pool.withConnection({ try EventStore.find($0, id: eventID) }) else { throw HromadaError(.notFound) }
        var problems: [HromadaError.LineProblem] = []
        var people: [User] = []
        var seen: Set<String> = []
        for (n, given) in emails.enumerated() {
            func line(_ uk: String, _ en: String) { problems.append(.init(line: n + 1, message: .init(uk: "\(given): \(uk)", en: "\(given): \(en)"))) }
            guard case .success(let email) = TextRules.email(given) else { line("не є правильною адресою", "is not a valid email address"); continue }
            guard seen.insert(email).inserted else { line("повторюється у списку", "is repeated in the list"); continue }
            guard let person = try await services.pool.withConnection({ try UserStore.find($0, email: email) }) else {
                line("немає такої особи", "no such person"); continue
            }
            guard person.roles.contains(.learner) else { line("не має ролі слухача", "is not a learner"); continue }
            guard event.audience.contains(person.category) else {
                line("подія не для цієї категорії (\(person.category.rawValue))", "the event is not for this category (\(person.category.rawValue))"); continue
            }
            people.append(person)
        }
        if !problems.isEmpty { throw HromadaError(.validationFailed, lineProblems: problems) }
        let frozen = people
        let report = try await services.pool.transaction { db in
            var lines: [EventRegistrationReport.Line] = []
            for person in frozen {
                guard case .success(let registered) = try EventStore.register(db, eventID: eventID, user: person, by: caller.id, window: false) else {
                    throw Self.wrongAudience
                }
                lines.append(.init(email: person.email, status: registered.registration.status, position: registered.registration.position))
            }
            return EventRegistrationReport(registered: lines.count { $0.status == .registered }, waitlisted: lines.count { $0.status == .waitlisted },
                                           items: lines)
        }
        return try .json(report)
    }

    /// Everyone registered, waiting or cancelled, for the event's centre: JSON, or CSV with `Accept: text/csv`.
    @Sendable func registrations(_ signedIn: SignedIn) async throws -> Response {
        let (id, _, _) = try await managed(signedIn.context, caller: signedIn.caller)
        let rows = try await services.pool.withConnection { try EventStore.registrants($0, eventID: id) }
        if CohortController.prefersCSV(signedIn.request.headers[.accept] ?? "") {
            // As the completions report: a byte-order mark (spreadsheets then read UTF-8), CRLF, RFC 4180.
            var csv = "\u{FEFF}email,full_name,category,hromada,status,position,registered_at,attended\r\n"
            for r in rows {
                csv += [r.email, r.fullName, r.category.rawValue, r.hromada, r.status.rawValue, r.position.map { String($0) } ?? "",
                                       Timestamp.format(r.registeredAt), r.attended.map { String($0) }.joined(separator: " ")].map { CSVWriter.cell($0) }.joined(separator: ",") + "\r\n"
            }
            return Response(status: .ok, headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"registrations.csv\"",
            ], body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
        return try .json(Page(items: rows, nextCursor: nil))
    }

    /// The caller's registration for the event; 404 when they have none.
    @Sendable func myRegistration(_ signedIn: SignedIn) async throws -> Response {
        let event = try await visible(try signedIn.context.id(), caller: signedIn.caller)
        guard let mine = try await services.pool.withConnection({ try EventStore.registration($0, eventID: event.id, userID: signedIn.caller.id) })
        else { throw HromadaError(.notFound) }
        return try .json(mine)
    }

    /// The caller cancels their registration; the first on the waiting list takes the seat at once.
    @Sendable func cancelMine(_ signedIn: SignedIn) async throws -> Response {
        let event = try await visible(try signedIn.context.id(), caller: signedIn.caller)
        return try await cancel(eventID: event.id, userID: signedIn.caller.id, by: signedIn.caller.id)
    }

    /// The event's centre cancels someone's registration.
    @Sendable func cancelRegistration(_ signedIn: SignedIn) async throws -> Response {
        let (id, _, _) = try await managed(signedIn.context, caller: signedIn.caller)
        let registration = try signedIn.context.id("registration")
        guard let owner = try await services.pool.withConnection({ try EventStore.registrationOwner($0, eventID: id, registrationID: registration) })
        else { throw HromadaError(.notFound) }
        return try await cancel(eventID: id, userID: owner, by: signedIn.caller.id)
    }

    func cancel(eventID: UUID, userID: UUID, by actor: UUID) async throws -> Response {
        let registration = try await services.pool.transaction { db -> EventRegistration? in
            guard try EventStore.cancelRegistration(db, eventID: eventID, userID: userID, by: actor).cancelled else { return nil }
            return try EventStore.registration(db, eventID: eventID, userID: userID)
        }
        guard let registration else { throw HromadaError(.notFound, reason: "no live registration to cancel") }
        return try .json(registration)
    }
}
