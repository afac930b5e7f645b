extension Course.Completion {
    /// Whether the rules are met. "Completed" is about these rules; "passed" belongs to quizzes.
    /// - Parameters:
    ///   - lessons: every lesson id of the enrolled version.
    ///   - completedLessons: lesson ids the learner completed (ids outside `lessons` are ignored).
    ///   - passedQuizzes: quiz ids the learner has passed.
    public func isMet(lessons: [String], completedLessons: Set<String>, passedQuizzes: Set<String>) -> Bool {
        let done = Set(lessons).intersection(completedLessons).count
        let lessonsMet: Bool = switch self.lessons {
        case .all: done == lessons.count
        case .none: true
        case .atLeast(let n): done >= n
        }
        return lessonsMet && Set(quizzes).isSubset(of: passedQuizzes)
    }
}
