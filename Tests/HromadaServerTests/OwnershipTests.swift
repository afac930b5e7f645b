import Foundation
import HTTPTypes
import HromadaDomain
import HromadaPacks
import HromadaTestSupport
import Testing
import HromadaPostgres

/// Who a course belongs to, replayed as the attacks that were made on it: a trainer publishing a
/// version of someone else's course, reading its answer keys, grading its learners, grading their
/// own essay; a centre admin making trainers. Each of these succeeded before the ownership rules.
@Suite struct OwnershipTests {
    static let slug = "sample-open-council"
    static func pack(version: String = "1.0.0", extra: [String: String] = [:], lessonSuffix: String = "") throws -> [UInt8] {
        var files = CourseAPITests.samplePackWithImage(version: version, lessonSuffix: lessonSuffix)
        for (path, text) in extra { files.files[path] = Array(text.utf8) }
        return try CourseAPITests.zip(files)
    }

    static func world() async throws -> TestApp {
        let app = try await TestApp.make()
        try await app.person("owner@example.org", roles: [.learner, .trainer])
        try await app.person("intruder@example.org", roles: [.learner, .trainer])
        try await app.person("learner@example.org", roles: [.learner])
        try await app.person("admin@example.org", roles: [.admin])
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        return app
    }

    static func publish(_ client: Client, _ token: String, _ zip: [UInt8]) async throws -> Client.Answer {
        try await client.send(.post, "/api/v1/course-packs", token: token, body: zip, contentType: "application/zip")
    }

    @Test func anotherTrainerCannotPublishAVersionOfSomeoneElsesCourse() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let owner = try await client.login("owner@example.org")
            let intruder = try await client.login("intruder@example.org")
            #expect(try await Self.publish(client, owner, try Self.pack()).status == .created)
            let before = try await app.db.pool.withConnection { try $0.execute("SELECT count(*)::int AS n FROM course_versions")[0].decode(Int.self, "n") }

            let takeover = try await Self.publish(client, intruder, try Self.pack(version: "99.0.0", lessonSuffix: "Підмінений зміст."))
            #expect(takeover.status == .forbidden && takeover.code == "course_not_yours", "\(takeover.text)")
            #expect(takeover.isProblem)
            // The very same release, sent again by the intruder, is refused too.
            #expect(try await Self.publish(client, intruder, try Self.pack()).code == "course_not_yours")
            let after = try await app.db.pool.withConnection { try $0.execute("SELECT count(*)::int AS n FROM course_versions")[0].decode(Int.self, "n") }
            #expect(after == before)
            let catalogue = try await client.send(.get, "/api/v1/courses")
            #expect((catalogue.json["items"] as? [[String: Any]])?.first?["version"] as? String == "1.0.0")
            // The intruder did not become a trainer: no answer keys, no release.
            #expect(try await client.send(.get, "/api/v1/courses/\(Self.slug)/versions/1.0.0/pack", token: intruder).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/courses/\(Self.slug)/versions/1.0.0/files/quizzes/check.yaml", token: intruder).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/courses/\(Self.slug)/trainers", token: intruder).status == .forbidden)

            // Its owner publishes the next version; the admin may too, without becoming a trainer.
            #expect(try await Self.publish(client, owner, try Self.pack(version: "1.1.0")).status == .created)
            let admin = try await client.login("admin@example.org")
            #expect(try await Self.publish(client, admin, try Self.pack(version: "1.2.0")).status == .created)
            let trainers = try await client.send(.get, "/api/v1/courses/\(Self.slug)/trainers", token: owner)
            #expect(trainers.status == .ok)
            #expect((trainers.json["trainers"] as? [[String: Any]])?.compactMap { $0["email"] as? String } == ["owner@example.org"])
        }
    }

    @Test func onlyTheAdminNamesACoursesTrainersAndItIsAudited() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let owner = try await client.login("owner@example.org")
            let intruder = try await client.login("intruder@example.org")
            let admin = try await client.login("admin@example.org")
            let learner = try await client.login("learner@example.org")
            let centreAdmin = try await client.login("kyiv-admin@example.org")
            #expect(try await Self.publish(client, owner, try Self.pack()).status == .created)
            let path = "/api/v1/courses/\(Self.slug)/trainers"
            let both = jsonString(["emails": ["owner@example.org", "Intruder@Example.org"]])
            for token in [owner, intruder, learner, centreAdmin] {
                #expect(try await client.send(.put, path, token: token, json: both).status == .forbidden)
            }
            #expect(try await client.send(.put, path, json: both).status == .unauthorized)
            for token in [learner, centreAdmin] {
                #expect(try await client.send(.get, path, token: token).status == .forbidden)
            }
            #expect(try await client.send(.get, "/api/v1/courses/no-such-course/trainers", token: admin).status == .notFound)
            #expect(try await client.send(.put, "/api/v1/courses/no-such-course/trainers", token: admin, json: both).status == .notFound)

            // A learner cannot be made a trainer of a course, nor can an unknown address; nothing changes.
            let bad = try await client.send(.put, path, token: admin, json: jsonString(["emails": ["learner@example.org", "nobody@example.org"]]))
            #expect(bad.status == .unprocessableContent && bad.isProblem, "\(bad.text)")
            #expect((bad.json["errors"] as? [[String: Any]])?.count == 2, "\(bad.text)")
            #expect(try await client.send(.put, path, token: admin, json: #"{"emails": "owner@example.org"}"#).status == .badRequest)

            let set = try await client.send(.put, path, token: admin, json: both)
            #expect(set.status == .ok, "\(set.text)")
            #expect((set.json["trainers"] as? [[String: Any]])?.compactMap { $0["email"] as? String } == ["intruder@example.org", "owner@example.org"])
            // Now a trainer of it, the second trainer publishes and reads its release.
            #expect(try await Self.publish(client, intruder, try Self.pack(version: "1.1.0")).status == .created)
            #expect(try await client.send(.get, "/api/v1/courses/\(Self.slug)/versions/1.0.0/pack", token: intruder).status == .ok)
            // Removed again, they lose it all.
            #expect(try await client.send(.put, path, token: admin, json: jsonString(["emails": ["owner@example.org"]])).status == .ok)
            #expect(try await Self.publish(client, intruder, try Self.pack(version: "1.2.0")).code == "course_not_yours")
            #expect(try await client.send(.get, "/api/v1/courses/\(Self.slug)/versions/1.0.0/pack", token: intruder).status == .forbidden)
        }
        let audit = try await app.db.pool.withConnection { db in
            try db.execute("SELECT details->>'before' AS before, details->>'after' AS after FROM audit_log WHERE action = 'course.trainers' ORDER BY id")
                .map { "\(try $0.decode(String.self, "before")) -> \(try $0.decode(String.self, "after"))" }
        }
        #expect(audit == ["owner@example.org -> intruder@example.org,owner@example.org",
                          "intruder@example.org,owner@example.org -> owner@example.org"])
    }

    /// Answer keys by file name: a question bank imported as `quizzes/bank.txt`, or a lesson that
    /// links to its own quiz file, served to anyone. Now only files lessons link to are public.
    @Test func onlyFilesLessonsLinkToAreServedToEveryone() async throws {
        let app = try await Self.world()
        let bank = "::b1:: Скільки депутатів у раді? {=26 ~30}\n"
        let quizWithBank = String(decoding: try #require(PackFiles.directory(CourseAPITests.samplePack).files["quizzes/check.yaml"]), as: UTF8.self)
            + "import: [quizzes/bank.txt]\n"
        let zip = try Self.pack(extra: ["quizzes/bank.txt": bank, "quizzes/check.yaml": quizWithBank],
                                lessonSuffix: "[Ключ](../quizzes/check.yaml) і [банк](../quizzes/bank.txt)\n")
        try await app.run { client in
            let owner = try await client.login("owner@example.org")
            let published = try await Self.publish(client, owner, zip)
            #expect(published.status == .created, "\(published.text)")
            let base = "/api/v1/courses/\(Self.slug)/versions/1.0.0/files/"
            let learner = try await client.login("learner@example.org")
            let intruder = try await client.login("intruder@example.org")
            for path in ["quizzes/bank.txt", "quizzes/check.yaml", "course.yaml", "lessons/01-open.md", "quizzes/BANK.txt"] {
                for token in [nil, learner, intruder] {
                    let answer = try await client.send(.get, base + path, token: token)
                    #expect(answer.status == .notFound && !answer.text.contains("=26"), "\(path): \(answer.status)")
                }
            }
            #expect(try await client.send(.get, base + "quizzes/bank.txt", token: owner).text == bank)
            #expect(try await client.send(.get, base + "assets/scheme.png").status == .ok)
        }
    }

    /// A trainer of the course who is also enrolled in it graded their own essay (200, 100 %) and got a
    /// certificate. Now nobody grades or regrades their own attempt, and their queue leaves it out.
    @Test func nobodyGradesOrRegradesTheirOwnAttempt() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let owner = try await client.login("owner@example.org")
            let admin = try await client.login("admin@example.org")
            #expect(try await Self.publish(client, owner, try QuizPack.zip(quizzes: ["essay": QuizPack.essay()])).status == .created)
            #expect(try await Self.publish(client, owner, try QuizPack.zip(version: "1.1.0", quizzes: ["essay": QuizPack.essay()])).status == .created)
            let enrolment = try await client.send(.post, "/api/v1/courses/quiz-lab/enrolments", token: owner).json["id"] as? String ?? ""
            let started = try await client.send(.post, "/api/v1/enrolments/\(enrolment)/quizzes/essay/attempts", token: owner)
            let attempt = try #require(started.json["id"] as? String)
            _ = try await client.send(.put, "/api/v1/attempts/\(attempt)/answers", token: owner,
                                      json: jsonString(["answers": ["tf": true, "e1": "Моє есе"]]))
            #expect(try await client.send(.post, "/api/v1/attempts/\(attempt)/submit", token: owner).json["state"] as? String == "needs_grading")

            #expect((try await client.send(.get, "/api/v1/grading", token: owner).json["items"] as? [Any])?.isEmpty == true)
            let own = try await client.send(.post, "/api/v1/attempts/\(attempt)/grades", token: owner, json: jsonString(["question_id": "e1", "points": 4]))
            #expect(own.status == .forbidden && own.isProblem, "\(own.text)")
            // Enrolled after 1.1.0 was published, the attempt is on 1.1.0.
            let regrade = jsonString(["from_version": "1.1.0", "to_version": "1.0.0", "quiz_id": "essay"])
            #expect(try await client.send(.post, "/api/v1/courses/quiz-lab/regrade", token: owner, json: regrade).status == .forbidden)
            let state = try await app.db.pool.withConnection { db in
                try db.execute("SELECT state, key_version_id = version_id AS same FROM attempts WHERE id = \(UUID(uuidString: attempt)!)")[0]
            }
            #expect(try state.decode(String.self, "state") == "needs_grading" && state.decode(Bool.self, "same"))
            #expect(try await app.db.count("certificates") == 0)

            // The admin, who is not its learner, grades it.
            let graded = try await client.send(.post, "/api/v1/attempts/\(attempt)/grades", token: admin, json: jsonString(["question_id": "e1", "points": 2]))
            #expect(graded.status == .ok, "\(graded.text)")
        }
    }

    @Test func onlyTheAdminGrantsTrainerCentreAdminAndAdmin() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let centreAdmin = try await client.login("kyiv-admin@example.org")
            let admin = try await client.login("admin@example.org")
            func create(_ token: String, _ email: String, _ roles: [String]) async throws -> Client.Answer {
                try await client.send(.post, "/api/v1/users", token: token, json: jsonString([
                    "email": email, "full_name": "Нова Особа", "category": "official", "position": "спеціаліст",
                    "hromada": "Ірпінська", "centre": "KYV", "roles": roles,
                ]))
            }
            for roles in [["trainer"], ["learner", "trainer"], ["centre_admin"], ["admin"]] {
                let answer = try await create(centreAdmin, "made-\(roles.joined())@example.org", roles)
                #expect(answer.status == .forbidden, "\(roles): \(answer.text)")
            }
            #expect(try await create(centreAdmin, "learner2@example.org", ["learner"]).status == .created)
            #expect(try await create(admin, "trainer2@example.org", ["learner", "trainer"]).status == .created)
        }
        #expect(try await app.db.pool.withConnection { try $0.execute("SELECT 1 FROM users WHERE email LIKE 'made-%'") }.isEmpty)
    }
}
