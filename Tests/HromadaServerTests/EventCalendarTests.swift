import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing

/// The public calendar of an event and the private feeds with their own revocable tokens.
@Suite struct EventCalendarTests {
    static func feed(_ client: Client, _ token: String) async throws -> String {
        let answer = try await client.send(.post, "/api/v1/me/calendar-feed", token: token)
        guard answer.status == .created, let url = answer.json["url"] as? String, let feed = answer.json["token"] as? String,
              url == "https://hromada.test/api/v1/me/calendar.ics?feed=\(feed)"
        else { throw ConfigurationError("feed: \(answer.status) \(answer.text)") }
        return feed
    }

    @Test func aPersonsFeedShowsTheirEventsAndACancellationAndANewTokenRevokesTheOld() async throws {
        let world = try await EventWorld.make()
        try await world.app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let id = try await world.published(client, kyiv)
            let other = try await world.published(client, kyiv, EventWorld.body(title: "Інша подія"))
            let learner = try await client.login("learner@example.org")
            _ = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: learner)
            let feed = try await Self.feed(client, learner)
            let first = try await client.send(.get, "/api/v1/me/calendar.ics?feed=\(feed)")
            #expect(first.status == .ok && first.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(first.headers[.cacheControl] == "private, no-store")
            #expect(first.text.contains("UID:\(id)-1@hromada") && first.text.contains("UID:\(id)-2@hromada") && !first.text.contains(other))
            #expect(first.text.contains("STATUS:CONFIRMED") && !first.text.contains("STATUS:CANCELLED"))
            #expect(first.text.contains("TZID:Europe/Kyiv") && first.text.contains("DTSTART;TZID=Europe/Kyiv:"))

            #expect(try await client.send(.post, "/api/v1/events/\(id)/cancel", token: kyiv).status == .ok)
            let cancelled = try await client.send(.get, "/api/v1/me/calendar.ics?feed=\(feed)")
            #expect(cancelled.text.contains("STATUS:CANCELLED") && cancelled.text.contains("UID:\(id)-1@hromada"))
            #expect(!cancelled.text.contains("STATUS:CONFIRMED"))

            let renewed = try await Self.feed(client, learner)
            #expect(try await client.send(.get, "/api/v1/me/calendar.ics?feed=\(feed)").status == .notFound)
            #expect(try await client.send(.get, "/api/v1/me/calendar.ics?feed=\(renewed)").status == .ok)
            // The feed token is not a login token, and a login token is not a feed token.
            #expect(try await client.send(.get, "/api/v1/me", token: renewed).status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/me/calendar.ics?feed=\(learner)").status == .notFound)
            #expect(try await client.send(.get, "/api/v1/me/calendar.ics").status == .notFound)
            #expect(try await client.send(.post, "/api/v1/me/calendar-feed").status == .unauthorized)
        }
        #expect(try await world.app.db.count("calendar_feeds") == 1)
    }

    @Test func anEventsPublicCalendarHasASessionPerEventAndNoDrafts() async throws {
        let world = try await EventWorld.make()
        try await world.app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let id = try await world.published(client, kyiv)
            let ics = try await client.send(.get, "/api/v1/events/\(id)/calendar.ics")
            #expect(ics.status == .ok && ics.text.components(separatedBy: "BEGIN:VEVENT").count == 3)
            #expect(ics.text.contains("LOCATION:Київ\\, вул. Хрещатик\\, 36") && !ics.text.contains("@example.org"))
            let draft = try #require(try await client.send(.post, "/api/v1/events", token: kyiv, json: EventWorld.body()).json["id"] as? String)
            #expect(try await client.send(.get, "/api/v1/events/\(draft)/calendar.ics").status == .notFound)
            #expect(try await client.send(.get, "/api/v1/events/\(draft)/calendar.ics", token: kyiv).status == .notFound)
        }
    }
}
