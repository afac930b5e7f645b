import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaTestSupport
import Testing
import HromadaPostgres

@Suite struct AssessmentAPITests {
    /// A trainer who published the quiz lab, and learners of two centres enrolled in it.
    static func world(quizzes: [String: String], completion: [String]? = nil) async throws -> (TestApp, enrolment: String) {
        let app = try await TestApp.make()
        try await app.person("trainer@example.org", roles: [.trainer])
        try await app.person("learner@example.org", roles: [.learner], centre: "KYV")
        try await app.person("other@example.org", roles: [.learner], centre: "KYV")
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        let enrolment = try await app.run { client in
            let trainer = try await client.login("trainer@example.org")
            let published = try await client.send(.post, "/api/v1/course-packs", token: trainer,
                                                  body: try QuizPack.zip(quizzes: quizzes, completionQuizzes: completion), contentType: "application/zip")
            guard published.status == .created else { throw ConfigurationError("publish failed: \(published.text)") }
            let learner = try await client.login("learner@example.org")
            return try await client.send(.post, "/api/v1/courses/quiz-lab/enrolments", token: learner).json["id"] as? String ?? ""
        }
        return (app, enrolment)
    }

    static func start(_ client: Client, _ token: String, _ enrolment: String, _ quiz: String) async throws -> Client.Answer {
        try await client.send(.post, "/api/v1/enrolments/\(enrolment)/quizzes/\(quiz)/attempts", token: token)
    }

    static func save(_ client: Client, _ token: String, _ attempt: String, _ answers: [String: Any]) async throws -> Client.Answer {
        try await client.send(.put, "/api/v1/attempts/\(attempt)/answers", token: token, json: jsonString(["answers": answers]))
    }

    /// The answers of the table quiz that earn everything.
    static func allRight(_ page: AttemptPage) -> [String: Any] {
        [
            "s1": page.choice("s1", "Рада"),
            "s2": page.choice("s2", "Два"),
            "m1": [page.choice("m1", "ПДФО"), page.choice("m1", "Єдиний податок")],
            "tf": false, "sh": "Місцевий бюджет", "nu": 30, "ra": 3,
            "ma": [page.choice("ma", "Рада", in: "left"): page.choice("ma", "Затверджує бюджет", in: "right"),
                   page.choice("ma", "Виконком", in: "left"): page.choice("ma", "Готує проєкт", in: "right"),
                   page.choice("ma", "Староста", in: "left"): page.choice("ma", "Представляє село", in: "right")],
            "or": ["Складання", "Розгляд", "Виконання", "Звітування"].map { page.choice("or", $0, in: "items") },
        ]
    }

    /// The scoring table through the API: three answer sheets, percents worked out by hand from the
    /// contract (13 points in all).
    @Test func theScoringTableHoldsThroughTheAPI() async throws {
        let (app, enrolment) = try await Self.world(quizzes: ["table": QuizPack.table])
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            func take(_ answers: (AttemptPage) -> [String: Any]) async throws -> [String: any Sendable] {
                let started = try await Self.start(client, token, enrolment, "table")
                #expect(started.status == .created, "\(started.text)")
                let page = AttemptPage(json: started.json)
                let saved = try await Self.save(client, token, page.id, answers(page))
                #expect(saved.status == .ok, "\(saved.text)")
                return try await client.send(.post, "/api/v1/attempts/\(page.id)/submit", token: token).json
            }
            let right = try await take(Self.allRight)
            #expect(right["percent"] as? Double == 100 && right["passed"] as? Bool == true && right["score"] as? Double == 13)
            #expect(right["max_score"] as? Double == 13 && right["state"] as? String == "finished")

            // s1 wrong 0 · s2 "Одне" 50 % of 2 = 1 · m1 one of two right 1 · tf wrong 0 · sh spaced and upper-case 1
            // · nu 30.4 within 0.5: 1 · ra 6 out of range 0 · ma one of three pairs 1 · or two of four in place 0.5
            // = 5.5 of 13 = 42.307… → 42.31
            let mixed = try await take { p in
                [
                    "s1": p.choice("s1", "Голова"), "s2": p.choice("s2", "Одне"), "m1": [p.choice("m1", "ПДФО")],
                    "tf": true, "sh": "  місцевий   БЮДЖЕТ ", "nu": 30.4, "ra": 6,
                    "ma": [p.choice("ma", "Рада", in: "left"): p.choice("ma", "Затверджує бюджет", in: "right"),
                           p.choice("ma", "Виконком", in: "left"): p.choice("ma", "Представляє село", in: "right"),
                           p.choice("ma", "Староста", in: "left"): p.choice("ma", "Готує проєкт", in: "right")],
                    "or": ["Складання", "Розгляд", "Звітування", "Виконання"].map { p.choice("or", $0, in: "items") },
                ]
            }
            #expect(mixed["percent"] as? Double == 42.31 && mixed["passed"] as? Bool == false && mixed["score"] as? Double == 5.5)

            // Only m1 answered, with every option: ½ + ½ − ½ = ½ of 2 = 1 · s2 "Жодного" floors at 0 → 1 of 13 = 7.69
            let sparse = try await take { p in
                ["m1": [p.choice("m1", "ПДФО"), p.choice("m1", "Єдиний податок"), p.choice("m1", "Гранти установ")],
                 "s2": p.choice("s2", "Жодного")]
            }
            #expect(sparse["percent"] as? Double == 7.69 && sparse["score"] as? Double == 1)

            // The review shows outcomes and the feedback written for the answer given.
            let review = mixed["review"] as? [[String: any Sendable]] ?? []
            #expect(review.count == 9, "description questions are not reviewed")
            let s1 = review.first { $0["question_id"] as? String == "s1" }
            #expect(s1?["outcome"] as? String == "incorrect" && (s1?["feedback"] as? [String]) == ["Ні, голова лише підписує."])
            #expect(review.first { $0["question_id"] as? String == "or" }?["outcome"] as? String == "partial")
            #expect(review.first { $0["question_id"] as? String == "ra" }?["outcome"] as? String == "incorrect")
            #expect((review.first { $0["question_id"] as? String == "tf" }?["feedback"] as? [String]) == ["Загальний відгук."])

            // The quiz grade is the highest attempt; the course completes on the passing one.
            let e = try await client.send(.get, "/api/v1/enrolments/\(enrolment)", token: token).json
            let quiz = (e["quizzes"] as? [[String: any Sendable]])?.first
            #expect(quiz?["grade"] as? Double == 100 && quiz?["passed"] as? Bool == true && quiz?["attempts_used"] as? Int == 3)
            #expect(e["status"] as? String == "completed")
        }
    }

    /// Every attempt endpoint before submission: no key, weight, feedback or tolerance, option ids
    /// that are not the pack's, and ordering items never in the right order.
    @Test func nothingBeforeSubmissionRevealsAnAnswer() async throws {
        let (app, enrolment) = try await Self.world(quizzes: ["table": QuizPack.table])
        let forbidden: Set<String> = ["correct", "weight", "feedback", "answers", "tolerance", "answer", "partial", "case_sensitive", "min", "max", "review", "score", "percent", "passed"]
        let secrets = ["Так, рада.", "Ні, голова лише підписує.", "Загальний відгук.", "Місцевий бюджет", "\"o1\"", "\"i1\"", "\"r1\""]
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            var bodies: [(String, Client.Answer)] = []
            let started = try await Self.start(client, token, enrolment, "table")
            let id = AttemptPage(json: started.json).id
            bodies.append(("start", started))
            bodies.append(("start again", try await Self.start(client, token, enrolment, "table")))
            bodies.append(("get", try await client.send(.get, "/api/v1/attempts/\(id)", token: token)))
            bodies.append(("save", try await Self.save(client, token, id, ["tf": true, "sh": "бюджет"])))
            bodies.append(("list", try await client.send(.get, "/api/v1/enrolments/\(enrolment)/quizzes/table/attempts", token: token)))
            bodies.append(("enrolment", try await client.send(.get, "/api/v1/enrolments/\(enrolment)", token: token)))
            for (name, answer) in bodies {
                #expect(answer.status.code < 300, "\(name): \(answer.status)")
                for secret in secrets { #expect(!answer.text.contains(secret), "\(name) shows \(secret)") }
            }
            for name in ["start", "start again", "get"] {
                let page = AttemptPage(json: bodies.first { $0.0 == name }!.1.json)
                #expect(page.questions.count == 10)
                #expect(Set(page.json.keys).isDisjoint(with: ["score", "percent", "passed", "review", "max_score"]), "\(name)")
                for q in page.questions {
                    #expect(Set(q.keys).isDisjoint(with: forbidden), "\(name) question \(q["id"] ?? "?") has \(Set(q.keys).intersection(forbidden))")
                    for list in ["options", "left", "right", "items"] {
                        for c in q[list] as? [[String: any Sendable]] ?? [] { #expect(Set(c.keys) == ["id", "text"]) }
                    }
                }
                // Shuffled uniformly, the right order included (AttemptPaper.draw, whose tests check the
                // distribution): here only that every item is shown, once, under an opaque id.
                let items = (page.question("or")["items"] as? [[String: any Sendable]] ?? []).compactMap { $0["text"] as? String }
                #expect(items.sorted() == ["Складання", "Розгляд", "Виконання", "Звітування"].sorted())
                let right = (page.question("ma")["right"] as? [[String: any Sendable]] ?? []).compactMap { $0["text"] as? String }
                #expect(right.sorted() == ["Затверджує бюджет", "Готує проєкт", "Представляє село"].sorted())
            }
            // Reloading shows the same questions in the same order with the same ids.
            let a = AttemptPage(json: bodies[0].1.json), b = AttemptPage(json: bodies[2].1.json)
            #expect(jsonString(["q": a.questions]) == jsonString(["q": b.questions]))
            #expect(bodies[1].1.status == .ok && AttemptPage(json: bodies[1].1.json).id == id)
        }
    }

    @Test func answersMergeAndBadAnswersChangeNothing() async throws {
        let (app, enrolment) = try await Self.world(quizzes: ["table": QuizPack.table])
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let page = AttemptPage(json: try await Self.start(client, token, enrolment, "table").json)
            #expect(try await Self.save(client, token, page.id, ["tf": true]).status == .ok)
            let merged = try await Self.save(client, token, page.id, ["sh": "бюджет", "nu": 30])
            #expect((merged.json["answers"] as? [String: any Sendable])?.keys.sorted() == ["nu", "sh", "tf"])
            let bad: [(String, [String: Any], String)] = [
                ("unknown question", ["zz": 1], "answers.zz"),
                ("option of another question", ["s1": page.choice("s2", "Два")], "answers.s1"),
                ("string for numeric", ["nu": "30"], "answers.nu"),
                ("number for true_false", ["tf": 1], "answers.tf"),
                ("repeated option", ["m1": [page.choice("m1", "ПДФО"), page.choice("m1", "ПДФО")]], "answers.m1"),
                ("incomplete ordering", ["or": [page.choice("or", "Складання", in: "items")]], "answers.or"),
                ("matching to a left id", ["ma": [page.choice("ma", "Рада", in: "left"): page.choice("ma", "Рада", in: "left")]], "answers.ma"),
                ("answer to a description", ["intro": "так"], "answers.intro"),
            ]
            for (name, answers, field) in bad {
                // A good answer next to the bad one is not saved either.
                let answer = try await Self.save(client, token, page.id, answers.merging(["tf": false]) { a, _ in a })
                #expect(answer.status == .unprocessableContent && answer.code == "validation_failed", "\(name): \(answer.text)")
                #expect((answer.json["errors"] as? [[String: any Sendable]])?.first?["field"] as? String == field, "\(name)")
            }
            #expect(try await client.send(.put, "/api/v1/attempts/\(page.id)/answers", token: token, json: #"{"answers": {"tf": true}, "x": 1}"#).status == .badRequest)
            #expect(try await client.send(.put, "/api/v1/attempts/\(page.id)/answers", token: token, json: #"{"answers": "#).status == .badRequest)
            let cleared = try await Self.save(client, token, page.id, ["nu": NSNull()])
            #expect((cleared.json["answers"] as? [String: any Sendable])?.keys.sorted() == ["sh", "tf"])
            let now = AttemptPage(json: try await client.send(.get, "/api/v1/attempts/\(page.id)", token: token).json)
            #expect((now.json["answers"] as? [String: any Sendable])?["tf"] as? Bool == true, "the refused saves changed nothing")

            // Only the learner answers; others see 403 or 404.
            let other = try await client.login("other@example.org")
            #expect(try await Self.save(client, other, page.id, ["tf": false]).status == .notFound)
            let admin = try await client.login("kyiv-admin@example.org")
            #expect(try await Self.save(client, admin, page.id, ["tf": false]).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/attempts/\(page.id)", token: admin).status == .ok)
            #expect(try await Self.start(client, admin, enrolment, "table").status == .forbidden)
            #expect(try await Self.start(client, token, enrolment, "nope").status == .notFound)

            // After submission answers are refused.
            #expect(try await client.send(.post, "/api/v1/attempts/\(page.id)/submit", token: token).status == .ok)
            let late = try await Self.save(client, token, page.id, ["tf": false])
            #expect(late.status == .conflict && late.code == "attempt_closed")
        }
    }

    /// Two clients submit the same attempt at the same moment: one grade, one attempt counted.
    @Test func concurrentSubmitsGradeOnce() async throws {
        let (app, enrolment) = try await Self.world(quizzes: ["table": QuizPack.table])
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            for round in 0..<3 {
                let page = AttemptPage(json: try await Self.start(client, token, enrolment, "table").json)
                _ = try await Self.save(client, token, page.id, round == 0 ? Self.allRight(page) : ["tf": false])
                let answers = try await withThrowingTaskGroup(of: Client.Answer.self) { group in
                    for _ in 0..<4 { group.addTask { try await client.send(.post, "/api/v1/attempts/\(page.id)/submit", token: token) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(answers.allSatisfy { $0.status == .ok })
                let results = Set(answers.map { "\($0.json["percent"] ?? "-")|\($0.json["submitted_at"] ?? "-")|\($0.json["state"] ?? "-")" })
                #expect(results.count == 1, "\(results)")
            }
        }
        let rows = try await app.db.pool.withConnection { db in
            try db.execute("SELECT count(*) AS n, count(*) FILTER (WHERE state = 'finished') AS f FROM attempts")[0]
        }
        #expect(try rows.decode(Int.self, "n") == 3 && rows.decode(Int.self, "f") == 3)
        let used = try await app.db.pool.withConnection { try $0.execute("SELECT attempts_used, grade::float8 AS g FROM quiz_results")[0] }
        #expect(try used.decode(Int.self, "attempts_used") == 3 && used.decode(Double.self, "g") == 100)
    }

    /// Several starts of one quiz at the same moment (a double click, a retried request): one
    /// attempt is created, and every answer is that attempt. The start's lock on the enrolment must
    /// be held from its first pipeline to its commit for this to hold.
    @Test func concurrentStartsOpenOneAttempt() async throws {
        let (app, enrolment) = try await Self.world(quizzes: ["table": QuizPack.table])
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            for round in 1...3 {
                let answers = try await withThrowingTaskGroup(of: Client.Answer.self) { group in
                    for _ in 0..<16 { group.addTask { try await Self.start(client, token, enrolment, "table") } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(answers.filter { $0.status == .created }.count == 1, "\(answers.map(\.status))")
                #expect(answers.filter { $0.status == .ok }.count == 15)
                #expect(Set(answers.map { $0.json["id"] as? String ?? "-" }).count == 1)
                #expect(answers.first?.json["number"] as? Int == round)
                let id = try #require(answers.first?.json["id"] as? String)
                #expect(try await client.send(.post, "/api/v1/attempts/\(id)/submit", token: token).status == .ok)
            }
        }
        let rows = try await app.db.pool.withConnection { db in
            try db.execute("SELECT count(*)::int AS n, max(number)::int AS last FROM attempts")[0]
        }
        #expect(try rows.decode(Int.self, "n") == 3 && rows.decode(Int.self, "last") == 3)
    }

    @Test func maxAttemptsAndTheAttemptInProgress() async throws {
        let (app, enrolment) = try await Self.world(quizzes: ["timed": QuizPack.timed("autosubmit", maxAttempts: 2)])
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let first = try await Self.start(client, token, enrolment, "timed")
            #expect(first.status == .created && first.json["deadline"] is String)
            let seconds = first.json["seconds_left"] as? Double ?? 0
            #expect(seconds > 590 && seconds <= 600)
            let again = try await Self.start(client, token, enrolment, "timed")
            #expect(again.status == .ok && again.json["id"] as? String == first.json["id"] as? String)
            _ = try await client.send(.post, "/api/v1/attempts/\(AttemptPage(json: first.json).id)/submit", token: token)
            let second = try await Self.start(client, token, enrolment, "timed")
            #expect(second.status == .created && second.json["number"] as? Int == 2)
            _ = try await client.send(.post, "/api/v1/attempts/\(AttemptPage(json: second.json).id)/submit", token: token)
            let third = try await Self.start(client, token, enrolment, "timed")
            #expect(third.status == .conflict && third.code == "attempts_exhausted" && third.isProblem)
            let list = try await client.send(.get, "/api/v1/enrolments/\(enrolment)/quizzes/timed/attempts", token: token)
            #expect((list.json["items"] as? [[String: any Sendable]])?.map { $0["number"] as? Int } == [1, 2])
        }
    }

    /// Start and save read the caller together with the enrolment or attempt (one pipeline) and
    /// authorise afterwards: a forged token is 401 before anything else, an unknown id 404, someone
    /// else's enrolment or attempt hidden (404, as if it did not exist), and none of them changes a row.
    @Test func startAndSaveRefuseStrangersAndChangeNothing() async throws {
        let (app, enrolment) = try await Self.world(quizzes: ["timed": QuizPack.timed("autosubmit", maxAttempts: 2)])
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let other = try await client.login("other@example.org")
            let forged = "forged-token-\(UUID())"
            #expect(try await Self.start(client, forged, enrolment, "timed").status == .unauthorized)
            #expect(try await Self.start(client, forged, UUID().uuidString, "timed").status == .unauthorized)
            #expect(try await Self.start(client, token, UUID().uuidString, "timed").status == .notFound)
            let stranger = try await Self.start(client, other, enrolment, "timed")
            #expect(stranger.status == .notFound && stranger.isProblem, "\(stranger.text)")
            #expect(try await app.db.count("attempts") == 0)

            let started = try await Self.start(client, token, enrolment, "timed")
            let page = AttemptPage(json: started.json)
            let answers: [String: Any] = ["a": true]
            #expect(try await Self.save(client, forged, page.id, answers).status == .unauthorized)
            #expect(try await Self.save(client, forged, UUID().uuidString, answers).status == .unauthorized)
            #expect(try await Self.save(client, token, UUID().uuidString, answers).status == .notFound)
            let refused = try await Self.save(client, other, page.id, answers)
            #expect(refused.status == .notFound && refused.isProblem, "\(refused.text)")
            let stored = try await app.db.pool.withConnection { try $0.execute("SELECT answers::text AS a FROM attempts")[0].decode(String.self, "a") }
            #expect(stored == "{}")
            #expect(try await Self.save(client, token, page.id, answers).status == .ok)
        }
    }

    /// Past the deadline answers are refused and the attempt closes by its quiz's rule; closing on
    /// access and closing by the sweep give the same result.
    @Test(arguments: ["autosubmit", "abandon"])
    func deadlinesCloseAttemptsByTheQuizRule(_ expiry: String) async throws {
        let (app, enrolment) = try await Self.world(quizzes: ["timed": QuizPack.timed(expiry)])
        let attempts = try await app.run { client in
            let token = try await client.login("learner@example.org")
            var ids: [String] = []
            for _ in 0..<2 {
                let page = AttemptPage(json: try await Self.start(client, token, enrolment, "timed").json)
                #expect(try await Self.save(client, token, page.id, ["a": true, "b": true]).status == .ok)
                try await app.db.pool.withConnection { db in
                    try db.execute("UPDATE attempts SET deadline = now() - interval '1 second' WHERE id = \(UUID(uuidString: page.id)!)")
                }
                ids.append(page.id)
                if ids.count == 1 {
                    // The first closes on access: the late answer is refused.
                    let late = try await Self.save(client, token, page.id, ["b": false])
                    #expect(late.status == .conflict && late.code == "attempt_overdue", "\(late.text)")
                } else {
                    // The second is closed by the sweep, with no client action.
                    let closed = try await AttemptSweeper(services: app.services).sweep()
                    #expect(closed == 1)
                    let late = try await Self.save(client, token, page.id, ["b": false])
                    #expect(late.status == .conflict && late.code == "attempt_overdue", "after the sweep too: \(late.text)")
                }
            }
            return ids
        }
        let rows = try await app.db.pool.withConnection { db in
            try db.execute("""
                SELECT state, percent::float8 AS percent, closed_by, submitted_at = deadline AS at_deadline, submitted_at IS NULL AS never
                FROM attempts WHERE id = ANY(\(attempts)::uuid[]) ORDER BY number
                """)
        }
        #expect(rows.count == 2)
        for row in rows {
            #expect(try row.decode(String.self, "closed_by") == "deadline")
            if expiry == "autosubmit" {
                #expect(try row.decode(String.self, "state") == "finished" && row.decode(Double.self, "percent") == 50)
                #expect(try row.decode(Bool.self, "at_deadline"))
            } else {
                #expect(try row.decode(String.self, "state") == "abandoned" && row.decode(Bool.self, "never"))
            }
        }
    }

    /// The sweep runs by itself in the server: an attempt left open past its deadline closes without any request.
    @Test func theRunningSweeperClosesOverdueAttempts() async throws {
        let (app, enrolment) = try await Self.world(quizzes: ["timed": QuizPack.timed("autosubmit")])
        let id = try await app.run { client in
            let token = try await client.login("learner@example.org")
            let page = AttemptPage(json: try await Self.start(client, token, enrolment, "timed").json)
            _ = try await Self.save(client, token, page.id, ["a": true])
            return UUID(uuidString: page.id)!
        }
        var config = app.services.configuration
        config.sweepInterval = .milliseconds(50)
        let services = AppServices(configuration: config, pool: app.services.pool, passwords: app.services.passwords,
                                   migrator: app.services.migrator, logger: app.services.logger)
        let sweeper = Task { try await AttemptSweeper(services: services).run() }
        defer { sweeper.cancel() }
        try await app.db.pool.withConnection { try $0.execute("UPDATE attempts SET deadline = now() WHERE id = \(id)") }
        var state = "in_progress"
        for _ in 0..<100 where state == "in_progress" {
            try await Task.sleep(for: .milliseconds(50))
            state = try await app.db.pool.withConnection { try $0.execute("SELECT state FROM attempts WHERE id = \(id)")[0].decode("state") }
        }
        #expect(state == "finished")
        let result = try await app.db.pool.withConnection { try $0.execute("SELECT grade::float8 AS g FROM quiz_results")[0] }
        #expect(try result.decode(Double.self, "g") == 50)
    }

    /// Two instances sweeping one database at the same moment (each with its own pool, as two
    /// processes are) close every overdue attempt exactly once: the closings they report add up to
    /// the number of attempts, and each attempt is closed by the deadline, graded once.
    @Test func twoInstancesSweepingAtOnceCloseEachAttemptOnce() async throws {
        let (app, _) = try await Self.world(quizzes: ["timed": QuizPack.timed("autosubmit")])
        let learners = 30
        for n in 0..<learners { try await app.person("sweep\(n)@example.org", roles: [.learner], centre: "KYV") }
        let ids = try await app.run { client in
            var ids: [String] = []
            for n in 0..<learners {
                let token = try await client.login("sweep\(n)@example.org")
                let enrolment = try await client.send(.post, "/api/v1/courses/quiz-lab/enrolments", token: token).json["id"] as? String ?? ""
                let page = AttemptPage(json: try await Self.start(client, token, enrolment, "timed").json)
                #expect(try await Self.save(client, token, page.id, ["a": true, "b": true]).status == .ok)
                ids.append(page.id)
            }
            return ids
        }
        try await app.db.pool.withConnection { db in
            try db.execute("UPDATE attempts SET deadline = now() - interval '1 second' WHERE id = ANY(\(ids)::uuid[])")
        }
        let otherPool = app.db.anotherPool()
        defer { otherPool.shutdown() }
        let other = AppServices(configuration: app.services.configuration, pool: otherPool, passwords: app.services.passwords,
                                migrator: app.services.migrator, logger: app.services.logger)
        // Two sweeps in each instance, all four at once.
        let closed = try await withThrowingTaskGroup(of: Int.self) { group in
            for services in [app.services, other, app.services, other] {
                group.addTask { try await AttemptSweeper(services: services).sweep() }
            }
            return try await group.reduce(0, +)
        }
        #expect(closed == learners, "closings reported by the four sweeps together")
        let rows = try await app.db.pool.withConnection { db in
            try db.execute("""
                SELECT a.state, a.closed_by, a.submitted_at = a.deadline AS at_deadline, a.percent::float8 AS percent, r.attempts_used
                FROM attempts a JOIN quiz_results r ON r.enrolment_id = a.enrolment_id AND r.quiz_id = a.quiz_id
                WHERE a.id = ANY(\(ids)::uuid[])
                """)
        }
        #expect(rows.count == learners)
        for row in rows {
            #expect(try row.decode(String.self, "state") == "finished" && row.decode(String.self, "closed_by") == "deadline")
            #expect(try row.decode(Bool.self, "at_deadline") && row.decode(Double.self, "percent") == 50)
            #expect(try row.decode(Int.self, "attempts_used") == 1)
        }
        // Nothing is left for a later sweep in either instance.
        #expect(try await AttemptSweeper(services: other).sweep() == 0)
        #expect(try await AttemptSweeper(services: app.services).sweep() == 0)
    }

    /// An essay quiz waits for a trainer; grading it finishes the attempt and completes the course.
    @Test func essaysGoFromNeedsGradingToFinishedWhenATrainerGradesThem() async throws {
        let (app, enrolment) = try await Self.world(quizzes: ["essay": QuizPack.essay()])
        try await app.person("stranger-trainer@example.org", roles: [.trainer])
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let page = AttemptPage(json: try await Self.start(client, token, enrolment, "essay").json)
            _ = try await Self.save(client, token, page.id, ["tf": true, "e1": "Громадський бюджет — це…"])
            let submitted = try await client.send(.post, "/api/v1/attempts/\(page.id)/submit", token: token)
            #expect(submitted.json["state"] as? String == "needs_grading" && submitted.json["percent"] == nil)
            let pending = (submitted.json["review"] as? [[String: any Sendable]])?.first { $0["question_id"] as? String == "e1" }
            #expect(pending?["outcome"] as? String == "needs_grading")

            let trainer = try await client.login("trainer@example.org")
            let queue = try await client.send(.get, "/api/v1/grading", token: trainer)
            let items = queue.json["items"] as? [[String: any Sendable]] ?? []
            #expect(items.count == 1 && items.first?["attempt_id"] as? String == page.id)
            let essay = (items.first?["essays"] as? [[String: any Sendable]])?.first
            #expect(essay?["answer"] as? String == "Громадський бюджет — це…" && essay?["points"] as? Double == 4)

            // Only the course's trainers (and admins) grade, within 0…points.
            let stranger = try await client.login("stranger-trainer@example.org")
            #expect((try await client.send(.get, "/api/v1/grading", token: stranger).json["items"] as? [Any])?.isEmpty == true)
            let grade = { (t: String, body: [String: Any]) in
                try await client.send(.post, "/api/v1/attempts/\(page.id)/grades", token: t, json: jsonString(body))
            }
            #expect(try await grade(stranger, ["question_id": "e1", "points": 3]).status == .notFound)
            #expect(try await grade(token, ["question_id": "e1", "points": 3]).status == .forbidden)
            #expect(try await grade(trainer, ["question_id": "e1", "points": 5]).status == .unprocessableContent)
            #expect(try await grade(trainer, ["question_id": "tf", "points": 1]).status == .unprocessableContent)
            #expect(try await client.send(.get, "/api/v1/enrolments/\(enrolment)", token: token).json["status"] as? String != "completed")

            let graded = try await grade(trainer, ["question_id": "e1", "points": 3, "comment": "Добре, бракує прикладу."])
            #expect(graded.status == .ok, "\(graded.text)")
            // (1 + 3) of 5 = 80 %
            #expect(graded.json["state"] as? String == "finished" && graded.json["percent"] as? Double == 80)
            let mine = try await client.send(.get, "/api/v1/attempts/\(page.id)", token: token)
            let e1 = (mine.json["review"] as? [[String: any Sendable]])?.first { $0["question_id"] as? String == "e1" }
            #expect(e1?["score"] as? Double == 3 && e1?["comment"] as? String == "Добре, бракує прикладу.")
            #expect(try await client.send(.get, "/api/v1/enrolments/\(enrolment)", token: token).json["status"] as? String == "completed")
            #expect((try await client.send(.get, "/api/v1/grading", token: trainer).json["items"] as? [Any])?.isEmpty == true)

            // A change of mind is a regrade of the attempt, and audited.
            let lower = try await grade(trainer, ["question_id": "e1", "points": 1])
            #expect(lower.json["percent"] as? Double == 40)
        }
        let audit = try await app.db.pool.withConnection { db in
            try db.execute("SELECT details->>'old_points' AS old, details->>'new_points' AS new FROM audit_log WHERE action = 'attempt.grade' ORDER BY id")
                .map { "\(try $0.decode(String.self, "old"))→\(try $0.decode(String.self, "new"))" }
        }
        #expect(audit == ["→3", "3→1"])
    }

    /// A trainer fixes a wrong key in a patch release and regrades: grades, completion and the audit
    /// log follow; running it again changes nothing.
    @Test func regradeUnderACorrectedKey() async throws {
        let wrong = """
            id: q
            title: Тест
            pass_percent: 100
            max_attempts: 0
            review: score_only
            questions:
              - id: year
                type: single
                text: Рік ратифікації Хартії?
                options:
                  - { text: "1991", correct: true }
                  - { text: "1997" }
              - { id: tf, type: true_false, text: "Так?", answer: true }

            """
        let (app, enrolment) = try await Self.world(quizzes: ["q": wrong])
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let page = AttemptPage(json: try await Self.start(client, token, enrolment, "q").json)
            _ = try await Self.save(client, token, page.id, ["year": page.choice("year", "1997"), "tf": true])
            let result = try await client.send(.post, "/api/v1/attempts/\(page.id)/submit", token: token)
            #expect(result.json["percent"] as? Double == 50 && result.json["review"] == nil, "score_only shows no review")

            let fixed = wrong.replacingOccurrences(of: #"{ text: "1991", correct: true }"#, with: #"{ text: "1991" }"#)
                .replacingOccurrences(of: #"{ text: "1997" }"#, with: #"{ text: "1997", correct: true }"#)
            let trainer = try await client.login("trainer@example.org")
            let patch = try await client.send(.post, "/api/v1/course-packs", token: trainer,
                                              body: try QuizPack.zip(version: "1.0.1", quizzes: ["q": fixed]), contentType: "application/zip")
            #expect(patch.status == .created)
            let body = #"{"from_version": "1.0.0", "to_version": "1.0.1", "quiz_id": "q"}"#
            #expect(try await client.send(.post, "/api/v1/courses/quiz-lab/regrade", token: token, json: body).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/courses/quiz-lab/regrade", token: trainer,
                                          json: #"{"from_version": "1.0.0", "to_version": "9.9.9", "quiz_id": "q"}"#).status == .unprocessableContent)
            let report = try await client.send(.post, "/api/v1/courses/quiz-lab/regrade", token: trainer, json: body)
            #expect(report.status == .ok, "\(report.text)")
            let change = (report.json["changes"] as? [[String: any Sendable]])?.first
            #expect(change?["old_percent"] as? Double == 50 && change?["new_percent"] as? Double == 100 && change?["new_passed"] as? Bool == true)
            #expect(report.json["newly_completed"] as? [String] == [enrolment])
            let e = try await client.send(.get, "/api/v1/enrolments/\(enrolment)", token: token).json
            #expect(e["status"] as? String == "completed")
            let again = try await client.send(.post, "/api/v1/courses/quiz-lab/regrade", token: trainer, json: body)
            #expect((again.json["changes"] as? [Any])?.isEmpty == true && again.json["attempts_regraded"] as? Int == 1)
        }
        let audit = try await app.db.pool.withConnection { db in
            try db.execute("SELECT details->>'old_percent' AS o, details->>'new_percent' AS n FROM audit_log WHERE action = 'attempt.regrade'")
                .map { "\(try $0.decode(String.self, "o"))→\(try $0.decode(String.self, "n"))" }
        }
        #expect(audit == ["50→100"])
    }

    /// A cohort's attempts open on starts_on and no new one starts after ends_on.
    @Test func cohortDatesBoundNewAttempts() async throws {
        let (app, enrolment) = try await Self.world(quizzes: ["timed": QuizPack.timed("autosubmit")])
        let id = UUID(uuidString: enrolment)!
        try await app.db.pool.withConnection { db in
            let cohort = try db.execute("""
                INSERT INTO cohorts (centre, slug, title, starts_on, ends_on)
                VALUES ('KYV', 'quiz-lab', 'Група', current_date - 10, current_date - 2) RETURNING id
                """)[0].decode(UUID.self, "id")
            try db.execute("UPDATE enrolments SET cohort_id = \(cohort) WHERE id = \(id)")
        }
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let ended = try await Self.start(client, token, enrolment, "timed")
            #expect(ended.status == .conflict && ended.code == "cohort_ended", "\(ended.text)")
            try await app.db.pool.withConnection { try $0.execute("UPDATE cohorts SET starts_on = current_date + 5, ends_on = current_date + 9") }
            let early = try await Self.start(client, token, enrolment, "timed")
            #expect(early.status == .conflict && early.code == "cohort_not_started")
            try await app.db.pool.withConnection { try $0.execute("UPDATE cohorts SET starts_on = current_date - 1") }
            #expect(try await Self.start(client, token, enrolment, "timed").status == .created)
        }
        #expect(try await app.db.count("attempts") == 1)
    }
}
