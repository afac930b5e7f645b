public import HromadaAPI
public import HromadaDomain
public import HromadaPostgres

// States PostgreSQL keeps as text (checked by the tables' CHECK constraints) read as the API's and the
// domain's typed states; a text no case names fails the read with the column named, never a default.

extension Enrolment.Status: SQLDecodable {
    public init?(sqlText: String) { self.init(rawValue: sqlText) }
}

extension Standing.Source: SQLDecodable {
    public init?(sqlText: String) { self.init(rawValue: sqlText) }
}

extension DevelopmentPlan.Status: SQLDecodable {
    public init?(sqlText: String) { self.init(rawValue: sqlText) }
}

extension ExternalRecord.Status: SQLDecodable {
    public init?(sqlText: String) { self.init(rawValue: sqlText) }
}

extension Development.PlanState: SQLDecodable {
    public init?(sqlText: String) { self.init(rawValue: sqlText) }
}

extension Development.DueReason: SQLDecodable {
    public init?(sqlText: String) { self.init(rawValue: sqlText) }
}
