import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// Cohorts of a regional centre and the completion reports.
struct CohortController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [
            .post("/cohorts", signedIn(create)),
            .get("/cohorts/{id}", signedIn(cohort)),
            .post("/cohorts/{id}/members", signedIn(addMembers)),
            .get("/reports/completions", signedIn(report)),
        ]
    }

    @Sendable func cohort(_ signedIn: SignedIn) async throws -> Response {
        let id = try await visibleCohort(signedIn.context, caller: signedIn.caller)
        guard let cohort = try await services.pool.withConnection({ try CohortStore.find($0, id: id) }) else { throw HromadaError(.notFound) }
        return try .json(cohort)
    }

    /// The cohort's id when the caller administers its centre; 404 otherwise (another centre's cohort is not shown).
    func visibleCohort(_ context: AppContext, caller: User) async throws -> UUID {
        let id = try context.id()
        guard let centre = try await services.pool.withConnection({ try CohortStore.centre($0, id: id) }),
              Policy.decide(.manageCohort(centre: centre), for: caller.principal) == .allowed
        else { throw HromadaError(.notFound) }
        return id
    }

    static func date(_ value: String?, field: String, problems: inout [HromadaError.FieldProblem]) -> Date? {
        guard let value else {
            problems.append(.required(field))
            return nil
        }
        guard Timestamp.isCalendarDate(value), let d = try? Date(value + "T00:00:00Z", strategy: .iso8601) else {
            problems.append(.init(field: field, message: .init(uk: "має бути датою РРРР-ММ-ДД", en: "must be a date YYYY-MM-DD")))
            return nil
        }
        return d
    }

    @Sendable func create(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let (body, raw) = try await services.body.decodeKeepingBytes(CohortCreation.self, from: request)
        var problems: [HromadaError.FieldProblem] = []
        let centre = (body.centre ?? caller.centre).uppercased()
        let title: String
        switch TextRules.clean(body.title ?? "", field: "title") {
        case .success(let t): title = t
        case .failure(let p): problems.append(p); title = ""
        }
        let course = body.course ?? ""
        if course.isEmpty { problems.append(.required("course")) }
        let starts = Self.date(body.startsOn, field: "starts_on", problems: &problems)
        let ends = Self.date(body.endsOn, field: "ends_on", problems: &problems)
        if let starts, let ends, ends < starts {
            problems.append(.init(field: "ends_on", message: .init(uk: "не може бути раніше за starts_on", en: "must not be before starts_on")))
        }
        guard problems.isEmpty, let startsOn = body.startsOn, let endsOn = body.endsOn else { throw HromadaError.validation(problems) }
        try Policy.require(.manageCohort(centre: centre), for: caller.principal)
        let requestID = context.requestID
        // A retry with the same Idempotency-Key gets the first cohort, not a second one.
        return try await Idempotency(pool: services.pool).run(request: request, userID: caller.id, body: raw) { db in
            let id = try CohortStore.create(db, centre: centre, slug: course, title: title, startsOn: startsOn, endsOn: endsOn, by: caller.id)
            try AuditLog.append(db, .init(actor: caller.id, action: "cohort.create", subjectType: "cohort",
                                          subjectID: id.lowercasedText, centre: centre, details: ["course": course]), requestID: requestID)
            guard let cohort = try CohortStore.find(db, id: id) else { throw HromadaError(.notFound) }
            return try .json(cohort, status: .created)
        }
    }

    @Sendable func addMembers(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let dryRun = try Query(request: request).bool("dry_run") ?? false
        _ = try Idempotency.key(request)
        let id = try await visibleCohort(context, caller: caller)
        let centre = try await services.pool.withConnection { try CohortStore.centre($0, id: id) } ?? ""
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        var people: [(line: Int, email: String, details: NewUser?)] = []
        let raw: [UInt8]
        if type == "text/csv" {
            let text = try await services.body.text(request, accepting: ["text/csv"])
            raw = Array(text.utf8)
            people = try UserImport.parse(csv: text, centre: centre).get().map { ($0.line, $0.person.email, $0.person) }
        } else {
            raw = try await services.body.bytes(request)
            try BodyDecoder.requireContentType(request, ["application/json", "text/csv"])
            let body = try BodyDecoder.decode(EmailList.self, from: raw)
            var problems: [HromadaError.LineProblem] = []
            for (n, email) in (body.emails ?? []).enumerated() {
                switch TextRules.email(email) {
                case .success(let e): people.append((n + 1, e, nil))
                case .failure(let p): problems.append(.init(line: n + 1, message: .init(uk: "\(email): \(p.message.uk)", en: "\(email): \(p.message.en)")))
                }
            }
            if body.emails?.isEmpty ?? true { problems.append(.init(line: 1, message: .init(uk: "список адрес порожній", en: "the list of emails is empty"))) }
            if !problems.isEmpty { throw HromadaError(.validationFailed, lineProblems: problems) }
        }
        let admin = caller.principal.isAdmin
        let requestID = context.requestID
        let frozen = people
        if dryRun {
            // Everything is checked exactly as for real, then rolled back: a client can vet a long
            // file whole before sending it in parts.
            struct DryRun: Error { let result: CohortStore.AddResult }
            do {
                try await services.pool.transaction { db in
                    throw DryRun(result: try CohortStore.addMembers(db, cohortID: id, people: frozen, allowOtherCentres: admin))
                }
            } catch let dry as DryRun {
                return try .json(CohortMembersResult(dry.result, dryRun: true))
            }
        }
        let invitations = Invitations(configuration: services.configuration)
        return try await Idempotency(pool: services.pool).run(request: request, userID: caller.id, body: raw) { db in
            let result = try CohortStore.addMembers(db, cohortID: id, people: frozen, allowOtherCentres: admin)
            // The people created from the CSV have no password: each is invited, in this transaction.
            try invitations.send(db, to: result.createdUsers, language: .uk)
            try AuditLog.append(db, .init(actor: caller.id, action: "cohort.members", subjectType: "cohort", subjectID: id.lowercasedText,
                                          centre: centre, details: ["created": String(result.created), "enrolled": String(result.enrolled)]),
                                requestID: requestID)
            return try StoredResponse.json(CohortMembersResult(result))
        }
    }

    @Sendable func report(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request) = (signedIn.caller, signedIn.request)
        let query = Query(request: request)
        let centre = try query.centre() ?? (caller.principal.isAdmin ? nil : caller.centre)
        try Policy.require(.readReports(centre: centre), for: caller.principal)
        var problems: [HromadaError.FieldProblem] = []
        for key in ["from", "to"] { if let v = query.string(key) { _ = Self.date(v, field: key, problems: &problems) } }
        // `?separator=semicolon`: CSV as a spreadsheet set to Ukrainian reads it (`;`, decimal comma).
        let semicolons: Bool
        switch query.string("separator") {
        case nil, "comma": semicolons = false
        case "semicolon": semicolons = true
        default:
            semicolons = false
            problems.append(.init(field: "separator", message: .init(uk: "має бути comma або semicolon", en: "must be comma or semicolon")))
        }
        if !problems.isEmpty { throw HromadaError(.malformedRequest, fieldProblems: problems) }
        let (course, hromada, from, to) = (query.string("course"), query.string("hromada"), query.string("from"), query.string("to"))
        let rows = try await services.reportsPool.withConnection {
            try ReportStore.completions($0, centre: centre, course: course, hromada: hromada, from: from, to: to)
        }
        if Self.prefersCSV(request.headers[.accept] ?? "") {
            return Response(status: .ok, headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"completions.csv\"",
            ], body: .init(byteBuffer: ByteBuffer(string: ReportStore.csv(rows, semicolons: semicolons))))
        }
        // JSON in pages (the CSV export holds every row).
        return try .json(try Page(rows, query) { "\($0.centre)\u{0}\($0.course)\u{0}\($0.hromada)" })
    }

    /// Whether `Accept` asks for CSV before JSON: by its q-values (an absent q is 1; on a tie, the
    /// first listed wins), so `application/json;q=0.5, text/csv;q=0.1` gets JSON.
    static func prefersCSV(_ accept: String) -> Bool {
        func weight(_ type: String) -> (q: Double, at: Int)? {
            for (at, range) in accept.split(separator: ",").enumerated() {
                let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard parts.first == type else { continue }
                let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
                return (q, at)
            }
            return nil
        }
        guard let csv = weight("text/csv"), csv.q > 0 else { return false }
        guard let json = weight("application/json") else { return true }
        return csv.q > json.q || (csv.q == json.q && csv.at < json.at)
    }
}

extension CohortMembersResult {
    /// The answer for what the store did; `dryRun` only on a dry run's.
    init(_ result: CohortStore.AddResult, dryRun: Bool? = nil) {
        self.init(created: result.created, enrolled: result.enrolled, alreadyEnrolled: result.alreadyEnrolled,
                  errors: result.errors, dryRun: dryRun)
    }
}
