import Foundation
import HromadaAPI
import HromadaDomain
import HromadaPacks
@testable import HromadaStorage
import HromadaTestSupport
import Testing
import HromadaPostgres

/// Storing course versions, and which is the newest: the one the catalogue shows, the course page
/// opens and new enrolments get.
@Suite struct CourseStoreTests {
    static let samplePack = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sample-pack")

    /// Publishes the sample course under each of `versions`, in that order.
    static func publish(_ versions: [String], in db: TestDatabase) async throws -> String {
        let files = PackFiles.directory(samplePack)
        let course = try #require(PackValidator.validate(files).course)
        try await db.pool.transaction { c in
            for version in versions {
                var release = course
                release.version = version
                _ = try CourseStore.publish(c, course: release, files: files, publishedBy: nil)
            }
        }
        return course.slug
    }

    static func newest(_ slug: String, in db: TestDatabase) async throws -> (catalogue: String?, course: String?, enrolment: String?) {
        try await db.pool.transaction { c in
            let catalogue = try CourseStore.catalogue(c, query: nil, audience: nil, language: nil, after: nil, limit: 10)
                .first { $0.slug == slug }?.version
            let course = try CourseStore.course(c, slug: slug, version: nil)?.course.version
            let person = NewUser(email: "n@example.org", fullName: "Н", category: .deputy, position: "депутат",
                                 hromada: "Ірпінська", centre: "KYO", roles: [.learner])
            let user = try UserStore.create(c, person, passwordHash: nil)
            let enrolment = try EnrolmentStore.enrol(c, userID: user.id, slug: slug)?.0
            let version = try enrolment.flatMap {
                try c.execute("""
                    SELECT v.version FROM enrolments e JOIN course_versions v ON v.id = e.version_id WHERE e.id = \($0)
                    """).first?.decode(String.self, "version")
            }
            return (catalogue, course, version)
        }
    }

    /// Found in review: pre-releases were ordered as text, so 1.0.0-rc.9 was offered over 1.0.0-rc.10.
    @Test func preReleasesFollowSemVerPrecedence() async throws {
        let db = try await TestDatabase.create()
        // SemVer 2.0's own example, lowest first, published in a shuffled order.
        let precedence = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                          "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0-rc.9", "1.0.0-rc.10"]
        let slug = try await Self.publish(["1.0.0-rc.9", "1.0.0-beta.11", "1.0.0-alpha.beta", "1.0.0-rc.10", "1.0.0-alpha",
                                            "1.0.0-beta.2", "1.0.0-rc.1", "1.0.0-alpha.1", "1.0.0-beta"], in: db)
        let listed = try await db.pool.withConnection { try CourseStore.versions($0, slug: slug) }.map(\.version)
        #expect(listed == precedence.reversed())
        let newest = try await Self.newest(slug, in: db)
        #expect(newest.catalogue == "1.0.0-rc.10" && newest.course == "1.0.0-rc.10" && newest.enrolment == "1.0.0-rc.10")
    }

    /// Numeric identifiers are compared as numbers and sort below alphanumeric ones; a release
    /// beats every pre-release.
    @Test func aReleaseBeatsItsPreReleasesAndNumbersSortBelowWords() async throws {
        let db = try await TestDatabase.create()
        let slug = try await Self.publish(["2.0.0-10", "2.0.0-9", "2.0.0-a", "2.0.0-1a", "1.0.0-rc.2"], in: db)
        let listed = try await db.pool.withConnection { try CourseStore.versions($0, slug: slug) }.map(\.version)
        #expect(listed == ["2.0.0-a", "2.0.0-1a", "2.0.0-10", "2.0.0-9", "1.0.0-rc.2"])
        _ = try await Self.publish(["1.0.0"], in: db)
        #expect(try await Self.newest(slug, in: db).catalogue == "1.0.0")
        #expect(try await db.pool.withConnection { try CourseStore.versions($0, slug: slug) }.first?.version == "1.0.0")
    }

    /// Found in review: a number too large for the `integer` columns was stored as 0.
    @Test func aVersionNumberBeyondTheColumnsIsNeverStoredAsZero() async throws {
        #expect(try CourseStore.semver("2147483647.0.1-rc.1") == (2_147_483_647, 0, 1, "rc.1"))
        for version in ["99999999999999999999.0.0", "3000000000.0.0", "1.2147483648.0", "1.0", "1.x.0"] {
            #expect(throws: HromadaError(.validationFailed)) { try CourseStore.semver(version) }
        }
        let db = try await TestDatabase.create()
        await #expect(throws: HromadaError(.validationFailed)) { _ = try await Self.publish(["99999999999999999999.0.0"], in: db) }
        #expect(try await db.count("course_versions") == 0)
    }
}
