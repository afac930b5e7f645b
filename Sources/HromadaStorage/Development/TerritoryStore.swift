public import Foundation
public import HromadaDomain
public import HromadaPostgres

/// The codifier КАТОТТГ in the database: loading an edition, finding a hromada by what a person wrote,
/// searching by name, and matching people created before the codifier.
public enum TerritoryStore {
    public struct ImportSummary: Sendable, Equatable {
        public var added = 0
        public var renamed = 0
        public var unchanged = 0
        /// People whose hromada text was matched to a code by this import.
        public var matched = 0
    }

    /// Loads an edition: units not known are added, known ones renamed (or moved) where the edition
    /// says so; nothing is deleted. Run it again with the same file and nothing changes.
    public static func importCodifier(_ db: PGConnection, _ units: [Territory], edition: String) throws -> ImportSummary {
        var summary = ImportSummary()
        let known = try Dictionary(uniqueKeysWithValues: db.execute("SELECT code, name, parent FROM territories").map {
            (try $0.decode(String.self, "code"), (try $0.decode(String.self, "name"), try $0.decode(String?.self, "parent")))
        })
        let byCode = Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) })
        // The oblast (or special-status city) and raion each unit lies in, walking up the file.
        func ancestors(_ unit: Territory) -> (oblast: String?, raion: String?) {
            var oblast: String?, raion: String?
            var current: Territory? = unit
            var steps = 0
            while let u = current, steps < 8 {
                switch u.category {
                case .oblast, .specialCity: oblast = u.code
                case .raion: raion = raion ?? u.code
                case .hromada: break
                }
                current = u.parent.flatMap { byCode[$0] }
                steps += 1
            }
            return (oblast, raion)
        }
        var changed: [Territory] = []
        for unit in units {
            if let (name, parent) = known[unit.code] {
                if name == unit.name && parent == unit.parent { summary.unchanged += 1; continue }
                summary.renamed += 1
            } else {
                summary.added += 1
            }
            changed.append(unit)
        }
        // Parents before children: oblasts and cities, raions, hromadas.
        let order: [Territory.Category: Int] = [.oblast: 0, .specialCity: 0, .raion: 1, .hromada: 2]
        changed.sort { order[$0.category]! < order[$1.category]! }
        for batch in stride(from: 0, to: changed.count, by: 2000).map({ Array(changed[$0..<min($0 + 2000, changed.count)]) }) {
            let places = batch.map(ancestors)
            try db.execute("""
                INSERT INTO territories (code, category, name, parent, search_key, oblast, raion, edition)
                SELECT code, category, name, NULLIF(parent, ''), search_key, NULLIF(oblast, ''), NULLIF(raion, ''), \(edition)
                FROM unnest(\(batch.map(\.code))::text[], \(batch.map(\.category.rawValue))::text[], \(batch.map(\.name))::text[],
                            \(batch.map { $0.parent ?? "" })::text[], \(batch.map { TerritoryName.searchKey($0.name) })::text[],
                            \(places.map { $0.oblast ?? "" })::text[], \(places.map { $0.raion ?? "" })::text[])
                     AS u (code, category, name, parent, search_key, oblast, raion)
                ON CONFLICT (code) DO UPDATE SET
                    category = EXCLUDED.category, name = EXCLUDED.name, parent = EXCLUDED.parent,
                    search_key = EXCLUDED.search_key, oblast = EXCLUDED.oblast, raion = EXCLUDED.raion,
                    edition = EXCLUDED.edition, updated_at = now()
                """)
        }
        summary.matched = try matchPeople(db)
        return summary
    }

    /// How many units of each category are loaded.
    public static func counts(_ db: PGConnection) throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try db.execute("SELECT category, count(*)::int AS n FROM territories GROUP BY category").map {
            (try $0.decode(String.self, "category"), try $0.decode(Int.self, "n"))
        })
    }

    static let refColumns: SQL = """
        t.code, t.name, t.category, o.code AS oblast_code, o.name AS oblast_name, r.code AS raion_code, r.name AS raion_name
        """
    static let refFrom: SQL = """
        FROM territories t LEFT JOIN territories o ON o.code = t.oblast LEFT JOIN territories r ON r.code = t.raion
        """

    static func ref(_ row: PGRow) throws -> HromadaRef {
        HromadaRef(code: try row.decode("code"), name: try row.decode("name"),
                   oblast: try row.decode(String?.self, "oblast_name"), raion: try row.decode(String?.self, "raion_name"))
    }

    /// A hromada (or special-status city) by its code or its name as a person wrote it.
    public static func resolve(_ db: PGConnection, _ written: String, withClosest: Bool = true) throws -> HromadaChoice {
        let text = written.trimmingCharacters(in: .whitespacesAndNewlines)
        if Territory.isCode(text.uppercased()) {
            let rows = try db.execute("SELECT \(refColumns) \(refFrom) WHERE t.code = \(text.uppercased()) AND t.category IN ('H', 'K')")
            return try rows.first.map { .found(try ref($0)) } ?? .unknown(closest: [])
        }
        let key = TerritoryName.hromadaKey(text)
        let rows = try db.execute("""
            SELECT \(refColumns) \(refFrom) WHERE t.search_key = \(key) AND t.category IN ('H', 'K')
            ORDER BY o.name, r.name, t.code
            """)
        switch rows.count {
        case 1: return .found(try ref(rows[0]))
        case 0: return .unknown(closest: withClosest ? try closest(db, to: key) : [])
        default: return .ambiguous(try rows.map(ref))
        }
    }

    /// An oblast (or special-status city) or a raion by its code or exact name, for report filters: its
    /// code, or a 422 for `field` listing the candidates of a name several units bear.
    public static func unit(_ db: PGConnection, _ written: String, category: Territory.Category, field: String) throws -> String {
        let categories = category == .raion ? ["P"] : ["O", "K"]
        let text = written.trimmingCharacters(in: .whitespaces)
        let rows: [PGRow]
        if Territory.isCode(text.uppercased()) {
            rows = try db.execute("SELECT \(refColumns) \(refFrom) WHERE t.code = \(text.uppercased()) AND t.category = ANY(\(categories)::text[])")
        } else {
            rows = try db.execute("""
                SELECT \(refColumns) \(refFrom) WHERE t.search_key = \(TerritoryName.searchKey(text)) AND t.category = ANY(\(categories)::text[])
                ORDER BY o.name, t.code
                """)
        }
        if rows.count == 1 { return try rows[0].decode("code") }
        let what = LocalizedText(uk: category == .raion ? "району" : "області", en: category == .raion ? "raion" : "oblast")
        if rows.isEmpty {
            throw HromadaError.validation(field: field, .init(uk: "немає \(what.uk) «\(text)» у кодифікаторі", en: "there is no \(what.en) '\(text)' in the codifier"))
        }
        let list = try rows.map { try ref($0).listed }.joined(separator: "; ")
        throw HromadaError.validation(field: field, .init(uk: "назва неоднозначна; вкажіть код: \(list)", en: "several units bear that name; give the code: \(list)"))
    }

    /// Several writings at once (a CSV file's), each looked up once.
    public static func resolve(_ db: PGConnection, all written: [String]) throws -> [String: HromadaChoice] {
        var out: [String: HromadaChoice] = [:]
        for text in Set(written) { out[text] = try resolve(db, text) }
        return out
    }

    /// The hromada names nearest to `key` by edit distance, at most five, within a third of its length.
    static func closest(_ db: PGConnection, to key: String) throws -> [String] {
        let names = try db.execute("SELECT DISTINCT name, search_key FROM territories WHERE category IN ('H', 'K')").map {
            (try $0.decode(String.self, "name"), try $0.decode(String.self, "search_key"))
        }
        let limit = max(2, key.count / 3)
        return names.map { (name: $0.0, d: TerritoryName.distance(key, $0.1)) }
            .filter { $0.d <= limit }
            .sorted { ($0.d, $0.name) < ($1.d, $1.name) }
            .prefix(5).map(\.name)
    }

    /// A hromada the search found, with its oblast and raion (code and name) where it has them.
    public struct Found: Sendable {
        public var code: String
        public var name: String
        public var category: String
        public var oblast: (code: String, name: String)?
        public var raion: (code: String, name: String)?
    }

    /// Hromadas whose name starts with `prefix` (case and apostrophes aside), in `oblast` (a code or a
    /// name) when given; alphabetical, `limit` of them after the code `after`.
    public static func search(_ db: PGConnection, prefix: String, oblast: String?, after: String?, limit: Int) throws -> [Found] {
        var filters: SQL = "t.category IN ('H', 'K') AND left(t.search_key, length(\(TerritoryName.searchKey(prefix)))) = \(TerritoryName.searchKey(prefix))"
        if let oblast {
            if Territory.isCode(oblast.uppercased()) {
                filters = filters + " AND t.oblast = \(oblast.uppercased())"
            } else {
                filters = filters + " AND o.search_key = \(TerritoryName.searchKey(oblast))"
            }
        }
        if let after {
            filters = filters + " AND (t.name, t.code) > (SELECT name, code FROM territories WHERE code = \(after))"
        }
        return try db.execute("SELECT \(refColumns) \(refFrom) WHERE \(filters) ORDER BY t.name, t.code LIMIT \(limit)").map { row in
            Found(
                code: try row.decode("code"), name: try row.decode("name"), category: try row.decode("category"),
                oblast: try row.decode(String?.self, "oblast_code").map { ($0, try row.decode("oblast_name")) },
                raion: try row.decode(String?.self, "raion_code").map { ($0, try row.decode("raion_name")) })
        }
    }

    /// Whether the hromada `code` lies in the region (oblast or special-status city) that `centre` serves.
    public static func centreServes(_ db: PGConnection, centre: String, hromada code: String) throws -> Bool {
        try !db.execute("""
            SELECT 1 FROM territories t JOIN centres c ON c.territory = t.oblast WHERE c.code = \(centre) AND t.code = \(code)
            """).isEmpty
    }

    /// Gives a code to every person without one whose hromada text names exactly one hromada of the
    /// codifier; names that fit several, or none, are left for `hromadas unmatched`. Never guesses.
    public static func matchPeople(_ db: PGConnection) throws -> Int {
        let texts = try db.execute("""
            SELECT DISTINCT h.name FROM users u JOIN hromadas h ON h.id = u.hromada_id WHERE u.hromada_code IS NULL
            """).map { try $0.decode(String.self, "name") }
        var matched = 0
        for text in texts {
            guard case .found(let ref) = try resolve(db, text, withClosest: false) else { continue }
            matched += try db.execute("""
                UPDATE users u SET hromada_code = \(ref.code), updated_at = now()
                FROM hromadas h WHERE h.id = u.hromada_id AND h.name = \(text) AND u.hromada_code IS NULL
                RETURNING u.id
                """).count
        }
        return matched
    }

    public struct Unmatched: Sendable, Equatable {
        public var email: String
        public var centre: String
        public var hromada: String
        public var choice: HromadaChoice
    }

    /// People whose hromada has no code yet, with what their text comes to (several candidates, or none).
    public static func unmatched(_ db: PGConnection) throws -> [Unmatched] {
        let rows = try db.execute("""
            SELECT u.email, u.centre, h.name FROM users u JOIN hromadas h ON h.id = u.hromada_id
            WHERE u.hromada_code IS NULL ORDER BY u.centre, h.name, u.email
            """)
        var choices: [String: HromadaChoice] = [:]
        return try rows.map { row in
            let name: String = try row.decode("name")
            let choice = try choices[name] ?? resolve(db, name)
            choices[name] = choice
            return Unmatched(email: try row.decode("email"), centre: try row.decode("centre"), hromada: name, choice: choice)
        }
    }

    /// What ``match(_:person:hromada:)`` did.
    public struct Matched: Sendable, Equatable {
        public var userID: UUID
        public var email: String
        public var centre: String
        /// The hromada text the person had, which stays as it was.
        public var written: String
        /// False when the person already had this code (nothing changed).
        public var changed: Bool
    }

    /// Gives the person (an id or an email) the hromada `ref`, when they have no code yet or already
    /// have this one. A person with another code is refused: matching fills a gap, it does not move people.
    public static func match(_ db: PGConnection, person: String, hromada ref: HromadaRef) throws -> Matched {
        let condition: SQL = UUID(text: person).map { "u.id = \($0)" } ?? "lower(u.email) = lower(\(person))"
        guard let row = try db.execute("""
            SELECT u.id, u.email, u.centre, u.hromada_code, h.name FROM users u JOIN hromadas h ON h.id = u.hromada_id
            WHERE \(condition) FOR UPDATE OF u
            """).first else {
            throw HromadaError(.notFound, detail: .init(uk: "Немає такої особи: \(person).", en: "There is no such person: \(person)."))
        }
        let id: UUID = try row.decode("id")
        let current = try row.decode(String?.self, "hromada_code")
        var matched = Matched(userID: id, email: try row.decode("email"), centre: try row.decode("centre"), written: try row.decode("name"), changed: false)
        if current == ref.code { return matched }
        if let current {
            throw HromadaError(.conflict, detail: .init(
                uk: "Особа вже має громаду з кодом \(current); зіставлення лише заповнює відсутній код.",
                en: "The person already has the hromada \(current); matching only fills a missing code."))
        }
        try db.execute("UPDATE users SET hromada_code = \(ref.code), updated_at = now() WHERE id = \(id)")
        matched.changed = true
        return matched
    }
}
