import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
import Testing

/// The terminal client reads each answer typed and keeps it as it came, for `--json`.
@Suite struct ReceivedTests {
    @Test func aPageOfItemsIsReadTypedAndAsItCame() throws {
        let json = #"""
            {"items":[{"attempt_id":"3f1c2a9b-0000-4000-8000-00000000000a","course":"c","essays":[],
            "learner":{"centre":"KYV","full_name":"Марія","id":"b2c3d4e5-1111-4222-8333-44445555666f"},
            "quiz_id":"final","quiz_title":"Підсумковий","submitted_at":"2026-09-21T14:23:20.987Z","version":"1.0.0",
            "not_yet_known":[1,2]}],"next_cursor":null}
            """#
        let page = try JSONDecoder.api.decode(Page<Received<GradingItem>>.self, from: Data(json.utf8))
        let item = try #require(page.items.first)
        #expect(item.attemptID == UUID(uuidString: "3F1C2A9B-0000-4000-8000-00000000000A"))
        #expect(item.learner.fullName == "Марія" && item.value.quizID == "final")
        guard case .object(let raw) = item.json else { Issue.record("not an object: \(item.json)"); return }
        #expect(raw["not_yet_known"] == .array([.number(1), .number(2)]))
        #expect(raw["submitted_at"] == .string("2026-09-21T14:23:20.987Z"))
    }

    @Test func aChangeReachesTheValue() throws {
        var saved = Received(value: SavedAnswers(id: UUID(), state: .inProgress, deadline: nil, secondsLeft: nil, answers: [:]), json: .null)
        saved.answers = ["q1": .bool(true)]
        #expect(saved.value.answers == ["q1": .bool(true)])
    }
}
