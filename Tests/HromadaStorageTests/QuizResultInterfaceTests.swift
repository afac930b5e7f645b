import Foundation
import HromadaAPI
import HromadaDomain
import HromadaPacks
@testable import HromadaStorage
import HromadaTestSupport
import Testing
import HromadaPostgres

/// The interface through which quiz grades reach the completion engine.
@Suite struct QuizResultInterfaceTests {
    static let samplePack = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sample-pack")

    @Test func passingTheNamedQuizAfterEveryLessonCompletesOnce() async throws {
        let db = try await TestDatabase.create()
        let files = PackFiles.directory(Self.samplePack)
        let course = try #require(PackValidator.validate(files).course)
        let person = NewUser(email: "l@example.org", fullName: "Л", category: .deputy, position: "депутат",
                             hromada: "Ірпінська", centre: "KYO", roles: [.learner])
        let enrolment = try await db.pool.transaction { c -> UUID in
            _ = try CourseStore.publish(c, course: course, files: files, publishedBy: nil)
            let user = try UserStore.create(c, person, passwordHash: nil)
            return try EnrolmentStore.enrol(c, userID: user.id, slug: course.slug)!.0
        }
        func status() async throws -> Enrolment.Status {
            try await db.pool.withConnection { try EnrolmentStore.find($0, id: enrolment)!.enrolment.status }
        }
        try await db.pool.transaction { try EnrolmentStore.recordQuizResult($0, enrolmentID: enrolment, quizID: "check", grade: 40, passed: false, attemptsUsed: 1) }
        #expect(try await status() == .inProgress)
        _ = try await db.pool.transaction { try EnrolmentStore.completeLesson($0, enrolmentID: enrolment, lessonID: "open-data") }
        #expect(try await status() == .inProgress)
        try await db.pool.transaction { try EnrolmentStore.recordQuizResult($0, enrolmentID: enrolment, quizID: "check", grade: 90, passed: true, attemptsUsed: 2) }
        #expect(try await status() == .completed)
        // A later, lower grade never takes the completion back, and credits CPD only once.
        try await db.pool.transaction { try EnrolmentStore.recordQuizResult($0, enrolmentID: enrolment, quizID: "check", grade: 10, passed: false, attemptsUsed: 3) }
        #expect(try await status() == .completed)
        #expect(try await db.count("cpd_credits") == 1)
        let quiz = try await db.pool.withConnection { try EnrolmentStore.find($0, id: enrolment)!.enrolment.quizzes.first }
        #expect(quiz?.attemptsUsed == 3 && quiz?.grade == 10)
        // Reports read the enrolment's grade, the mean of its graded quizzes.
        let rows = try await db.pool.withConnection { try ReportStore.completions($0, centre: "KYO", course: nil, from: nil, to: nil) }
        #expect(rows.map(\.averageGrade) == [10])
        #expect(rows.map(\.completed) == [1])
    }
}
