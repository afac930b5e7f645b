public import HromadaAPI
public import HromadaDomain
public import HromadaPostgres

// States PostgreSQL keeps as text (checked by the tables' CHECK constraints) read as the domain's
// and the API's typed states, by their raw values (`SQLDecodable`'s default for such enums): a text
// no case names fails the read with the column named, never a default.

extension Enrolment.Status: SQLDecodable {}
extension CertificateSummary.Status: SQLDecodable {}
extension CPDRecord.Item.Source: SQLDecodable {}
extension Attempt.State: SQLDecodable {}
extension Standing.Source: SQLDecodable {}
extension DevelopmentPlan.Status: SQLDecodable {}
extension ExternalRecord.Status: SQLDecodable {}
extension Development.PlanState: SQLDecodable {}
extension Development.DueReason: SQLDecodable {}
extension Category: SQLDecodable {}
extension AccountStatus: SQLDecodable {}
extension Language: SQLDecodable {}
extension RevocationReason: SQLDecodable {}
extension Event.Kind: SQLDecodable {}
extension Event.Status: SQLDecodable {}
extension EventRegistration.Status: SQLDecodable {}
extension OutboxMessage.Kind: SQLDecodable {}
extension OutboxMessage.Status: SQLDecodable {}
