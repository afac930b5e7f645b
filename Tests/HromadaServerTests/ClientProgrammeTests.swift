import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaTestSupport
import Testing

/// The terminal client's programme calls against the real server on a loopback socket: the shapes of
/// HromadaAPI read back as the client reads them, and the server's refusals as the client sees them.
@Suite struct ClientProgrammeTests {
    @Test func aTrainerPublishesAndALearnerFollowsAProgrammeFromTheClient() async throws {
        let app = try await ProgrammeWorld.make()
        try await app.run(.live) { client in
            let owner = try ClientAccountTests.api(client, token: try await client.login("owner@example.org"))
            let intruder = try ClientAccountTests.api(client, token: try await client.login("intruder@example.org"))
            let learner = try ClientAccountTests.api(client, token: try await client.login("learner@example.org"))

            let published = try await owner.publishProgramme(zip: try ProgrammeWorld.zip(ProgrammeWorld.yaml()))
            #expect(published.created && published.slug == "finance-programme" && published.version == "1.0.0" && !published.draft)
            do {
                _ = try await intruder.publishProgramme(zip: try ProgrammeWorld.zip(ProgrammeWorld.yaml(version: "2.0.0")))
                Issue.record("the intruder published")
            } catch ClientError.problem(let p) {
                #expect(p.status == 403 && p.code?.rawValue == "programme_not_yours")
            }
            do {
                _ = try await owner.publishProgramme(zip: try ProgrammeWorld.zip(ProgrammeWorld.yaml(version: "1.1.0", parts: "  - course: nowhere-course")))
                Issue.record("an unknown course was accepted")
            } catch ClientError.problem(let p) {
                #expect(p.status == 422 && p.errors?.contains { $0.line == 10 && $0.column == 13 } == true, "\(p)")
            }

            #expect(try await learner.programmes().map(\.definition.slug) == ["finance-programme"])
            let shown = try await learner.programme("finance-programme", version: "1.0.0")
            #expect(shown.definition.parts.map(\.course) == ["budget-lab", "borrowing-lab"] && shown.credits == 0.4)
            try await ProgrammeWorld.complete(client, try await client.login("learner@example.org"), course: "borrowing-lab")
            let enrolled = try await learner.enrol(programme: "finance-programme")
            #expect(enrolled.parts.map(\.done) == [false, true] && enrolled.required == 2)
            #expect(try await learner.myProgrammes().map(\.id) == [enrolled.id])
        }
    }
}
