import Foundation
import HromadaDomain
import HromadaPacks
@testable import HromadaStorage
import HromadaTestSupport
import Testing

/// Storing course versions.
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
