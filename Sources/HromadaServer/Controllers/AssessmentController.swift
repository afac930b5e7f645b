import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaStorage

/// Quiz attempts, manual grading and regrading.
struct AssessmentController {
    let services: AppServices
    var auth: Authenticator { Authenticator(pool: services.pool) }
    var store: AttemptStore { services.attempts }

    struct AnswersBody: RequestBody {
        static let keys: Set<String> = ["answers"]
        var answers: [String: JSONValue]?
    }

    struct GradeBody: RequestBody {
        static let keys: Set<String> = ["question_id", "points", "comment"]
        var questionID: String?
        var points: Double?
        var comment: String?
        enum CodingKeys: String, CodingKey { case points, comment, questionID = "question_id" }
    }

    struct RegradeBody: RequestBody {
        static let keys: Set<String> = ["from_version", "to_version", "quiz_id"]
        var fromVersion, toVersion, quizID: String?
        enum CodingKeys: String, CodingKey {
            case fromVersion = "from_version"
            case toVersion = "to_version"
            case quizID = "quiz_id"
        }
    }

    func register(_ routes: inout Routes) {
        routes.post("/api/v1/enrolments/{id}/quizzes/{quiz_id}/attempts") { request, context in
            let token = try Authenticator.requireToken(request)
            guard let enrolment = context.parameters.get("id").flatMap(UUID.init(text:)) else { throw HromadaError(.notFound) }
            let quizID = context.parameters.get("quiz_id") ?? ""
            let store = self.store
            // One trip to a connection, two network round trips: the transaction's BEGIN, the caller,
            // the locked enrolment and its attempt count in one pipeline; the insert, the
            // enrolment's move to in_progress and the COMMIT in the next. The view only reads.
            guard let session = SessionStore.userStatement(token: token) else { throw Authenticator.unknownToken }
            let (view, created) = try await services.pool.transaction(deferBegin: true) { db in
                let (attempt, created) = try store.start(db, enrolmentID: enrolment, quizID: quizID, with: session, commit: true) { owner, rows in
                    guard let caller = try SessionStore.user(from: rows) else { throw Authenticator.unknownToken }
                    if let owner { try Policy.require(.takeQuiz(owner: owner), for: caller.principal) }
                }
                return (try store.view(db, attempt, fullReview: false), created)
            }
            return try Self.respond(view, status: created ? .created : .ok)
        }
        routes.get("/api/v1/enrolments/{id}/quizzes/{quiz_id}/attempts") { request, context in
            let caller = try await auth.user(request)
            guard let id = context.parameters.get("id").flatMap(UUID.init(text:)) else { throw HromadaError(.notFound) }
            let quizID = context.parameters.get("quiz_id") ?? ""
            let found = try await services.pool.withConnection { db -> (Policy.Subject, Bool)? in
                // A quiz is known when the enrolment's version has it, or when attempts of it remain
                // from a version before an upgrade.
                try db.execute("""
                    SELECT e.user_id, u.centre,
                           EXISTS (SELECT 1 FROM course_quizzes q WHERE q.version_id = e.version_id AND q.id = \(quizID))
                           OR EXISTS (SELECT 1 FROM attempts a WHERE a.enrolment_id = e.id AND a.quiz_id = \(quizID)) AS known
                    FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.id = \(id)
                    """).first
                    .map { (Policy.Subject(userID: try $0.decode("user_id"), centre: try $0.decode("centre")), try $0.decode(Bool.self, "known")) }
            }
            guard let (owner, known) = found else { throw HromadaError(.notFound) }
            try Policy.require(.readUser(owner), for: caller.principal)
            guard known else {
                throw HromadaError(.notFound, detail: .init(uk: "У цьому курсі немає тесту «\(quizID)».", en: "This course has no quiz '\(quizID)'."))
            }
            // Close what ran out of time first, so the list never shows a stale "in progress".
            let overdue = try await services.pool.withConnection { db in
                try db.execute("""
                    SELECT id FROM attempts WHERE enrolment_id = \(id) AND quiz_id = \(quizID) AND state = 'in_progress' AND deadline <= now()
                    """).map { try $0.decode(UUID.self, "id") }
            }
            for attempt in overdue {
                try await services.pool.transaction { try store.close($0, attemptID: attempt, by: .deadline) }
            }
            let items = try await services.pool.withConnection { db in
                try db.execute("""
                    SELECT id, number, state, started_at, deadline, submitted_at, percent::float8 AS percent, passed
                    FROM attempts WHERE enrolment_id = \(id) AND quiz_id = \(quizID) ORDER BY number
                    """).map {
                    AttemptSummary(id: try $0.decode("id"), number: try $0.decode("number"),
                                   state: Attempt.State(rawValue: try $0.decode("state"))!, startedAt: try $0.decode("started_at"),
                                   deadline: try $0.decode(Date?.self, "deadline"), submittedAt: try $0.decode(Date?.self, "submitted_at"),
                                   percent: try $0.decode(Double?.self, "percent"), passed: try $0.decode(Bool?.self, "passed"))
                }
            }
            return try .json(try Page(items, Query(request: request)) { $0.id.lowercasedText })
        }
        routes.get("/api/v1/attempts/{id}") { request, context in
            let caller = try await auth.user(request)
            let attempt = try await visible(context, caller: caller)
            return try Self.respond(try await view(attempt.id, caller: caller))
        }
        routes.put("/api/v1/attempts/{id}/answers") { request, context in
            // The hottest call of an exam: the caller and the attempt are read in one network
            // round trip (a pipeline of two statements), then the save, on one connection.
            // A missing token still answers 401 before a bad body's 400.
            let token = try Authenticator.requireToken(request)
            let body: Result<AnswersBody, any Error>
            do { body = .success(try await services.body.decode(AnswersBody.self, from: request)) } catch { body = .failure(error) }
            let id = try attemptID(context)
            let store = self.store
            let saved = try await services.pool.withConnection { db -> AttemptStore.Saved? in
                guard let session = SessionStore.userStatement(token: token) else { throw Authenticator.unknownToken }
                let lookup = store.findStatement(id: id, answers: false)
                let rows = try db.pipeline([session, lookup.statement])
                guard let caller = try SessionStore.user(from: rows[0]) else { throw Authenticator.unknownToken }
                guard let answers = try body.get().answers else {
                    throw HromadaError.validation(field: "answers", .init(uk: "обовʼязкове поле", en: "is required"))
                }
                let attempt = try Self.visible(db, store, found: store.found(lookup, rows: rows[1]), caller: caller)
                try Policy.require(.takeQuiz(owner: attempt.owner), for: caller.principal)
                // Past its deadline: closed below, as the sweep would have, and the answers refused.
                if attempt.overdue { return nil }
                return try store.saveAnswers(db, attempt: attempt, answers: answers)
            }
            guard let saved else {
                try await services.pool.transaction { try store.close($0, attemptID: id, by: .deadline) }
                throw AttemptStore.timeIsUp
            }
            // The merged answers go out as PostgreSQL wrote them; the rest is encoded as usual.
            let bytes = try SavedAnswers.json(id: saved.id, state: saved.state, deadline: saved.deadline,
                                              secondsLeft: saved.secondsLeft, answersJSON: saved.answersJSON)
            return StoredResponse(status: .ok, contentType: "application/json", body: bytes).response
        }
        routes.post("/api/v1/attempts/{id}/submit") { request, context in
            let token = try Authenticator.requireToken(request)
            let id = try attemptID(context)
            let store = self.store
            let (caller, attempt) = try await services.pool.withConnection { db in
                let caller = try Authenticator.user(db, token: token)
                let attempt = try Self.visible(db, store, id: id, caller: caller)
                try Policy.require(.takeQuiz(owner: attempt.owner), for: caller.principal)
                return (caller, attempt)
            }
            let owed = try await services.pool.transaction { db in
                try store.submit(db, attemptID: attempt.id)
                return try CertificateStore.isOwed(db, enrolmentID: attempt.enrolmentID)
            }
            if owed { await services.issueCertificates(enrolment: attempt.enrolmentID) }
            return try Self.respond(try await view(attempt.id, caller: caller))
        }
        routes.get("/api/v1/grading") { request, _ in
            let caller = try await auth.user(request)
            guard caller.roles.contains(.trainer) || caller.principal.isAdmin else { throw HromadaError(.forbidden) }
            let query = Query(request: request)
            let limit = try query.limit()
            let after = try query.cursor()
            let course = query.string("course")
            let trainer: UUID? = caller.principal.isAdmin ? nil : caller.id
            let items = try await services.pool.withConnection {
                try store.queue($0, trainerID: trainer, excluding: caller.id, course: course, limit: limit + 1, after: after)
            }
            let page = Array(items.prefix(limit))
            return try .json(Page(items: page, nextCursor: items.count > limit ? page.last.map { Query.cursor(for: $0.attemptID) } : nil))
        }
        routes.post("/api/v1/attempts/{id}/grades") { request, context in
            let caller = try await auth.user(request)
            let body = try await services.body.decode(GradeBody.self, from: request)
            var problems: [HromadaError.FieldProblem] = []
            if body.questionID == nil { problems.append(.init(field: "question_id", message: .init(uk: "обовʼязкове поле", en: "is required"))) }
            if body.points == nil { problems.append(.init(field: "points", message: .init(uk: "обовʼязкове поле", en: "is required"))) }
            if let comment = body.comment, comment.count > 10_000 {
                problems.append(.init(field: "comment", message: .init(uk: "щонайбільше 10 000 символів", en: "at most 10,000 characters")))
            }
            guard problems.isEmpty, let questionID = body.questionID, let points = body.points else { throw HromadaError.validation(problems) }
            let attempt = try await visible(context, caller: caller)
            let trainer = try await services.pool.withConnection { try AttemptStore.isTrainer($0, userID: caller.id, slug: attempt.slug) }
            // Nobody grades their own attempt, trainer or admin.
            try Policy.require(.gradeAttempt(owner: attempt.owner.userID, courseTrainer: trainer), for: caller.principal)
            let requestID = context.requestID
            try await services.pool.transaction { db in
                try store.gradeEssay(db, attemptID: attempt.id, questionID: questionID, points: points,
                                     comment: body.comment ?? "", by: caller.id, requestID: requestID)
            }
            await services.issueCertificates(enrolment: attempt.enrolmentID)
            return try Self.respond(try await view(attempt.id, caller: caller))
        }
        routes.post("/api/v1/courses/{slug}/regrade") { request, context in
            let caller = try await auth.user(request)
            let body = try await services.body.decode(RegradeBody.self, from: request)
            let slug = context.parameters.get("slug") ?? ""
            let problems = [("from_version", body.fromVersion), ("to_version", body.toVersion), ("quiz_id", body.quizID)]
                .filter { $0.1?.isEmpty ?? true }
                .map { HromadaError.FieldProblem(field: $0.0, message: .init(uk: "обовʼязкове поле", en: "is required")) }
            guard problems.isEmpty, let from = body.fromVersion, let to = body.toVersion, let quizID = body.quizID else {
                throw HromadaError.validation(problems)
            }
            let (exists, trainer) = try await services.pool.withConnection { db in
                (try !db.execute("SELECT 1 FROM courses WHERE slug = \(slug)").isEmpty,
                 try AttemptStore.isTrainer(db, userID: caller.id, slug: slug))
            }
            guard exists else { throw HromadaError(.notFound) }
            try Policy.require(.gradeCourse(courseTrainer: trainer), for: caller.principal)
            let requestID = context.requestID
            let report = try await services.pool.transaction { db in
                try store.regrade(db, slug: slug, from: from, to: to, quizID: quizID, by: caller.id, requestID: requestID)
            }
            if !report.newlyCompleted.isEmpty { await services.issueCertificates() }
            return try .json(report)
        }
    }

    /// The attempt's view for `caller`; an attempt past its deadline is closed first (as the sweep would).
    func view(_ id: UUID, caller: User) async throws -> Attempt {
        let store = self.store
        let read = { @Sendable (db: PGConnection) throws -> Attempt? in
            guard let attempt = try store.find(db, id: id) else { throw HromadaError(.notFound) }
            if attempt.overdue { return nil }
            return try store.view(db, attempt, fullReview: attempt.owner.userID != caller.id)
        }
        if let view = try await services.pool.withConnection(read) { return view }
        try await services.pool.transaction { try store.close($0, attemptID: id, by: .deadline) }
        guard let view = try await services.pool.withConnection(read) else { throw HromadaError(.internalError, reason: "attempt still overdue after closing") }
        return view
    }

    /// The attempt named by `{id}` when the caller may see it: its learner, their centre's admins, the
    /// association admin, the course's trainers. Others get 404. Its saved answers are not read.
    func visible(_ context: AppContext, caller: User) async throws -> AttemptStore.Stored {
        let id = try attemptID(context)
        let store = self.store
        return try await services.pool.withConnection { db in try Self.visible(db, store, id: id, caller: caller) }
    }

    static func visible(_ db: PGConnection, _ store: AttemptStore, id: UUID, caller: User) throws -> AttemptStore.Stored {
        try visible(db, store, found: store.find(db, id: id, answers: false), caller: caller)
    }

    /// The attempt, when `caller` may see it (its owner, a trainer of its course, an administrator).
    static func visible(_ db: PGConnection, _ store: AttemptStore, found: AttemptStore.Stored?, caller: User) throws -> AttemptStore.Stored {
        guard let attempt = found else { throw HromadaError(.notFound) }
        let trainer = attempt.owner.userID != caller.id && caller.roles.contains(.trainer)
            ? try AttemptStore.isTrainer(db, userID: caller.id, slug: attempt.slug) : false
        try Policy.require(.readAttempt(owner: attempt.owner, courseTrainer: trainer), for: caller.principal)
        return attempt
    }

    func attemptID(_ context: AppContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(text:)) else { throw HromadaError(.notFound) }
        return id
    }

    /// An attempt's view as the response body: written directly while in progress (see
    /// ``HromadaAPI/Attempt/jsonBytes``), through the API's encoder once it carries a review.
    static func respond(_ view: Attempt, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let bytes = view.jsonBytes else { return try .json(view, status: status) }
        return .json(raw: bytes, status: status)
    }
}
