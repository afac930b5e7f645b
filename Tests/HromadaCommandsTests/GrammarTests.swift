import Foundation
import HromadaDomain
import HromadaPacks
import Testing
@testable import HromadaCommands

/// The grammar issue 26 found, and the validator in Ukrainian: no English line inside a Ukrainian run.
struct GrammarTests {
    @Test func countsAgreeWithTheirWords() {
        // Was «Надіслано 1 позначку уроку, зроблених без зв'язку».
        #expect(Messages.synced(1).uk == "Надіслано 1 позначку уроку (зроблено без зв'язку).")
        #expect(Messages.synced(3).uk == "Надіслано 3 позначки уроків (зроблено без зв'язку).")
        #expect(Messages.syncUnreachable(1).uk == "Сервер недоступний; 1 позначка уроку чекає на надсилання.")
        #expect(Messages.syncUnreachable(5).uk == "Сервер недоступний; 5 позначок уроків чекають на надсилання.")
        #expect(Messages.syncUnreachable(1).en == "The server cannot be reached; 1 lesson completion is waiting to be sent.")
    }

    @Test func theValidatorSpeaksUkrainianInAUkrainianRun() {
        let draw = Diagnostic(.error, "quizzes/final.yaml", line: 7, column: 7, "draw is 99 but the pool holds only 3 questions")
        #expect(draw.text(.uk) == "quizzes/final.yaml:7:7: помилка: draw дорівнює 99, а питань у наборі лише 3 (draw має бути не більшим)")
        #expect(draw.text(.en) == draw.description)
        let unknown = Diagnostic(.warning, "course.yaml", line: 6, "unknown key 'sumary' in course.yaml; did you mean 'summary'?")
        #expect(unknown.text(.uk) == "course.yaml:6:1: попередження: невідомий ключ 'sumary' у course.yaml; можливо, 'summary'?")
    }

    /// Every problem the broken fixture pack and the starter template raise has its Ukrainian.
    @Test func everyProblemOfTheFixturesIsTranslated() {
        var files = PackTemplate.files(slug: "budget-basics", title: "Бюджет").mapValues { Array($0.utf8) }
        files["quizzes/final.yaml"] = Array(String(decoding: files["quizzes/final.yaml"]!, as: UTF8.self)
            .replacingOccurrences(of: "draw: 2", with: "draw: 99").utf8)
        let result = PackValidator.validate(PackFiles(files: files), for: .release)
        #expect(!result.errors.isEmpty)
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HromadaPacksTests/Fixtures/broken-pack")
        let broken = PackValidator.validate(PackFiles.directory(fixture), for: .draft)
        #expect(broken.errors.count == 14)
        for d in result.diagnostics + broken.diagnostics {
            let uk = Diagnostic.ukrainian(d.message)
            #expect(uk != d.message, "no Ukrainian for: \(d.message)")
            // Nothing English left over but quoted names (a kind of item, "in", "did you mean").
            for word in [" in ", "did you mean", " by ", "module", "lesson "] { #expect(!uk.contains(word), "\(uk)") }
        }
    }
}
