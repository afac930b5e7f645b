import Foundation
import HTTPTypes
import HromadaCrypto
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing

/// Attendance: the rotating code in its window, stale and wrong codes refused and throttled, the
/// trainer's list audited.
@Suite struct EventCheckInTests {
    /// An event whose first session is on now (started ten minutes ago) and whose second is tomorrow.
    static func running(_ world: EventWorld, _ client: Client, _ token: String, capacity: Int = 30) async throws -> String {
        let now = Date()
        let body = EventWorld.body(capacity: capacity, sessions: [
            (now.addingTimeInterval(-600), now.addingTimeInterval(3000)),
            (now.addingTimeInterval(86400), now.addingTimeInterval(86400 + 3600)),
        ], opens: now.addingTimeInterval(-7200), closes: now.addingTimeInterval(2000))
        return try await world.published(client, token, body)
    }

    static func secret(_ app: TestApp, event: String, n: Int) async throws -> [UInt8] {
        try await app.db.pool.withConnection { db in
            try db.execute("SELECT secret FROM event_sessions WHERE event_id = \(UUID(uuidString: event)!) AND n = \(n)")[0].decode(Bytes.self, "secret").bytes
        }
    }

    @Test func theCodeShownWorksInItsWindowAndAStaleOneDoesNot() async throws {
        let world = try await EventWorld.make()
        try await world.app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let id = try await Self.running(world, client, kyiv, capacity: 1)
            let learner = try await client.login("learner@example.org"), other = try await client.login("other@example.org")
            _ = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: learner)
            #expect(try await client.send(.post, "/api/v1/events/\(id)/registrations", token: other).json["status"] as? String == "waitlisted")

            let trainer = try await client.login("kyiv-trainer@example.org")
            let shown = try await client.send(.post, "/api/v1/events/\(id)/sessions/1/check-in", token: trainer)
            #expect(shown.status == .ok, "\(shown.text)")
            let code = try #require(shown.json["code"] as? String)
            #expect(code.count == 6 && code.allSatisfy(\.isNumber) && shown.json["valid_until"] is String && shown.json["changes_at"] is String)

            let secret = try await Self.secret(world.app, event: id, n: 1)
            let stale = CheckInCode.code(secret: secret, at: Date().addingTimeInterval(-180))
            if stale != code {
                let refused = try await client.send(.post, "/api/v1/events/\(id)/sessions/1/attendance", token: learner, json: jsonString(["code": stale]))
                #expect(refused.status == .unprocessableContent && refused.code == "check_in_code_invalid")
            }
            let present = try await client.send(.post, "/api/v1/events/\(id)/sessions/1/attendance", token: learner, json: jsonString(["code": code]))
            #expect(present.status == .ok && present.json["session"] as? Int == 1, "\(present.text)")
            let again = try await client.send(.post, "/api/v1/events/\(id)/sessions/1/attendance", token: learner,
                                              json: jsonString(["code": CheckInCode.code(secret: secret, at: Date())]))
            #expect(again.status == .ok && again.json["checked_in_at"] as? String == present.json["checked_in_at"] as? String)

            // Waiting is not registered; not registered at all is not either; both 403 whatever the code.
            let waiting = try await client.send(.post, "/api/v1/events/\(id)/sessions/1/attendance", token: other, json: jsonString(["code": code]))
            #expect(waiting.status == .forbidden)
            let stranger = try await client.login("lviv-learner@example.org")
            #expect(try await client.send(.post, "/api/v1/events/\(id)/sessions/1/attendance", token: stranger, json: jsonString(["code": code])).status == .forbidden)

            // Tomorrow's session is not open yet, to the trainer or to anyone checking in.
            let early = try await client.send(.post, "/api/v1/events/\(id)/sessions/2/check-in", token: trainer)
            #expect(early.status == .conflict && early.code == "check_in_closed")
            let tomorrow = CheckInCode.code(secret: try await Self.secret(world.app, event: id, n: 2), at: Date())
            let notYet = try await client.send(.post, "/api/v1/events/\(id)/sessions/2/attendance", token: learner, json: jsonString(["code": tomorrow]))
            #expect(notYet.code == "check_in_closed")
            #expect(try await client.send(.post, "/api/v1/events/\(id)/sessions/3/check-in", token: trainer).status == .notFound)
            #expect(try await client.send(.post, "/api/v1/events/\(id)/sessions/x/attendance", token: learner, json: jsonString(["code": code])).status == .notFound)
        }
        #expect(try await world.app.db.count("event_attendance") == 1)
        // The check-in by code is in the audit log once (the second check-in adds nothing), its actor the
        // person who checked in; refused codes write nothing there.
        let learnerID = try await world.app.db.pool.withConnection { try UserStore.find($0, email: "learner@example.org")!.id }
        let entries = try await world.app.db.pool.withConnection { db in
            try db.execute("SELECT actor_id, details->>'session' AS session, details->>'method' AS method FROM audit_log WHERE action = 'event.check_in'")
                .map { (try $0.decode(UUID.self, "actor_id"), try $0.decode(String.self, "session"), try $0.decode(String.self, "method")) }
        }
        #expect(entries.count == 1 && entries.first?.0 == learnerID && entries.first?.1 == "1" && entries.first?.2 == "code")
    }

    @Test func theSixthWrongCodeInAMinuteIs429EvenIfRight() async throws {
        let world = try await EventWorld.make()
        try await world.app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let id = try await Self.running(world, client, kyiv)
            let learner = try await client.login("learner@example.org")
            _ = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: learner)
            let code = CheckInCode.code(secret: try await Self.secret(world.app, event: id, n: 1), at: Date())
            let wrong = code == "000000" ? "111111" : "000000"
            for attempt in 1...5 {
                let answer = try await client.send(.post, "/api/v1/events/\(id)/sessions/1/attendance", token: learner, json: jsonString(["code": wrong]))
                #expect(answer.status == .unprocessableContent && answer.code == "check_in_code_invalid", "attempt \(attempt)")
            }
            for malformed in ["12345", "abcdef", "1234567", ""] {
                let answer = try await client.send(.post, "/api/v1/events/\(id)/sessions/1/attendance", token: learner, json: jsonString(["code": malformed]))
                #expect(answer.status == .tooManyRequests, "\(malformed)")
            }
            let sixth = try await client.send(.post, "/api/v1/events/\(id)/sessions/1/attendance", token: learner, json: jsonString(["code": code]))
            #expect(sixth.status == .tooManyRequests && sixth.code == "too_many_requests")
            #expect(Int(sixth.headers[.retryAfter] ?? "") ?? 0 >= 1)
            // Another person is not held back by it.
            let other = try await client.login("other@example.org")
            _ = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: other)
            #expect(try await client.send(.post, "/api/v1/events/\(id)/sessions/1/attendance", token: other, json: jsonString(["code": code])).status == .ok)
        }
        // A minute on, the wrong codes no longer count (moved back in time rather than waited for).
        try await world.app.db.pool.withConnection { try $0.execute("UPDATE check_in_failures SET at = at - interval '61 seconds'") }
        try await world.app.run { client in
            let learner = try await client.login("learner@example.org")
            let id = try await world.app.db.pool.withConnection { try $0.execute("SELECT id FROM events")[0].decode(UUID.self, "id") }
            let code = CheckInCode.code(secret: try await Self.secret(world.app, event: id.lowercasedText, n: 1), at: Date())
            #expect(try await client.send(.post, "/api/v1/events/\(id.lowercasedText)/sessions/1/attendance", token: learner, json: jsonString(["code": code])).status == .ok)
        }
    }

    @Test func theTrainersListSetsAttendanceAndEveryChangeIsAudited() async throws {
        let world = try await EventWorld.make()
        try await world.app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let id = try await Self.running(world, client, kyiv)
            for email in ["learner@example.org", "other@example.org"] {
                _ = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: try await client.login(email))
            }
            let trainer = try await client.login("kyiv-trainer@example.org")
            let marked = try await client.send(.put, "/api/v1/events/\(id)/sessions/2/attendance", token: trainer,
                                               json: #"{"present": ["learner@example.org", "OTHER@example.org"]}"#)
            #expect(marked.status == .ok && marked.json["added"] as? Int == 2 && marked.json["removed"] as? Int == 0, "\(marked.text)")
            let fewer = try await client.send(.put, "/api/v1/events/\(id)/sessions/2/attendance", token: trainer, json: #"{"present": ["learner@example.org"]}"#)
            #expect(fewer.json["present"] as? [String] == ["learner@example.org"] && fewer.json["removed"] as? Int == 1)
            let stranger = try await client.send(.put, "/api/v1/events/\(id)/sessions/2/attendance", token: trainer,
                                                 json: #"{"present": ["learner@example.org", "lviv-learner@example.org", "bad"]}"#)
            #expect(stranger.status == .unprocessableContent)
            let unregistered = try await client.send(.put, "/api/v1/events/\(id)/sessions/2/attendance", token: trainer,
                                                     json: #"{"present": ["learner@example.org", "lviv-learner@example.org"]}"#)
            #expect((unregistered.json["errors"] as? [[String: Any]])?.first?["line"] as? Int == 2)
            let list = try await client.send(.get, "/api/v1/events/\(id)/registrations", token: kyiv)
            let attended = (list.json["items"] as? [[String: Any]])?.first { $0["email"] as? String == "learner@example.org" }?["attended"] as? [Int]
            #expect(attended == [2])
        }
        let trainer = try await world.app.db.pool.withConnection { try UserStore.find($0, email: "kyiv-trainer@example.org")!.id }
        let entries = try await world.app.db.pool.withConnection { db in
            try db.execute("SELECT action, actor_id FROM audit_log WHERE action LIKE 'event.attendance.%' ORDER BY id")
                .map { (try $0.decode(String.self, "action"), try $0.decode(UUID.self, "actor_id")) }
        }
        #expect(entries.map(\.0) == ["event.attendance.add", "event.attendance.add", "event.attendance.remove"])
        #expect(entries.allSatisfy { $0.1 == trainer })
        #expect(try await world.app.db.count("event_attendance") == 1)
    }
}
