public import Foundation
public import HromadaAPI
public import HromadaDomain

/// Which people a development list or report is about: every field optional, codes or names.
public struct DevelopmentScope: Sendable, Equatable {
    public var hromada, raion, oblast, centre: String?
    public init(hromada: String? = nil, raion: String? = nil, oblast: String? = nil, centre: String? = nil) {
        self.hromada = hromada
        self.raion = raion
        self.oblast = oblast
        self.centre = centre
    }

    var query: [(String, String?)] { [("hromada", hromada), ("raion", raion), ("oblast", oblast), ("centre", centre)] }
}

/// The professional-development record (spec/development.md): the year, the programme, external
/// learning, and HR's lists, decisions and reports.
extension APIClient {
    /// `path` with the given query items, each percent-encoded; nil values left out.
    static func path(_ path: String, _ items: [(String, String?)]) -> String {
        var components = URLComponents()
        let present = items.compactMap { k, v in v.map { URLQueryItem(name: k, value: $0) } }
        components.queryItems = present.isEmpty ? nil : present
        // `+` is a space to many servers' query readers: written as %2B.
        let query = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return path + (query.map { "?\($0)" } ?? "")
    }

    /// The signed-in person's year: credits earned towards the target, item by item.
    public func development(year: Int) async throws -> Received<Development.Standing> {
        try await call("GET", "/api/v1/me/development/\(year)")
    }

    /// Someone else's year, for those who keep their record.
    public func development(of userID: UUID, year: Int) async throws -> Received<Development.Standing> {
        try await call("GET", "/api/v1/users/\(userID.lowercasedText)/development/\(year)")
    }

    public func myPlan(year: Int) async throws -> Received<Development.Plan> {
        try await call("GET", "/api/v1/me/plans/\(year)")
    }

    /// Writes the year's draft (a new revision after an approved or returned one).
    public func savePlan(year: Int, _ draft: Development.PlanDraft) async throws -> Received<Development.Plan> {
        try await call("PUT", "/api/v1/me/plans/\(year)", json: draft)
    }

    public func submitPlan(year: Int) async throws -> Received<Development.Plan> {
        try await call("POST", "/api/v1/me/plans/\(year)/submit")
    }

    public func plan(_ id: UUID) async throws -> Received<Development.Plan> {
        try await call("GET", "/api/v1/plans/\(id.lowercasedText)")
    }

    /// HR's answer to a submitted programme: approved, or returned with a comment saying what to change.
    public func decidePlan(_ id: UUID, approve: Bool, comment: String?) async throws -> Received<Development.Plan> {
        try await call("POST", "/api/v1/plans/\(id.lowercasedText)/\(approve ? "approve" : "return")", json: Development.PlanDecision(comment: comment))
    }

    /// The people in scope with their programme for the year (`status` `none` without one).
    public func plans(year: Int?, status: String?, scope: DevelopmentScope) async throws -> [Received<Development.PlanListing>] {
        let path = Self.path("/api/v1/plans", [("year", year.map(String.init)), ("status", status)] + scope.query)
        return try await callAll(path, as: Page<Received<Development.PlanListing>>.self).items
    }

    /// Sends a record of external learning with its evidence file (and, for a certificate JSON, its
    /// `.p7s` signature) as `multipart/form-data`.
    public func addRecord(_ claim: Development.RecordClaim, evidence: Data, signature: Data?) async throws -> Received<Development.Record> {
        let boundary = "hromada-" + UUID().uuidString
        var body = Data()
        func part(_ name: String, _ fileName: String?, _ type: String, _ bytes: Data) {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
            if let fileName { head += "; filename=\"\(fileName)\"" }
            head += "\r\nContent-Type: \(type)\r\n\r\n"
            body.append(Data(head.utf8))
            body.append(bytes)
            body.append(Data("\r\n".utf8))
        }
        part("record", nil, "application/json", try JSONEncoder().encode(claim))
        part("evidence", "evidence", "application/octet-stream", evidence)
        if let signature { part("evidence_signature", "evidence.p7s", "application/pkcs7-signature", signature) }
        body.append(Data("--\(boundary)--\r\n".utf8))
        let path = "/api/v1/me/external-records"
        let (data, _) = try await send("POST", path, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        return try Self.decode(Received<Development.Record>.self, from: data, "POST \(path)")
    }

    public func myRecords(year: Int?) async throws -> [Received<Development.Record>] {
        try await callAll(Self.path("/api/v1/me/external-records", [("year", year.map(String.init))]), as: Page<Received<Development.Record>>.self).items
    }

    /// Records of the people in scope (HR, centre, admin).
    public func records(status: String?, year: Int?, scope: DevelopmentScope) async throws -> [Received<Development.Record>] {
        let path = Self.path("/api/v1/external-records", [("status", status), ("year", year.map(String.init))] + scope.query)
        return try await callAll(path, as: Page<Received<Development.Record>>.self).items
    }

    public func record(_ id: UUID) async throws -> Received<Development.Record> {
        try await call("GET", "/api/v1/external-records/\(id.lowercasedText)")
    }

    /// Recognises a record; without `credits`, the learner's claim, else its hours at the association's rate.
    public func recognise(_ id: UUID, credits: Decimal?, comment: String?) async throws -> Received<Development.Record> {
        let sent = Development.Recognition(credits: credits.map { .number(NSDecimalNumber(decimal: $0).doubleValue) }, comment: comment)
        return try await call("POST", "/api/v1/external-records/\(id.lowercasedText)/recognise", json: sent)
    }

    public func reject(_ id: UUID, reason: String) async throws -> Received<Development.Record> {
        try await call("POST", "/api/v1/external-records/\(id.lowercasedText)/reject", json: Development.Rejection(reason: reason))
    }

    public func withdraw(_ id: UUID) async throws -> Received<Development.Record> {
        try await call("POST", "/api/v1/external-records/\(id.lowercasedText)/withdraw")
    }

    /// One row per person in scope.
    public func developmentReport(year: Int?, scope: DevelopmentScope) async throws -> [Received<Development.ReportRow>] {
        let path = Self.path("/api/v1/reports/development", [("year", year.map(String.init))] + scope.query)
        return try await callAll(path, as: Page<Received<Development.ReportRow>>.self).items
    }

    /// Per group (`by`: hromada, raion, oblast or centre): officials who met the year, who did not, without an approved plan.
    public func developmentSummary(year: Int?, by: String, scope: DevelopmentScope) async throws -> Received<Development.Summary> {
        try await call("GET", Self.path("/api/v1/reports/development/summary", [("year", year.map(String.init)), ("by", by)] + scope.query))
    }

    /// A report as CSV, exactly as the server wrote it (BOM, CRLF); `summaryBy` for the summary.
    public func developmentCSV(year: Int?, summaryBy: String?, semicolons: Bool, scope: DevelopmentScope) async throws -> Data {
        let base = summaryBy == nil ? "/api/v1/reports/development" : "/api/v1/reports/development/summary"
        let items: [(String, String?)] = [("year", year.map(String.init)), ("by", summaryBy), ("separator", semicolons ? "semicolon" : nil)]
        let (data, _) = try await send("GET", Self.path(base, items + scope.query), accept: "text/csv")
        return data
    }

    /// The summary as an A4 PDF report (bars, then the table), in the client's language.
    public func developmentSummaryPDF(year: Int?, by: String, scope: DevelopmentScope) async throws -> Data {
        let path = Self.path("/api/v1/reports/development/summary.pdf", [("year", year.map(String.init)), ("by", by)] + scope.query)
        let (data, _) = try await send("GET", path, accept: "application/pdf", raw: true)
        return data
    }
}
