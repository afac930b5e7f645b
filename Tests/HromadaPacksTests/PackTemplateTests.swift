@testable import HromadaPacks
import Testing

@Suite struct PackTemplateTests {
    @Test func theStarterPackIsValidWithoutWarnings() throws {
        let files = PackTemplate.files(slug: "budget-basics", title: "Бюджетний процес").mapValues { Array($0.utf8) }
        let result = PackValidator.validate(PackFiles(files: files))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let course = try #require(result.course)
        #expect(course.slug == "budget-basics" && course.title == "Бюджетний процес")
        #expect(course.quizzes.first { $0.id == "final" }?.questions.count == 3)
    }

    /// Found in review: a title with `: ` (or quotes, or a backslash) made the starter manifest invalid.
    @Test(arguments: ["Бюджет: основи", "A: B", #"Він сказав "так" \ і пішов"#, "# не коментар", "- не список"])
    func anyTitleIsWrittenAsOneString(title: String) throws {
        let files = PackTemplate.files(slug: "budget-basics", title: title).mapValues { Array($0.utf8) }
        let result = PackValidator.validate(PackFiles(files: files))
        #expect(result.errors.isEmpty, "\(result.errors.map(\.description))")
        #expect(result.course?.title == title)
    }
}
