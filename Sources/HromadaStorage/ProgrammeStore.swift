public import Foundation
public import HromadaAPI
import HromadaDomain
public import HromadaPacks
public import HromadaPostgres

/// SQL for programmes: published versions (immutable, owned as courses are), learners' enrolments,
/// and their completion (spec/credentials.md, "Programmes").
public enum ProgrammeStore {
    /// The released courses the parts name, as ``ProgrammeValidator/checkAgainstCatalogue(_:courses:)`` needs them.
    public static func publishedCourses(_ db: PGConnection, slugs: [String]) throws -> [String: ProgrammeValidator.PublishedCourse] {
        var out: [String: ProgrammeValidator.PublishedCourse] = [:]
        for row in try db.execute("""
            SELECT slug, array_agg(version ORDER BY \(CourseStore.newestFirst)) AS versions,
                   (array_agg(hours::float8 ORDER BY \(CourseStore.newestFirst)))[1] AS hours,
                   (array_agg(credits::float8 ORDER BY \(CourseStore.newestFirst)))[1] AS credits
            FROM course_versions WHERE slug = ANY(\(slugs)::text[]) AND \(CourseStore.released) GROUP BY slug
            """) {
            out[try row.decode("slug")] = .init(versions: try row.decodeArray("versions"), hours: try row.decode("hours"),
                                                credits: try row.decode("credits"))
        }
        return out
    }

    /// The validator's result with the catalogue's errors added (every course part released in a
    /// version at or above its `min_version`, the credits fitting `programme`), and the summed hours
    /// and credits. Also for a folder with errors of its own, so that all are reported at once.
    public static func check(_ db: PGConnection, _ validated: ProgrammeValidator.Result) throws -> (ProgrammeValidator.Result, Double, Double) {
        let courses = try publishedCourses(db, slugs: validated.parsed?.parts.compactMap(\.course) ?? [])
        let catalogue = try db.execute("SELECT DISTINCT slug FROM course_versions WHERE \(CourseStore.released)").map { try $0.decode(String.self, "slug") }
        let perCredit = NSDecimalNumber(decimal: try SettingsStore.read(db).hoursPerCredit).doubleValue
        return ProgrammeValidator.checkAgainstCatalogue(validated, courses: courses, catalogue: catalogue, hoursPerCredit: perCredit)
    }

    /// Stores a validated programme (checked against the catalogue in this transaction). The same slug
    /// and version with the same content is a no-op (`created` false); with other content it is a
    /// `version_exists` conflict. `authorise` is asked under the slug's lock, before anything is
    /// written, as ``CourseStore/publish(_:course:files:publishedBy:draft:authorise:)`` asks it.
    public static func publish(
        _ db: PGConnection, validated: ProgrammeValidator.Result, publishedBy: UUID?,
        authorise: (CourseStore.Ownership) throws -> Void
    ) throws -> (result: ProgrammeValidator.Result, created: Bool) {
        guard let definition = validated.definition else { return (try check(db, validated).0, false) }
        let slug = definition.slug
        try db.execute(CourseStore.Owned.programme.lock(slug))
        let exists = try !db.execute("SELECT 1 FROM programmes WHERE slug = \(slug)").isEmpty
        if exists {
            let trainer = try publishedBy.map { try CourseStore.isTrainer(db, userID: $0, slug: slug, of: .programme) } ?? false
            try authorise(.existing(publisherIsTrainer: trainer))
        } else {
            try authorise(.newCourse)
        }
        let (checked, hours, credits) = try check(db, validated)
        guard checked.definition != nil else { return (checked, false) }
        if let existing = try db.execute("""
            SELECT content_hash FROM programme_versions WHERE slug = \(slug) AND version = \(definition.version)
            """).first.map({ try $0.decode(String.self, "content_hash") }) {
            guard existing == validated.contentHash else {
                throw HromadaError(.versionExists, detail: .init(
                    uk: "Під номером \(definition.version) програми \(slug) уже інший зміст; дайте новій редакції новий номер версії в programme.yaml.",
                    en: "Version \(definition.version) of \(slug) already holds different content; give the new edition a new version number in programme.yaml."
                ), reason: "hash \(existing) vs \(validated.contentHash)")
            }
            return (checked, false)
        }
        let (major, minor, patch, pre) = try CourseStore.semver(definition.version)
        if !exists {
            try db.execute("INSERT INTO programmes (slug) VALUES (\(slug))")
            if let publishedBy { try db.execute("INSERT INTO programme_trainers (slug, user_id) VALUES (\(slug), \(publishedBy))") }
        }
        let parts = String(decoding: try JSONEncoder.sorted.encode(definition.parts), as: UTF8.self)
        let atLeast: Int? = if case .atLeast(let n) = definition.completion { n } else { nil }
        try db.execute("""
            INSERT INTO programme_versions (slug, version, major, minor, patch, prerelease, content_hash, title, summary, language,
                audience, programme, hours, credits, certificate, completion_at_least, parts, manifest, published_by)
            VALUES (\(slug), \(definition.version), \(major), \(minor), \(patch), \(pre), \(validated.contentHash), \(definition.title),
                \(definition.summary), \(definition.language), \(definition.audience.map(\.rawValue))::text[], \(definition.programme),
                \(hours), \(credits), \(definition.certificate), \(atLeast), \(parts)::jsonb, \(Bytes(validated.manifest)), \(publishedBy))
            """)
        return (checked, true)
    }

    static let columns: SQL = """
        id, slug, version, title, summary, language, audience, programme, hours::float8 AS hours, credits::float8 AS credits,
        certificate, completion_at_least, parts::text AS parts, content_hash, published_at
        """

    static func published(_ row: PGRow) throws -> PublishedProgramme {
        let parts = try JSONDecoder().decode([ProgrammeDefinition.Part].self, from: Data(try row.decode(String.self, "parts").utf8))
        let definition = ProgrammeDefinition(
            slug: try row.decode("slug"), version: try row.decode("version"), language: try row.decode("language"),
            title: try row.decode("title"), summary: try row.decode("summary"),
            audience: try row.decodeArray("audience").compactMap(Category.init(rawValue:)), programme: try row.decode("programme"),
            parts: parts, completion: try row.decode(Int?.self, "completion_at_least").map { .atLeast($0) } ?? .all,
            certificate: try row.decode("certificate"))
        return PublishedProgramme(definition: definition, hours: try row.decode("hours"), credits: try row.decode("credits"),
                                  contentHash: try row.decode("content_hash"), publishedAt: try row.decode("published_at"))
    }

    /// The newest version of every programme, by slug, one page after `after`.
    public static func catalogue(_ db: PGConnection, after: String?, limit: Int) throws -> [PublishedProgramme] {
        try db.execute("""
            SELECT * FROM (SELECT DISTINCT ON (slug) \(columns) FROM programme_versions ORDER BY slug, \(CourseStore.newestFirst)) newest
            WHERE \(after)::text IS NULL OR slug > \(after) ORDER BY slug LIMIT \(limit)
            """).map(published)
    }

    /// A version (the newest when `version` is nil) with its id.
    public static func find(_ db: PGConnection, slug: String, version: String? = nil) throws -> (id: UUID, programme: PublishedProgramme)? {
        try db.execute("""
            SELECT \(columns) FROM programme_versions WHERE slug = \(slug) AND (\(version)::text IS NULL OR version = \(version))
            ORDER BY \(CourseStore.newestFirst) LIMIT 1
            """).first.map { (try $0.decode(UUID.self, "id"), try published($0)) }
    }
}
