import Foundation
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

    /// The template's placeholders: warnings in a draft (it stays valid), errors for the catalogue,
    /// each on its line of course.yaml; gone once replaced.
    @Test func thePlaceholdersAreWarningsInADraftAndErrorsForRelease() throws {
        let files = PackTemplate.files(slug: "budget-basics", title: "Бюджетний процес").mapValues { Array($0.utf8) }
        let draft = PackValidator.validate(PackFiles(files: files), for: .draft)
        #expect(draft.course != nil && draft.errors.isEmpty && draft.warnings.count == 3, "\(draft.diagnostics.map(\.description))")
        #expect(Set(draft.warnings.map(\.path)) == ["course.yaml"] && draft.warnings.allSatisfy { $0.line > 1 })
        let release = PackValidator.validate(PackFiles(files: files), for: .release)
        #expect(release.course == nil && release.errors.count == 3)
        #expect(release.errors.contains { $0.message.contains("placeholder summary") })
        #expect(release.errors.contains { $0.message.contains("Ім'я Автора") } && release.errors.contains { $0.message.contains("чернетка") })
        var edited = files
        edited["course.yaml"] = Array(String(decoding: files["course.yaml"]!, as: UTF8.self)
            .replacingOccurrences(of: PackTemplate.placeholderSummary, with: "Як громада ухвалює бюджет.")
            .replacingOccurrences(of: PackTemplate.placeholderAuthor, with: "Олена Коваль")
            .replacingOccurrences(of: "tags: [чернетка]", with: "tags: [бюджет]").utf8)
        let clean = PackValidator.validate(PackFiles(files: edited), for: .release)
        #expect(clean.course != nil && clean.diagnostics.isEmpty, "\(clean.diagnostics.map(\.description))")
    }
}
