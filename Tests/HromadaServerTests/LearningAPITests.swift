import Foundation
import HTTPTypes
import HromadaDomain
import HromadaPacks
import HromadaStorage
import HromadaTestSupport
import Testing
import HromadaPostgres

@Suite struct LearningAPITests {
    /// The sample pack with completion by lessons only (quizzes arrive with the assessment engine),
    /// optionally at another version with one more lesson.
    static func pack(version: String = "1.0.0", extraLesson: Bool = false) throws -> [UInt8] {
        var files = PackFiles.directory(CourseAPITests.samplePack)
        var manifest = String(decoding: files.files["course.yaml"]!, as: UTF8.self)
            .replacingOccurrences(of: "quizzes: [check]", with: "quizzes: []")
            .replacingOccurrences(of: "version: 1.0.0", with: "version: \(version)")
        if extraLesson {
            manifest = manifest.replacingOccurrences(of: "      - lesson: lessons/01-open.md", with: "      - lesson: lessons/01-open.md\n      - lesson: lessons/02-more.md")
            files.files["lessons/02-more.md"] = Array("---\nid: more\ntitle: Ще урок\nminutes: 3\n---\nТекст.\n".utf8)
        }
        files.files["course.yaml"] = Array(manifest.utf8)
        return try files.zipped(paths: files.files.keys)
    }

    static func world() async throws -> TestApp {
        let app = try await TestApp.make()
        try await app.person("trainer@example.org", roles: [.trainer])
        try await app.person("learner@example.org", roles: [.learner], centre: "KYV")
        try await app.person("other@example.org", roles: [.learner], centre: "KYV")
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        try await app.person("lviv-admin@example.org", roles: [.centreAdmin], centre: "LVV")
        try await app.run { client in
            let token = try await client.login("trainer@example.org")
            let answer = try await client.send(.post, "/api/v1/course-packs", token: token, body: try pack(), contentType: "application/zip")
            guard answer.status == .created else { throw ConfigurationError("publish failed: \(answer.text)") }
        }
        return app
    }

    @Test func enrollingTwiceReturnsTheSameEnrolmentWithTheDocumentedShape() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let first = try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: token)
            #expect(first.status == .created)
            #expect(Set(first.json.keys).isSuperset(of: ["id", "course", "status", "enrolled_at", "completed_at", "lessons", "quizzes", "certificate"]))
            #expect(first.json["status"] as? String == "enrolled")
            let quizzes = first.json["quizzes"] as? [[String: Any]] ?? []
            #expect(quizzes.first?["attempts_allowed"] as? Int == 0 && quizzes.first?["passed"] as? Bool == false)
            let second = try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: token)
            #expect(second.status == .ok && second.json["id"] as? String == first.json["id"] as? String)
            #expect(try await client.send(.post, "/api/v1/courses/no-such-course/enrolments", token: token).status == .notFound)
            let mine = try await client.send(.get, "/api/v1/me/enrolments", token: token)
            #expect((mine.json["items"] as? [[String: Any]])?.count == 1)
        }
        #expect(try await app.db.count("enrolments") == 1)
    }

    /// `hromada sync` sends lessons completed offline with the time they were completed.
    @Test func anOfflineCompletionKeepsItsTimeOnceAndBadTimesChangeNothing() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let id = try #require(try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: token).json["id"] as? String)
            let path = "/api/v1/enrolments/\(id)/lessons/open-data/complete"
            let future = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            for bad in [#"{"completed_at": "вчора"}"#, "{\"completed_at\": \"\(future)\"}", #"{"completed_at": "2001-01-01T00:00:00Z"}"#,
                        #"{"completed_at": "2026-11-29T10:00:00Z", "extra": 1}"#] {
                let refused = try await client.send(.post, path, token: token, json: bad)
                #expect(refused.status == .unprocessableContent || refused.status == .badRequest, "\(bad): \(refused.text)")
            }
            #expect(try await app.db.count("lesson_progress") == 0)
            // Enrolled yesterday, read the lesson offline an hour ago.
            _ = try await app.db.pool.withConnection { try $0.execute("UPDATE enrolments SET enrolled_at = now() - interval '1 day'") }
            let made = Date().addingTimeInterval(-3600)
            let stamp = made.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            let first = try await client.send(.post, path, token: token, json: "{\"completed_at\": \"\(stamp)\"}")
            #expect(first.status == .ok)
            let lesson = (first.json["lessons"] as? [[String: Any]])?.first { $0["id"] as? String == "open-data" }
            let recorded = try #require((lesson?["completed_at"] as? String).flatMap { try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse($0) })
            #expect(abs(recorded.timeIntervalSince(made)) < 0.01)
            // Sent again (a sync that did not hear the answer), with or without a time: the first is kept.
            let again = try await client.send(.post, path, token: token, json: #"{"completed_at": "\#(Date().formatted(Date.ISO8601FormatStyle()))"}"#)
            let kept = (again.json["lessons"] as? [[String: Any]])?.first { $0["id"] as? String == "open-data" }?["completed_at"] as? String
            #expect(again.status == .ok && kept == lesson?["completed_at"] as? String)
        }
        #expect(try await app.db.count("lesson_progress") == 1)
    }

    @Test func completingEveryLessonCompletesTheCourseOnceAndCreditsCPD() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let id = try #require(try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: token).json["id"] as? String)
            let lesson = try await client.send(.get, "/api/v1/enrolments/\(id)/lessons/open-data", token: token)
            #expect(lesson.status == .ok)
            #expect((lesson.json["markdown"] as? String)?.contains("# Відкриті дані") == true)
            #expect((lesson.json["html"] as? String)?.contains("<h1>Відкриті дані</h1>") == true)
            // The answer carries the JSON literals stored at publishing: they read back as the
            // lesson's published texts, whole.
            let published = try await app.db.pool.withConnection {
                try $0.execute("SELECT markdown, html FROM course_lessons WHERE id = 'open-data'")[0]
            }
            #expect(lesson.json["markdown"] as? String == (try published.decode(String.self, "markdown")))
            #expect(lesson.json["html"] as? String == (try published.decode(String.self, "html")))
            // Two clients mark the last lesson at the same moment.
            async let a = client.send(.post, "/api/v1/enrolments/\(id)/lessons/open-data/complete", token: token)
            async let b = client.send(.post, "/api/v1/enrolments/\(id)/lessons/open-data/complete", token: token)
            let (ra, rb) = try await (a, b)
            #expect(ra.status == .ok && rb.status == .ok)
            #expect(ra.json["status"] as? String == "completed" && rb.json["status"] as? String == "completed")
            let firstTime = (ra.json["lessons"] as? [[String: Any]])?.first?["completed_at"] as? String
            let again = try await client.send(.post, "/api/v1/enrolments/\(id)/lessons/open-data/complete", token: token)
            #expect((again.json["lessons"] as? [[String: Any]])?.first?["completed_at"] as? String == firstTime)
            let cpd = try await client.send(.get, "/api/v1/me/cpd", token: token)
            #expect(cpd.json["total_hours"] as? Double == 6 && cpd.json["total_credits"] as? Double == 0.2)
            #expect((cpd.json["items"] as? [[String: Any]])?.first?["slug"] as? String == "sample-open-council")
            let lastYear = try await client.send(.get, "/api/v1/me/cpd?year=2001", token: token)
            #expect((lastYear.json["items"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await client.send(.get, "/api/v1/me/cpd?year=abc", token: token).status == .badRequest)
            #expect(try await client.send(.post, "/api/v1/enrolments/\(id)/lessons/no-such/complete", token: token).status == .notFound)
        }
        #expect(try await app.db.count("cpd_credits") == 1)
        let completions = try await app.db.pool.withConnection { c in
            try c.execute("SELECT count(*)::int AS n FROM audit_log WHERE action = 'enrolment.complete'")[0].decode(Int.self, "n")
        }
        #expect(completions == 1)
    }

    @Test func enrolmentsStayOnTheirVersionAndUpgradeKeepsProgress() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let learner = try await client.login("learner@example.org")
            let trainer = try await client.login("trainer@example.org")
            let id = try #require(try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: learner).json["id"] as? String)
            let published = try await client.send(.post, "/api/v1/course-packs", token: trainer,
                                                  body: try Self.pack(version: "1.1.0", extraLesson: true), contentType: "application/zip")
            #expect(published.status == .created)
            let pinned = try await client.send(.get, "/api/v1/enrolments/\(id)", token: learner)
            #expect((pinned.json["course"] as? [String: Any])?["version"] as? String == "1.0.0")
            _ = try await client.send(.post, "/api/v1/enrolments/\(id)/lessons/open-data/complete", token: learner)
            // Completed on 1.0.0 (one lesson); moving to 1.1.0 keeps the completion and the lesson's progress.
            let upgraded = try await client.send(.post, "/api/v1/enrolments/\(id)/upgrade", token: learner)
            #expect((upgraded.json["course"] as? [String: Any])?["version"] as? String == "1.1.0")
            let lessons = upgraded.json["lessons"] as? [[String: Any]] ?? []
            #expect(lessons.map { $0["id"] as? String } == ["open-data", "more"])
            #expect(lessons.first?["completed_at"] is String && lessons.last?["completed_at"] is NSNull)
            #expect(upgraded.json["status"] as? String == "completed")
            // A new learner gets the newest version.
            let other = try await client.login("other@example.org")
            let fresh = try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: other)
            #expect((fresh.json["course"] as? [String: Any])?["version"] as? String == "1.1.0")
            _ = try await client.send(.post, "/api/v1/enrolments/\(fresh.json["id"] as! String)/lessons/open-data/complete", token: other)
            let half = try await client.send(.get, "/api/v1/enrolments/\(fresh.json["id"] as! String)", token: other)
            #expect(half.json["status"] as? String == "in_progress")
        }
    }

    @Test func withdrawalKeepsHistoryAndBlocksProgress() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let id = try #require(try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: token).json["id"] as? String)
            let withdrawn = try await client.send(.delete, "/api/v1/enrolments/\(id)", token: token)
            #expect(withdrawn.status == .ok && withdrawn.json["withdrawn_at"] is String)
            let refused = try await client.send(.post, "/api/v1/enrolments/\(id)/lessons/open-data/complete", token: token)
            #expect(refused.status == .conflict && refused.code == "enrolment_withdrawn")
            let back = try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: token)
            #expect(back.json["id"] as? String == id && back.json["withdrawn_at"] is NSNull)
        }
        #expect(try await app.db.count("lesson_progress") == 0)
    }

    /// Lesson reads arriving together go to PostgreSQL together (`PGPool.read`): through the
    /// server, each request still gets its own answer, whoever sends it and whatever it asks for.
    @Test func lessonReadsSentTogetherEachGetTheirOwnAnswer() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let learner = try await client.login("learner@example.org"), other = try await client.login("other@example.org")
            let mine = try #require(try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: learner).json["id"] as? String)
            let theirs = try #require(try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: other).json["id"] as? String)
            // The learner has done the lesson and the other has not: their answers differ.
            #expect(try await client.send(.post, "/api/v1/enrolments/\(mine)/lessons/open-data/complete", token: learner).status == .ok)
            let asks: [(token: String, path: String, status: HTTPResponse.Status)] = [
                (learner, "/api/v1/enrolments/\(mine)/lessons/open-data", .ok),
                (other, "/api/v1/enrolments/\(theirs)/lessons/open-data", .ok),
                (other, "/api/v1/enrolments/\(mine)/lessons/open-data", .notFound),
                ("not-a-token", "/api/v1/enrolments/\(mine)/lessons/open-data", .unauthorized),
                (learner, "/api/v1/enrolments/\(mine)/lessons/no-such-lesson", .notFound),
                (learner, "/api/v1/enrolments/\(UUID().uuidString.lowercased())/lessons/open-data", .notFound),
            ]
            let answers = try await withThrowingTaskGroup(of: (Int, Client.Answer).self) { group in
                for n in 0..<(asks.count * 10) {
                    group.addTask { (n % asks.count, try await client.send(.get, asks[n % asks.count].path, token: asks[n % asks.count].token)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.count == asks.count * 10)
            for (k, answer) in answers {
                #expect(answer.status == asks[k].status, "\(asks[k].path): \(answer.text)")
                if answer.status == .ok {
                    #expect(answer.json["id"] as? String == "open-data" && (answer.json["html"] as? String)?.isEmpty == false)
                    #expect(k == 0 ? answer.json["completed_at"] is String : answer.json["completed_at"] is NSNull, "\(asks[k].path)")
                }
            }
        }
    }

    @Test func othersGet404AndCentreAdminsSeeOnlyTheirCentre() async throws {
        let app = try await Self.world()
        let learner = try await app.db.pool.withConnection { try UserStore.find($0, email: "learner@example.org")!.id.uuidString.lowercased() }
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let id = try #require(try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: token).json["id"] as? String)
            let expectations: [(String, HTTPResponse.Status)] = [
                ("other@example.org", .notFound), ("lviv-admin@example.org", .notFound),
                ("kyiv-admin@example.org", .ok), ("trainer@example.org", .notFound),
            ]
            for (email, status) in expectations {
                let caller = try await client.login(email)
                #expect(try await client.send(.get, "/api/v1/enrolments/\(id)", token: caller).status == status, "\(email)")
                #expect(try await client.send(.get, "/api/v1/enrolments/\(id)/lessons/open-data", token: caller).status == status, "\(email)")
                #expect(try await client.send(.get, "/api/v1/users/\(learner)/cpd", token: caller).status == status, "\(email) cpd")
                let complete = try await client.send(.post, "/api/v1/enrolments/\(id)/lessons/open-data/complete", token: caller)
                #expect(complete.status == (status == .ok ? .forbidden : .notFound), "\(email) complete")
            }
            let admin = try await client.login("kyiv-admin@example.org")
            #expect(try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: admin).status == .forbidden)
        }
        #expect(try await app.db.count("lesson_progress") == 0)
    }
}

