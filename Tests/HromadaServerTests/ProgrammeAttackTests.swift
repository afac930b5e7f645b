import Foundation
import HTTPTypes
import HromadaAPI
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing

/// Each way we tried to misuse programmes, kept as a test: taking over someone else's programme,
/// publishing without the right, enrolling where one may not, and racing completions for two
/// certificates.
@Suite struct ProgrammeAttackTests {
    @Test func nobodyButItsOwnerAndTheAdminPublishesAProgrammesNextVersion() async throws {
        let app = try await ProgrammeWorld.make()
        try await app.run { client in
            let owner = try await client.login("owner@example.org")
            #expect(try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml())).status == .created)
            let before = try await ProgrammeWorld.counts(app)

            let intruder = try await client.login("intruder@example.org")
            let takeover = try await ProgrammeWorld.publish(client, intruder, try ProgrammeWorld.zip(ProgrammeWorld.yaml(version: "9.0.0", title: "Підміна")))
            #expect(takeover.status == .forbidden && takeover.code == "programme_not_yours" && takeover.isProblem, "\(takeover.text)")
            // The very same release sent by the intruder: refused too, not a quiet 200.
            #expect(try await ProgrammeWorld.publish(client, intruder, try ProgrammeWorld.zip(ProgrammeWorld.yaml())).code == "programme_not_yours")
            // A centre admin and a learner are not publishers; nobody signed in is 401.
            let centreAdmin = try await client.login("kyiv-admin@example.org")
            let learner = try await client.login("learner@example.org")
            for token in [centreAdmin, learner] {
                let refused = try await ProgrammeWorld.publish(client, token, try ProgrammeWorld.zip(ProgrammeWorld.yaml(version: "9.0.0")))
                #expect(refused.status == .forbidden && refused.isProblem)
                let fresh = try await ProgrammeWorld.publish(client, token, try ProgrammeWorld.zip(ProgrammeWorld.yaml(slug: "their-programme")))
                #expect(fresh.status == .forbidden)
            }
            #expect(try await ProgrammeWorld.publish(client, nil, try ProgrammeWorld.zip(ProgrammeWorld.yaml(version: "9.0.0"))).status == .unauthorized)
            let forged = try await ProgrammeWorld.publish(client, "not-a-token", try ProgrammeWorld.zip(ProgrammeWorld.yaml(version: "9.0.0")))
            #expect(forged.status == .unauthorized)
            #expect(try await ProgrammeWorld.counts(app) == before)
            let listed = try await client.send(.get, "/api/v1/programmes/finance-programme").decode(PublishedProgramme.self)
            #expect(listed.definition.version == "1.0.0" && listed.definition.title == "Фінанси громади")

            // The intruder's own slug is theirs; the admin may publish the owner's next version without owning it.
            #expect(try await ProgrammeWorld.publish(client, intruder, try ProgrammeWorld.zip(ProgrammeWorld.yaml(slug: "intruder-programme"))).status == .created)
            let admin = try await client.login("admin@example.org")
            #expect(try await ProgrammeWorld.publish(client, admin, try ProgrammeWorld.zip(ProgrammeWorld.yaml(version: "1.1.0"))).status == .created)
            #expect(try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml(version: "1.2.0"))).status == .created)
        }
        let trainers = try await app.db.pool.withConnection { db in
            try db.execute("""
                SELECT t.slug || ':' || u.email AS t FROM programme_trainers t JOIN users u ON u.id = t.user_id ORDER BY 1
                """).map { try $0.decode(String.self, "t") }
        }
        #expect(trainers == ["finance-programme:owner@example.org", "intruder-programme:intruder@example.org"])
    }

    /// Only the admin names a programme's trainers, as a course's; a trainer so named publishes its
    /// next version, and loses that when removed; the change is audited.
    @Test func onlyTheAdminNamesAProgrammesTrainers() async throws {
        let app = try await ProgrammeWorld.make()
        try await app.run { client in
            let owner = try await client.login("owner@example.org")
            let intruder = try await client.login("intruder@example.org")
            let admin = try await client.login("admin@example.org")
            let learner = try await client.login("learner@example.org")
            let centreAdmin = try await client.login("kyiv-admin@example.org")
            #expect(try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml())).status == .created)
            let path = "/api/v1/programmes/finance-programme/trainers"
            let both = jsonString(["emails": ["owner@example.org", "intruder@example.org"]])
            for token in [owner, intruder, learner, centreAdmin] {
                #expect(try await client.send(.put, path, token: token, json: both).status == .forbidden)
            }
            #expect(try await client.send(.put, path, json: both).status == .unauthorized)
            for token in [intruder, learner, centreAdmin] {
                #expect(try await client.send(.get, path, token: token).status == .forbidden)
            }
            let listed = try await client.send(.get, path, token: owner)
            #expect((listed.json["trainers"] as? [[String: Any]])?.compactMap { $0["email"] as? String } == ["owner@example.org"], "\(listed.text)")
            // A course's trainers list does not reach the programme of the same name, nor the other way round.
            #expect(try await client.send(.get, "/api/v1/programmes/budget-lab/trainers", token: admin).status == .notFound)
            let bad = try await client.send(.put, path, token: admin, json: jsonString(["emails": ["learner@example.org"]]))
            #expect(bad.status == .unprocessableContent && bad.isProblem)

            #expect(try await client.send(.put, path, token: admin, json: both).status == .ok)
            #expect(try await ProgrammeWorld.publish(client, intruder, try ProgrammeWorld.zip(ProgrammeWorld.yaml(version: "1.1.0"))).status == .created)
            #expect(try await client.send(.put, path, token: admin, json: jsonString(["emails": ["owner@example.org"]])).status == .ok)
            #expect(try await ProgrammeWorld.publish(client, intruder, try ProgrammeWorld.zip(ProgrammeWorld.yaml(version: "1.2.0"))).code == "programme_not_yours")
        }
        let audit = try await app.db.pool.withConnection { db in
            try db.execute("SELECT details->>'after' AS after FROM audit_log WHERE action = 'programme.trainers' ORDER BY id").map { try $0.decode(String.self, "after") }
        }
        #expect(audit == ["intruder@example.org,owner@example.org", "owner@example.org"])
    }

    /// A course slug and a programme slug are separate namespaces: owning a course gives no right to
    /// a programme of the same name, and the other way round.
    @Test func owningACourseOfTheSameSlugGivesNoRightToTheProgramme() async throws {
        let app = try await ProgrammeWorld.make()
        try await app.run { client in
            let intruder = try await client.login("intruder@example.org")
            #expect(try await ProgrammeWorld.publish(client, intruder, try ProgrammeWorld.zip(ProgrammeWorld.yaml(slug: "budget-lab"))).status == .created)
            let owner = try await client.login("owner@example.org")
            #expect(try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml(slug: "budget-lab", version: "2.0.0"))).code == "programme_not_yours")
            // And the course stays the owner's.
            let course = try await client.send(.post, "/api/v1/course-packs", token: intruder, body: try ProgrammeWorld.course("budget-lab", version: "2.0.0"),
                                               contentType: "application/zip")
            #expect(course.code == "course_not_yours")
        }
    }

    @Test func enrolmentIsRefusedOutsideTheAudienceAndToNonLearnersChangingNothing() async throws {
        let app = try await ProgrammeWorld.make()
        try await app.person("deputy@example.org", roles: [.learner])
        try await app.db.pool.withConnection { try $0.execute("UPDATE users SET category = 'deputy' WHERE email = 'deputy@example.org'") }
        try await app.run { client in
            let owner = try await client.login("owner@example.org")
            #expect(try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml())).status == .created)
            let before = try await ProgrammeWorld.counts(app)
            let deputy = try await client.login("deputy@example.org")
            let outside = try await client.send(.post, "/api/v1/programmes/finance-programme/enrolments", token: deputy)
            #expect(outside.status == .forbidden && outside.isProblem, "\(outside.text)")
            #expect(try await client.send(.post, "/api/v1/programmes/finance-programme/enrolments", token: owner).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/programmes/finance-programme/enrolments").status == .unauthorized)
            let learner = try await client.login("learner@example.org")
            #expect(try await client.send(.post, "/api/v1/programmes/no-such-programme/enrolments", token: learner).status == .notFound)
            #expect(try await client.send(.post, "/api/v1/programmes/..%2Fcourses/enrolments", token: learner).status == .notFound)
            #expect(try await ProgrammeWorld.counts(app) == before)
            // Someone else's progress is not in my list.
            #expect(try await client.send(.post, "/api/v1/programmes/finance-programme/enrolments", token: learner).status == .created)
            #expect(try await client.send(.get, "/api/v1/me/programmes", token: deputy).decode(Page<ProgrammeEnrolment>.self).items.isEmpty)
            #expect(try await client.send(.get, "/api/v1/me/programmes").status == .unauthorized)
        }
    }

    /// A double (or tenfold) click on "enrol": one programme enrolment, one enrolment per course.
    @Test func enrollingManyTimesAtOnceMakesOneEnrolment() async throws {
        let app = try await ProgrammeWorld.make()
        try await app.run(.live) { client in
            let owner = try await client.login("owner@example.org")
            #expect(try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml())).status == .created)
            let learner = try await client.login("learner@example.org")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 {
                    group.addTask { Int(try await client.send(.post, "/api/v1/programmes/finance-programme/enrolments", token: learner).status.code) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1 && statuses.filter { $0 == 200 }.count == 9, "\(statuses)")
        }
        let counts = try await ProgrammeWorld.counts(app)
        // programme_enrolments, enrolments
        #expect(counts[3] == 1 && counts[4] == 2, "\(counts)")
    }

    /// Two course completions of one learner committed at once, each finding the programme complete
    /// from its own side: one certificate, whatever the interleaving (the programme enrolment's row
    /// lock, and the unique index behind it).
    @Test func racingCompletionsIssueOneCertificate() async throws {
        let app = try await ProgrammeWorld.make()
        let learners = (1...6).map { "racer\($0)@example.org" }
        for email in learners { try await app.person(email, roles: [.learner]) }
        let enrolments = try await app.run { client -> [(String, String)] in
            var enrolments: [(String, String)] = []
            let owner = try await client.login("owner@example.org")
            #expect(try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml())).status == .created)
            for email in learners {
                let token = try await client.login(email)
                let e = try await client.send(.post, "/api/v1/programmes/finance-programme/enrolments", token: token).decode(ProgrammeEnrolment.self)
                enrolments.append((e.parts[0].enrolmentID?.lowercasedText ?? "", e.parts[1].enrolmentID?.lowercasedText ?? ""))
            }
            return enrolments
        }
        let pool = app.db.pool
        for (first, second) in enrolments {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in [first, second] {
                    group.addTask {
                        _ = try await pool.transaction { try EnrolmentStore.completeLesson($0, enrolmentID: UUID(uuidString: id)!, lessonID: "l") }
                    }
                }
                try await group.waitForAll()
            }
        }
        let (perEnrolment, completed) = try await pool.withConnection { db in
            (try db.execute("""
                SELECT count(*)::int AS n FROM certificates WHERE programme_enrolment_id IS NOT NULL GROUP BY programme_enrolment_id
                """).map { try $0.decode(Int.self, "n") },
             try db.execute("SELECT count(*)::int AS n FROM programme_enrolments WHERE completed_at IS NOT NULL")[0].decode(Int.self, "n"))
        }
        #expect(completed == learners.count)
        #expect(perEnrolment == Array(repeating: 1, count: learners.count), "\(perEnrolment)")
        // The ledger: two courses each, nothing for the programmes.
        let ledger = try await pool.withConnection { try $0.execute("SELECT count(*)::int AS n FROM cpd_credits")[0].decode(Int.self, "n") }
        #expect(ledger == 2 * learners.count)
        // Evaluating again, twice at once, adds nothing; a second live certificate is refused by the schema.
        let users = try await pool.withConnection { try $0.execute("SELECT user_id FROM programme_enrolments").map { try $0.decode(UUID.self, "user_id") } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for user in users + users { group.addTask { try await pool.transaction { try ProgrammeStore.evaluate($0, userID: user) } } }
            try await group.waitForAll()
        }
        #expect(try await pool.withConnection {
            try $0.execute("SELECT count(*)::int AS n FROM certificates WHERE programme_enrolment_id IS NOT NULL")[0].decode(Int.self, "n")
        } == learners.count)
        await #expect(throws: (any Error).self) {
            try await pool.transaction { db in
                let row = try db.execute("SELECT id, user_id FROM programme_enrolments LIMIT 1")[0]
                try db.execute("""
                    INSERT INTO certificates (serial, programme_enrolment_id, user_id, centre)
                    VALUES ('UA-KYV-2099-999999-00', \(try row.decode(UUID.self, "id")), \(try row.decode(UUID.self, "user_id")), 'KYV')
                    """)
            }
        }
    }
}
