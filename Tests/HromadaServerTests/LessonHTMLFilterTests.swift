import Foundation
import HromadaDomain
import HromadaPacks
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing
import HTTPTypes

/// Lesson HTML is inert when served, whenever it was stored ("Rules that protect the record").
@Suite struct LessonHTMLFilterTests {
    static let unsafe = #"<p>Старий урок<img src=x onerror="document.title='pwned'"></p><script>alert(1)</script><a href="java&#9;script:alert(1)" onclick="x">л</a>"#
    static let clean = ##"<p>Старий урок<img src="x"/></p><a href="#">л</a>"##

    /// A lesson stored the way the server stored them before the filter (no `sanitiser_version`,
    /// so 0): the row holds the unsafe HTML, the learner reads it through the API.
    static func storeUnfilteredLesson(_ app: TestApp) async throws {
        try await app.db.pool.withConnection { c in
            try c.execute("""
                INSERT INTO course_lessons (version_id, id, module_id, position, title, minutes, path, markdown, html, markdown_json, html_json)
                SELECT version_id, 'old-lesson', module_id, 99, 'Старий', 3, 'lessons/old.md', 'Старий урок', \(unsafe),
                       to_json('Старий урок'::text)::text, to_json(\(unsafe)::text)::text
                FROM course_lessons WHERE id = 'open-data'
                """)
        }
    }

    static func readLesson(_ client: Client, token: String, enrolment: String, lesson: String) async throws -> String {
        let answer = try await client.send(.get, "/api/v1/enrolments/\(enrolment)/lessons/\(lesson)", token: token)
        #expect(answer.status == .ok, "\(answer.text)")
        return try #require(answer.json["html"] as? String)
    }

    @Test func aLessonStoredBeforeTheFilterIsServedFilteredThenRefilteredOnce() async throws {
        let app = try await LearningAPITests.world()
        try await Self.storeUnfilteredLesson(app)
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let id = try #require(try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: token).json["id"] as? String)
            // Filtered on read while the row is old.
            #expect(try await Self.readLesson(client, token: token, enrolment: id, lesson: "old-lesson") == Self.clean)
            // Made safe once, in the database, as `hromada-server migrate` and `serve` do.
            #expect(try await app.db.pool.transaction { try CourseStore.refilterLessons($0) } == 1)
            #expect(try await app.db.pool.transaction { try CourseStore.refilterLessons($0) } == 0)
            #expect(try await Self.readLesson(client, token: token, enrolment: id, lesson: "old-lesson") == Self.clean)
        }
        let row = try await app.db.pool.withConnection {
            try $0.execute("SELECT html, html_json, sanitiser_version FROM course_lessons WHERE id = 'old-lesson'")[0]
        }
        #expect(try row.decode(String.self, "html") == Self.clean)
        #expect(try JSONDecoder().decode(String.self, from: Data(try row.decode(String.self, "html_json").utf8)) == Self.clean)
        #expect(try row.decode(Int.self, "sanitiser_version") == LessonSanitiser.version)
    }

    /// The row may be filtered again, nothing else: its Markdown stays as published.
    @Test func onlyAHigherFilterMayRewriteAStoredLesson() async throws {
        let app = try await LearningAPITests.world()
        for update in ["UPDATE course_lessons SET markdown = 'інше', sanitiser_version = sanitiser_version + 1",
                       "UPDATE course_lessons SET html = '<p>x</p>', html_json = '\"<p>x</p>\"'",
                       "DELETE FROM course_lessons"] {
            await #expect(throws: HromadaError.self, "\(update)") {
                try await app.db.pool.withConnection { try $0.execute(SQL(unsafeSQL: update)) }
            }
        }
        #expect(try await app.db.count("course_lessons") == 1)
    }

    /// Two servers starting at once: the advisory lock has one do the work, the other find none.
    @Test func twoRefiltersAtOnceFilterEachLessonOnce() async throws {
        let app = try await LearningAPITests.world()
        try await Self.storeUnfilteredLesson(app)
        async let a = app.db.pool.transaction { try CourseStore.refilterLessons($0) }
        async let b = app.db.pool.transaction { try CourseStore.refilterLessons($0) }
        #expect(try await a + b == 1)
    }

    /// Published today: the issue's payloads, in a lesson published through the API, read back inert.
    @Test func aPublishedLessonWithThePayloadsIsReadBackInert() async throws {
        let app = try await TestApp.make()
        try await app.person("trainer@example.org", roles: [.trainer])
        try await app.person("learner@example.org", roles: [.learner], centre: "KYV")
        var files = PackFiles.directory(CourseAPITests.samplePack)
        files.files["course.yaml"] = Array(String(decoding: files.files["course.yaml"]!, as: UTF8.self)
            .replacingOccurrences(of: "quizzes: [check]", with: "quizzes: []").utf8)
        let body = "```x\"><img src=x onerror=alert(1)>\nlet a = 1\n```\n\nКод `не закрито <img src=x onerror=alert(1)>\n\n"
            + "~~~\n<img src=x onerror=alert(1)>\n~~~\n\n<script>alert(1)</script>\n"
        files.files["lessons/01-open.md"] = Array("---\nid: open-data\ntitle: Пастки\nminutes: 5\n---\n\(body)".utf8)
        let zip = try files.zipped(paths: files.files.keys)
        var tab = files
        tab.files["lessons/01-open.md"] = Array("---\nid: open-data\ntitle: Пастка\nminutes: 5\n---\n[x](java\tscript:alert(1))\n".utf8)
        tab.files["course.yaml"] = Array(String(decoding: tab.files["course.yaml"]!, as: UTF8.self)
            .replacingOccurrences(of: "version: 1.0.0", with: "version: 1.0.1").utf8)
        let tabZip = try tab.zipped(paths: tab.files.keys)
        try await app.run { client in
            let trainer = try await client.login("trainer@example.org")
            let published = try await client.send(.post, "/api/v1/course-packs", token: trainer, body: zip, contentType: "application/zip")
            #expect(published.status == .created, "\(published.text)")
            // The fourth payload, a `java<TAB>script:` link, is no file of the pack: refused at publish.
            let refused = try await client.send(.post, "/api/v1/course-packs", token: trainer, body: tabZip, contentType: "application/zip")
            #expect(refused.status == .unprocessableContent && refused.text.contains("script"), "\(refused.text)")
            let token = try await client.login("learner@example.org")
            let id = try #require(try await client.send(.post, "/api/v1/courses/sample-open-council/enrolments", token: token).json["id"] as? String)
            let html = try await Self.readLesson(client, token: token, enrolment: id, lesson: "open-data")
            #expect(LessonSanitiser.sanitise(html) == html)
            #expect(!html.contains("<img") && !html.contains("<script") && !html.contains("javascript"), "\(html)")
            #expect(html.contains("<pre><code class=\"language-ximg\">let a = 1") && html.contains("&lt;img src=x onerror=alert(1)&gt;"), "\(html)")
        }
        #expect(try await app.db.pool.withConnection {
            try $0.execute("SELECT count(*)::int AS n FROM course_lessons WHERE sanitiser_version <> \(LessonSanitiser.version)")[0].decode(Int.self, "n")
        } == 0)
    }
}
