import Foundation
import HTTPTypes
import HromadaDomain
import HromadaTestSupport
import Testing

/// Every role against every account action, through HTTP: what each may do, and nothing more.
@Suite struct RoleMatrixTests {
    enum Caller: String, CaseIterable, Sendable {
        case learner, otherLearner, trainer, kyivCentreAdmin, lvivCentreAdmin, admin
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
        users[.kyivCentreAdmin] = try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        users[.lvivCentreAdmin] = try await app.person("lviv-admin@example.org", roles: [.centreAdmin], centre: "LVV")
        users[.admin] = try await app.person("admin@example.org", roles: [.admin], centre: "KYV")
        return World(app: app, users: users)
    }

    /// Expected status for reading the Kyiv learner's profile.
    static let readLearner: [Caller: HTTPResponse.Status] = [
        .learner: .ok, .otherLearner: .notFound, .trainer: .notFound,
        .kyivCentreAdmin: .ok, .lvivCentreAdmin: .notFound, .admin: .ok,
    ]
    /// Expected status for creating a learner in Kyiv.
    static let createKyivLearner: [Caller: HTTPResponse.Status] = [
        .learner: .forbidden, .otherLearner: .forbidden, .trainer: .forbidden,
        .kyivCentreAdmin: .created, .lvivCentreAdmin: .forbidden, .admin: .created,
    ]
    /// Expected status for creating an association admin.
    static let createAdmin: [Caller: HTTPResponse.Status] = [
        .learner: .forbidden, .otherLearner: .forbidden, .trainer: .forbidden,
        .kyivCentreAdmin: .forbidden, .lvivCentreAdmin: .forbidden, .admin: .created,
    ]
    /// Expected status for listing Kyiv's people.
    static let listKyiv: [Caller: HTTPResponse.Status] = [
        .learner: .forbidden, .otherLearner: .forbidden, .trainer: .forbidden,
        .kyivCentreAdmin: .ok, .lvivCentreAdmin: .forbidden, .admin: .ok,
    ]
    /// Expected status for importing CSV into Kyiv.
    static let importKyiv: [Caller: HTTPResponse.Status] = [
        .learner: .forbidden, .otherLearner: .forbidden, .trainer: .forbidden,
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
        let added = try await world.app.db.count("users") - 6
        let expected = [Self.createKyivLearner, Self.createAdmin, Self.importKyiv].filter { [.created, .ok].contains($0[caller]!) }.count
        #expect(added == expected)
    }

    @Test func aCentreAdminSeesOnlyTheirCentreInLists() async throws {
        let world = try await Self.world()
        try await world.app.run { client in
            let token = try await client.login("kyiv-admin@example.org")
            let page = try await client.send(.get, "/api/v1/users", token: token)
            let emails = (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
            #expect(emails.count == 5)
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
        #expect(try await world.app.db.count("users") == 6)
    }
}
