import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaStorage

/// Enrolment, lessons, progress and the CPD ledger.
struct LearningController {
    let services: AppServices
    var auth: Authenticator { Authenticator(pool: services.pool) }

    func register(_ routes: inout Routes) {
        routes.post("/api/v1/courses/{slug}/enrolments") { request, context in
            let caller = try await auth.user(request)
            guard caller.roles.contains(.learner) else {
                throw HromadaError(.forbidden, detail: .init(uk: "Записатися на курс може лише слухач.", en: "Only learners can enrol."))
            }
            let slug = context.parameters.get("slug") ?? ""
            let requestID = context.requestID
            let (id, created) = try await services.pool.transaction { db -> (UUID, Bool) in
                guard let (id, created) = try EnrolmentStore.enrol(db, userID: caller.id, slug: slug) else {
                    throw HromadaError(.notFound)
                }
                if created {
                    try AuditLog.append(db, .init(actor: caller.id, action: "enrolment.create", subjectType: "enrolment",
                                                  subjectID: id.lowercasedText, centre: caller.centre, details: ["course": slug]), requestID: requestID)
                }
                return (id, created)
            }
            return try .json(try await enrolment(id), status: created ? .created : .ok)
        }
        routes.get("/api/v1/me/enrolments") { request, _ in
            let caller = try await auth.user(request)
            let query = Query(request: request)
            return try .json(try await services.pool.withConnection { db in
                // The page of ids first, then only those enrolments read in full.
                let ids = try Page(try EnrolmentStore.ids(db, userID: caller.id), query) { $0.lowercasedText }
                return Page(items: try ids.items.compactMap { try EnrolmentStore.find(db, id: $0) }, nextCursor: ids.nextCursor)
            })
        }
        routes.get("/api/v1/enrolments/{id}") { request, context in
            let caller = try await auth.user(request)
            return try .json(try await visible(context, caller: caller))
        }
        routes.delete("/api/v1/enrolments/{id}") { request, context in
            let caller = try await auth.user(request)
            let e = try await visible(context, caller: caller)
            guard e.userID == caller.id || caller.principal.administers(centre: e.userCentre) else { throw HromadaError(.forbidden) }
            try await services.pool.transaction { db in
                try EnrolmentStore.withdraw(db, enrolmentID: e.id)
                try AuditLog.append(db, .init(actor: caller.id, action: "enrolment.withdraw", subjectType: "enrolment", subjectID: e.id.lowercasedText))
            }
            return try .json(try await enrolment(e.id))
        }
        routes.post("/api/v1/enrolments/{id}/upgrade") { request, context in
            let caller = try await auth.user(request)
            let e = try await visible(context, caller: caller)
            try await services.pool.transaction { db in
                if try EnrolmentStore.upgrade(db, enrolmentID: e.id) {
                    try AuditLog.append(db, .init(actor: caller.id, action: "enrolment.upgrade", subjectType: "enrolment",
                                                  subjectID: e.id.lowercasedText, details: ["from": e.course.version]))
                }
            }
            return try .json(try await enrolment(e.id))
        }
        routes.get("/api/v1/enrolments/{id}/lessons/{lesson_id}") { request, context in
            // The most frequent read: the caller, the enrolment's owner, the cohort's dates and the
            // lesson, in one network round trip (four statements in a pipeline, sent with other
            // requests' reads under load), authorised here.
            let token = try Authenticator.requireToken(request)
            guard let id = context.parameters.get("id").flatMap(UUID.init(text:)) else { throw HromadaError(.notFound) }
            let lessonID = context.parameters.get("lesson_id") ?? ""
            let statements = EnrolmentStore.lessonReadStatements(token: token, enrolmentID: id, lessonID: lessonID)
            var rows: [[PGRow]]?
            if let statements { rows = try await services.pool.read(statements) }
            let read = try EnrolmentStore.lessonRead(from: rows)
            guard let caller = read.caller else { throw Authenticator.unknownToken }
            guard let owner = read.owner else { throw HromadaError(.notFound) }
            try Policy.require(.readUser(owner), for: caller.principal)
            try CohortStore.requireOpen(rows: read.notStarted)
            guard let lesson = read.lesson else { throw HromadaError(.notFound) }
            return Response.json(raw: lesson)
        }
        routes.post("/api/v1/enrolments/{id}/lessons/{lesson_id}/complete") { request, context in
            let caller = try await auth.user(request)
            let e = try await visible(context, caller: caller)
            guard e.userID == caller.id else { throw HromadaError(.forbidden) }
            let lessonID = context.parameters.get("lesson_id") ?? ""
            // A completion made offline comes with the time it was made; otherwise it is now.
            let bytes = try await services.body.bytes(request)
            var at: Date?
            if !bytes.isEmpty {
                try BodyDecoder.requireContentType(request, ["application/json"])
                at = try Self.completionTime(try BodyDecoder.decode(CompleteBody.self, from: bytes).completedAt, enrolledAt: e.enrolledAt)
            }
            let known = try await services.pool.transaction { [at] db in
                try CohortStore.requireOpen(db, enrolmentID: e.id)
                return try EnrolmentStore.completeLesson(db, enrolmentID: e.id, lessonID: lessonID, at: at)
            }
            guard known else { throw HromadaError(.notFound) }
            await services.issueCertificates(enrolment: e.id)
            return try .json(try await enrolment(e.id))
        }
        routes.get("/api/v1/me/cpd") { request, _ in
            let caller = try await auth.user(request)
            let year = try Self.year(request)
            return try .json(try await services.pool.withConnection { try EnrolmentStore.cpd($0, userID: caller.id, year: year) })
        }
        routes.get("/api/v1/users/{id}/cpd") { request, context in
            let caller = try await auth.user(request)
            guard let id = context.parameters.get("id").flatMap(UUID.init(text:)),
                  let user = try await services.pool.withConnection({ try UserStore.find($0, id: id) })
            else { throw HromadaError(.notFound) }
            try Policy.require(.readUser(user.subject), for: caller.principal)
            let year = try Self.year(request)
            return try .json(try await services.pool.withConnection { try EnrolmentStore.cpd($0, userID: id, year: year) })
        }
    }

    struct CompleteBody: RequestBody {
        static let keys: Set<String> = ["completed_at"]
        var completedAt: String?
        enum CodingKeys: String, CodingKey { case completedAt = "completed_at" }
    }

    /// When an offline completion says it happened: RFC 3339, not after now (a few minutes of clock
    /// skew allowed) and not before the enrolment.
    static func completionTime(_ text: String?, enrolledAt: Date, now: Date = Date()) throws -> Date? {
        guard let text else { return nil }
        let problem = { (uk: String, en: String) in
            HromadaError.validation(field: "completed_at", .init(uk: uk, en: en))
        }
        guard Timestamp.isRFC3339(text), let date = (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text)) else {
            throw problem("має бути часом за RFC 3339, наприклад 2026-11-29T10:15:00Z", "must be an RFC 3339 time such as 2026-11-29T10:15:00Z")
        }
        if date > now.addingTimeInterval(300) { throw problem("не може бути в майбутньому", "cannot be in the future") }
        if date < enrolledAt.addingTimeInterval(-300) { throw problem("не може бути раніше за запис на курс", "cannot be before the enrolment") }
        return max(date, enrolledAt)
    }

    static func year(_ request: Request) throws -> Int {
        guard let raw = Query(request: request).string("year") else {
            return Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Europe/Kyiv")!, from: Date()).year!
        }
        guard let year = Int(raw), (2000...2100).contains(year) else {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "year", message: .init(uk: "має бути роком, наприклад 2026", en: "must be a year such as 2026"))])
        }
        return year
    }

    func enrolment(_ id: UUID) async throws -> EnrolmentStore.Enrolment {
        guard let e = try await services.pool.withConnection({ try EnrolmentStore.find($0, id: id) }) else { throw HromadaError(.notFound) }
        return e
    }

    /// The enrolment named by `{id}` when the caller may see it (its learner, their centre's admin, the association admin).
    func visible(_ context: AppContext, caller: User) async throws -> EnrolmentStore.Enrolment {
        guard let id = context.parameters.get("id").flatMap(UUID.init(text:)) else { throw HromadaError(.notFound) }
        let e = try await enrolment(id)
        try Policy.require(.readUser(e.owner), for: caller.principal)
        return e
    }
}
