import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing

/// The seats are exact under concurrency (spec/events.md): registrations and cancellations of one event
/// queue on its row lock, whichever server takes them.
@Suite struct EventConcurrencyTests {
    /// Who holds what, straight from the database: (user, status, position among the waitlisted).
    static func places(_ app: TestApp, event: String) async throws -> [(user: UUID, status: String, position: Int?)] {
        try await app.db.pool.withConnection { db in
            try db.execute("""
                SELECT user_id, status, CASE WHEN status = 'waitlisted' THEN row_number() OVER (PARTITION BY status ORDER BY waitlist_seq) END AS position
                FROM event_registrations WHERE event_id = \(UUID(uuidString: event)!)
                """).map { (try $0.decode(UUID.self, "user_id"), try $0.decode(String.self, "status"), try $0.decode(Int?.self, "position")) }
        }
    }

    @Test func twoHundredAtOnceForFiftySeatsThenThirtyCancellationsAtOnce() async throws {
        let world = try await EventWorld.make()
        var people: [(user: User, token: String)] = []
        for i in 0..<200 { people.append(try await world.person("crowd\(i)@example.org")) }
        let crowd = people
        try await world.app.run(.live) { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let id = try await world.published(client, kyiv, EventWorld.body(capacity: 50))
            let answers = try await withThrowingTaskGroup(of: (UUID, Client.Answer).self) { group in
                for person in crowd {
                    group.addTask { (person.user.id, try await client.send(.post, "/api/v1/events/\(id)/registrations", token: person.token)) }
                }
                return try await group.reduce(into: [UUID: Client.Answer]()) { $0[$1.0] = $1.1 }
            }
            #expect(answers.values.allSatisfy { $0.status == .created }, "\(answers.values.first { $0.status != .created }?.text ?? "")")
            let registered = answers.filter { $0.value.json["status"] as? String == "registered" }
            let waitlisted = answers.filter { $0.value.json["status"] as? String == "waitlisted" }
            #expect(registered.count == 50 && waitlisted.count == 150)
            // The positions answered are 1...150, no gaps and no repeats, and agree with the database.
            #expect(waitlisted.values.compactMap { $0.json["position"] as? Int }.sorted() == Array(1...150))
            let before = try await Self.places(world.app, event: id)
            #expect(before.filter { $0.status == "registered" }.count == 50)
            for place in before where place.status == "waitlisted" {
                #expect(waitlisted[place.user]?.json["position"] as? Int == place.position)
            }
            let firstThirty = Set(before.filter { ($0.position ?? 999) <= 30 }.map(\.user))

            // Thirty seat holders cancel at once: exactly thirty promotions, the first thirty waiting.
            let leaving = Array(crowd.filter { registered[$0.user.id] != nil }.prefix(30))
            try await withThrowingTaskGroup(of: Client.Answer.self) { group in
                for person in leaving {
                    group.addTask { try await client.send(.delete, "/api/v1/events/\(id)/registrations/me", token: person.token) }
                }
                for try await answer in group { #expect(answer.status == .ok, "\(answer.text)") }
            }
            let after = try await Self.places(world.app, event: id)
            let nowRegistered = Set(after.filter { $0.status == "registered" }.map(\.user))
            #expect(nowRegistered.count == 50 && after.filter { $0.status == "cancelled" }.count == 30)
            #expect(firstThirty.isSubset(of: nowRegistered))
            let stillWaiting = after.filter { $0.status == "waitlisted" }.sorted { $0.position! < $1.position! }
            #expect(stillWaiting.map(\.position!) == Array(1...120))
            // The order of those still waiting is the order they had.
            let oldOrder = before.filter { $0.status == "waitlisted" && !firstThirty.contains($0.user) }.sorted { $0.position! < $1.position! }.map(\.user)
            #expect(stillWaiting.map(\.user) == oldOrder)
            let promotions = try await world.app.db.count("audit_log WHERE action = 'event.promote'")
            #expect(promotions == 30)
        }
    }

    /// Two server instances, each with its own pool, serving one event at once: the same invariants.
    @Test func twoServersServingOneEventKeepTheSeatsExact() async throws {
        let world = try await EventWorld.make()
        let second = TestApp(db: world.app.db, services: AppServices(
            configuration: world.app.services.configuration, pool: world.app.db.anotherPool(),
            passwords: world.app.services.passwords, migrator: world.app.db.migrator, logger: TestDatabase.logger))
        var people: [(user: User, token: String)] = []
        for i in 0..<120 { people.append(try await world.person("pair\(i)@example.org")) }
        let crowd = people
        let id = try await world.app.run { client in
            try await world.published(client, try await client.login("kyiv-admin@example.org"), EventWorld.body(capacity: 40))
        }
        try await world.app.run(.live) { one in
            try await second.run(.live) { two in
                try await withThrowingTaskGroup(of: Client.Answer.self) { group in
                    for (i, person) in crowd.enumerated() {
                        let client = i % 2 == 0 ? one : two
                        group.addTask { try await client.send(.post, "/api/v1/events/\(id)/registrations", token: person.token) }
                    }
                    for try await answer in group { #expect(answer.status == .created, "\(answer.text)") }
                }
                let before = try await Self.places(world.app, event: id)
                #expect(before.filter { $0.status == "registered" }.count == 40)
                #expect(before.compactMap(\.position).sorted() == Array(1...80))
                let holders = Set(before.filter { $0.status == "registered" }.map(\.user))
                let leaving = Array(crowd.filter { holders.contains($0.user.id) }.prefix(20))
                let firstTwenty = Set(before.filter { ($0.position ?? 999) <= 20 }.map(\.user))
                try await withThrowingTaskGroup(of: Client.Answer.self) { group in
                    for (i, person) in leaving.enumerated() {
                        let client = i % 2 == 0 ? two : one
                        group.addTask { try await client.send(.delete, "/api/v1/events/\(id)/registrations/me", token: person.token) }
                    }
                    for try await answer in group { #expect(answer.status == .ok, "\(answer.text)") }
                }
                let after = try await Self.places(world.app, event: id)
                let registered = Set(after.filter { $0.status == "registered" }.map(\.user))
                #expect(registered.count == 40 && firstTwenty.isSubset(of: registered))
                #expect(after.compactMap(\.position).sorted() == Array(1...60))
            }
        }
    }
}
