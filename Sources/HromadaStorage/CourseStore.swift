public import Foundation
public import HromadaAPI
public import HromadaDomain
public import HromadaPacks
public import HromadaPostgres

/// SQL for published courses. A version, once stored, never changes.
public enum CourseStore {
    public struct Published: Sendable, Equatable {
        public var slug: String
        public var version: String
        public var hash: String
        /// False when the same slug and version were already published with the same content.
        public var created: Bool
        /// Stored as a draft (not in the catalogue).
        public var draft: Bool = false
        /// A draft of the same content released by this publish.
        public var released: Bool = false
    }

    /// One version of a course: the row is the API's item as it is.
    public typealias VersionInfo = CourseVersionInfo

    /// Who a course's slug belongs to, as `publish` sees it under its lock.
    public enum Ownership: Sendable, Equatable {
        /// Nobody has published this slug yet: the publisher becomes its first trainer.
        case newCourse
        /// The slug exists; `publisherIsTrainer` tells whether the publisher is one of its trainers.
        case existing(publisherIsTrainer: Bool)
    }

    /// Stores a validated course and its reachable files. The same slug and version with the same
    /// hash is a no-op; with another hash it is a `version_exists` conflict. `authorise` is asked,
    /// under the slug's lock and before anything is written, whether the publisher may publish to
    /// this slug (a slug belongs to its first publisher and the trainers the admin names).
    public static func publish(
        _ db: PGConnection, course: Course, files: PackFiles, publishedBy: UUID?, draft: Bool = false,
        authorise: (Ownership) throws -> Void = { _ in }
    ) throws -> Published {
        let (major, minor, patch, pre) = try semver(course.version)
        // Two uploads of one slug at once are serialised here, until commit.
        try db.execute(Owned.course.lock(course.slug))
        let exists = try !db.execute("SELECT 1 FROM courses WHERE slug = \(course.slug)").isEmpty
        if exists {
            let trainer = try publishedBy.map { try isTrainer(db, userID: $0, slug: course.slug) } ?? false
            try authorise(.existing(publisherIsTrainer: trainer))
        } else {
            try authorise(.newCourse)
        }
        if let row = try db.execute("""
            SELECT id, content_hash FROM course_versions WHERE slug = \(course.slug) AND version = \(course.version)
            """).first {
            let existing = try row.decode(String.self, "content_hash")
            guard existing == course.contentHash else {
                throw HromadaError(.versionExists, detail: .init(
                    uk: "Під номером \(course.version) курсу \(course.slug) уже інший зміст; дайте новій редакції новий номер версії в course.yaml.",
                    en: "Version \(course.version) of \(course.slug) already holds different content; give the new edition a new version number in course.yaml."
                ), reason: "hash \(existing) vs \(course.contentHash)")
            }
            // The same content again: nothing new is stored. Published without `draft`, a draft of it is
            // released (publishing keeps its meaning: in the catalogue); a release never goes back to draft.
            let versionID: UUID = try row.decode("id")
            let wasDraft = try isDraft(db, versionID: versionID)
            if wasDraft && !draft { try db.execute("DELETE FROM course_drafts WHERE version_id = \(versionID)") }
            return Published(slug: course.slug, version: course.version, hash: existing, created: false, draft: wasDraft && draft,
                             released: wasDraft && !draft)
        }
        if !exists { try db.execute("INSERT INTO courses (slug) VALUES (\(course.slug))") }
        let json = String(decoding: try JSONEncoder.sorted.encode(course.stored), as: UTF8.self)
        let versionID = try db.execute("""
            INSERT INTO course_versions (slug, version, major, minor, patch, prerelease, content_hash, title, summary,
                language, audience, hours, credits, programme, certificate, course, published_by)
            VALUES (\(course.slug), \(course.version), \(major), \(minor), \(patch), \(pre), \(course.contentHash),
                \(course.title), \(course.summary), \(course.language), \(course.audience.map(\.rawValue))::text[],
                \(course.hours), \(course.credits), \(course.programme), \(course.certificate), \(json)::jsonb, \(publishedBy))
            RETURNING id
            """)[0].decode(UUID.self, "id")
        // The first publisher owns the slug; later versions add nobody (the admin manages the list).
        if !exists, let publishedBy {
            try db.execute("INSERT INTO course_trainers (slug, user_id) VALUES (\(course.slug), \(publishedBy))")
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
        if draft { try db.execute("INSERT INTO course_drafts (version_id) VALUES (\(versionID))") }
        return Published(slug: course.slug, version: course.version, hash: course.contentHash, created: true, draft: draft)
    }

    /// Releases before pre-releases, then by version: a `2.0.0-beta` is offered only while no release exists.
    /// Pre-releases of one version follow SemVer precedence through `prerelease_order` (migration 0010).
    static let newestFirst: SQL = "prerelease IS NOT NULL, major DESC, minor DESC, patch DESC, prerelease_order DESC"

    /// The catalogue: the newest version of every course, filtered, one page after `after` (a slug).
    public static func catalogue(
        _ db: PGConnection, query: String?, audience: String?, language: String?, after: String?, limit: Int
    ) throws -> [CourseSummary] {
        var sql: SQL = """
            SELECT * FROM (
                SELECT DISTINCT ON (slug) slug, title, summary, language, audience, hours::float8 AS hours,
                       credits::float8 AS credits, version
                FROM course_versions WHERE \(released) ORDER BY slug, \(newestFirst)
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
            CourseSummary(slug: try row.decode("slug"), title: try row.decode("title"), summary: try row.decode("summary"),
                    language: try row.decode("language"), audience: try row.decodeArray("audience"),
                    hours: try row.decode("hours"), credits: try row.decode("credits"), version: try row.decode("version"))
        }
    }

    /// A stored version (the newest when `version` is nil) with its id; drafts only when `drafts`
    /// (for the course's trainers and the admin).
    public static func course(_ db: PGConnection, slug: String, version: String?, drafts: Bool = false) throws -> (id: UUID, course: StoredCourse)? {
        var sql: SQL = "SELECT id FROM course_versions WHERE slug = \(slug)"
        if let version { sql = sql + " AND version = \(version)" }
        if !drafts { sql = sql + " AND \(released)" }
        sql = sql + " ORDER BY \(newestFirst) LIMIT 1"
        guard let row = try db.execute(sql).first else { return nil }
        let id: UUID = try row.decode("id")
        return (id, try StoredCourse.decoded(db, version: id))
    }

    public static func versions(_ db: PGConnection, slug: String, drafts: Bool = false) throws -> [VersionInfo] {
        try db.execute("""
            SELECT version, content_hash, published_at, NOT \(released) AS draft FROM course_versions
            WHERE slug = \(slug) AND (\(drafts) OR \(released)) ORDER BY \(newestFirst)
            """).map {
            VersionInfo(version: try $0.decode("version"), contentHash: try $0.decode("content_hash"), publishedAt: try $0.decode("published_at"),
                        draft: try $0.decode("draft"))
        }
    }

    /// Whether a course `slug` has been published.
    public static func exists(_ db: PGConnection, slug: String) throws -> Bool {
        try !db.execute("SELECT 1 FROM courses WHERE slug = \(slug)").isEmpty
    }

    /// What has trainers who alone (with the admin) publish its versions: a course, or a programme
    /// (migration 0020), each in a namespace of slugs of its own.
    public enum Owned: String, Sendable {
        case course, programme
        /// The table of its slugs, and that of its trainers.
        var table: String { self == .course ? "courses" : "programmes" }
        var trainersTable: String { self == .course ? "course_trainers" : "programme_trainers" }
        /// The advisory lock that publishing and changing the trainers of `slug` take.
        func lock(_ slug: String) -> SQL { "SELECT pg_advisory_xact_lock(hashtextextended(\(rawValue + ":" + slug), 0))" }
    }

    /// Whether `userID` is one of the trainers of `slug`.
    public static func isTrainer(_ db: PGConnection, userID: UUID, slug: String, of owned: Owned = .course) throws -> Bool {
        try !db.execute("SELECT 1 FROM \(unsafeSQL: owned.trainersTable) WHERE slug = \(slug) AND user_id = \(userID)").isEmpty
    }

    /// A trainer of a course as the trainers list shows them: the row is the API's item as it is.
    public typealias Trainer = CourseTrainers.Trainer

    /// The trainers of `slug`, by email; nil when no such course exists.
    public static func trainers(_ db: PGConnection, slug: String, of owned: Owned = .course) throws -> [Trainer]? {
        guard try !db.execute("SELECT 1 FROM \(unsafeSQL: owned.table) WHERE slug = \(slug)").isEmpty else { return nil }
        return try db.execute("""
            SELECT u.id, u.email, u.full_name, u.centre FROM \(unsafeSQL: owned.trainersTable) t JOIN users u ON u.id = t.user_id
            WHERE t.slug = \(slug) ORDER BY u.email
            """).map {
            Trainer(id: try $0.decode("id"), email: try $0.decode("email"), fullName: try $0.decode("full_name"), centre: try $0.decode("centre"))
        }
    }

    /// Makes `emails` the trainers of `slug` (the course's lock held, so a publish in flight sees
    /// either list). Every email must be a person holding the `trainer` role; otherwise a 422 names
    /// each that is not, and nothing changes. Answers the list before and after.
    public static func setTrainers(
        _ db: PGConnection, slug: String, emails: [String], of owned: Owned = .course
    ) throws -> (before: [Trainer], after: [Trainer])? {
        try db.execute(owned.lock(slug))
        guard let before = try trainers(db, slug: slug, of: owned) else { return nil }
        let wanted = Array(Set(emails.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })).sorted()
        let found = try db.execute("""
            SELECT id, email, 'trainer' = ANY(roles) AS trainer FROM users WHERE email = ANY(\(wanted)::text[])
            """)
        var ids: [String: (UUID, Bool)] = [:]
        for row in found { ids[try row.decode("email")] = (try row.decode("id"), try row.decode("trainer")) }
        var problems: [HromadaError.FieldProblem] = []
        for (i, email) in wanted.enumerated() {
            switch ids[email] {
            case nil:
                problems.append(.init(field: "emails[\(i)]", message: .init(
                    uk: "немає людини з адресою \(email)", en: "no person has the address \(email)")))
            case (_, false)?:
                problems.append(.init(field: "emails[\(i)]", message: .init(
                    uk: "\(email) не має ролі trainer (її надає адміністратор асоціації)",
                    en: "\(email) does not hold the trainer role (the association admin grants it)")))
            default: break
            }
        }
        guard problems.isEmpty else { throw HromadaError.validation(problems) }
        try db.execute("DELETE FROM \(unsafeSQL: owned.trainersTable) WHERE slug = \(slug)")
        for email in wanted {
            try db.execute("INSERT INTO \(unsafeSQL: owned.trainersTable) (slug, user_id) VALUES (\(slug), \(ids[email]!.0))")
        }
        return (before, try trainers(db, slug: slug, of: owned) ?? [])
    }

    /// Every file of a version, for the release ZIP.
    public static func files(_ db: PGConnection, versionID: UUID) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for row in try db.execute("SELECT path, content FROM course_files WHERE version_id = \(versionID)") {
            out[try row.decode("path")] = try row.decode(Bytes.self, "content").bytes
        }
        return out
    }

    private static let legacyAssets = BoundedCache<UUID, Set<String>>(capacity: 256)

    /// The files of a version anyone may download: those its lessons link to. A version published
    /// before the list was kept gets it worked out once per process from its stored lessons (the
    /// same links the validator follows), less every lesson, quiz and manifest file, and less any
    /// `.yaml`, `.yml`, `.gift`, `.txt` or `.md` file, which such a version may have read as a quiz or a bank.
    public static func assets(_ db: PGConnection, versionID: UUID, course: StoredCourse) throws -> Set<String> {
        if let assets = course.assets { return Set(assets) }
        return try legacyAssets.value(versionID) {
            var linked: Set<String> = []
            var lessonPaths: Set<String> = []
            for row in try db.execute("SELECT path, markdown FROM course_lessons WHERE version_id = \(versionID)") {
                let path: String = try row.decode("path")
                lessonPaths.insert(path)
                for link in LessonRenderer.render(try row.decode(String.self, "markdown")).links {
                    if let file = PackValidator.linkedFile(link.target, from: path) { linked.insert(file) }
                }
            }
            let quizPaths = try db.execute("SELECT definition->>'path' AS path FROM course_quizzes WHERE version_id = \(versionID)")
                .compactMap { try $0.decode(String?.self, "path") }
            let textual = ["yaml", "yml", "gift", "txt", "md"]
            return linked.subtracting(lessonPaths).subtracting(quizPaths).subtracting(["course.yaml"])
                .filter { !textual.contains($0.split(separator: ".").last.map { $0.lowercased() } ?? "") }
                .intersection(course.files)
        }
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
    /// The files lessons link to (see ``Course/assets``); nil in versions published before it was
    /// kept, whose assets ``CourseStore/assets(_:versionID:course:)`` works out from their lessons.
    public var assets: [String]?
}

extension Course {
    var stored: StoredCourse {
        StoredCourse(
            slug: slug, version: version, language: language, title: title, summary: summary, audience: audience,
            hours: hours, credits: credits, programme: programme, authors: authors, tags: tags, modules: modules,
            lessonTitles: Dictionary(uniqueKeysWithValues: lessons.map { ($0.id, $0.title) }),
            quizTitles: Dictionary(uniqueKeysWithValues: quizzes.map { ($0.id, $0.title) }),
            completion: completion, certificate: certificate, contentHash: contentHash, files: files, assets: assets
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
