import Foundation
import HromadaDomain
import HromadaPacks

/// SQL for published courses. A version, once stored, never changes.
public enum CourseStore {
    public struct Published: Sendable, Equatable {
        public var slug: String
        public var version: String
        public var hash: String
        /// False when the same slug and version were already published with the same content.
        public var created: Bool
    }

    /// One course in the catalogue (its newest version).
    public struct Summary: Sendable, Codable, Equatable {
        public var slug: String
        public var title: String
        public var summary: String
        public var language: String
        public var audience: [String]
        public var hours: Double
        public var credits: Double
        public var version: String
    }

    public struct VersionInfo: Sendable, Codable, Equatable {
        public var version: String
        public var contentHash: String
        public var publishedAt: Date
        enum CodingKeys: String, CodingKey {
            case version
            case contentHash = "content_hash"
            case publishedAt = "published_at"
        }
    }

    /// Stores a validated course and its reachable files. The same slug and version with the same
    /// hash is a no-op; with another hash it is a `version_exists` conflict.
    public static func publish(
        _ db: PGConnection, course: Course, files: PackFiles, publishedBy: UUID?
    ) throws -> Published {
        let (major, minor, patch, pre) = try semver(course.version)
        // Two uploads of one slug at once are serialised here, until commit.
        try db.execute("SELECT pg_advisory_xact_lock(hashtextextended(\("course:" + course.slug), 0))")
        if let row = try db.execute("""
            SELECT content_hash FROM course_versions WHERE slug = \(course.slug) AND version = \(course.version)
            """).first {
            let existing = try row.decode(String.self, "content_hash")
            guard existing == course.contentHash else {
                throw HromadaError("version_exists", detail: .init(
                    uk: "версію \(course.version) курсу \(course.slug) вже опубліковано з іншим змістом; збільште номер версії",
                    en: "version \(course.version) of \(course.slug) is already published with different content; bump the version"
                ), reason: "hash \(existing) vs \(course.contentHash)")
            }
            return Published(slug: course.slug, version: course.version, hash: existing, created: false)
        }
        try db.execute("INSERT INTO courses (slug) VALUES (\(course.slug)) ON CONFLICT DO NOTHING")
        let json = String(decoding: try JSONEncoder.sorted.encode(course.stored), as: UTF8.self)
        let versionID = try db.execute("""
            INSERT INTO course_versions (slug, version, major, minor, patch, prerelease, content_hash, title, summary,
                language, audience, hours, credits, programme, certificate, course, published_by)
            VALUES (\(course.slug), \(course.version), \(major), \(minor), \(patch), \(pre), \(course.contentHash),
                \(course.title), \(course.summary), \(course.language), \(course.audience.map(\.rawValue))::text[],
                \(course.hours), \(course.credits), \(course.programme), \(course.certificate), \(json)::jsonb, \(publishedBy))
            RETURNING id
            """)[0].decode(UUID.self, "id")
        if let publishedBy {
            try db.execute("INSERT INTO course_trainers (slug, user_id) VALUES (\(course.slug), \(publishedBy)) ON CONFLICT DO NOTHING")
        }
        for path in files.files.keys.sorted() where course.files.contains(path) {
            try db.execute("""
                INSERT INTO course_files (version_id, path, content_type, content)
                VALUES (\(versionID), \(path), \(ContentType.of(path)), \(Bytes(files.files[path]!)))
                """)
        }
        var position = 0
        for module in course.modules {
            for item in module.items {
                position += 1
                switch item {
                case .lesson(let id):
                    guard let l = course.lessons.first(where: { $0.id == id }) else { continue }
                    // The renderer filtered it already; once more costs little and holds for a
                    // `Course` made any other way.
                    let html = LessonSanitiser.sanitise(l.html)
                    try db.execute("""
                        INSERT INTO course_lessons (version_id, id, module_id, position, title, minutes, path, markdown, html,
                                                    markdown_json, html_json, sanitiser_version)
                        VALUES (\(versionID), \(l.id), \(module.id), \(position), \(l.title), \(l.minutes), \(l.path), \(l.markdown), \(html),
                                \(JSONWriter.literal(l.markdown)), \(JSONWriter.literal(html)), \(LessonSanitiser.version))
                        """)
                case .quiz(let id):
                    guard let q = course.quizzes.first(where: { $0.id == id }) else { continue }
                    let definition = String(decoding: try JSONEncoder.sorted.encode(q), as: UTF8.self)
                    try db.execute("""
                        INSERT INTO course_quizzes (version_id, id, module_id, position, title, definition)
                        VALUES (\(versionID), \(q.id), \(module.id), \(position), \(q.title), \(definition)::jsonb)
                        """)
                }
            }
        }
        return Published(slug: course.slug, version: course.version, hash: course.contentHash, created: true)
    }

    /// Releases before pre-releases, then by version: a `2.0.0-beta` is offered only while no release exists.
    /// Pre-releases of one version follow SemVer precedence through `prerelease_order` (migration 0010).
    static let newestFirst: SQL = "prerelease IS NOT NULL, major DESC, minor DESC, patch DESC, prerelease_order DESC"

    /// The catalogue: the newest version of every course, filtered, one page after `after` (a slug).
    public static func catalogue(
        _ db: PGConnection, query: String?, audience: String?, language: String?, after: String?, limit: Int
    ) throws -> [Summary] {
        var sql: SQL = """
            SELECT * FROM (
                SELECT DISTINCT ON (slug) slug, title, summary, language, audience, hours::float8 AS hours,
                       credits::float8 AS credits, version
                FROM course_versions ORDER BY slug, \(newestFirst)
            ) newest WHERE true
            """
        if let query, !query.isEmpty {
            let pattern = "%" + query.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            sql = sql + " AND (title ILIKE \(pattern) OR summary ILIKE \(pattern) OR slug ILIKE \(pattern))"
        }
        if let audience { sql = sql + " AND \(audience) = ANY(audience)" }
        if let language { sql = sql + " AND language = \(language)" }
        if let after { sql = sql + " AND slug > \(after)" }
        sql = sql + " ORDER BY slug LIMIT \(limit)"
        return try db.execute(sql).map { row in
            Summary(slug: try row.decode("slug"), title: try row.decode("title"), summary: try row.decode("summary"),
                    language: try row.decode("language"), audience: try row.decodeArray("audience"),
                    hours: try row.decode("hours"), credits: try row.decode("credits"), version: try row.decode("version"))
        }
    }

    /// A stored version (the newest when `version` is nil) with its id.
    public static func course(_ db: PGConnection, slug: String, version: String?) throws -> (id: UUID, course: StoredCourse)? {
        var sql: SQL = "SELECT id FROM course_versions WHERE slug = \(slug)"
        if let version { sql = sql + " AND version = \(version)" }
        sql = sql + " ORDER BY \(newestFirst) LIMIT 1"
        guard let row = try db.execute(sql).first else { return nil }
        let id: UUID = try row.decode("id")
        return (id, try StoredCourse.decoded(db, version: id))
    }

    public static func versions(_ db: PGConnection, slug: String) throws -> [VersionInfo] {
        try db.execute("""
            SELECT version, content_hash, published_at FROM course_versions WHERE slug = \(slug) ORDER BY \(newestFirst)
            """).map {
            VersionInfo(version: try $0.decode("version"), contentHash: try $0.decode("content_hash"), publishedAt: try $0.decode("published_at"))
        }
    }

    /// Every file of a version, for the release ZIP.
    public static func files(_ db: PGConnection, versionID: UUID) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for row in try db.execute("SELECT path, content FROM course_files WHERE version_id = \(versionID)") {
            out[try row.decode("path")] = try row.decode(Bytes.self, "content").bytes
        }
        return out
    }

    public static func file(_ db: PGConnection, versionID: UUID, path: String) throws -> (contentType: String, bytes: [UInt8])? {
        guard let row = try db.execute("""
            SELECT content_type, content FROM course_files WHERE version_id = \(versionID) AND path = \(path)
            """).first else { return nil }
        return (try row.decode("content_type"), try row.decode(Bytes.self, "content").bytes)
    }

    /// Major, minor, patch and pre-release of a version, the numbers as the `integer` columns hold
    /// them. The validator lets no other version through; one that gets here anyway is refused, never
    /// stored with a number it does not have (which would misplace it among the course's versions).
    static func semver(_ version: String) throws -> (Int, Int, Int, String?) {
        let parts = version.split(separator: "-", maxSplits: 1)
        let numbers = (parts.first?.split(separator: ".", omittingEmptySubsequences: false) ?? []).map { part in
            part.allSatisfy { $0.isASCII && $0.isNumber } ? Int32(part).map(Int.init) : nil
        }
        guard numbers.count == 3, let major = numbers[0], let minor = numbers[1], let patch = numbers[2] else {
            throw HromadaError(.validationFailed, detail: .init(
                uk: "версія \(version) не є семантичною версією з числами до \(Int32.max)",
                en: "version \(version) is not a semantic version with numbers up to \(Int32.max)"
            ), reason: "version \(version) does not fit major.minor.patch as integers")
        }
        return (major, minor, patch, parts.count > 1 ? String(parts[1]) : nil)
    }
}

/// The course as stored in `course_versions.course`: everything but lesson bodies and quiz keys,
/// which live in their own tables.
public struct StoredCourse: Sendable, Codable, Equatable {
    public var slug: String
    public var version: String
    public var language: String
    public var title: String
    public var summary: String
    public var audience: [Category]
    public var hours: Double
    public var credits: Double
    public var programme: String
    public var authors: [Course.Author]
    public var tags: [String]
    public var modules: [Course.Module]
    public var lessonTitles: [String: String]
    public var quizTitles: [String: String]
    public var completion: Course.Completion
    public var certificate: Bool
    public var contentHash: String
    public var files: [String]
}

extension Course {
    var stored: StoredCourse {
        StoredCourse(
            slug: slug, version: version, language: language, title: title, summary: summary, audience: audience,
            hours: hours, credits: credits, programme: programme, authors: authors, tags: tags, modules: modules,
            lessonTitles: Dictionary(uniqueKeysWithValues: lessons.map { ($0.id, $0.title) }),
            quizTitles: Dictionary(uniqueKeysWithValues: quizzes.map { ($0.id, $0.title) }),
            completion: completion, certificate: certificate, contentHash: contentHash, files: files
        )
    }
}

/// Content types of pack files, by extension.
public enum ContentType {
    public static func of(_ path: String) -> String {
        switch path.split(separator: ".").last?.lowercased() ?? "" {
        case "md": "text/markdown; charset=utf-8"
        case "yaml", "yml": "application/yaml"
        case "gift", "txt": "text/plain; charset=utf-8"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "svg": "image/svg+xml"
        case "pdf": "application/pdf"
        case "csv": "text/csv; charset=utf-8"
        case "mp3": "audio/mpeg"
        case "mp4": "video/mp4"
        default: "application/octet-stream"
        }
    }
}

extension StoredCourse {
    private static let cache = BoundedCache<UUID, StoredCourse>(capacity: 256)

    /// The outline of version `version`. A published version never changes, so each is read and
    /// decoded once per process (completion checks run on every submit and lesson completion); the
    /// queries that need an outline ask only for the version's id.
    static func decoded(_ db: PGConnection, version: UUID) throws -> StoredCourse {
        try cache.value(version) {
            guard let row = try db.execute("SELECT course::text AS course FROM course_versions WHERE id = \(version)").first else {
                throw HromadaError(.notFound, reason: "course version \(version.lowercasedText) not found")
            }
            return try JSONDecoder().decode(StoredCourse.self, from: Data(try row.decode(String.self, "course").utf8))
        }
    }
}
