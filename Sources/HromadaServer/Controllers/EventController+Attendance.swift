import Foundation
import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaCrypto
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// Attendance: the rotating check-in code a trainer shows, a registered person's check-in with it, and
/// the trainer's list.
///
/// Check-in is open from 15 minutes before a session to its end. Wrong codes are counted per person in
/// PostgreSQL (the servers keep no state): after 5 in a minute the next attempt is 429 until the oldest
/// is a minute old, right or wrong.
extension EventController {
    static let checkInOpensBefore: TimeInterval = 15 * 60

    /// The session `{n}` of `{id}`, for someone allowed to run it (404 otherwise), with its event published.
    func runnableSession(_ signedIn: SignedIn) async throws -> (eventID: UUID, n: Int, session: EventStore.SessionForCheckIn) {
        let id = try signedIn.context.id()
        let n = try Self.sessionNumber(signedIn.context)
        guard let session = try await services.pool.withConnection({ try EventStore.session($0, eventID: id, n: n) }),
              Policy.decide(.runEventSession(centre: session.centre), for: signedIn.caller.principal) == .allowed
        else { throw HromadaError(.notFound) }
        return (id, n, session)
    }

    static func sessionNumber(_ context: AppContext) throws -> Int {
        guard let n = Int(try context.text("n")), (1...100).contains(n) else { throw HromadaError(.notFound) }
        return n
    }

    static func requireOpen(_ session: EventStore.SessionForCheckIn, now: Date) throws {
        guard session.status == .published else {
            throw HromadaError(.checkInClosed, detail: .init(uk: "Подія не триває: її скасовано, завершено або не опубліковано.",
                                                             en: "The event is not running: it is cancelled, closed or not published."))
        }
        guard now >= session.startsAt.addingTimeInterval(-checkInOpensBefore), now <= session.endsAt else {
            throw HromadaError(.checkInClosed, detail: .init(
                uk: "Відмітка відкрита з \(KyivCalendar.dateTime(session.startsAt.addingTimeInterval(-checkInOpensBefore), .uk)) до кінця заняття.",
                en: "Check-in is open from \(KyivCalendar.dateTime(session.startsAt.addingTimeInterval(-checkInOpensBefore), .en)) to the session's end."))
        }
    }

    /// The code to show now (a trainer of the event's centre, its centre's admins, the admin).
    @Sendable func openCheckIn(_ signedIn: SignedIn) async throws -> Response {
        let (_, n, session) = try await runnableSession(signedIn)
        let now = Date()
        try Self.requireOpen(session, now: now)
        return try .json(CheckInCodeAnswer(session: n, code: CheckInCode.code(secret: session.secret, at: now),
                                           validUntil: min(CheckInCode.validUntil(now), session.endsAt), changesAt: CheckInCode.nextChange(now)))
    }

    enum CheckInOutcome: Sendable {
        case present(Date)
        case throttled(retryAfter: Int)
        case notRegistered
        case wrongCode
    }

    /// A registered person (a seat, not the waiting list) checks in with the code shown in the room.
    @Sendable func checkIn(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let id = try context.id()
        let n = try Self.sessionNumber(context)
        let body = try await services.body.decode(CheckInRequest.self, from: request)
        guard let code = body.code else { throw HromadaError.validation([.required("code")]) }
        guard let session = try await services.pool.withConnection({ try EventStore.session($0, eventID: id, n: n) }),
              session.status != .draft || Policy.decide(.manageEvent(centre: session.centre), for: caller.principal) == .allowed
        else { throw HromadaError(.notFound) }
        let now = Date()
        let requestID = context.requestID
        let outcome = try await services.pool.transaction { db -> CheckInOutcome in
            if try EventStore.lockThrottle(db, userID: caller.id) >= EventStore.wrongCodesPerMinute {
                return .throttled(retryAfter: try EventStore.throttleRetryAfter(db, userID: caller.id))
            }
            guard try EventStore.holdsSeat(db, eventID: id, userID: caller.id) else { return .notRegistered }
            try Self.requireOpen(session, now: now)
            guard CheckInCode.accepts(code, secret: session.secret, at: now) else {
                try EventStore.recordWrongCode(db, userID: caller.id)
                return .wrongCode
            }
            return .present(try EventStore.checkIn(db, eventID: id, n: n, userID: caller.id, centre: session.centre, requestID: requestID))
        }
        switch outcome {
        case .present(let at):
            return try .json(CheckInAnswer(session: n, checkedInAt: at))
        case .throttled(let seconds):
            throw HromadaError(.tooManyRequests, detail: .init(
                uk: "Забагато неправильних кодів. Зачекайте \(seconds) с і спробуйте ще раз.",
                en: "Too many wrong codes. Wait \(seconds) s and try again."), retryAfter: seconds)
        case .notRegistered:
            throw HromadaError(.forbidden, detail: .init(uk: "Відмітитися можуть лише зареєстровані учасники (не з листа очікування).",
                                                         en: "Only registered participants (not the waiting list) can check in."))
        case .wrongCode:
            throw HromadaError(.checkInCodeInvalid, detail: .init(uk: "Код неправильний або застарів: введіть код, який зараз на екрані.",
                                                                  en: "The code is wrong or stale: type the code on the screen now."))
        }
    }

    /// The trainer's list: exactly these people (by email; each must hold a seat) were present.
    @Sendable func markAttendance(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let (id, n, session) = try await runnableSession(signedIn)
        let body = try await services.body.decode(AttendanceList.self, from: request)
        guard let given = body.present else { throw HromadaError.validation([.required("present")]) }
        guard given.count <= 5000 else {
            throw HromadaError.validation(field: "present", .init(uk: "щонайбільше 5000 адрес", en: "at most 5000 emails"))
        }
        guard session.status == .published else {
            throw HromadaError(.conflict, detail: .init(uk: "Відмічати можна лише опубліковану подію, до її завершення.",
                                                        en: "Attendance is marked on a published event, before it is closed."))
        }
        var problems: [HromadaError.LineProblem] = []
        var emails: [String] = []
        for (i, raw) in given.enumerated() {
            switch TextRules.email(raw) {
            case .success(let e): if !emails.contains(e) { emails.append(e) }
            case .failure: problems.append(.init(line: i + 1, message: .init(uk: "\(raw): не є правильною адресою", en: "\(raw): is not a valid email address")))
            }
        }
        if !problems.isEmpty { throw HromadaError(.validationFailed, lineProblems: problems) }
        let frozen = emails
        let holders = try await services.pool.withConnection { try EventStore.seatHolders($0, eventID: id, emails: frozen) }
        for (i, email) in emails.enumerated() where holders[email] == nil {
            problems.append(.init(line: i + 1, message: .init(uk: "\(email): не зареєстровано на подію", en: "\(email): is not registered for the event")))
        }
        if !problems.isEmpty { throw HromadaError(.validationFailed, lineProblems: problems) }
        let ids = emails.compactMap { holders[$0] }
        let requestID = context.requestID
        let result = try await services.pool.transaction { db in
            try EventStore.setAttendance(db, eventID: id, n: n, present: ids, by: caller.id, centre: session.centre, requestID: requestID)
        }
        return try .json(AttendanceReport(session: n, present: result.present, added: result.added, removed: result.removed))
    }
}
