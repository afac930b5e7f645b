import Foundation
@testable import HromadaPacks
import Testing

/// The association's courses in `courses/` are valid, substantial, and together use every question type.
@Suite struct ShippedCoursesTests {
    static let courses = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("courses")

    static func packs() throws -> [Course] {
        let names = try FileManager.default.contentsOfDirectory(atPath: courses.path).sorted()
        return names.compactMap { PackValidator.validate(PackFiles.directory(courses.appendingPathComponent($0))).course }
    }

    @Test func everyShippedPackValidatesWithoutErrorsOrWarnings() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.courses.path).sorted()
        #expect(names.count >= 4)
        for name in names {
            let result = PackValidator.validate(PackFiles.directory(Self.courses.appendingPathComponent(name)))
            #expect(result.diagnostics.isEmpty, "\(name): \(result.diagnostics.map(\.description))")
        }
    }

    @Test func eachPackHasModulesLessonsQuizzesAndAFinalFromAGIFTBank() throws {
        for course in try Self.packs() {
            #expect(course.modules.count >= 2, "\(course.slug)")
            #expect(course.lessons.count >= 5, "\(course.slug)")
            #expect(course.lessons.allSatisfy { $0.markdown.split(whereSeparator: \.isWhitespace).count >= 400 }, "\(course.slug)")
            let final = try #require(course.quizzes.first { course.completion.quizzes.contains($0.id) }, "\(course.slug)")
            #expect(final.questions.filter { $0.source.hasSuffix(".gift") == false && $0.source.contains(".gift:") }.count >= 20, "\(course.slug)")
            #expect(course.quizzes.count >= course.modules.count, "\(course.slug)")
            #expect(course.credits == (course.hours / 30 * 10).rounded() / 10, "\(course.slug)")
        }
    }

    @Test func togetherThePacksUseEveryQuestionType() throws {
        let kinds = Set(try Self.packs().flatMap { $0.quizzes.flatMap { $0.questions.map(\.kind) } })
        #expect(kinds == Set(Question.Kind.allCases))
    }
}
