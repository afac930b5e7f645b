public import Foundation
public import HromadaDomain
public import HromadaPostgres

/// SQL for people, hromadas and centres. Every function runs inside the caller's connection or transaction.
public enum UserStore {
    static let columns: SQL = """
        u.id, u.email, u.full_name, u.category, u.position, coalesce(ht.name, h.name) AS hromada, u.hromada_code, u.centre,
        u.roles, u.created_at, u.status
        """
    static let from: SQL = "FROM users u JOIN hromadas h ON h.id = u.hromada_id LEFT JOIN territories ht ON ht.code = u.hromada_code"

    static func user(_ row: PGRow) throws -> User {
        User(
            id: try row.decode(UUID.self, "id"),
            email: try row.decode(String.self, "email"),
            fullName: try row.decode(String.self, "full_name"),
            category: try row.decode("category"),
            position: try row.decode(String.self, "position"),
            hromada: try row.decode(String.self, "hromada"),
            centre: try row.decode(String.self, "centre"),
            roles: try row.decodeArray("roles").compactMap(Role.init(rawValue:)),
            createdAt: try row.decode(Date.self, "created_at"),
            status: try row.decode("status"),
            hromadaCode: try row.decode(String?.self, "hromada_code")
        )
    }

    public static func centres(_ db: PGConnection) throws -> [Centre] {
        try db.execute("SELECT code, name, region FROM centres ORDER BY code").map {
            Centre(code: try $0.decode("code"), name: try $0.decode("name"), region: try $0.decode("region"))
        }
    }

    public static func centreExists(_ db: PGConnection, code: String) throws -> Bool {
        try !db.execute("SELECT 1 FROM centres WHERE code = \(code)").isEmpty
    }

    /// The hromada of that name in that centre, created on first mention.
    static func hromadaID(_ db: PGConnection, centre: String, name: String) throws -> UUID {
        let rows = try db.execute("""
            WITH ins AS (
                INSERT INTO hromadas (centre, name) VALUES (\(centre), \(name))
                ON CONFLICT (centre, name) DO NOTHING RETURNING id
            )
            SELECT id FROM ins UNION ALL SELECT id FROM hromadas WHERE centre = \(centre) AND name = \(name)
            LIMIT 1
            """)
        if let row = rows.first { return try row.decode(UUID.self, "id") }
        // Another transaction created it at the same moment: the statement above waited for it on the
        // conflict but its snapshot cannot see it. A new statement (a new snapshot) does.
        guard let row = try db.execute("SELECT id FROM hromadas WHERE centre = \(centre) AND name = \(name)").first else {
            throw HromadaError(.serializationFailure, reason: "hromada \(name) in \(centre) neither inserted nor visible")
        }
        return try row.decode(UUID.self, "id")
    }

    /// Creates a person. An email already taken (in any letter case) is a `conflict`. Without a
    /// password hash the person is `invited` (the caller queues their invitation in the same transaction).
    public static func create(_ db: PGConnection, _ person: NewUser, passwordHash: String?) throws -> User {
        try lockEmails(db, [person.email])
        guard try centreExists(db, code: person.centre) else {
            throw HromadaError.validation(field: "centre", .init(
                uk: "немає регіонального центру з кодом \(person.centre)",
                en: "there is no regional centre with code \(person.centre)"
            ))
        }
        let hromada = try hromadaID(db, centre: person.centre, name: person.hromada)
        let roles = person.roles.sorted().map(\.rawValue)
        let rows = try db.execute("""
            INSERT INTO users (email, full_name, category, position, hromada_id, centre, roles, password_hash, status, language,
                               hromada_code, appointed_on)
            VALUES (\(person.email), \(person.fullName), \(person.category.rawValue), \(person.position),
                    \(hromada), \(person.centre), \(roles)::text[], \(passwordHash),
                    \(passwordHash == nil ? AccountStatus.invited.rawValue : AccountStatus.active.rawValue), \(person.language.rawValue),
                    \(person.hromadaCode), \(person.appointedOn)::date)
            ON CONFLICT DO NOTHING
            RETURNING id
            """)
        guard let row = rows.first else {
            throw HromadaError(.conflict, detail: nil, reason: "email \(person.email) is taken")
        }
        return try find(db, id: try row.decode(UUID.self, "id"))!
    }

    public static func find(_ db: PGConnection, id: UUID) throws -> User? {
        try db.execute("SELECT \(columns) \(from) WHERE u.id = \(id)").first.map(user)
    }

    public static func find(_ db: PGConnection, email: String) throws -> User? {
        try db.execute("SELECT \(columns) \(from) WHERE lower(u.email) = lower(\(email))").first.map(user)
    }

    /// The person and their password hash, for login.
    public static func credentials(_ db: PGConnection, email: String) throws -> (User, String?)? {
        try credentials(from: db.execute(credentialsStatement(email: email)))
    }

    /// The statement of ``credentials(_:email:)``, for callers that pipeline it with others.
    public static func credentialsStatement(email: String) -> SQL {
        "SELECT \(columns), u.password_hash \(from) WHERE lower(u.email) = lower(\(email))"
    }

    public static func credentials(from rows: [PGRow]) throws -> (User, String?)? {
        guard let row = rows.first else { return nil }
        return (try user(row), try row.decode(String?.self, "password_hash"))
    }

    public static func setPassword(_ db: PGConnection, userID: UUID, hash: String) throws {
        try db.execute("UPDATE users SET password_hash = \(hash), updated_at = now() WHERE id = \(userID)")
    }

    /// Sets a person's extra time on timed attempts and returns the previous value.
    public static func setExtraTime(_ db: PGConnection, userID: UUID, percent: Int) throws -> Int {
        let rows = try db.execute("""
            UPDATE users u SET extra_time_percent = \(percent), updated_at = now()
            FROM (SELECT id, extra_time_percent FROM users WHERE id = \(userID) FOR UPDATE) old
            WHERE u.id = old.id RETURNING old.extra_time_percent AS before
            """)
        guard let row = rows.first else { throw HromadaError(.notFound) }
        return try row.decode("before")
    }

    public static func addRoles(_ db: PGConnection, userID: UUID, roles: Set<Role>) throws {
        let names = roles.map(\.rawValue)
        try db.execute("""
            UPDATE users SET roles = ARRAY(SELECT DISTINCT unnest(roles || \(names)::text[]) ORDER BY 1),
                             updated_at = now()
            WHERE id = \(userID)
            """)
    }

    /// One page of a centre's people, oldest first; `after` is the last id of the previous page.
    public static func list(_ db: PGConnection, centre: String, after: UUID?, limit: Int) throws -> [User] {
        var sql: SQL = "SELECT \(columns) \(from) WHERE u.centre = \(centre)"
        if let after {
            sql = sql + " AND (u.created_at, u.id) > (SELECT created_at, id FROM users WHERE id = \(after))"
        }
        sql = sql + " ORDER BY u.created_at, u.id LIMIT \(limit)"
        return try db.execute(sql).map(user)
    }

    /// Takes a lock per address (case-folded) until the transaction ends, in a fixed order so that
    /// writers naming several never deadlock: whoever creates a person holds their address's lock.
    static func lockEmails(_ db: PGConnection, _ emails: [String]) throws {
        let keys = Set(emails.map { $0.lowercased() }).sorted()
        guard !keys.isEmpty else { return }
        _ = try db.execute("""
            SELECT count(pg_advisory_xact_lock(hashtextextended('hromada.user:' || e, 0)))
            FROM (SELECT unnest(string_to_array(\(keys.joined(separator: "\n")), E'\\n')) AS e ORDER BY 1) k
            """)
    }

    public struct ImportResult: Sendable, Equatable {
        public var created: [User]
        public var unchanged: Int
    }

    /// Creates the people not yet known and leaves known ones untouched. Someone registered with
    /// another centre is a line problem. Either all lines succeed or the caller's transaction rolls back.
    public static func importPeople(_ db: PGConnection, _ people: [UserImport.Line]) throws -> ImportResult {
        // Two imports (or an import and a sign-up) naming the same person wait for each other here,
        // so the later one finds the person instead of failing on the unique email.
        try lockEmails(db, people.map(\.person.email))
        var result = ImportResult(created: [], unchanged: 0)
        var problems: [HromadaError.LineProblem] = []
        // Every hromada written in the file, by code or exact name; a name that fits several or none is the line's error.
        let choices = try TerritoryStore.resolve(db, all: people.map(\.person.hromada))
        for entry in people {
            var (line, person) = (entry.line, entry.person)
            if let existing = try find(db, email: person.email) {
                if existing.centre == person.centre {
                    result.unchanged += 1
                } else {
                    problems.append(.init(line: line, message: .init(
                        uk: "\(person.email) уже зареєстровано в іншому регіональному центрі",
                        en: "\(person.email) is already registered with another regional centre"
                    )))
                }
                continue
            }
            switch choices[person.hromada] {
            case .found(let ref)?:
                person.hromada = ref.name
                person.hromadaCode = ref.code
            case let choice?:
                let m = choice.message(written: person.hromada)!
                problems.append(.init(line: line, message: .init(uk: "hromada: \(m.uk)", en: "hromada: \(m.en)")))
                continue
            case nil:
                continue
            }
            // Not created while any line is wrong: the caller rolls back, but nobody should be invited either.
            if problems.isEmpty { result.created.append(try create(db, person, passwordHash: nil)) }
        }
        if !problems.isEmpty { throw HromadaError(.validationFailed, lineProblems: problems) }
        return result
    }
}
