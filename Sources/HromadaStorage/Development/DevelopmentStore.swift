public import Foundation
public import HromadaAPI
public import HromadaDomain
public import HromadaPostgres

/// A person's year (``Standing``) and the development reports. Credits are `numeric` end to end and
/// `Decimal` in Swift: never a floating-point sum.
public enum DevelopmentStore {
    /// The standing of `userID` in `year`, in one round trip; nil when there is no such person.
    public static func standing(_ db: PGConnection, userID: UUID, year: Int) throws -> Standing? {
        try standing(from: db.pipeline(standingStatements(person: "\(userID)", year: year)), year: year)
    }

    /// The statements of a standing, for `person`: an expression giving the person's id (an id, or the
    /// subquery of a session's user, so the caller's own year needs no round trip of its own).
    public static func standingStatements(person: SQL, year: Int) -> [SQL] {
        [
            SettingsStore.statement,
            "SELECT category, appointed_on::text AS appointed_on FROM users WHERE id = \(person)",
            """
            SELECT l.source, l.title, (l.earned_at AT TIME ZONE 'Europe/Kyiv')::date::text AS date, l.hours::text AS hours,
                   l.credits::text AS credits, coalesce(c.serial, e.serial) AS serial
            FROM cpd_credits l
            LEFT JOIN certificates c ON c.enrolment_id = l.enrolment_id AND c.status = 'issued'
            LEFT JOIN certificates e ON e.event_registration_id = l.event_registration_id AND e.status = 'issued'
            WHERE l.user_id = \(person) AND l.year = \(year) ORDER BY l.earned_at, l.enrolment_id, l.event_registration_id
            """,
            """
            SELECT id, title, finished_on::text AS date, hours::text AS hours, credits::text AS credits, kind
            FROM external_records WHERE user_id = \(person) AND year = \(year) AND status = 'recognised'
            ORDER BY finished_on, id
            """,
            """
            SELECT p.id, r.revision, r.status FROM plans p
            JOIN LATERAL (SELECT revision, status FROM plan_revisions WHERE plan_id = p.id ORDER BY revision DESC LIMIT 1) r ON true
            WHERE p.user_id = \(person) AND p.year = \(year)
            """,
        ]
    }

    /// The caller's own year in one round trip with the token's check: the session's statement
    /// (read with ``SessionStore/user(from:)``) and then ``standingStatements(person:year:)`` for the
    /// session's person. Nil for a token too long to be one.
    public static func ownStandingStatements(token: String, year: Int) -> [SQL]? {
        guard let session = SessionStore.userStatement(token: token), let person = SessionStore.userIDExpression(token: token) else { return nil }
        return [session] + standingStatements(person: person, year: year)
    }

    /// The standing in the rows of ``standingStatements(person:year:)``; nil when there is no such person.
    public static func standing(from found: [[PGRow]], year: Int) throws -> Standing? {
        guard let person = found[1].first else { return nil }
        let settings = try SettingsStore.settings(from: found[0][0])
        var items = try found[2].map { row in
            Standing.Item(source: try row.decode("source"), title: try row.decode("title"), date: try row.decode("date"), hours: try row.decode("hours"),
                          credits: try row.decode("credits"), selfEducation: false,
                          evidence: .init(certificateSerial: try row.decode(String?.self, "serial")))
        }
        items += try found[3].map { row in
            Standing.Item(source: .external, title: try row.decode("title"), date: try row.decode("date"), hours: try row.decode("hours"),
                          credits: try row.decode("credits"), selfEducation: try row.decode(String.self, "kind") == "self_education",
                          evidence: .init(externalRecordID: try row.decode(UUID.self, "id").lowercasedText))
        }
        items.sort { ($0.date, $0.title) < ($1.date, $1.title) }
        let plan = try found[4].first.map {
            Standing.PlanRef(id: try $0.decode(UUID.self, "id").lowercasedText, revision: try $0.decode("revision"), status: try $0.decode("status"))
        }
        return Standing(
            year: year, category: try person.decode("category"), settings: settings,
            items: items, plan: plan, appointedOn: try person.decode(String?.self, "appointed_on"))
    }

    // MARK: - Reports

    /// One row per person of the report.
    public struct PersonRow: Sendable, Equatable {
        public var person: NamedPerson
        public var hromada: NamedHromada
        public var targetCredits: Decimal
        public var earnedCredits: Decimal
        public var selfEducationShare: Decimal
        public var met: Bool?
        /// The newest revision's status, `none` without a plan.
        public var planStatus: Development.PlanState
    }

    /// Per person of `filter`: earned credits (the ledger's courses and events and recognised records,
    /// read from `development_year_totals`, which the database keeps as those change: migration 0019),
    /// the self-education share and `met`, computed in SQL by the same rule as
    /// ``Standing/isMet(earned:selfEducation:settings:)``.
    static func yearSQL(year: Int, filter: DevelopmentFilter, settings: DevelopmentSettings) -> SQL {
        // One join, no CTE: PostgreSQL then reads the year's totals and plans by index for the few
        // people of a hromada, and by hash for the whole association, whose report this shape made
        // about a quarter faster than materialising the people first (bench/runs/2026-12-07-development-2.txt).
        // The plan's newest revision and whether any was approved come from plan_revisions' primary key.
        """
        SELECT u.id, u.full_name, u.category, u.position, u.centre, u.hromada_code, coalesce(t.name, h.name) AS hromada_name,
               t.raion, t.oblast, u.appointed_on,
               coalesce(d.credits, 0) AS earned, coalesce(d.self_education, 0) AS self,
               coalesce(pl.status, 'none') AS plan_status, coalesce(pl.approved, false) AS approved,
               CASE WHEN u.category = 'official'
                    THEN coalesce(d.credits, 0) >= \(settings.targetCredits)::numeric
                         AND coalesce(d.self_education, 0) * 100 >= coalesce(d.credits, 0) * \(settings.selfEducationPercent)::numeric
               END AS met
        FROM users u JOIN hromadas h ON h.id = u.hromada_id LEFT JOIN territories t ON t.code = u.hromada_code
        LEFT JOIN development_year_totals d ON d.user_id = u.id AND d.year = \(year)
        LEFT JOIN plans p ON p.user_id = u.id AND p.year = \(year)
        LEFT JOIN LATERAL (
            SELECT r.status, EXISTS (SELECT 1 FROM plan_revisions a WHERE a.plan_id = p.id AND a.status = 'approved') AS approved
            FROM plan_revisions r WHERE r.plan_id = p.id ORDER BY r.revision DESC LIMIT 1
        ) pl ON true
        WHERE \(filter.condition) AND u.status <> 'deactivated' AND NOT (u.roles && ARRAY['admin', 'centre_admin'])
        """
    }

    /// Admins of the association and of centres are staff, not officials of a hromada: they are left out.
    public static func people(_ db: PGConnection, year: Int, filter: DevelopmentFilter) throws -> [PersonRow] {
        let settings = try SettingsStore.read(db)
        let sql = "SELECT x.*, x.earned::text AS earned_text, x.self::text AS self_text FROM (\(yearSQL(year: year, filter: filter, settings: settings))) x ORDER BY x.hromada_name, x.full_name, x.id" as SQL
        return try db.execute(sql).map { row in
            let category: String = try row.decode("category")
            let earned: Decimal = try row.decode("earned_text"), selfEducation: Decimal = try row.decode("self_text")
            return PersonRow(
                person: .init(id: try row.decode("id"), fullName: try row.decode("full_name"), category: category, position: try row.decode("position")),
                hromada: .init(code: try row.decode(String?.self, "hromada_code"), name: try row.decode("hromada_name")),
                targetCredits: category == "official" ? settings.targetCredits : 0, earnedCredits: earned,
                selfEducationShare: Standing.percent(selfEducation, of: earned), met: try row.decode(Bool?.self, "met"),
                planStatus: try row.decode("plan_status"))
        }
    }

    public enum Grouping: String, Sendable, CaseIterable { case hromada, raion, oblast, centre }

    public struct SummaryRow: Sendable, Equatable {
        /// Named `—` for people whose hromada has no code yet.
        public var group: NamedHromada
        public var people: Int
        public var officials: Int
        public var met: Int
        public var notMet: Int
        /// Officials with no approved revision of a plan for the year.
        public var withoutApprovedPlan: Int
    }

    public static func summary(_ db: PGConnection, year: Int, by grouping: Grouping, filter: DevelopmentFilter) throws -> [SummaryRow] {
        let settings = try SettingsStore.read(db)
        let key: SQL
        switch grouping {
        case .hromada: key = "x.hromada_code"
        case .raion: key = "x.raion"
        case .oblast: key = "x.oblast"
        case .centre: key = "x.centre"
        }
        let name: SQL = grouping == .centre
            ? "(SELECT name FROM centres WHERE code = g.key)"
            : "coalesce((SELECT name FROM territories WHERE code = g.key), CASE WHEN g.key IS NULL THEN '' END)"
        return try db.execute("""
            SELECT * FROM (SELECT g.*, \(name) AS name FROM (
                SELECT \(key) AS key, count(*)::int AS people,
                       (count(*) FILTER (WHERE x.category = 'official'))::int AS officials,
                       (count(*) FILTER (WHERE x.met))::int AS met,
                       (count(*) FILTER (WHERE x.met = false))::int AS not_met,
                       (count(*) FILTER (WHERE x.category = 'official' AND NOT x.approved))::int AS without_plan
                FROM (\(yearSQL(year: year, filter: filter, settings: settings))) x GROUP BY 1
            ) g) s ORDER BY s.key IS NULL, s.name, s.key
            """).map { row in
            let code = try row.decode(String?.self, "key")
            return SummaryRow(
                group: .init(code: code, name: code == nil ? "—" : try row.decode(String?.self, "name") ?? code!),
                people: try row.decode("people"), officials: try row.decode("officials"), met: try row.decode("met"),
                notMet: try row.decode("not_met"), withoutApprovedPlan: try row.decode("without_plan"))
        }
    }

    public struct DueRow: Sendable, Equatable {
        public var person: NamedPerson
        public var hromada: NamedHromada
        /// `year_end`: the calendar year closes unmet; `first_year`: the first-year window closes with nothing earned.
        public var reason: Development.DueReason
        public var dueOn: String
        public var earnedCredits: Decimal
        public var targetCredits: Decimal
    }

    /// Officials whose year ends unmet within `days` of `today` (Kyiv), and first-year deadlines in that window.
    public static func due(_ db: PGConnection, today: String, days: Int, filter: DevelopmentFilter) throws -> [DueRow] {
        let settings = try SettingsStore.read(db)
        let year = Int(today.prefix(4))!
        let windowEnd = try db.execute("SELECT (\(today)::date + \(days)::int)::text AS d")[0].decode(String.self, "d")
        let yearEnd = "\(year)-12-31"
        var out: [DueRow] = []
        let rows = try db.execute("""
            SELECT x.*, x.earned::text AS earned_text, x.appointed_on::text AS appointed,
                   (x.appointed_on + make_interval(months => \(settings.firstYearMonths)))::date::text AS first_due,
                   -- Asked only of those whose first-year deadline falls in the window (a few in a
                   -- national report of 150,000 officials), not summed for everyone.
                   CASE WHEN (x.appointed_on + make_interval(months => \(settings.firstYearMonths)))::date
                             BETWEEN \(today)::date AND \(windowEnd)::date
                   THEN (SELECT coalesce(sum(credits), 0) FROM cpd_credits WHERE user_id = x.id AND earned_at >= x.appointed_on)
                      + (SELECT coalesce(sum(credits), 0) FROM external_records WHERE user_id = x.id AND status = 'recognised'
                         AND finished_on >= x.appointed_on) = 0
                   END AS nothing_since
            FROM (\(yearSQL(year: year, filter: filter, settings: settings))) x
            WHERE x.category = 'official'
            ORDER BY x.hromada_name, x.full_name, x.id
            """)
        for row in rows {
            let person = NamedPerson(id: try row.decode("id"), fullName: try row.decode("full_name"),
                                          category: try row.decode("category"), position: try row.decode("position"))
            let hromada = NamedHromada(code: try row.decode(String?.self, "hromada_code"), name: try row.decode("hromada_name"))
            let earned: Decimal = try row.decode("earned_text")
            if let firstDue = try row.decode(String?.self, "first_due"), firstDue >= today, firstDue <= windowEnd,
               try row.decode(Bool?.self, "nothing_since") == true {
                out.append(DueRow(person: person, hromada: hromada, reason: .firstYear, dueOn: firstDue, earnedCredits: earned,
                                  targetCredits: settings.targetCredits))
            }
            if yearEnd <= windowEnd, try row.decode(Bool?.self, "met") == false {
                out.append(DueRow(person: person, hromada: hromada, reason: .yearEnd, dueOn: yearEnd, earnedCredits: earned,
                                  targetCredits: settings.targetCredits))
            }
        }
        return out.sorted { ($0.dueOn, $0.hromada.name, $0.person.fullName) < ($1.dueOn, $1.hromada.name, $1.person.fullName) }
    }

    /// The per-person report as CSV, as the completions report writes it: UTF-8 with a byte-order mark,
    /// CRLF; with `semicolons`, `;` between fields and decimal commas; text cells inert. Written
    /// straight from PostgreSQL's rows: the numbers are
    /// `numeric`'s own text (trailing zeros dropped, as `Decimal` writes them) and the share is
    /// truncated to a tenth in SQL as ``Standing/percent(_:of:)`` does, so no value goes through
    /// `Decimal` twice. At national scale (190,000 rows, `make bench`) parsing and writing `Decimal`s
    /// was most of the report's time.
    public static func peopleCSV(_ db: PGConnection, year: Int, filter: DevelopmentFilter, semicolons: Bool) throws -> String {
        let settings = try SettingsStore.read(db)
        let sep: Character = semicolons ? ";" : ","
        func field(_ s: String) -> String { CSVWriter.cell(s, separator: sep) }
        func number(_ text: String) -> String {
            var t = Substring(text)
            if t.contains(".") {
                while t.last == "0" { t = t.dropLast() }
                if t.last == "." { t = t.dropLast() }
            }
            return semicolons ? t.replacingOccurrences(of: ".", with: ",") : String(t)
        }
        let target = number("\(settings.targetCredits)")
        let names = ["id", "full_name", "category", "position", "hromada_code", "hromada", "target_credits", "earned_credits",
                     "self_education_share", "met", "plan_status"]
        var out = "\u{FEFF}" + names.joined(separator: String(sep)) + "\r\n"
        let sql = """
            SELECT x.id::text AS id_text, x.full_name, x.category, x.position, x.hromada_code, x.hromada_name, x.met, x.plan_status,
                   x.earned::text AS earned_text,
                   (CASE WHEN x.earned > 0 THEN trunc(x.self * 100 / x.earned, 1) ELSE 0 END)::text AS share_text
            FROM (\(yearSQL(year: year, filter: filter, settings: settings))) x ORDER BY x.hromada_name, x.full_name, x.id
            """ as SQL
        for row in try db.execute(sql) {
            let category: String = try row.decode("category")
            out += [try row.decode(String.self, "id_text"), field(try row.decode("full_name")), category, field(try row.decode("position")),
                    try row.decode(String?.self, "hromada_code") ?? "", field(try row.decode("hromada_name")),
                    category == "official" ? target : "0", number(try row.decode("earned_text")), number(try row.decode("share_text")),
                    try row.decode(Bool?.self, "met").map { $0 ? "true" : "false" } ?? "", try row.decode(String.self, "plan_status")]
                .joined(separator: String(sep)) + "\r\n"
        }
        return out
    }

    public static func csv(_ rows: [SummaryRow], by grouping: Grouping, semicolons: Bool) -> String {
        let sep: Character = semicolons ? ";" : ","
        let names = [grouping.rawValue + "_code", grouping.rawValue, "people", "officials", "met", "not_met", "without_approved_plan"]
        var out = "\u{FEFF}" + names.joined(separator: String(sep)) + "\r\n"
        for r in rows {
            out += [r.group.code ?? "", CSVWriter.cell(r.group.name, separator: sep), String(r.people), String(r.officials), String(r.met),
                    String(r.notMet), String(r.withoutApprovedPlan)].joined(separator: String(sep)) + "\r\n"
        }
        return out
    }

    public static func csv(_ rows: [DueRow], semicolons: Bool) -> String {
        let sep: Character = semicolons ? ";" : ","
        func number(_ d: Decimal) -> String { semicolons ? "\(d)".replacingOccurrences(of: ".", with: ",") : "\(d)" }
        let names = ["id", "full_name", "hromada_code", "hromada", "reason", "due_on", "earned_credits", "target_credits"]
        var out = "\u{FEFF}" + names.joined(separator: String(sep)) + "\r\n"
        for r in rows {
            out += [r.person.id.lowercasedText, CSVWriter.cell(r.person.fullName, separator: sep), r.hromada.code ?? "",
                    CSVWriter.cell(r.hromada.name, separator: sep), r.reason.rawValue, r.dueOn, number(r.earnedCredits), number(r.targetCredits)]
                .joined(separator: String(sep)) + "\r\n"
        }
        return out
    }
}
