import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing

/// Every event route tried by another centre's admin and trainer, a learner, and an anonymous script
/// (no token, garbage, a well-formed unknown one): each refused as the contract says, and nothing changes.
@Suite struct EventAttackTests {
    /// The routes that manage an event, with a body each would accept from its centre.
    static func managing(_ id: String, registration: String) -> [(HTTPRequest.Method, String, String?)] {
        [
            (.patch, "/api/v1/events/\(id)", #"{"title": "Захоплено"}"#),
            (.post, "/api/v1/events/\(id)/publish", nil),
            (.post, "/api/v1/events/\(id)/cancel", nil),
            (.post, "/api/v1/events/\(id)/registrations", #"{"emails": ["lviv-learner@example.org"]}"#),
            (.get, "/api/v1/events/\(id)/registrations", nil),
            (.delete, "/api/v1/events/\(id)/registrations/\(registration)", nil),
            (.post, "/api/v1/events/\(id)/sessions/1/check-in", nil),
            (.put, "/api/v1/events/\(id)/sessions/1/attendance", #"{"present": []}"#),
        ]
    }

    static func snapshot(_ app: TestApp) async throws -> [String] {
        try await app.db.pool.withConnection { db in
            try db.execute("""
                SELECT e.status || ' ' || e.title || ' ' || (SELECT string_agg(r.status, ',' ORDER BY r.id) FROM event_registrations r WHERE r.event_id = e.id)
                       || ' ' || (SELECT count(*) FROM event_attendance a WHERE a.event_id = e.id) AS s
                FROM events e ORDER BY e.id
                """).map { try $0.decode(String?.self, "s") ?? "" }
        }
    }

    @Test func anotherCentreALearnerAndAnonymousScriptsAreRefusedAndChangeNothing() async throws {
        let world = try await EventWorld.make()
        try await world.app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let id = try await EventCheckInTests.running(world, client, kyiv)
            let draft = try #require(try await client.send(.post, "/api/v1/events", token: kyiv, json: EventWorld.body()).json["id"] as? String)
            let learner = try await client.login("learner@example.org")
            let registration = try #require(try await client.send(.post, "/api/v1/events/\(id)/registrations", token: learner).json["id"] as? String)
            let before = try await Self.snapshot(world.app)

            let outsiders = ["lviv-admin@example.org", "lviv-trainer@example.org", "learner@example.org", "other@example.org"]
            for email in outsiders {
                let token = try await client.login(email)
                for target in [id, draft] {
                    for (method, path, body) in Self.managing(target, registration: registration) {
                        let answer = try await client.send(method, path, token: token, json: body)
                        #expect(answer.status == .notFound && answer.isProblem, "\(email) \(method) \(path): \(answer.status)")
                    }
                }
                // Creating for the Kyiv centre: hidden like the rest.
                let create = try await client.send(.post, "/api/v1/events", token: token, json: EventWorld.body(centre: "KYV"))
                #expect(create.status == .notFound, "\(email) create: \(create.status)")
                #expect(try await client.send(.get, "/api/v1/events/\(draft)", token: token).status == .notFound)
            }
            // A learner cancelling someone else's registration by its id: not theirs to see.
            let other = try await client.login("other@example.org")
            #expect(try await client.send(.delete, "/api/v1/events/\(id)/registrations/\(registration)", token: other).status == .notFound)
            // Another centre's trainer cannot open or mark the Kyiv sessions, and a Kyiv trainer may.
            let kyivTrainer = try await client.login("kyiv-trainer@example.org")
            #expect(try await client.send(.post, "/api/v1/events/\(id)/sessions/1/check-in", token: kyivTrainer).status == .ok)
            #expect(try await client.send(.get, "/api/v1/events/\(id)/registrations", token: kyivTrainer).status == .notFound)

            for token: String? in [nil, "garbage", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
                for (method, path, body) in Self.managing(id, registration: registration) + [
                    (.post, "/api/v1/events", Optional(EventWorld.body())),
                    (.post, "/api/v1/events/\(id)/registrations", nil),
                    (.get, "/api/v1/events/\(id)/registrations/me", nil),
                    (.delete, "/api/v1/events/\(id)/registrations/me", nil),
                    (.post, "/api/v1/events/\(id)/sessions/1/attendance", #"{"code": "123456"}"#),
                ] {
                    let answer = try await client.send(method, path, token: token, json: body)
                    #expect(answer.status == .unauthorized && answer.code == "unauthenticated", "\(token ?? "none") \(method) \(path)")
                }
                // The public reads stay public and show the draft to nobody.
                #expect(try await client.send(.get, "/api/v1/events/\(id)", token: token).status == .ok)
                #expect(try await client.send(.get, "/api/v1/events/\(draft)", token: token).status == .notFound)
                #expect(try await client.send(.get, "/api/v1/events", token: token).status == .ok)
            }
            for bad in ["not-a-uuid", "00000000-0000-0000-0000-000000000000"] {
                #expect(try await client.send(.get, "/api/v1/events/\(bad)").status == .notFound)
                #expect(try await client.send(.post, "/api/v1/events/\(bad)/publish", token: kyiv).status == .notFound)
                #expect(try await client.send(.post, "/api/v1/events/\(bad)/registrations", token: learner).status == .notFound)
            }
            #expect(try await Self.snapshot(world.app) == before)
        }
    }

    /// Hostile bodies on the event routes are problems that change nothing.
    @Test func malformedBodiesAreProblemsAndChangeNothing() async throws {
        let world = try await EventWorld.make()
        try await world.app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let id = try await EventCheckInTests.running(world, client, kyiv)
            let before = try await Self.snapshot(world.app)
            let learner = try await client.login("learner@example.org")
            let bodies = ["{", "[]", "null", #"{"title": 5}"#, #"{"sessions": "today"}"#, #"{"capacity": 1e99}"#, #"{"audience": [[[[]]]]}"#,
                          String(repeating: "[", count: 40) + String(repeating: "]", count: 40)]
            for body in bodies {
                for (method, path, token) in [(HTTPRequest.Method.post, "/api/v1/events", kyiv), (.patch, "/api/v1/events/\(id)", kyiv),
                                              (.post, "/api/v1/events/\(id)/registrations", kyiv),
                                              (.post, "/api/v1/events/\(id)/sessions/1/attendance", learner),
                                              (.put, "/api/v1/events/\(id)/sessions/1/attendance", kyiv)] {
                    let answer = try await client.send(method, path, token: token, json: body)
                    #expect([400, 409, 422].contains(answer.status.code) && answer.isProblem, "\(method) \(path) \(body): \(answer.status) \(answer.text)")
                }
            }
            let wrongType = try await client.send(.post, "/api/v1/events", token: kyiv, json: EventWorld.body(), contentType: "text/plain")
            #expect(wrongType.status == .unsupportedMediaType)
            #expect(try await Self.snapshot(world.app) == before)
        }
    }
}
