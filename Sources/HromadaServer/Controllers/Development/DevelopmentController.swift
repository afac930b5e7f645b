import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaPostgres
import HromadaStorage

/// The professional-development record (spec/development.md): individual programmes, external
/// learning, the year's standing, the reports and accommodations. Routes are split by topic over
/// `DevelopmentController+*.swift`.
struct DevelopmentController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [
            .get("/me/plans/{year}", signedIn(myPlan)),
            .put("/me/plans/{year}", signedIn(savePlan)),
            .post("/me/plans/{year}/submit", signedIn(submitPlan)),
            .get("/plans", signedIn(listPlans)),
            .get("/plans/{id}", signedIn(plan)),
            .post("/plans/{id}/approve", signedIn { try await decide($0, approve: true) }),
            .post("/plans/{id}/return", signedIn { try await decide($0, approve: false) }),
            .post("/me/external-records", signedIn(addRecord)),
            .get("/me/external-records", signedIn(myRecords)),
            .get("/external-records", signedIn(listRecords)),
            .get("/external-records/{id}", signedIn(record)),
            .get("/external-records/{id}/evidence", signedIn { try await evidence($0, signature: false) }),
            .get("/external-records/{id}/evidence.p7s", signedIn { try await evidence($0, signature: true) }),
            .post("/external-records/{id}/recognise", signedIn(recognise)),
            .post("/external-records/{id}/reject", signedIn(reject)),
            .post("/external-records/{id}/withdraw", signedIn(withdraw)),
            .get("/me/development/{year}", ownStanding),
            .get("/users/{id}/development/{year}", signedIn(userStanding)),
            .get("/reports/development", signedIn(peopleReport)),
            .get("/reports/development/summary", signedIn(summaryReport)),
            .get("/reports/development/summary.pdf", signedIn(summaryPDF)),
            .get("/reports/development/due", signedIn(dueReport)),
            .put("/users/{id}/accommodations", signedIn(setAccommodations)),
        ]
    }

    // MARK: - Plans

    struct PlanBody: RequestBody {
        static let keys: Set<String> = ["items", "note"]
        var items: [JSONValue]?
        var note: String?
    }

    @Sendable func myPlan(_ signedIn: SignedIn) async throws -> Response {
        let year = try Self.year(signedIn.context)
        guard let plan = try await services.pool.withConnection({ try PlanStore.find($0, userID: signedIn.caller.id, year: year) }) else {
            throw HromadaError(.notFound, detail: .init(uk: "Програми на \(year) рік ще немає.", en: "There is no programme for \(year) yet."))
        }
        return try .json(Development.Plan(plan))
    }

    @Sendable func savePlan(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let year = try Self.year(context)
        let (body, raw) = try await services.body.decodeKeepingBytes(PlanBody.self, from: request)
        guard let rawItems = body.items else { throw HromadaError.validation([.required("items")]) }
        let items = try PlanItem.validate(rawItems).get()
        var note = ""
        if let text = body.note, !text.isEmpty {
            note = try TextRules.clean(text, field: "note", maxLength: PlanItem.maxNote).mapError { HromadaError.validation([$0]) }.get()
        }
        let (requestID, planNote) = (context.requestID, note)
        return try await Idempotency(pool: services.pool).run(request: request, userID: caller.id, body: raw) { db in
            let plan = try PlanStore.save(db, userID: caller.id, year: year, items: items, note: planNote)
            try AuditLog.append(db, .init(actor: caller.id, action: "plan.save", subjectType: "plan", subjectID: plan.id.lowercasedText,
                                          centre: caller.centre, details: ["revision": String(plan.current.revision), "year": String(year)]),
                                requestID: requestID)
            return try StoredResponse.json(Development.Plan(plan))
        }
    }

    @Sendable func submitPlan(_ signedIn: SignedIn) async throws -> Response {
        let (caller, context) = (signedIn.caller, signedIn.context)
        let year = try Self.year(context)
        let requestID = context.requestID
        let plan = try await services.pool.transaction { db in
            let plan = try PlanStore.submit(db, userID: caller.id, year: year)
            try AuditLog.append(db, .init(actor: caller.id, action: "plan.submit", subjectType: "plan", subjectID: plan.id.lowercasedText,
                                          centre: caller.centre, details: ["revision": String(plan.current.revision)]), requestID: requestID)
            return plan
        }
        return try .json(Development.Plan(plan))
    }

    @Sendable func plan(_ signedIn: SignedIn) async throws -> Response {
        let id = try signedIn.context.id()
        let plan = try await services.pool.withConnection { db -> DevelopmentPlan in
            guard let owner = try PlanStore.owner(db, planID: id) else { throw HromadaError(.notFound) }
            try Policy.require(.readUser(owner), for: signedIn.caller.principal)
            return try PlanStore.find(db, id: id)!
        }
        return try .json(Development.Plan(plan))
    }

    func decide(_ signedIn: SignedIn, approve: Bool) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let id = try context.id()
        let body = try await Self.optionalBody(Development.PlanDecision.self, request, services)
        var comment: String?
        if let text = body?.comment, !text.isEmpty {
            comment = try TextRules.clean(text, field: "comment", maxLength: 2000).mapError { HromadaError.validation([$0]) }.get()
        }
        if !approve && comment == nil {
            throw HromadaError.validation(field: "comment", .init(uk: "поясніть, що змінити", en: "say what to change"))
        }
        let (requestID, given) = (context.requestID, comment)
        let plan = try await services.pool.transaction { db in
            guard let owner = try PlanStore.owner(db, planID: id) else { throw HromadaError(.notFound) }
            try Policy.require(.keepRecord(owner), for: caller.principal)
            let plan = try PlanStore.decide(db, planID: id, approve: approve, comment: given, by: caller.id)
            try AuditLog.append(db, .init(actor: caller.id, action: approve ? "plan.approve" : "plan.return", subjectType: "plan",
                                          subjectID: id.lowercasedText, centre: owner.centre,
                                          details: ["revision": String(plan.current.revision)]), requestID: requestID)
            return plan
        }
        return try .json(Development.Plan(plan))
    }

    @Sendable func listPlans(_ signedIn: SignedIn) async throws -> Response {
        let query = Query(request: signedIn.request)
        try Policy.require(.readDevelopment, for: signedIn.caller.principal)
        let year = try Self.queryYear(query) ?? KyivCalendar.year(of: Date())
        let status = query.string("status")
        if let status, !["none", "draft", "submitted", "approved", "returned"].contains(status) {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "status", message: .init(
                uk: "має бути none, draft, submitted, approved або returned", en: "must be none, draft, submitted, approved or returned"))])
        }
        let limit = try query.limit()
        let after = try query.cursor()
        let rows = try await services.pool.withConnection { db in
            let filter = try filter(db, query, caller: signedIn.caller)
            return try PlanStore.list(db, year: year, status: status, filter: filter, after: after, limit: limit + 1)
        }
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { Query.cursor(for: $0.person.id) } : nil
        let items = page.map {
            Development.PlanListing(
                person: $0.person, hromada: $0.hromada, planID: $0.planID, revision: $0.revision, status: $0.status, submittedAt: $0.submittedAt)
        }
        return try .json(Page(items: items, nextCursor: next))
    }

    // MARK: - Shared

    /// The `{year}` of a path: a calendar year from 2000 to 2100; anything else names nothing (404).
    static func year(_ context: AppContext) throws -> Int {
        guard let text = context.parameters.get("year"), text.count == 4, let year = Int(text), (2000...2100).contains(year) else {
            throw HromadaError(.notFound)
        }
        return year
    }

    static func queryYear(_ query: Query) throws -> Int? {
        guard let text = query.string("year") else { return nil }
        guard text.count == 4, let year = Int(text), (2000...2100).contains(year) else {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "year", message: .init(
                uk: "має бути роком від 2000 до 2100", en: "must be a year from 2000 to 2100"))])
        }
        return year
    }

    /// A JSON body that may be left out entirely (no body, or no content type).
    static func optionalBody<T: RequestBody>(_ type: T.Type, _ request: Request, _ services: AppServices) async throws -> T? {
        if request.headers[.contentType] == nil, (request.headers[.contentLength].flatMap(Int.init) ?? 0) == 0 { return nil }
        return try await services.body.decode(type, from: request)
    }

    /// The caller's scope narrowed by `?hromada=` (code or name), `?raion=`, `?oblast=` (codes or names) and `?centre=`.
    func filter(_ db: PGConnection, _ query: Query, caller: User) throws -> DevelopmentFilter {
        guard let scope = Policy.scope(for: caller.principal) else { throw HromadaError(.forbidden) }
        var filter = DevelopmentFilter(scope: scope, centre: try query.centre())
        if let written = query.string("hromada"), !written.isEmpty { filter.hromada = try hromada(db, written).code }
        if let written = query.string("raion"), !written.isEmpty { filter.raion = try TerritoryStore.unit(db, written, category: .raion, field: "raion") }
        if let written = query.string("oblast"), !written.isEmpty { filter.oblast = try TerritoryStore.unit(db, written, category: .oblast, field: "oblast") }
        return filter
    }
}
