import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaPostgres
import HromadaPrint
import NIOPosix
import HromadaStorage

/// The year's standing, the development reports and accommodations.
extension DevelopmentController {
    func standing(_ signedIn: SignedIn, userID: UUID) async throws -> Response {
        let year = try Self.year(signedIn.context)
        guard let standing = try await services.pool.withConnection({ try DevelopmentStore.standing($0, userID: userID, year: year) }) else {
            throw HromadaError(.notFound)
        }
        return try .json(Development.Standing(standing))
    }

    /// A person's own year, read often (the terminal's `hromada development`, a portal's dashboard).
    /// Not ``signedIn(_:)``: the token's check and the five statements of the year go in one round trip,
    /// in the pool's shared read lane, as a lesson read does.
    @Sendable func ownStanding(_ request: Request, _ context: AppContext) async throws -> Response {
        let token = try Authenticator.requireToken(request)
        // A year that is not one is 404, but only once the token is known good (401 comes first, as
        // for every signed-in route); until then it asks for year 0, which has nothing.
        let year = try? Self.year(context)
        guard let statements = DevelopmentStore.ownStandingStatements(token: token, year: year ?? 0) else { throw Authenticator.unknownToken }
        let rows = try await services.pool.read(statements)
        guard try SessionStore.user(from: rows[0]) != nil else { throw Authenticator.unknownToken }
        guard let year else { throw HromadaError(.notFound) }
        guard let standing = try DevelopmentStore.standing(from: Array(rows.dropFirst()), year: year) else { throw HromadaError(.notFound) }
        return try .json(Development.Standing(standing))
    }

    @Sendable func userStanding(_ signedIn: SignedIn) async throws -> Response {
        let id = try signedIn.context.id()
        let user = try await services.pool.withConnection { try UserStore.find($0, id: id) }
        guard let user else { throw HromadaError(.notFound) }
        try Policy.require(.readUser(user.subject), for: signedIn.caller.principal)
        return try await standing(signedIn, userID: id)
    }

    /// `?separator=semicolon` for CSV as a spreadsheet set to Ukrainian reads it.
    static func semicolons(_ query: Query) throws -> Bool {
        switch query.string("separator") {
        case nil, "comma": return false
        case "semicolon": return true
        default:
            throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "separator", message: .init(
                uk: "має бути comma або semicolon", en: "must be comma or semicolon"))])
        }
    }

    func csv(_ text: String, name: String) -> Response {
        Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(name)\"",
        ], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func peopleReport(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request) = (signedIn.caller, signedIn.request)
        try Policy.require(.readDevelopment, for: caller.principal)
        let query = Query(request: request)
        let year = try Self.queryYear(query) ?? KyivCalendar.year(of: Date())
        let semicolons = try Self.semicolons(query)
        if CohortController.prefersCSV(request.headers[.accept] ?? "") {
            let text = try await services.reportsPool.withConnection { db in
                try DevelopmentStore.peopleCSV(db, year: year, filter: try filter(db, query, caller: caller), semicolons: semicolons)
            }
            return csv(text, name: "development-\(year).csv")
        }
        let rows = try await services.reportsPool.withConnection { db in
            try DevelopmentStore.people(db, year: year, filter: try filter(db, query, caller: caller))
        }
        let items = rows.map {
            Development.ReportRow(
                person: $0.person, hromada: $0.hromada, targetCredits: $0.targetCredits, earnedCredits: $0.earnedCredits,
                selfEducationShare: $0.selfEducationShare, met: $0.met, planStatus: $0.planStatus)
        }
        return try .json(try Page(items, query) { $0.person.id.lowercasedText })
    }

    /// The summary's rows for the request: the caller's scope, `?year=`, `?by=` (default oblast).
    func summaryRows(_ signedIn: SignedIn) async throws -> (year: Int, by: DevelopmentStore.Grouping, rows: [DevelopmentStore.SummaryRow]) {
        let (caller, request) = (signedIn.caller, signedIn.request)
        try Policy.require(.readDevelopment, for: caller.principal)
        let query = Query(request: request)
        let year = try Self.queryYear(query) ?? KyivCalendar.year(of: Date())
        guard let by = DevelopmentStore.Grouping(rawValue: query.string("by") ?? "oblast") else {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "by", message: .init(
                uk: "має бути hromada, raion, oblast або centre", en: "must be hromada, raion, oblast or centre"))])
        }
        let rows = try await services.reportsPool.withConnection { db in
            try DevelopmentStore.summary(db, year: year, by: by, filter: try filter(db, query, caller: caller))
        }
        return (year, by, rows)
    }

    @Sendable func summaryReport(_ signedIn: SignedIn) async throws -> Response {
        let request = signedIn.request
        let semicolons = try Self.semicolons(Query(request: request))
        let (year, by, rows) = try await summaryRows(signedIn)
        if CohortController.prefersCSV(request.headers[.accept] ?? "") {
            return csv(DevelopmentStore.csv(rows, by: by, semicolons: semicolons), name: "development-\(year)-by-\(by.rawValue).csv")
        }
        let items = rows.map {
            Development.Summary.Row(group: .init($0.group), people: $0.people, officials: $0.officials, met: $0.met, notMet: $0.notMet,
                                    withoutApprovedPlan: $0.withoutApprovedPlan)
        }
        return try .json(Development.Summary(year: year, by: by.rawValue, items: items))
    }

    /// The summary as an A4 report drawn with Cairo (``SummaryReportPDF``), in the request's language.
    @Sendable func summaryPDF(_ signedIn: SignedIn) async throws -> Response {
        let (year, by, rows) = try await summaryRows(signedIn)
        let report = SummaryReportPDF.Report(
            year: year, by: by.rawValue, language: signedIn.context.language.rawValue, asOf: KyivCalendar.isoDay(Date()),
            rows: rows.map {
                .init(name: $0.group.name, code: $0.group.code, people: $0.people, officials: $0.officials, met: $0.met,
                      notMet: $0.notMet, withoutApprovedPlan: $0.withoutApprovedPlan)
            })
        let pdf = try await services.blocking.runIfActive { try SummaryReportPDF.render(report) }
        return Response(status: .ok, headers: [
            .contentType: "application/pdf",
            .contentDisposition: "attachment; filename=\"development-\(year)-by-\(by.rawValue).pdf\"",
            .cacheControl: "private, no-store",
        ], body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
    }

    @Sendable func dueReport(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request) = (signedIn.caller, signedIn.request)
        try Policy.require(.readDevelopment, for: caller.principal)
        let query = Query(request: request)
        var days = 60
        if let text = query.string("within_days") {
            guard let n = Int(text), (0...366).contains(n) else {
                throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "within_days", message: .init(
                    uk: "має бути числом від 0 до 366", en: "must be a number from 0 to 366"))])
            }
            days = n
        }
        let semicolons = try Self.semicolons(query)
        let (today, window) = (KyivCalendar.isoDay(Date()), days)
        let rows = try await services.reportsPool.withConnection { db in
            try DevelopmentStore.due(db, today: today, days: window, filter: try filter(db, query, caller: caller))
        }
        if CohortController.prefersCSV(request.headers[.accept] ?? "") {
            return csv(DevelopmentStore.csv(rows, semicolons: semicolons), name: "development-due.csv")
        }
        let items = rows.map {
            Development.DueRow(person: $0.person, hromada: $0.hromada, reason: $0.reason, dueOn: $0.dueOn, earnedCredits: $0.earnedCredits,
                               targetCredits: $0.targetCredits)
        }
        return try .json(try Page(items, query) { "\($0.person.id.lowercasedText) \($0.reason.rawValue)" })
    }

    struct AccommodationsBody: RequestBody {
        static let keys: Set<String> = ["extra_time_percent"]
        var extraTimePercent: Int?
        enum CodingKeys: String, CodingKey { case extraTimePercent = "extra_time_percent" }
    }

    /// A person's extra time on timed attempts (0-200 %), for attempts started from now on: their HR
    /// unit, their centre, the admin; audited; 404 for anyone else.
    @Sendable func setAccommodations(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let id = try context.id()
        let body = try await services.body.decode(AccommodationsBody.self, from: request)
        guard let percent = body.extraTimePercent, (0...200).contains(percent) else {
            throw HromadaError.validation(field: "extra_time_percent", .init(uk: "має бути цілим числом від 0 до 200", en: "must be a whole number from 0 to 200"))
        }
        let requestID = context.requestID
        try await services.pool.transaction { db in
            guard let user = try UserStore.find(db, id: id) else { throw HromadaError(.notFound) }
            try Policy.require(.keepRecord(user.subject), for: caller.principal)
            let before = try UserStore.setExtraTime(db, userID: id, percent: percent)
            try AuditLog.append(db, .init(actor: caller.id, action: "user.accommodations", subjectType: "user", subjectID: id.lowercasedText,
                                          centre: user.centre, details: ["extra_time_percent": "\(before) -> \(percent)"]), requestID: requestID)
        }
        return try .json(Development.Accommodations(userID: id, extraTimePercent: percent))
    }
}
