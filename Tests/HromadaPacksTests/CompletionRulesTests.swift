@testable import HromadaPacks
import Testing

@Suite struct CompletionRulesTests {
    let lessons = ["a", "b", "c"]

    @Test func allLessonsAndTheNamedQuizzes() {
        let rules = Course.Completion(lessons: .all, quizzes: ["final"])
        #expect(!rules.isMet(lessons: lessons, completedLessons: ["a", "b"], passedQuizzes: ["final"]))
        #expect(!rules.isMet(lessons: lessons, completedLessons: ["a", "b", "c"], passedQuizzes: []))
        #expect(rules.isMet(lessons: lessons, completedLessons: ["a", "b", "c"], passedQuizzes: ["final"]))
    }

    @Test func atLeastNLessonsCountsOnlyLessonsOfThisVersion() {
        let rules = Course.Completion(lessons: .atLeast(2), quizzes: [])
        #expect(!rules.isMet(lessons: lessons, completedLessons: ["a", "old-lesson"], passedQuizzes: []))
        #expect(rules.isMet(lessons: lessons, completedLessons: ["a", "c"], passedQuizzes: []))
    }

    @Test func noneNeedsOnlyTheQuizzes() {
        let rules = Course.Completion(lessons: .none, quizzes: ["q"])
        #expect(rules.isMet(lessons: lessons, completedLessons: [], passedQuizzes: ["q"]))
        #expect(!rules.isMet(lessons: lessons, completedLessons: ["a", "b", "c"], passedQuizzes: ["other"]))
    }
}
