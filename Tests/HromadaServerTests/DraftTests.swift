import Foundation
import HTTPTypes
import HromadaDomain
import HromadaPacks
import HromadaPostgres
@testable import HromadaServer
import HromadaStorage
import HromadaTestSupport
import Testing

/// Drafts before release: `POST /api/v1/course-packs?draft=true` stores a version that only the
/// course's trainers and the admin see and can take as learners; `POST …/versions/{v}/release` puts it
/// in the catalogue. The starter template's placeholders are warnings in a draft, errors for release.
/// Tried as an attacker: a learner and another course's trainer learn nothing of a draft (404).
@Suite struct DraftTests {
    static let slug = "budget-draft"

    /// The starter pack of `hromada pack new`; `clean`: its placeholders replaced by real text.
    static func template(version: String = "0.1.0", clean: Bool) throws -> [UInt8] {
        var files = PackTemplate.files(slug: slug, title: "Бюджет громади")
        var manifest = files["course.yaml"]!.replacingOccurrences(of: "version: 0.1.0", with: "version: \(version)")
        if clean {
            manifest = manifest.replacingOccurrences(of: PackTemplate.placeholderSummary, with: "Як громада складає й ухвалює бюджет.")
                .replacingOccurrences(of: PackTemplate.placeholderAuthor, with: "Олена Коваль")
                .replacingOccurrences(of: "tags: [чернетка]", with: "tags: [бюджет]")
        }
        files["course.yaml"] = manifest
        let bytes = files.mapValues { Array($0.utf8) }
        return try PackFiles(files: bytes).zipped(paths: bytes.keys)
    }

    static func world() async throws -> TestApp {
        let app = try await TestApp.make()
        try await app.person("trainer@example.org", roles: [.trainer])
        try await app.person("other-trainer@example.org", roles: [.trainer, .learner])
        try await app.person("learner@example.org")
        try await app.person("admin@example.org", roles: [.admin])
        return app
    }

    static func publish(_ client: Client, _ token: String, _ zip: [UInt8], draft: Bool) async throws -> Client.Answer {
        try await client.send(.post, "/api/v1/course-packs" + (draft ? "?draft=true" : ""), token: token, body: zip, contentType: "application/zip")
    }

    static func catalogueSlugs(_ client: Client) async throws -> [String] {
        ((try await client.send(.get, "/api/v1/courses").json["items"] as? [[String: any Sendable]]) ?? []).compactMap { $0["slug"] as? String }
    }

    @Test func aDraftIsSeenOnlyByItsTrainersAndTheAdmin() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let trainer = try await client.login("trainer@example.org")
            let stored = try await Self.publish(client, trainer, try Self.template(clean: false), draft: true)
            #expect(stored.status == .created && stored.json["draft"] as? Bool == true, "\(stored.text)")
            // The template's placeholders: warnings in a draft, each naming course.yaml.
            let warnings = (stored.json["warnings"] as? [String]) ?? []
            #expect(warnings.filter { $0.contains("course.yaml") && $0.contains("starter template's placeholder") }.count == 3, "\(warnings)")
            #expect(try await Self.catalogueSlugs(client).contains(Self.slug) == false)

            let learner = try await client.login("learner@example.org")
            let other = try await client.login("other-trainer@example.org")
            for (who, token) in [("nobody", nil), ("learner", learner), ("another course's trainer", other)] as [(String, String?)] {
                for path in ["/api/v1/courses/\(Self.slug)", "/api/v1/courses/\(Self.slug)?version=0.1.0", "/api/v1/courses/\(Self.slug)/versions",
                             "/api/v1/courses/\(Self.slug)/versions/0.1.0/files/course.yaml", "/api/v1/courses/\(Self.slug)/versions/0.1.0/pack",
                             "/api/v1/courses/\(Self.slug)/trainers"] {
                    let seen = try await client.send(.get, path, token: token)
                    // The whole pack is for signed-in trainers: without a token, 401 before anything is looked up.
                    let expected: HTTPResponse.Status = token == nil && (path.hasSuffix("/pack") || path.hasSuffix("/trainers")) ? .unauthorized : .notFound
                    #expect(seen.status == expected, "\(who) GET \(path): \(seen.status)")
                }
                if let token {
                    #expect(try await client.send(.post, "/api/v1/courses/\(Self.slug)/enrolments", token: token).status == .notFound, "\(who) enrols")
                }
                let released = try await client.send(.post, "/api/v1/courses/\(Self.slug)/versions/0.1.0/release", token: token)
                #expect(released.status == (token == nil ? .unauthorized : .notFound), "\(who) releases: \(released.status)")
            }
            // Its trainer and the admin see it, marked a draft.
            for token in [trainer, try await client.login("admin@example.org")] {
                let outline = try await client.send(.get, "/api/v1/courses/\(Self.slug)", token: token)
                #expect(outline.status == .ok && outline.json["version"] as? String == "0.1.0" && outline.json["draft"] as? Bool == true)
                let versions = (try await client.send(.get, "/api/v1/courses/\(Self.slug)/versions", token: token).json["items"] as? [[String: any Sendable]]) ?? []
                #expect(versions.count == 1 && versions.first?["draft"] as? Bool == true, "\(versions)")
            }
            // A centre cannot make a cohort of it, nor learn that it exists: the answer is the unknown slug's.
            try await app.person("kyiv-admin@example.org", roles: [.centreAdmin])
            let centre = try await client.login("kyiv-admin@example.org")
            var refusals: [String] = []
            for slug in [Self.slug, "no-such-course"] {
                let cohort = try await client.send(.post, "/api/v1/cohorts", token: centre, json: jsonString([
                    "centre": "KYV", "course": slug, "title": "Група", "starts_on": "2026-01-01", "ends_on": "2099-12-31"]))
                #expect(cohort.status == .unprocessableContent, "\(cohort.text)")
                refusals.append(((cohort.json["errors"] as? [[String: any Sendable]])?.first?["message"] as? String) ?? "")
            }
            #expect(refusals[0] == refusals[1] && !refusals[0].isEmpty, "\(refusals)")
            // Nothing was released by the attempts.
            let drafts = try await app.db.pool.withConnection { try $0.execute("SELECT count(*) AS n FROM course_drafts")[0].decode(Int.self, "n") }
            #expect(drafts == 1)
        }
    }

    @Test func itsTrainerTakesTheDraftAsALearnerToTryIt() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let trainer = try await client.login("trainer@example.org")
            #expect(try await Self.publish(client, trainer, try Self.template(clean: false), draft: true).status == .created)
            // A trainer without the learner role: enrolled in the draft, its lessons readable.
            let enrolled = try await client.send(.post, "/api/v1/courses/\(Self.slug)/enrolments", token: trainer)
            #expect(enrolled.status == .created, "\(enrolled.text)")
            let id = try #require(enrolled.json["id"] as? String)
            let lessons = ((enrolled.json["lessons"] as? [[String: any Sendable]]) ?? []).compactMap { $0["id"] as? String }
            let first = try #require(lessons.first)
            #expect(try await client.send(.get, "/api/v1/enrolments/\(id)/lessons/\(first)", token: trainer).status == .ok)
            // A trainer of nothing, not a learner: still refused.
            try await app.person("plain-trainer@example.org", roles: [.trainer])
            let plain = try await client.login("plain-trainer@example.org")
            #expect(try await client.send(.post, "/api/v1/courses/\(Self.slug)/enrolments", token: plain).status == .forbidden)
        }
    }

    @Test func releaseRefusesThePlaceholdersAndPublishingWithoutDraftToo() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let trainer = try await client.login("trainer@example.org")
            // Straight to the catalogue with the placeholders: 422, nothing stored.
            let live = try await Self.publish(client, trainer, try Self.template(clean: false), draft: false)
            #expect(live.status == .unprocessableContent, "\(live.text)")
            #expect(live.text.contains("course.yaml") && live.text.contains("заготовка з шаблону"), "\(live.text)")
            #expect(try await client.send(.get, "/api/v1/courses/\(Self.slug)/versions", token: trainer).status == .notFound)
            // As a draft it is stored; releasing it is refused with the lines named, and it stays a draft.
            #expect(try await Self.publish(client, trainer, try Self.template(clean: false), draft: true).status == .created)
            let refused = try await client.send(.post, "/api/v1/courses/\(Self.slug)/versions/0.1.0/release", token: trainer,
                                                headers: [.acceptLanguage: "uk"])
            #expect(refused.status == .unprocessableContent && refused.code == "validation_failed", "\(refused.text)")
            #expect(refused.text.contains("course.yaml") && refused.text.contains("заготовка"), "\(refused.text)")
            #expect(try await Self.catalogueSlugs(client).contains(Self.slug) == false)
        }
    }

    @Test func aCleanDraftIsReleasedOnceAndThenEveryoneHasIt() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let trainer = try await client.login("trainer@example.org")
            let stored = try await Self.publish(client, trainer, try Self.template(clean: true), draft: true)
            #expect(stored.status == .created && (stored.json["warnings"] as? [String]) == [], "\(stored.text)")
            let learner = try await client.login("learner@example.org")
            #expect(try await client.send(.post, "/api/v1/courses/\(Self.slug)/enrolments", token: learner).status == .notFound)
            let released = try await client.send(.post, "/api/v1/courses/\(Self.slug)/versions/0.1.0/release", token: trainer)
            #expect(released.status == .ok && released.json["released"] as? Bool == true, "\(released.text)")
            #expect(try await Self.catalogueSlugs(client).contains(Self.slug))
            #expect(try await client.send(.get, "/api/v1/courses/\(Self.slug)").json["draft"] as? Bool == false)
            #expect(try await client.send(.post, "/api/v1/courses/\(Self.slug)/enrolments", token: learner).status == .created)
            // Again: nothing changes.
            let again = try await client.send(.post, "/api/v1/courses/\(Self.slug)/versions/0.1.0/release", token: trainer)
            #expect(again.status == .ok && again.json["released"] as? Bool == false)
            let audit = try await app.db.pool.withConnection { try AuditLog.entries($0, subjectType: "course", subjectID: Self.slug) }
            #expect(audit.map(\.action) == ["course.publish", "course.release"], "\(audit.map(\.action))")
            // An unknown version: 404.
            #expect(try await client.send(.post, "/api/v1/courses/\(Self.slug)/versions/9.9.9/release", token: trainer).status == .notFound)
        }
    }

    @Test func publishingTheDraftsContentWithoutDraftReleasesIt() async throws {
        let app = try await Self.world()
        try await app.run { client in
            let trainer = try await client.login("trainer@example.org")
            let zip = try Self.template(version: "1.0.0", clean: true)
            #expect(try await Self.publish(client, trainer, zip, draft: true).status == .created)
            #expect(try await Self.catalogueSlugs(client).contains(Self.slug) == false)
            let live = try await Self.publish(client, trainer, zip, draft: false)
            #expect(live.status == .ok && live.json["created"] as? Bool == false && live.json["draft"] as? Bool == false, "\(live.text)")
            #expect(try await Self.catalogueSlugs(client).contains(Self.slug))
            // A released version does not go back to being a draft.
            let back = try await Self.publish(client, trainer, zip, draft: true)
            #expect(back.status == .ok && back.json["draft"] as? Bool == false)
            #expect(try await Self.catalogueSlugs(client).contains(Self.slug))
        }
    }
}
