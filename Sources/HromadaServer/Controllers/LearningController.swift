import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// Enrolment, lessons, progress and the CPD ledger.
struct LearningController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [
            .post("/courses/{slug}/enrolments", signedIn(enrol)),
            .get("/me/enrolments", signedIn(myEnrolments)),
            .get("/enrolments/{id}", signedIn { try .json(try await visible($0.context, caller: $0.caller).enrolment) }),
            .delete("/enrolments/{id}", signedIn(withdraw)),
            .post("/enrolments/{id}/upgrade", signedIn(upgrade)),
            .get("/enrolments/{id}/lessons/{lesson_id}", lesson),
            .post("/enrolments/{id}/lessons/{lesson_id}/complete", signedIn(completeLesson)),
            .get("/me/cpd", signedIn { try .json(try await cpd(userID: $0.caller.id, $0.request)) }),
            .get("/users/{id}/cpd", signedIn(userCPD)),
        ]
    }

    @Sendable func enrol(_ signedIn: SignedIn) async throws -> Response {
        let caller = signedIn.caller
        let slug = try signedIn.context.text("slug")
        let requestID = signedIn.context.requestID
        let (id, created) = try await services.pool.transaction { db -> (UUID, Bool) in
            // The course's trainers and the admin see its drafts, and may take the newest as a learner to
            // try it before release (even without the learner role); everyone else the released versions.
            let drafts = try CourseStore.seesDrafts(db, caller: caller, slug: slug)
            if !caller.roles.contains(.learner) {
                guard drafts, let (newest, _) = try CourseStore.course(db, slug: slug, version: nil, drafts: true),
                      try CourseStore.isDraft(db, versionID: newest) else {
                    throw HromadaError(.forbidden, detail: .init(uk: "Записатися на курс може лише слухач.", en: "Only learners can enrol."))
                }
            }
            guard let (id, created) = try EnrolmentStore.enrol(db, userID: caller.id, slug: slug, drafts: drafts) else {
                throw HromadaError(.notFound)
            }
            if created {
                try AuditLog.append(db, .init(actor: caller.id, action: "enrolment.create", subjectType: "enrolment",
                                              subjectID: id.lowercasedText, centre: caller.centre, details: ["course": slug]), requestID: requestID)
            }
            return (id, created)
        }
        return try .json(try await enrolment(id).enrolment, status: created ? .created : .ok)
    }

    @Sendable func myEnrolments(_ signedIn: SignedIn) async throws -> Response {
        let caller = signedIn.caller
        let query = Query(request: signedIn.request)
        return try .json(try await services.pool.withConnection { db in
            // The page of ids first, then only those enrolments read in full.
            let ids = try Page(try EnrolmentStore.ids(db, userID: caller.id), query) { $0.lowercasedText }
            return Page(items: try ids.items.compactMap { try EnrolmentStore.find(db, id: $0)?.enrolment }, nextCursor: ids.nextCursor)
        })
    }

    @Sendable func withdraw(_ signedIn: SignedIn) async throws -> Response {
        let caller = signedIn.caller
        let e = try await visible(signedIn.context, caller: caller)
        guard e.enrolment.userID == caller.id || caller.principal.administers(centre: e.learnerCentre) else { throw HromadaError(.forbidden) }
        try await services.pool.transaction { db in
            try EnrolmentStore.withdraw(db, enrolmentID: e.enrolment.id)
            try AuditLog.append(db, .init(actor: caller.id, action: "enrolment.withdraw", subjectType: "enrolment", subjectID: e.enrolment.id.lowercasedText))
        }
        return try .json(try await enrolment(e.enrolment.id).enrolment)
    }

    @Sendable func upgrade(_ signedIn: SignedIn) async throws -> Response {
        let caller = signedIn.caller
        let e = try await visible(signedIn.context, caller: caller)
        try await services.pool.transaction { db in
            if try EnrolmentStore.upgrade(db, enrolmentID: e.enrolment.id) {
                try AuditLog.append(db, .init(actor: caller.id, action: "enrolment.upgrade", subjectType: "enrolment",
                                              subjectID: e.enrolment.id.lowercasedText, details: ["from": e.enrolment.course.version]))
            }
        }
        return try .json(try await enrolment(e.enrolment.id).enrolment)
    }

    /// The most frequent read. Not ``signedIn(_:)``: the caller, the enrolment's owner, the cohort's
    /// dates and the lesson come in one network round trip (four statements in a pipeline, sent with
    /// other requests' reads under load), authorised here.
    @Sendable func lesson(_ request: Request, _ context: AppContext) async throws -> Response {
        let token = try Authenticator.requireToken(request)
        let id = try context.id()
        let lessonID = try context.text("lesson_id")
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

    @Sendable func completeLesson(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request) = (signedIn.caller, signedIn.request)
        let e = try await visible(signedIn.context, caller: caller)
        guard e.enrolment.userID == caller.id else { throw HromadaError(.forbidden) }
        let lessonID = try signedIn.context.text("lesson_id")
        // A completion made offline comes with the time it was made; otherwise it is now.
        let bytes = try await services.body.bytes(request)
        var at: Date?
        if !bytes.isEmpty {
            try BodyDecoder.requireContentType(request, ["application/json"])
            at = try Self.completionTime(try BodyDecoder.decode(LessonCompletionRequest.self, from: bytes).completedAt, enrolledAt: e.enrolment.enrolledAt)
        }
        let known = try await services.pool.transaction { [at] db in
            try CohortStore.requireOpen(db, enrolmentID: e.enrolment.id)
            return try EnrolmentStore.completeLesson(db, enrolmentID: e.enrolment.id, lessonID: lessonID, at: at)
        }
        guard known else { throw HromadaError(.notFound) }
        await services.issueCertificates(enrolment: e.enrolment.id)
        return try .json(try await enrolment(e.enrolment.id).enrolment)
    }

    @Sendable func userCPD(_ signedIn: SignedIn) async throws -> Response {
        let id = try signedIn.context.id()
        guard let user = try await services.pool.withConnection({ try UserStore.find($0, id: id) }) else { throw HromadaError(.notFound) }
        try Policy.require(.readUser(user.subject), for: signedIn.caller.principal)
        return try .json(try await cpd(userID: id, signedIn.request))
    }

    /// A person's CPD ledger for `?year=` (this year in Kyiv by default).
    func cpd(userID: UUID, _ request: Request) async throws -> CPDRecord {
        let year = try Self.year(request)
        return try await services.pool.withConnection { try EnrolmentStore.cpd($0, userID: userID, year: year) }
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

    func enrolment(_ id: UUID) async throws -> EnrolmentStore.Found {
        guard let e = try await services.pool.withConnection({ try EnrolmentStore.find($0, id: id) }) else { throw HromadaError(.notFound) }
        return e
    }

    /// The enrolment named by `{id}` when the caller may see it (its learner, their centre's admin, the association admin).
    func visible(_ context: AppContext, caller: User) async throws -> EnrolmentStore.Found {
        let e = try await enrolment(try context.id())
        try Policy.require(.readUser(e.owner), for: caller.principal)
        return e
    }
}
