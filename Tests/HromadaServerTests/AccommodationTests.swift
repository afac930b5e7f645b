import Foundation
import HTTPTypes
import HromadaDomain
import HromadaPostgres
import HromadaTestSupport
import Testing

/// `extra_time_percent` (spec/development.md, "Accommodations") lengthens the attempts a person starts
/// after it is set; the attempt's deadline shows it.
@Suite struct AccommodationTests {
    @Test func extraTimeLengthensTimedAttemptsStartedFromThenOn() async throws {
        let (app, enrolment) = try await AssessmentAPITests.world(quizzes: ["timed": QuizPack.timed("autosubmit", maxAttempts: 3)])
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            func minutes(_ answer: Client.Answer) throws -> Double {
                let started = try #require(answer.json["started_at"] as? String), deadline = try #require(answer.json["deadline"] as? String)
                let f = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
                return (try Date(deadline, strategy: f).timeIntervalSince(try Date(started, strategy: f))) / 60
            }
            let plain = try await AssessmentAPITests.start(client, token, enrolment, "timed")
            #expect(abs(try minutes(plain) - 10) < 0.1, "\(plain.text)")
            _ = try await client.send(.post, "/api/v1/attempts/\(plain.json["id"] as? String ?? "")/submit", token: token)
            let admin = try await client.login("kyiv-admin@example.org")
            let learner = try await app.db.pool.withConnection { try $0.execute("SELECT id FROM users WHERE email = 'learner@example.org'")[0].decode(UUID.self, "id") }
            let set = try await client.send(.put, "/api/v1/users/\(learner.lowercasedText)/accommodations", token: admin, json: jsonString(["extra_time_percent": 50]))
            #expect(set.status == .ok)
            let longer = try await AssessmentAPITests.start(client, token, enrolment, "timed")
            #expect(abs(try minutes(longer) - 15) < 0.1, "\(longer.text)")
        }
    }
}
