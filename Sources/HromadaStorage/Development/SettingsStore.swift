public import Foundation
public import HromadaDomain
public import HromadaPostgres

/// The association's development rules, one row (`development_policy`).
public enum SettingsStore {
    public static let statement: SQL = """
        SELECT target_credits::text AS target_credits, self_education_percent::text AS self_education_percent,
               first_year_months, hours_per_credit::text AS hours_per_credit
        FROM development_policy
        """

    public static func settings(from row: PGRow) throws -> DevelopmentSettings {
        DevelopmentSettings(
            targetCredits: try row.decode("target_credits"), selfEducationPercent: try row.decode("self_education_percent"),
            firstYearMonths: try row.decode("first_year_months"), hoursPerCredit: try row.decode("hours_per_credit"))
    }

    public static func read(_ db: PGConnection) throws -> DevelopmentSettings {
        try settings(from: db.execute(statement)[0])
    }

    /// Stores every setting and records the change (old and new values) in the audit log.
    public static func write(_ db: PGConnection, _ new: DevelopmentSettings, actor: UUID?, by who: String? = nil) throws {
        let old = try db.execute(statement + " FOR UPDATE")[0]
        let before = try settings(from: old)
        try db.execute("""
            UPDATE development_policy SET target_credits = \(new.targetCredits), self_education_percent = \(new.selfEducationPercent),
                   first_year_months = \(new.firstYearMonths), hours_per_credit = \(new.hoursPerCredit), updated_at = now()
            """)
        var details: [String: String] = [:]
        func change(_ name: String, _ a: String, _ b: String) { if a != b { details[name] = "\(a) -> \(b)" } }
        change("target_credits", "\(before.targetCredits)", "\(new.targetCredits)")
        change("self_education_percent", "\(before.selfEducationPercent)", "\(new.selfEducationPercent)")
        change("first_year_months", "\(before.firstYearMonths)", "\(new.firstYearMonths)")
        change("hours_per_credit", "\(before.hoursPerCredit)", "\(new.hoursPerCredit)")
        if let who { details["by"] = who }
        try AuditLog.append(db, .init(actor: actor, action: "policy.set", subjectType: "policy", subjectID: "development", details: details))
    }
}
