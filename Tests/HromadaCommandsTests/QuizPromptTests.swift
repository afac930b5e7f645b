import ArgumentParser
import Foundation
import HromadaAPI
import HromadaDomain
import Testing
@testable import HromadaCommands

/// The question before a new attempt at a quiz already passed, and the Ctrl-C hint. In a terminal:
/// Tests/e2e/quiz_cli_e2e.py (with tmux screens in both languages).
struct QuizPromptTests {
    static let passed = Enrolment.QuizState(id: "final", title: "Підсумковий тест", grade: 85.714, passed: true, attemptsUsed: 1, attemptsAllowed: 3)

    @Test func onlyAYesStartsANewAttempt() {
        for yes in ["т", "Так", " y ", "YES"] { #expect(RetakeQuestion.isYes(yes), "\(yes)") }
        for no in ["", "н", "n", "no", "1", "q", "тт"] { #expect(!RetakeQuestion.isYes(no), "\(no)") }
    }

    @Test func theQuestionSaysWhichAttemptItWouldBeInBothLanguages() {
        let text = Messages.alreadyPassed(Self.passed, slug: "council-deputy")
        #expect(text.uk.contains("уже складено (85.71%)") && text.uk.contains("спробою 2 з 3") && text.uk.contains("таймер"))
        #expect(text.en.contains("already passed") && text.en.contains("attempt 2 of 3"))
        var unlimited = Self.passed
        unlimited.attemptsAllowed = 0
        #expect(Messages.alreadyPassed(unlimited, slug: "x").uk.contains("спробою 2 і"))
        #expect(Messages.noNewAttempt("council-deputy", "final").uk.contains("hromada quiz council-deputy final --yes"))
        #expect(Messages.startAnother.uk.contains("(т/Н)") && Messages.startAnother.en.contains("(y/N)"))
        #expect(Messages.keys.uk.contains("Ctrl-C") && Messages.keys.en.contains("Ctrl-C"))
    }

    @Test func yesIsAFlagOfTheQuizCommand() throws {
        let quiz = try #require(try HromadaCommand.parseAsRoot(["quiz", "council-deputy", "final", "--yes"]) as? HromadaCommand.QuizCommand)
        #expect(quiz.yes && quiz.quiz == "final")
        let plain = try #require(try HromadaCommand.parseAsRoot(["quiz", "council-deputy", "final"]) as? HromadaCommand.QuizCommand)
        #expect(!plain.yes)
    }
}
