import Foundation
import HromadaPacks
import HromadaStorage
import HromadaPostgres
import Logging

/// `make bench` (scripts/bench.sh) runs both:
/// - `hromada-bench` (or `hromada-bench packs`): generates a large course pack (200 lessons, 5,000
///   questions) and measures how long validating it and importing it into PostgreSQL take, then the
///   completions report over 100,000 enrolments. Prints one line per figure.
/// - `hromada-bench attempts`: the HTTP attempt burst against the release server (AttemptBurst.swift).
/// - `hromada-bench reads`: the data set of the HTTP reads and answer saves that scripts/bench.sh
///   measures with wrk and pgbench (ReadsBench.swift).
/// - `hromada-bench certificates`: signing a cohort of 10,000 certificates (CertificateBench.swift).
@main
struct Bench {
    /// Runs one part and exits with its status; an error is printed under the part's name.
    static func part(_ name: String, _ body: @Sendable () async throws -> Int32) async -> Never {
        do {
            exit(try await body())
        } catch {
            print("\(name): \(error)")
            exit(1)
        }
    }

    static func main() async throws {
        // A write to a socket the server has closed is an error, not a silent exit.
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "attempts": await part("attempt burst") { try await AttemptBurst.run(Array(arguments.dropFirst())) }
        case "reads": await part("reads bench") { try await ReadsBench.run(Array(arguments.dropFirst())) }
        case "certificates": await part("certificate bench") { try await CertificateBench.run() }
        case nil, "packs":
            try await packsAndReports()
        default:
            print("usage: hromada-bench [packs | attempts [options] | reads [options] | certificates]")
            exit(2)
        }
    }

    static func packsAndReports() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hromada-bench-pack-\(getpid())")
        try generate(at: dir, lessons: 200, quizzes: 20, questionsPerQuiz: 250)
        defer { try? FileManager.default.removeItem(at: dir) }

        var validations: [Double] = []
        var result: PackValidator.Result?
        var files = PackFiles(files: [:])
        for _ in 0..<5 {
            let start = ContinuousClock.now
            files = PackFiles.directory(dir)
            result = PackValidator.validate(files)
            validations.append(seconds(ContinuousClock.now - start))
        }
        guard let course = result?.course else {
            print("generated pack is invalid: \(result?.errors.prefix(5).map(\.description) ?? [])")
            exit(1)
        }
        let questions = course.quizzes.reduce(0) { $0 + $1.questions.count }
        print("pack: \(course.lessons.count) lessons, \(questions) questions, \(files.files.count) files, \(files.files.values.reduce(0) { $0 + $1.count } / 1024) KiB")
        print(String(format: "validate (read folder + validate), median of 5: %.3f s", median(validations)))

        let zip = try files.zipped(paths: files.files.keys)
        let zipStart = ContinuousClock.now
        let fromZip = PackValidator.validate(PackFiles.zip(zip))
        print(String(format: "validate from ZIP (%d KiB): %.3f s", zip.count / 1024, seconds(ContinuousClock.now - zipStart)))
        guard fromZip.course?.contentHash == course.contentHash else { print("hash differs after ZIP"); exit(1) }

        guard let url = ProcessInfo.processInfo.environment["HROMADA_BENCH_DATABASE_URL"] else {
            print("HROMADA_BENCH_DATABASE_URL not set: import not measured")
            return
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let pool = PGPool(conninfo: url, maxConnections: 1, logger: logger)
        let migrator = try Migrator.load(directory: Migrator.defaultDirectory())
        _ = try await migrator.migrate(pool: pool, logger: logger)
        let importStart = ContinuousClock.now
        let frozen = files
        _ = try await pool.transaction { db in try CourseStore.publish(db, course: course, files: frozen, publishedBy: nil) }
        let importSeconds = seconds(ContinuousClock.now - importStart)
        print(String(format: "import into PostgreSQL (one transaction): %.3f s", importSeconds))
        print(String(format: "validate + import: %.3f s (goal: under 2 s)", median(validations) + importSeconds))
        try await reportBenchmark(pool: pool)
        pool.shutdown()
    }

    /// 1,400 hromadas in 25 centres, 100,000 learners each enrolled once, a mix of states and grades;
    /// then the completions report for all centres and for one.
    static func reportBenchmark(pool: PGPool) async throws {
        let seedStart = ContinuousClock.now
        try await pool.transaction { db in
            try db.execute("""
                INSERT INTO hromadas (centre, name)
                SELECT c.code, 'Громада ' || c.code || ' ' || g FROM centres c, generate_series(1, 56) g
                ON CONFLICT DO NOTHING
                """)
            try db.execute("""
                INSERT INTO users (email, full_name, category, position, hromada_id, centre, roles)
                SELECT 'bench' || g || '@hromada.example', 'Учасник ' || g, CASE WHEN g % 3 = 0 THEN 'deputy' ELSE 'official' END,
                       'спеціаліст', h.id, h.centre, ARRAY['learner']
                FROM generate_series(1, 100000) g
                JOIN LATERAL (SELECT id, centre FROM hromadas ORDER BY id OFFSET (g % 1400) LIMIT 1) h ON true
                ON CONFLICT DO NOTHING
                """)
            try db.execute("""
                INSERT INTO enrolments (user_id, slug, version_id, status, enrolled_at, completed_at)
                SELECT u.id, 'bench-pack', v.id,
                       CASE WHEN n % 3 = 0 THEN 'completed' WHEN n % 3 = 1 THEN 'in_progress' ELSE 'enrolled' END,
                       now() - (n % 365) * interval '1 day',
                       CASE WHEN n % 3 = 0 THEN now() ELSE NULL END
                FROM (SELECT id, row_number() OVER () AS n FROM users WHERE email LIKE 'bench%') u,
                     (SELECT id FROM course_versions WHERE slug = 'bench-pack' LIMIT 1) v
                ON CONFLICT DO NOTHING
                """)
            try db.execute("""
                INSERT INTO quiz_results (enrolment_id, quiz_id, grade, passed, attempts_used)
                SELECT id, 'quiz-19', 50 + (abs(hashtext(id::text)) % 50), true, 1 FROM enrolments WHERE status = 'completed'
                ON CONFLICT DO NOTHING
                """)
            try db.execute("UPDATE enrolments SET grade = r.grade FROM quiz_results r WHERE r.enrolment_id = enrolments.id")
            try db.execute("ANALYZE")
        }
        print(String(format: "seeded 100,000 enrolments in 1,400 hromadas: %.1f s", seconds(ContinuousClock.now - seedStart)))
        for (label, centre) in [("all centres", nil as String?), ("one centre (KYV)", "KYV")] {
            var times: [Double] = []
            var rows = 0
            for _ in 0..<5 {
                let start = ContinuousClock.now
                rows = try await pool.withConnection { try ReportStore.completions($0, centre: centre, course: nil, from: nil, to: nil) }.count
                times.append(seconds(ContinuousClock.now - start))
            }
            print(String(format: "completions report, %@: %d rows, median of 5: %.0f ms (goal: under 200 ms)", label, rows, median(times) * 1000))
        }
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    static func generate(at dir: URL, lessons: Int, quizzes: Int, questionsPerQuiz: Int) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("lessons"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("quizzes"), withIntermediateDirectories: true)
        var manifest = """
            format: hromada-pack/1
            slug: bench-pack
            version: 1.0.0
            language: uk
            title: Навантажувальний курс
            summary: Згенерований курс для вимірювань.
            audience: [official, deputy]
            hours: 60
            programme: professional
            modules:

            """
        let perModule = lessons / quizzes
        for m in 0..<quizzes {
            manifest += "  - id: module-\(m)\n    title: Модуль \(m)\n    items:\n"
            for l in 0..<perModule {
                let n = m * perModule + l
                manifest += "      - lesson: lessons/\(n).md\n"
                var body = "---\nid: lesson-\(n)\ntitle: Урок \(n)\nminutes: 15\n---\n# Урок \(n)\n\n"
                for p in 0..<12 {
                    body += "Абзац \(p) про **бюджет** громади, *відкритість* ради та [закон](https://zakon.rada.gov.ua). "
                    body += "Рада ухвалює рішення на пленарному засіданні; виконавчий комітет готує проєкти.\n\n- пункт один\n- пункт два\n\n"
                }
                try body.write(to: dir.appendingPathComponent("lessons/\(n).md"), atomically: true, encoding: .utf8)
            }
            manifest += "      - quiz: quizzes/q\(m).yaml\n"
            try """
                id: quiz-\(m)
                title: Тест \(m)
                pass_percent: 60
                draw: 20
                questions:
                  - id: own
                    type: single
                    text: Питання
                    options:
                      - { text: Так, correct: true }
                      - { text: Ні }
                import:
                  - quizzes/bank\(m).gift

                """.write(to: dir.appendingPathComponent("quizzes/q\(m).yaml"), atomically: true, encoding: .utf8)
            var gift = ""
            for q in 0..<(questionsPerQuiz - 1) {
                switch q % 5 {
                case 0: gift += "::b\(m)-\(q):: Хто затверджує бюджет громади \(q)? {=Рада ~Голова ~Староста}\n\n"
                case 1: gift += "::b\(m)-\(q):: Сесія правомочна \(q). {T#Ні#Так}\n\n"
                case 2: gift += "::b\(m)-\(q):: Скільки годин у кредиті \(q)? {#30:0}\n\n"
                case 3: gift += "::b\(m)-\(q):: Поєднайте \(q) {=Рада -> Бюджет =Виконком -> Проєкт =Староста -> Округ}\n\n"
                default: gift += "::b\(m)-\(q):: Що оприлюднюють \(q)? {~%50%Рішення ~%50%Проєкти ~%-100%Паролі}\n\n"
                }
            }
            try gift.write(to: dir.appendingPathComponent("quizzes/bank\(m).gift"), atomically: true, encoding: .utf8)
        }
        manifest += "completion:\n  lessons: all\n  quizzes: [quiz-\(quizzes - 1)]\n"
        try manifest.write(to: dir.appendingPathComponent("course.yaml"), atomically: true, encoding: .utf8)
    }
}
