import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
@testable import HromadaServer
import HromadaTestSupport
import Testing

/// The terminal client's account calls (`hromada activate`, `hromada users …`, `hromada password …`)
/// against the real server on a loopback socket: the shapes of HromadaAPI both ways.
@Suite struct ClientAccountTests {
    static func api(_ client: Client, token: String? = nil) throws -> APIClient {
        let port = try #require((client.raw as? LoopbackTransport)?.port)
        return APIClient(server: URL(string: "http://127.0.0.1:\(port)")!, token: token, language: .en)
    }

    @Test func anInvitedPersonActivatesFromTheClientAndIsSignedIn() async throws {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin])
        try await app.run(.live) { client in
            let admin = try await client.login("kyiv-admin@example.org")
            let id = try await app.invite(client, admin, "olena@example.org")
            let token = try #require(try await app.token(to: "olena@example.org"))
            let answer = try await Self.api(client).activate(token: token, password: "Тиха-ріка-над-містом")
            #expect(answer.user.email == "olena@example.org" && answer.user.status == .active && answer.user.id.lowercasedText == id)
            #expect(try await Self.api(client, token: answer.token).me().email == "olena@example.org")
            // A second time, the typed code the command turns into its sentence.
            await #expect {
                _ = try await Self.api(client).activate(token: token, password: "Тиха-ріка-над-містом")
            } throws: { error in
                guard case ClientError.problem(let p) = error else { return false }
                return p.code == .tokenExpired && p.status == 410
            }
        }
    }

    @Test func aCentreAdminListsInvitesAndDeactivatesFromTheClient() async throws {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin])
        let active = try await app.person("learner@example.org")
        try await app.run(.live) { client in
            let token = try await client.login("kyiv-admin@example.org")
            let id = try #require(UUID(text: try await app.invite(client, token, "olena@example.org")))
            let api = try Self.api(client, token: token)
            let people = try await api.users(centre: nil)
            #expect(Set(people.map(\.email)) == ["kyiv-admin@example.org", "learner@example.org", "olena@example.org"])
            #expect(people.first { $0.id == id }?.status == .invited)
            let queued = try await api.invite(id)
            #expect(queued.userID == id && queued.expiresAt > Date().addingTimeInterval(13 * 86400))
            #expect(try await app.letters().map(\.status) == ["cancelled", "pending"])
            #expect(try await api.deactivate(active.id).status == .deactivated)
            #expect(try await api.reactivate(active.id).status == .active)
            // An active person gets no invitation: 409, nothing queued.
            await #expect(throws: ClientError.self) { _ = try await api.invite(active.id) }
            #expect(try await app.letters().count == 2)
        }
    }

    @Test func anotherCentresAdminGetsNothingFromTheClient() async throws {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin])
        try await app.person("lviv-admin@example.org", roles: [.centreAdmin], centre: "LVV")
        let learner = try await app.person("learner@example.org")
        try await app.run(.live) { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let id = try #require(UUID(text: try await app.invite(client, kyiv, "olena@example.org")))
            let lviv = try Self.api(client, token: try await client.login("lviv-admin@example.org"))
            for call in [{ _ = try await lviv.invite(id) }, { _ = try await lviv.deactivate(learner.id) }] as [@Sendable () async throws -> Void] {
                await #expect { try await call() } throws: { error in
                    guard case ClientError.problem(let p) = error else { return false }
                    return p.status == 404
                }
            }
            await #expect(throws: ClientError.self) { _ = try await lviv.users(centre: "KYV") }
            #expect(try await app.letters().count == 1)
            #expect(try await Self.api(client, token: kyiv).user(learner.id).status == .active)
        }
    }

    @Test func passwordChangeAndResetFromTheClient() async throws {
        let app = try await TestApp.make()
        try await app.person("learner@example.org")
        try await app.run(.live) { client in
            let token = try await client.login("learner@example.org")
            let api = try Self.api(client, token: token)
            await #expect(throws: ClientError.self) { try await api.changePassword(current: "Wrong-Horse-1", new: "Нова-стежка-вздовж-ріки") }
            try await api.changePassword(current: "Correct-Horse-1", new: "Нова-стежка-вздовж-ріки")
            _ = try await client.login("learner@example.org", "Нова-стежка-вздовж-ріки")
            try await Self.api(client).requestPasswordReset(email: "learner@example.org")
            try await Self.api(client).requestPasswordReset(email: "nobody@example.org")
            #expect(try await app.letters().map(\.to) == ["learner@example.org"])
        }
    }
}
