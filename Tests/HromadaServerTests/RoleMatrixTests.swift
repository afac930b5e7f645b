import Foundation
import HTTPTypes
import HromadaCrypto
import HromadaDomain
import HromadaTestSupport
import Testing
import HromadaPostgres
import HromadaStorage

/// Every role against every account action, through HTTP: what each may do, and nothing more.
@Suite struct RoleMatrixTests {
    enum Caller: String, CaseIterable, Sendable {
        case learner, otherLearner, trainer, otherTrainer, kyivCentreAdmin, lvivCentreAdmin, admin
    }

    struct World: Sendable {
        let app: TestApp
        let users: [Caller: User]
    }

    static func world() async throws -> World {
        let app = try await TestApp.make()
        var users: [Caller: User] = [:]
        users[.learner] = try await app.person("learner@example.org", roles: [.learner], centre: "KYV")
        users[.otherLearner] = try await app.person("other@example.org", roles: [.learner], centre: "KYV")
        users[.trainer] = try await app.person("trainer@example.org", roles: [.learner, .trainer], centre: "KYV")
        users[.otherTrainer] = try await app.person("other-trainer@example.org", roles: [.learner, .trainer], centre: "KYV")
        users[.kyivCentreAdmin] = try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        users[.lvivCentreAdmin] = try await app.person("lviv-admin@example.org", roles: [.centreAdmin], centre: "LVV")
        users[.admin] = try await app.person("admin@example.org", roles: [.admin], centre: "KYV")
        return World(app: app, users: users)
    }

    /// Expected status for reading the Kyiv learner's profile.
    static let readLearner: [Caller: HTTPResponse.Status] = [
        .learner: .ok, .otherLearner: .notFound, .trainer: .notFound, .otherTrainer: .notFound,
        .kyivCentreAdmin: .ok, .lvivCentreAdmin: .notFound, .admin: .ok,
    ]
    /// Expected status for creating a learner in Kyiv.
    static let createKyivLearner: [Caller: HTTPResponse.Status] = [
        .learner: .forbidden, .otherLearner: .forbidden, .trainer: .forbidden, .otherTrainer: .forbidden,
        .kyivCentreAdmin: .created, .lvivCentreAdmin: .forbidden, .admin: .created,
    ]
    /// Expected status for creating an association admin.
    static let createAdmin: [Caller: HTTPResponse.Status] = [
        .learner: .forbidden, .otherLearner: .forbidden, .trainer: .forbidden, .otherTrainer: .forbidden,
        .kyivCentreAdmin: .forbidden, .lvivCentreAdmin: .forbidden, .admin: .created,
    ]
    /// Expected status for listing Kyiv's people.
    static let listKyiv: [Caller: HTTPResponse.Status] = [
        .learner: .forbidden, .otherLearner: .forbidden, .trainer: .forbidden, .otherTrainer: .forbidden,
        .kyivCentreAdmin: .ok, .lvivCentreAdmin: .forbidden, .admin: .ok,
    ]
    /// Expected status for importing CSV into Kyiv.
    static let importKyiv: [Caller: HTTPResponse.Status] = [
        .learner: .forbidden, .otherLearner: .forbidden, .trainer: .forbidden, .otherTrainer: .forbidden,
        .kyivCentreAdmin: .ok, .lvivCentreAdmin: .forbidden, .admin: .ok,
    ]

    @Test(arguments: Caller.allCases)
    func eachRoleGetsExactlyItsRights(_ caller: Caller) async throws {
        let world = try await Self.world()
        let learnerID = world.users[.learner]!.id.uuidString.lowercased()
        try await world.app.run { client in
            let email = world.users[caller]!.email
            let token = try await client.login(email)
            let tag = caller.rawValue

            let read = try await client.send(.get, "/api/v1/users/\(learnerID)", token: token)
            #expect(read.status == Self.readLearner[caller], "read as \(tag)")
            if read.status == .notFound { #expect(read.code == "not_found") }

            let created = try await client.send(.post, "/api/v1/users", token: token, json: jsonString([
                "email": "new-\(tag)@example.org", "full_name": "Нова Особа", "category": "official",
                "position": "спеціаліст", "hromada": "Ірпінська", "centre": "KYV",
            ]))
            #expect(created.status == Self.createKyivLearner[caller], "create as \(tag): \(created.text)")

            let admin = try await client.send(.post, "/api/v1/users", token: token, json: jsonString([
                "email": "boss-\(tag)@example.org", "full_name": "Нова Особа", "category": "official",
                "position": "спеціаліст", "hromada": "Ірпінська", "centre": "KYV", "roles": ["admin"],
            ]))
            #expect(admin.status == Self.createAdmin[caller], "create admin as \(tag)")

            let list = try await client.send(.get, "/api/v1/users?centre=KYV", token: token)
            #expect(list.status == Self.listKyiv[caller], "list as \(tag)")

            let csv = "email,full_name,category,position,hromada\nimported-\(tag)@example.org,Імпортована Особа,deputy,депутат,Ірпінська\n"
            let imported = try await client.send(.post, "/api/v1/centres/KYV/users:import", token: token, body: Array(csv.utf8), contentType: "text/csv")
            #expect(imported.status == Self.importKyiv[caller], "import as \(tag)")
        }
        // Refused actions changed nothing: only the allowed ones added people.
        let added = try await world.app.db.count("users") - Caller.allCases.count
        let expected = [Self.createKyivLearner, Self.createAdmin, Self.importKyiv].filter { [.created, .ok].contains($0[caller]!) }.count
        #expect(added == expected)
    }

    @Test func aCentreAdminSeesOnlyTheirCentreInLists() async throws {
        let world = try await Self.world()
        try await world.app.run { client in
            let token = try await client.login("kyiv-admin@example.org")
            let page = try await client.send(.get, "/api/v1/users", token: token)
            let emails = (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
            #expect(emails.count == 6)
            #expect(!emails.contains("lviv-admin@example.org"))
            let lviv = try await client.send(.get, "/api/v1/users?centre=LVV", token: token)
            #expect(lviv.status == .forbidden)
        }
    }

    @Test func aCentreAdminCannotCreatePeopleInAnotherCentre() async throws {
        let world = try await Self.world()
        try await world.app.run { client in
            let token = try await client.login("lviv-admin@example.org")
            let answer = try await client.send(.post, "/api/v1/users", token: token, json: jsonString([
                "email": "x@example.org", "full_name": "Х", "category": "official", "position": "п", "hromada": "Г", "centre": "KYV",
            ]))
            #expect(answer.status == .forbidden)
        }
        #expect(try await world.app.db.count("users") == Caller.allCases.count)
    }

    // MARK: - Accounts

    /// What each caller gets for each account action on Kyiv people: an invited learner (invite
    /// again), the active learner (deactivate, then reactivate), the outbox of all and of Kyiv.
    struct AccountRights {
        var invite: HTTPResponse.Status
        var deactivate: HTTPResponse.Status
        var outbox: HTTPResponse.Status
        var outboxOfKyiv: HTTPResponse.Status
    }

    static let accountRights: [Caller: AccountRights] = [
        .learner: .init(invite: .notFound, deactivate: .forbidden, outbox: .forbidden, outboxOfKyiv: .forbidden),
        .otherLearner: .init(invite: .notFound, deactivate: .notFound, outbox: .forbidden, outboxOfKyiv: .forbidden),
        .trainer: .init(invite: .notFound, deactivate: .notFound, outbox: .forbidden, outboxOfKyiv: .forbidden),
        .otherTrainer: .init(invite: .notFound, deactivate: .notFound, outbox: .forbidden, outboxOfKyiv: .forbidden),
        .kyivCentreAdmin: .init(invite: .accepted, deactivate: .ok, outbox: .ok, outboxOfKyiv: .ok),
        .lvivCentreAdmin: .init(invite: .notFound, deactivate: .notFound, outbox: .ok, outboxOfKyiv: .forbidden),
        .admin: .init(invite: .accepted, deactivate: .ok, outbox: .ok, outboxOfKyiv: .ok),
    ]

    @Test(arguments: Caller.allCases)
    func eachRoleGetsExactlyItsAccountRights(_ caller: Caller) async throws {
        let world = try await Self.world()
        let expected = try #require(Self.accountRights[caller])
        let learner = world.users[.learner]!.id.lowercasedText
        try await world.app.run { client in
            let invited = try await world.app.invite(client, try await client.login("admin@example.org"), "invited@example.org")
            let token = try await client.login(world.users[caller]!.email)
            let tag = caller.rawValue
            #expect(try await client.send(.post, "/api/v1/users/\(invited)/invitation", token: token).status == expected.invite, "invite as \(tag)")
            let off = try await client.send(.post, "/api/v1/users/\(learner)/deactivate", token: token)
            #expect(off.status == expected.deactivate, "deactivate as \(tag)")
            if off.status == .ok {
                #expect(try await client.send(.post, "/api/v1/users/\(learner)/reactivate", token: token).status == .ok, "reactivate as \(tag)")
            } else {
                #expect(try await client.send(.post, "/api/v1/users/\(learner)/reactivate", token: token).status == expected.deactivate)
            }
            #expect(try await client.send(.get, "/api/v1/outbox", token: token).status == expected.outbox, "outbox as \(tag)")
            #expect(try await client.send(.get, "/api/v1/outbox?centre=KYV", token: token).status == expected.outboxOfKyiv, "Kyiv's outbox as \(tag)")
        }
        // Refused actions changed nothing: one letter, or two after an allowed invitation; everyone active again.
        #expect(try await world.app.letters().count == (expected.invite == .accepted ? 2 : 1))
        let statuses = try await world.app.db.pool.withConnection { db in
            try db.execute("SELECT DISTINCT status FROM users WHERE email <> 'invited@example.org'").map { try $0.decode(String.self, "status") }
        }
        #expect(statuses == ["active"])
    }

    // MARK: - Courses: own and other

    /// What each caller gets for each course action, on the quiz lab that `trainer` published and
    /// `learner` has an essay waiting in. `trainer` is the course's; `otherTrainer` trains elsewhere.
    struct CourseRights {
        var publishVersion: HTTPResponse.Status
        var readTrainers: HTTPResponse.Status
        var setTrainers: HTTPResponse.Status
        var release: HTTPResponse.Status
        var quizFile: HTTPResponse.Status
        /// Status and how many attempts the grading queue shows.
        var queue: (HTTPResponse.Status, Int)
        var grade: HTTPResponse.Status
    }

    static let courseRights: [Caller: CourseRights] = [
        .learner: .init(publishVersion: .forbidden, readTrainers: .forbidden, setTrainers: .forbidden, release: .forbidden,
                        quizFile: .notFound, queue: (.forbidden, 0), grade: .forbidden),
        .otherLearner: .init(publishVersion: .forbidden, readTrainers: .forbidden, setTrainers: .forbidden, release: .forbidden,
                             quizFile: .notFound, queue: (.forbidden, 0), grade: .notFound),
        .trainer: .init(publishVersion: .created, readTrainers: .ok, setTrainers: .forbidden, release: .ok,
                        quizFile: .ok, queue: (.ok, 1), grade: .ok),
        .otherTrainer: .init(publishVersion: .forbidden, readTrainers: .forbidden, setTrainers: .forbidden, release: .forbidden,
                             quizFile: .notFound, queue: (.ok, 0), grade: .notFound),
        .kyivCentreAdmin: .init(publishVersion: .forbidden, readTrainers: .forbidden, setTrainers: .forbidden, release: .forbidden,
                                quizFile: .notFound, queue: (.forbidden, 0), grade: .forbidden),
        .lvivCentreAdmin: .init(publishVersion: .forbidden, readTrainers: .forbidden, setTrainers: .forbidden, release: .forbidden,
                                quizFile: .notFound, queue: (.forbidden, 0), grade: .notFound),
        .admin: .init(publishVersion: .created, readTrainers: .ok, setTrainers: .ok, release: .ok,
                      quizFile: .ok, queue: (.ok, 1), grade: .ok),
    ]

    @Test(arguments: Caller.allCases)
    func eachRoleGetsExactlyItsCourseRights(_ caller: Caller) async throws {
        let world = try await Self.world()
        let expected = try #require(Self.courseRights[caller])
        try await world.app.run { client in
            let trainer = try await client.login("trainer@example.org")
            let published = try await client.send(.post, "/api/v1/course-packs", token: trainer,
                                                  body: try QuizPack.zip(quizzes: ["essay": QuizPack.essay()]), contentType: "application/zip")
            #expect(published.status == .created)
            let learner = try await client.login("learner@example.org")
            let enrolment = try await client.send(.post, "/api/v1/courses/quiz-lab/enrolments", token: learner).json["id"] as? String ?? ""
            let attempt = try await client.send(.post, "/api/v1/enrolments/\(enrolment)/quizzes/essay/attempts", token: learner).json["id"] as? String ?? ""
            _ = try await client.send(.put, "/api/v1/attempts/\(attempt)/answers", token: learner, json: jsonString(["answers": ["tf": true, "e1": "Есе"]]))
            _ = try await client.send(.post, "/api/v1/attempts/\(attempt)/submit", token: learner)

            let token = try await client.login(world.users[caller]!.email)
            let tag = caller.rawValue
            let version = try await client.send(.post, "/api/v1/course-packs", token: token,
                                                body: try QuizPack.zip(version: "1.1.0", quizzes: ["essay": QuizPack.essay()]), contentType: "application/zip")
            #expect(version.status == expected.publishVersion, "publish as \(tag): \(version.text)")
            if version.status == .forbidden { #expect(version.code == "course_not_yours" || version.code == "forbidden") }
            #expect(try await client.send(.get, "/api/v1/courses/quiz-lab/trainers", token: token).status == expected.readTrainers, "trainers as \(tag)")
            let set = try await client.send(.put, "/api/v1/courses/quiz-lab/trainers", token: token,
                                            json: jsonString(["emails": ["trainer@example.org"]]))
            #expect(set.status == expected.setTrainers, "set trainers as \(tag)")
            #expect(try await client.send(.get, "/api/v1/courses/quiz-lab/versions/1.0.0/pack", token: token).status == expected.release, "release as \(tag)")
            let file = try await client.send(.get, "/api/v1/courses/quiz-lab/versions/1.0.0/files/quizzes/essay.yaml", token: token)
            #expect(file.status == expected.quizFile, "quiz file as \(tag)")
            let queue = try await client.send(.get, "/api/v1/grading", token: token)
            #expect(queue.status == expected.queue.0, "queue as \(tag)")
            #expect((queue.json["items"] as? [Any])?.count ?? 0 == expected.queue.1, "queue items as \(tag)")
            let grade = try await client.send(.post, "/api/v1/attempts/\(attempt)/grades", token: token, json: jsonString(["question_id": "e1", "points": 4]))
            #expect(grade.status == expected.grade, "grade as \(tag): \(grade.text)")
        }
        // Refused actions changed nothing.
        let (versions, graded) = try await world.app.db.pool.withConnection { db in
            (try db.execute("SELECT count(*)::int AS n FROM course_versions")[0].decode(Int.self, "n"),
             try db.execute("SELECT count(*)::int AS n FROM attempts WHERE state = 'finished'")[0].decode(Int.self, "n"))
        }
        #expect(versions == (expected.publishVersion == .created ? 2 : 1))
        #expect(graded == (expected.grade == .ok ? 1 : 0))
    }

    // MARK: - The development record

    /// What each caller gets on the Kyiv learner's record: their year, approving their submitted plan,
    /// the plans list, their accommodations. The learner's hromada is Бучанська; `hr` keeps its record,
    /// `otherHR` keeps Ірпінська's.
    struct DevelopmentRights {
        var year: HTTPResponse.Status
        var approve: HTTPResponse.Status
        var plans: HTTPResponse.Status
        var accommodations: HTTPResponse.Status
    }

    static let developmentRights: [String: DevelopmentRights] = [
        "learner": .init(year: .ok, approve: .forbidden, plans: .forbidden, accommodations: .forbidden),
        "other@example.org": .init(year: .notFound, approve: .notFound, plans: .forbidden, accommodations: .notFound),
        "trainer@example.org": .init(year: .notFound, approve: .notFound, plans: .forbidden, accommodations: .notFound),
        "kyiv-admin@example.org": .init(year: .ok, approve: .ok, plans: .ok, accommodations: .ok),
        "lviv-admin@example.org": .init(year: .notFound, approve: .notFound, plans: .ok, accommodations: .notFound),
        "admin@example.org": .init(year: .ok, approve: .ok, plans: .ok, accommodations: .ok),
        "hr@example.org": .init(year: .ok, approve: .ok, plans: .ok, accommodations: .ok),
        "other-hr@example.org": .init(year: .notFound, approve: .notFound, plans: .ok, accommodations: .notFound),
    ]

    @Test(arguments: developmentRights.keys.sorted())
    func eachRoleGetsExactlyItsDevelopmentRights(_ who: String) async throws {
        let world = try await Self.world()
        let expected = try #require(Self.developmentRights[who])
        try await world.app.db.pool.transaction { db in
            try db.execute("UPDATE users SET hromada_code = 'UA32080070000050759' WHERE email IN ('learner@example.org', 'other@example.org')")
        }
        for (email, code) in [("hr@example.org", "UA32080070000050759"), ("other-hr@example.org", "UA32080150000035443")] {
            var p = NewUser(email: email, fullName: "Кадровик", category: .official, position: "кадровик", hromada: "Г", centre: "KYV", roles: [.hr])
            p.hromadaCode = code
            let person = p
            let hash = try TestApp.hasher.hash("Correct-Horse-1")
            _ = try await world.app.db.pool.transaction { try UserStore.create($0, person, passwordHash: hash) }
        }
        let learnerID = world.users[.learner]!.id.lowercasedText
        let year = KyivCalendar.year(of: Date())
        try await world.app.run { client in
            let learner = try await client.login("learner@example.org")
            let draft = try await client.send(.put, "/api/v1/me/plans/\(year)", token: learner, json: jsonString([
                "items": [["kind": "external", "title": "Самоосвіта", "planned_credits": 1]],
            ]))
            let plan = draft.json["id"] as? String ?? ""
            _ = try await client.send(.post, "/api/v1/me/plans/\(year)/submit", token: learner)
            let token = who == "learner" ? learner : try await client.login(who)
            #expect(try await client.send(.get, "/api/v1/users/\(learnerID)/development/\(year)", token: token).status == expected.year, "year as \(who)")
            let approve = try await client.send(.post, "/api/v1/plans/\(plan)/approve", token: token)
            #expect(approve.status == expected.approve, "approve as \(who): \(approve.text)")
            #expect(try await client.send(.get, "/api/v1/plans?year=\(year)", token: token).status == expected.plans, "plans as \(who)")
            let extra = try await client.send(.put, "/api/v1/users/\(learnerID)/accommodations", token: token, json: jsonString(["extra_time_percent": 25]))
            #expect(extra.status == expected.accommodations, "accommodations as \(who)")
        }
        // Refused actions changed nothing.
        let (approved, extra) = try await world.app.db.pool.withConnection { db in
            (try db.execute("SELECT count(*)::int AS n FROM plan_revisions WHERE status = 'approved'")[0].decode(Int.self, "n"),
             try db.execute("SELECT extra_time_percent FROM users WHERE email = 'learner@example.org'")[0].decode(Int.self, "extra_time_percent"))
        }
        #expect(approved == (expected.approve == .ok ? 1 : 0))
        #expect(extra == (expected.accommodations == .ok ? 25 : 0))
    }
}
