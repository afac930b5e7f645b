import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// Quiz attempts, manual grading and regrading.
struct AssessmentController: Controller {
    let services: AppServices
    var store: AttemptStore { services.attempts }

    var endpoints: [Endpoint] {
        [
            .post("/enrolments/{id}/quizzes/{quiz_id}/attempts", start),
            .get("/enrolments/{id}/quizzes/{quiz_id}/attempts", signedIn(attempts)),
            .get("/attempts/{id}", signedIn { try Self.respond(try await view(try await visible($0.context, caller: $0.caller).id, caller: $0.caller)) }),
            .put("/attempts/{id}/answers", saveAnswers),
            .post("/attempts/{id}/submit", submit),
            .get("/grading", signedIn(gradingQueue)),
            .post("/attempts/{id}/grades", signedIn(grade)),
            .post("/courses/{slug}/regrade", signedIn(regrade)),
        ]
    }

    /// Starts an attempt, or returns the one in progress. Not ``signedIn(_:)``: one trip to a
    /// connection, two network round trips: the transaction's BEGIN, the caller, the locked enrolment
    /// and its attempt count in one pipeline; the insert, the enrolment's move to in_progress and the
    /// COMMIT in the next. The view only reads.
    @Sendable func start(_ request: Request, _ context: AppContext) async throws -> Response {
        let token = try Authenticator.requireToken(request)
        let enrolment = try context.id()
        let quizID = try context.text("quiz_id")
        let store = self.store
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

    /// A quiz's attempts in an enrolment, those past their deadline closed first.
    @Sendable func attempts(_ signedIn: SignedIn) async throws -> Response {
        let id = try signedIn.context.id()
        let quizID = try signedIn.context.text("quiz_id")
        let found = try await services.pool.withConnection { try AttemptStore.quizOwner($0, enrolmentID: id, quizID: quizID) }
        guard let (owner, known) = found else { throw HromadaError(.notFound) }
        try Policy.require(.readUser(owner), for: signedIn.caller.principal)
        guard known else {
            throw HromadaError(.notFound, detail: .init(uk: "У цьому курсі немає тесту «\(quizID)».", en: "This course has no quiz '\(quizID)'."))
        }
        // Close what ran out of time first, so the list never shows a stale "in progress".
        let store = self.store
        let overdue = try await services.pool.withConnection { try AttemptStore.overdue($0, enrolmentID: id, quizID: quizID) }
        for attempt in overdue {
            try await services.pool.transaction { try store.close($0, attemptID: attempt, by: .deadline) }
        }
        let items = try await services.pool.withConnection { try AttemptStore.list($0, enrolmentID: id, quizID: quizID) }
        return try .json(try Page(items, Query(request: signedIn.request)) { $0.id.lowercasedText })
    }

    /// The hottest call of an exam. Not ``signedIn(_:)``: the caller and the attempt are read in one
    /// network round trip (a pipeline of two statements), then the save, on one connection. A missing
    /// token still answers 401 before a bad body's 400.
    @Sendable func saveAnswers(_ request: Request, _ context: AppContext) async throws -> Response {
        let token = try Authenticator.requireToken(request)
        let body: Result<AnswersRequest, any Error>
        do { body = .success(try await services.body.decode(AnswersRequest.self, from: request)) } catch { body = .failure(error) }
        let id = try context.id()
        let store = self.store
        let saved = try await services.pool.withConnection { db -> AttemptStore.Saved? in
            guard let session = SessionStore.userStatement(token: token) else { throw Authenticator.unknownToken }
            let lookup = store.findStatement(id: id, answers: false)
            let rows = try db.pipeline([session, lookup.statement])
            guard let caller = try SessionStore.user(from: rows[0]) else { throw Authenticator.unknownToken }
            guard let answers = try body.get().answers else { throw HromadaError.validation([.required("answers")]) }
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

    /// Not ``signedIn(_:)``: the caller and the attempt are read on one connection.
    @Sendable func submit(_ request: Request, _ context: AppContext) async throws -> Response {
        let token = try Authenticator.requireToken(request)
        let id = try context.id()
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

    /// Essays waiting for a grade in the courses the caller trains (every course for the admin),
    /// never the caller's own.
    @Sendable func gradingQueue(_ signedIn: SignedIn) async throws -> Response {
        let caller = signedIn.caller
        guard caller.roles.contains(.trainer) || caller.principal.isAdmin else { throw HromadaError(.forbidden) }
        let query = Query(request: signedIn.request)
        let limit = try query.limit()
        let after = try query.cursor()
        let course = query.string("course")
        let trainer: UUID? = caller.principal.isAdmin ? nil : caller.id
        let store = self.store
        let items = try await services.pool.withConnection {
            try store.queue($0, trainerID: trainer, excluding: caller.id, course: course, limit: limit + 1, after: after)
        }
        let page = Array(items.prefix(limit))
        return try .json(Page(items: page, nextCursor: items.count > limit ? page.last.map { Query.cursor(for: $0.attemptID) } : nil))
    }

    @Sendable func grade(_ signedIn: SignedIn) async throws -> Response {
        let (caller, context) = (signedIn.caller, signedIn.context)
        let body = try await services.body.decode(GradeRequest.self, from: signedIn.request)
        var problems: [HromadaError.FieldProblem] = []
        if body.questionID == nil { problems.append(.required("question_id")) }
        if body.points == nil { problems.append(.required("points")) }
        if let comment = body.comment, comment.count > 10_000 {
            problems.append(.init(field: "comment", message: .init(uk: "щонайбільше 10 000 символів", en: "at most 10,000 characters")))
        }
        guard problems.isEmpty, let questionID = body.questionID, let points = body.points else { throw HromadaError.validation(problems) }
        let attempt = try await visible(context, caller: caller)
        let trainer = try await services.pool.withConnection { try AttemptStore.isTrainer($0, userID: caller.id, slug: attempt.slug) }
        // Nobody grades their own attempt, trainer or admin.
        try Policy.require(.gradeAttempt(owner: attempt.owner.userID, courseTrainer: trainer), for: caller.principal)
        let requestID = context.requestID
        let store = self.store
        try await services.pool.transaction { db in
            try store.gradeEssay(db, attemptID: attempt.id, questionID: questionID, points: points,
                                 comment: body.comment ?? "", by: caller.id, requestID: requestID)
        }
        await services.issueCertificates(enrolment: attempt.enrolmentID)
        return try Self.respond(try await view(attempt.id, caller: caller))
    }

    @Sendable func regrade(_ signedIn: SignedIn) async throws -> Response {
        let (caller, context) = (signedIn.caller, signedIn.context)
        let body = try await services.body.decode(RegradeRequest.self, from: signedIn.request)
        let slug = try context.text("slug")
        let problems = [("from_version", body.fromVersion), ("to_version", body.toVersion), ("quiz_id", body.quizID)]
            .filter { $0.1?.isEmpty ?? true }
            .map { HromadaError.FieldProblem.required($0.0) }
        guard problems.isEmpty, let from = body.fromVersion, let to = body.toVersion, let quizID = body.quizID else {
            throw HromadaError.validation(problems)
        }
        let (exists, trainer) = try await services.pool.withConnection { db in
            (try CourseStore.exists(db, slug: slug), try AttemptStore.isTrainer(db, userID: caller.id, slug: slug))
        }
        guard exists else { throw HromadaError(.notFound) }
        try Policy.require(.gradeCourse(courseTrainer: trainer), for: caller.principal)
        let requestID = context.requestID
        let store = self.store
        let report = try await services.pool.transaction { db in
            try store.regrade(db, slug: slug, from: from, to: to, quizID: quizID, by: caller.id, requestID: requestID)
        }
        if !report.newlyCompleted.isEmpty { await services.issueCertificates() }
        return try .json(report)
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
        let id = try context.id()
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

    /// An attempt's view as the response body: written directly while in progress (see
    /// ``HromadaAPI/Attempt/jsonBytes``), through the API's encoder once it carries a review.
    static func respond(_ view: Attempt, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let bytes = view.jsonBytes else { return try .json(view, status: status) }
        return .json(raw: bytes, status: status)
    }
}
