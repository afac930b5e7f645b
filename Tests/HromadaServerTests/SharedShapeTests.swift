import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
@testable import HromadaServer
import HromadaTestSupport
import Testing

/// The request bodies and the cohort, trainer and report answers that moved into `HromadaAPI`: the
/// keys the server accepts are the keys the shared type writes, and the terminal client's calls
/// (which used dictionaries and views of their own) get typed answers from the real server.
@Suite struct SharedShapeTests {
    /// The top-level keys `value` is written with.
    static func keys(_ value: some Encodable) throws -> Set<String> {
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder.api.encode(value)) as? [String: Any]
        return Set(try #require(object).keys)
    }

    @Test func everySharedRequestBodyAcceptsExactlyTheKeysItsTypeWrites() throws {
        var revocation = RevocationRequest(reasonCode: .withdrawn, note: "дубль")
        revocation.reason = "the first version's free text"
        let user = UserCreation(email: "a@example.org", fullName: "А", category: "official", position: "п", hromada: "Бучанська",
                                centre: "KYV", roles: ["learner"], language: "en", appointedOn: "2026-03-01", password: "x")
        let cases: [(written: Set<String>, accepted: Set<String>, what: String)] = [
            (try Self.keys(LoginRequest(email: "a", password: "b")), LoginRequest.keys, "login"),
            (try Self.keys(user), UserCreation.keys, "user"),
            (try Self.keys(CertificateVerificationRequest(document: Data([1]), signature: Data([2]))), CertificateVerificationRequest.keys, "verify"),
            (try Self.keys(revocation), RevocationRequest.keys, "revocation"),
            (try Self.keys(LessonCompletionRequest(completedAt: "2026-12-01T10:00:00+02:00")), LessonCompletionRequest.keys, "completion"),
            (try Self.keys(AnswersRequest(answers: ["q1": .string("a")])), AnswersRequest.keys, "answers"),
            (try Self.keys(GradeRequest(questionID: "q", points: 1, comment: "c")), GradeRequest.keys, "grade"),
            (try Self.keys(RegradeRequest(fromVersion: "1.0.0", toVersion: "1.0.1", quizID: "final")), RegradeRequest.keys, "regrade"),
            (try Self.keys(EmailList(emails: ["a@example.org"])), EmailList.keys, "emails"),
            (try Self.keys(CohortCreation(centre: "KYV", course: "c", title: "t", startsOn: "2026-01-01", endsOn: "2026-02-01")), CohortCreation.keys, "cohort"),
        ]
        for c in cases { #expect(c.written == c.accepted, "\(c.what)") }
        // What the client leaves out is left out of the body, not sent as null.
        #expect(try Self.keys(LessonCompletionRequest(completedAt: nil)).isEmpty)
        #expect(try Self.keys(RevocationRequest(reasonCode: .superseded, note: nil)) == ["reason_code"])
    }

    @Test func anOutlineFromAServerOlderThanDraftsReadsAsARelease() throws {
        let old = #"{"audience":["deputy"],"certificate":true,"content_hash":"h","credits":1,"hours":30,"language":"uk","#
            + #""modules":[{"id":"m1","items":[{"id":"l1","title":"Вступ","type":"lesson"}],"title":"Перший"}],"#
            + #""programme":"p","slug":"s","summary":"","title":"Курс","version":"1.0.0"}"#
        let outline = try JSONDecoder.api.decode(CourseOutline.self, from: Data(old.utf8))
        #expect(!outline.draft && outline.modules.first?.items.first?.type == .lesson)
        // Written again, it says so.
        #expect(try Self.keys(outline).contains("draft"))
    }

    @Test func theTerminalsCohortAndTrainerCallsReadTheServersAnswersTyped() async throws {
        let app = try await CohortAPITests.world()
        try await app.run(.live) { client in
            let api = try ClientAccountTests.api(client, token: try await client.login("kyiv-admin@example.org"))
            let created: HromadaAPI.Cohort = try await api.call("POST", "/api/v1/cohorts", json: CohortCreation(
                centre: nil, course: "sample-open-council", title: "Група Київщини", startsOn: "2026-01-01", endsOn: "2099-12-31"))
            #expect(created.centre == "KYV" && created.course == "sample-open-council" && created.startsOn == "2026-01-01" && created.members.isEmpty)
            let path = "/api/v1/cohorts/\(created.id.lowercasedText)"

            let (dryData, _) = try await api.send("POST", path + "/members?dry_run=true", json: EmailList(emails: ["other@example.org"]))
            #expect(try APIClient.decode(CohortMembersResult.self, from: dryData, "dry run")
                == CohortMembersResult(created: 0, enrolled: 1, alreadyEnrolled: 0, dryRun: true))
            let (data, _) = try await api.send("POST", path + "/members", json: EmailList(emails: ["learner@example.org"]))
            let added = try APIClient.decode(CohortMembersResult.self, from: data, "members")
            #expect(added == CohortMembersResult(created: 0, enrolled: 1, alreadyEnrolled: 0) && added.dryRun == nil)

            let shown: HromadaAPI.Cohort = try await api.call("GET", path)
            let member = try #require(shown.members.first)
            #expect(shown.members.count == 1 && member.email == "learner@example.org" && member.status == .enrolled)
            #expect(member.lessonsCompleted == 0 && member.lessonsTotal > 0 && member.completedAt == nil)

            // A field the shared type leaves empty is still refused by name.
            await #expect { _ = try await api.call("POST", "/api/v1/cohorts", json: CohortCreation(
                centre: nil, course: "", title: "Без курсу", startsOn: "2026-01-01", endsOn: "2026-02-01"), as: HromadaAPI.Cohort.self)
            } throws: { error in
                guard case ClientError.problem(let p) = error else { return false }
                return p.status == 422 && p.errors?.map(\.field) == ["course"]
            }

            let admin = try ClientAccountTests.api(client, token: try await client.login("admin@example.org"))
            let trainersPath = "/api/v1/courses/sample-open-council/trainers"
            let before: CourseTrainers = try await admin.call("GET", trainersPath)
            #expect(before.slug == "sample-open-council" && before.trainers.map(\.email) == ["trainer@example.org"])
            let after: CourseTrainers = try await admin.call("PUT", trainersPath, json: EmailList(emails: []))
            #expect(after.trainers.isEmpty)

            let outline: CourseOutline = try await api.call("GET", "/api/v1/courses/sample-open-council")
            let kinds = Set(outline.modules.flatMap(\.items).map(\.type))
            #expect(outline.slug == "sample-open-council" && !outline.draft && kinds == [.lesson, .quiz] && outline.audience.contains("deputy"))
            let versions: Page<CourseVersionInfo> = try await api.callAll("/api/v1/courses/sample-open-council/versions")
            #expect(versions.items.map(\.version) == [outline.version] && versions.items.first?.contentHash == outline.contentHash)

            let report: Page<CompletionReportRow> = try await api.callAll("/api/v1/reports/completions")
            #expect(report.items.map(\.course) == ["sample-open-council"] && report.items.first?.enrolled == 1)
            #expect(report.items.first?.averageGrade == nil)
        }
    }
}
