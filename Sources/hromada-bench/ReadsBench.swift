import Foundation
import HromadaPacks
import HromadaStorage
import HromadaPostgres
import Logging
import HromadaDomain

/// `hromada-bench reads`: the data set for the read and answer-save measurements of `make bench`
/// (scripts/bench.sh): the four shipped courses and 50,000 learners (with sessions, each enrolled in
/// one course) spread over the 25 regional centres; for the first `--attempts` of them an attempt in
/// progress on their course's first quiz.
///
/// It writes the table `bench_reads (n, token, enrolment, lesson, attempt, question, answer)`, from
/// which scripts/bench.sh takes the load of wrk (bench/reads.lua) over HTTP and of pgbench (the
/// ceiling: the same statements straight against PostgreSQL). `answer` is a valid answer to
/// `question` as JSON.
enum ReadsBench {
    struct Options {
        var learners = 50_000
        var attempts = 5_000
        var server = ".build/release/hromada-server"
        var databaseURL = ProcessInfo.processInfo.environment["HROMADA_BENCH_DATABASE_URL"] ?? ""
        var courses = "courses"

        static func parse(_ args: [String]) throws -> Options {
            var o = Options()
            var i = 0
            func value() throws -> String {
                i += 1
                guard i < args.count else { throw ProcessTools.Failure(description: "\(args[i - 1]) needs a value") }
                return args[i]
            }
            while i < args.count {
                switch args[i] {
                case "--learners": o.learners = max(100, Int(try value()) ?? o.learners)
                case "--attempts": o.attempts = max(0, Int(try value()) ?? o.attempts)
                case "--server": o.server = try value()
                case "--database-url": o.databaseURL = try value()
                case "--courses": o.courses = try value()
                default:
                    throw ProcessTools.Failure(description: """
                        unknown option \(args[i])
                        usage: hromada-bench reads [--learners N] [--attempts N] [--server PATH] [--database-url URL] [--courses DIR]
                        """)
                }
                i += 1
            }
            guard !o.databaseURL.isEmpty else { throw ProcessTools.Failure(description: "no database: set HROMADA_BENCH_DATABASE_URL") }
            return o
        }
    }

    struct Reader: Sendable {
        var token: String
        var enrolment: UUID
        var slug: String
        var lessons: [String]
        var attempt: (id: UUID, question: String, answer: String)?
    }

    static func run(_ arguments: [String]) async throws -> Int32 {
        let o = try Options.parse(arguments)
        var environment = ProcessInfo.processInfo.environment
        environment["HROMADA_DATABASE_URL"] = o.databaseURL
        environment["HROMADA_LOG_LEVEL"] = "warning"
        let setupStart = ContinuousClock.now
        try ProcessTools.run(o.server, ["migrate"], environment: environment)
        let packs = try FileManager.default.contentsOfDirectory(atPath: o.courses).sorted().map { o.courses + "/" + $0 }
        try ProcessTools.run(o.server, ["courses", "import"] + packs, environment: environment)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let pool = PGPool(conninfo: o.databaseURL, maxConnections: 4, logger: logger)
        defer { pool.shutdown() }
        let slugs = try await pool.withConnection { db in try db.execute("SELECT DISTINCT slug FROM course_versions ORDER BY slug").map { try $0.decode(String.self, "slug") } }
        var readers: [Reader] = []
        for (k, slug) in slugs.enumerated() {
            let share = o.learners / slugs.count + (k < o.learners % slugs.count ? 1 : 0)
            let lessons = try await pool.withConnection { db in
                try db.execute("""
                    SELECT l.id FROM course_lessons l JOIN course_versions v ON v.id = l.version_id WHERE v.slug = \(slug) ORDER BY l.id
                    """).map { try $0.decode(String.self, "id") }
            }
            let learners = try await AttemptBurst.seed(count: share, url: o.databaseURL, logger: logger, slug: slug, emailPrefix: "reader-\(slug)-")
            readers += learners.map { Reader(token: $0.token, enrolment: $0.enrolment, slug: slug, lessons: lessons) }
        }
        // Interleave the courses, so that the first `attempts` learners come from all four.
        let bySlug = Dictionary(grouping: readers, by: \.slug)
        readers = (0..<(bySlug.values.map(\.count).max() ?? 0)).flatMap { i in
            slugs.compactMap { slug in bySlug[slug].flatMap { i < $0.count ? $0[i] : nil } }
        }
        let store = AttemptStore()
        for i in 0..<min(o.attempts, readers.count) {
            let reader = readers[i]
            readers[i].attempt = try await pool.transaction { db in
                let quiz = try db.execute("""
                    SELECT q.id FROM course_quizzes q JOIN enrolments e ON e.version_id = q.version_id
                    WHERE e.id = \(reader.enrolment) ORDER BY q.module_id, q.position LIMIT 1
                    """)[0].decode(String.self, "id")
                let (attempt, _) = try store.start(db, enrolmentID: reader.enrolment, quizID: quiz)
                return try Self.answerable(attempt)
            }
        }
        try await pool.withConnection { db in
            try db.execute("DROP TABLE IF EXISTS bench_reads")
            try db.execute("""
                CREATE TABLE bench_reads (n int PRIMARY KEY, token text NOT NULL, enrolment uuid NOT NULL, lesson text NOT NULL,
                                          attempt uuid, question text, answer text)
                """)
        }
        func literal(_ s: String?) -> String { s.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL" }
        for start in stride(from: 0, to: readers.count, by: 1000) {
            let part = readers[start..<min(start + 1000, readers.count)]
            let values = part.enumerated().map { i, r in
                "(\(start + i + 1), \(literal(r.token)), '\(r.enrolment.lowercasedText)', \(literal(r.lessons[(start + i) % r.lessons.count])), "
                    + "\(literal(r.attempt?.id.lowercasedText)), \(literal(r.attempt?.question)), \(literal(r.attempt?.answer)))"
            }.joined(separator: ",")
            try await pool.withConnection { db in try db.execute(SQL(unsafeSQL: "INSERT INTO bench_reads VALUES \(values)")) }
        }
        try await pool.withConnection { db in try db.execute("ANALYZE") }
        print(String(format: "setup (not timed): %d courses, %d learners with sessions and enrolments in %d centres, %d attempts in progress, in %.1f s",
                     slugs.count, readers.count, 25, min(o.attempts, readers.count), Bench.seconds(ContinuousClock.now - setupStart)))
        return 0
    }

    /// A question of the attempt and a valid answer to it, as JSON: the first choice of a single-choice
    /// question, else `true` for a true/false one, else a short text.
    static func answerable(_ attempt: AttemptStore.Stored) throws -> (id: UUID, question: String, answer: String) {
        let entries = attempt.paper.entries
        if let e = entries.first(where: { $0.type == .single && !$0.options.isEmpty }) {
            return (attempt.id, e.question, "\"\(e.options[0].id)\"")
        }
        if let e = entries.first(where: { $0.type == .trueFalse }) { return (attempt.id, e.question, "true") }
        if let e = entries.first(where: { $0.type == .short || $0.type == .essay }) { return (attempt.id, e.question, "\"відповідь\"") }
        throw ProcessTools.Failure(description: "attempt \(attempt.id) holds no question the bench can answer")
    }
}
