import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing

/// Registration by a learner and by the centre for a list, the window, the audience, the waiting list
/// and promotion on cancellation.
@Suite struct EventRegistrationTests {
    @Test func aFullEventWaitlistsAndACancellationPromotesTheFirstWaiting() async throws {
        let world = try await EventWorld.make()
        let third = try await world.person("third@example.org")
        try await world.app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let id = try await world.published(client, kyiv, EventWorld.body(capacity: 1))
            let learner = try await client.login("learner@example.org"), other = try await client.login("other@example.org")
            let first = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: learner)
            #expect(first.status == .created && first.json["status"] as? String == "registered" && first.json["position"] is NSNull)
            let again = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: learner)
            #expect(again.status == .ok && again.json["id"] as? String == first.json["id"] as? String)
            let second = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: other)
            #expect(second.status == .created && second.json["status"] as? String == "waitlisted" && second.json["position"] as? Int == 1)
            let waiting = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: third.token)
            #expect(waiting.json["position"] as? Int == 2)
            let cancelled = try await client.send(.delete, "/api/v1/events/\(id)/registrations/me", token: learner)
            #expect(cancelled.status == .ok && cancelled.json["status"] as? String == "cancelled")
            let promoted = try await client.send(.get, "/api/v1/events/\(id)/registrations/me", token: other)
            #expect(promoted.json["status"] as? String == "registered")
            #expect(try await client.send(.get, "/api/v1/events/\(id)/registrations/me", token: third.token).json["position"] as? Int == 1)
            #expect(try await client.send(.delete, "/api/v1/events/\(id)/registrations/me", token: learner).status == .notFound)
            // Registering again after cancelling: the end of the waiting list.
            let back = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: learner)
            #expect(back.status == .created && back.json["status"] as? String == "waitlisted" && back.json["position"] as? Int == 2)
            // The centre sees everyone in order and cancels one by id.
            let list = try await client.send(.get, "/api/v1/events/\(id)/registrations", token: kyiv)
            let items = try #require(list.json["items"] as? [[String: Any]])
            #expect(items.map { $0["email"] as? String } == ["other@example.org", "third@example.org", "learner@example.org"])
            #expect(items.map { $0["position"] as? Int } == [nil, 1, 2])
            let csv = try await client.send(.get, "/api/v1/events/\(id)/registrations", token: kyiv, headers: [.accept: "text/csv"])
            #expect(csv.status == .ok && csv.text.hasPrefix("\u{FEFF}email,full_name,") && csv.text.contains("third@example.org"))
            let otherID = try #require(items[0]["id"] as? String)
            let byCentre = try await client.send(.delete, "/api/v1/events/\(id)/registrations/\(otherID)", token: kyiv)
            #expect(byCentre.status == .ok && byCentre.json["status"] as? String == "cancelled")
            #expect(try await client.send(.get, "/api/v1/events/\(id)/registrations/me", token: third.token).json["status"] as? String == "registered")
        }
        let actions = try await world.app.db.pool.withConnection { db in
            try db.execute("SELECT action FROM audit_log WHERE action LIKE 'event.%' ORDER BY id").map { try $0.decode(String.self, "action") }
        }
        #expect(actions.filter { $0 == "event.promote" }.count == 2)
    }

    @Test func outsideTheWindowIs409AndTheWrongAudience403() async throws {
        let world = try await EventWorld.make()
        try await world.app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let later = try await world.published(client, kyiv, EventWorld.body(opens: Date().addingTimeInterval(86400)))
            let learner = try await client.login("learner@example.org")
            let early = try await client.send(.post, "/api/v1/events/\(later)/registrations", token: learner)
            #expect(early.status == .conflict && early.code == "registration_closed")
            let day = Date().addingTimeInterval(-86400 * 3)
            let past = try await world.published(client, kyiv, EventWorld.body(sessions: [(day, day.addingTimeInterval(3600))],
                                                                               opens: day.addingTimeInterval(-86400), closes: day))
            #expect(try await client.send(.post, "/api/v1/events/\(past)/registrations", token: learner).code == "registration_closed")
            let deputies = try await world.published(client, kyiv, EventWorld.body(audience: ["deputy"]))
            let refused = try await client.send(.post, "/api/v1/events/\(deputies)/registrations", token: learner)
            #expect(refused.status == .forbidden)
            let deputy = try await world.app.db.pool.withConnection { db in
                try SessionStore.create(db, userID: try UserStore.find(db, email: "deputy@example.org")!.id, ttl: .seconds(600), address: nil, userAgent: nil).token
            }
            #expect(try await client.send(.post, "/api/v1/events/\(deputies)/registrations", token: deputy).status == .created)
            // The centre may register people before the window opens.
            let list = try await client.send(.post, "/api/v1/events/\(later)/registrations", token: kyiv, json: #"{"emails": ["learner@example.org"]}"#)
            #expect(list.status == .ok && list.json["registered"] as? Int == 1, "\(list.text)")
            // A draft is not there for learners; a cancelled event takes nobody.
            let draft = try #require(try await client.send(.post, "/api/v1/events", token: kyiv, json: EventWorld.body()).json["id"] as? String)
            #expect(try await client.send(.post, "/api/v1/events/\(draft)/registrations", token: learner).status == .notFound)
            #expect(try await client.send(.post, "/api/v1/events/\(deputies)/cancel", token: kyiv).status == .ok)
            let deputyAgain = try await client.send(.post, "/api/v1/events/\(deputies)/registrations", token: learner)
            #expect(deputyAgain.code == "registration_closed")
            #expect(try await client.send(.delete, "/api/v1/events/\(deputies)/registrations/me", token: deputy).status == .conflict)
        }
        #expect(try await world.app.db.count("event_registrations") == 2)
    }

    @Test func aCentresListIsAllOrNoneWithAProblemPerLine() async throws {
        let world = try await EventWorld.make()
        try await world.app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let id = try await world.published(client, kyiv, EventWorld.body(capacity: 2))
            let bad = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: kyiv, json: jsonString(["emails": [
                "learner@example.org", "not-an-email", "nobody@example.org", "deputy@example.org", "kyiv-admin@example.org", "Learner@example.org",
            ]]))
            #expect(bad.status == .unprocessableContent)
            let lines = (bad.json["errors"] as? [[String: Any]])?.compactMap { $0["line"] as? Int } ?? []
            #expect(lines == [2, 3, 4, 5, 6], "\(bad.text)")
            #expect(try await world.app.db.count("event_registrations") == 0)
            let good = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: kyiv, json: jsonString(["emails": [
                "learner@example.org", "other@example.org", "kyiv-trainer@example.org",
            ]]))
            #expect(good.status == .ok && good.json["registered"] as? Int == 2 && good.json["waitlisted"] as? Int == 1)
            let items = try #require(good.json["items"] as? [[String: Any]])
            #expect(items.last?["position"] as? Int == 1)
            let empty = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: kyiv, json: #"{"emails": []}"#)
            #expect(empty.status == .unprocessableContent)
            let typo = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: kyiv, json: #"{"email": ["a@b.ua"]}"#)
            #expect(typo.status == .badRequest)
        }
        #expect(try await world.app.db.count("event_registrations") == 3)
    }
}
