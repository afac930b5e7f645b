import Foundation
public import HromadaAPI
import HromadaDomain
import HromadaPacks
public import HromadaPostgres

extension AttemptStore {
    /// The API view of `a`. `fullReview` (trainers, admins) shows the per-question review of a submitted
    /// attempt even when the quiz gives learners only the score.
    public func view(_ db: PGConnection, _ a: Stored, fullReview: Bool) throws -> Attempt {
        guard let quiz = try quizzes.quiz(db, versionID: a.versionID, quizID: a.quizID) else { throw HromadaError(.notFound) }
        let byID = Dictionary(quiz.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let questions = a.paper.entries.compactMap { entry -> Attempt.Question? in
            guard let q = byID[entry.question] else { return nil }
            return Self.present(q, entry)
        }
        var view = Attempt(
            id: a.id, enrolmentID: a.enrolmentID, quizID: a.quizID, quizTitle: quiz.title, number: a.number, state: a.state,
            startedAt: a.startedAt, deadline: a.deadline, secondsLeft: a.state == .inProgress ? a.secondsLeft : nil,
            submittedAt: a.submittedAt, attemptsAllowed: quiz.maxAttempts, questions: questions, answers: a.answers)
        guard a.state == .finished || a.state == .needsGrading else { return view }
        view.passPercent = quiz.passPercent
        view.maxScore = a.maxScore
        if a.state == .finished {
            view.score = a.score
            view.percent = a.percent
            view.passed = a.passed
        }
        guard fullReview || quiz.review == .afterSubmit else { return view }
        let (graded, _) = try grade(db, a)
        let comments = try essayPoints(db, attemptID: a.id)
        view.review = graded.items.map { item in
            let outcome: Attempt.ReviewItem.Outcome
            switch item.fraction {
            case nil: outcome = .needsGrading
            case _ where !item.answered: outcome = .unanswered
            case let f? where f >= 1 - 1e-9: outcome = .correct
            case let f? where f > 0: outcome = .partial
            default: outcome = .incorrect
            }
            return .init(questionID: item.question, points: item.points, score: item.score.map(Grading.roundHalfUp),
                         outcome: outcome, feedback: item.feedback, comment: comments[item.question]?.comment)
        }
        return view
    }

    /// A question as drawn for the attempt: its text and choices with the attempt's opaque ids, and
    /// nothing of the key.
    static func present(_ q: HromadaPacks.Question, _ entry: AttemptPaper.Entry) -> Attempt.Question {
        func texts(_ choices: [AttemptPaper.Choice], _ text: (Int) -> String?) -> [Attempt.Choice] {
            choices.compactMap { c in Int(c.ref.dropFirst()).flatMap { text($0 - 1) }.map { Attempt.Choice(id: c.id, text: $0) } }
        }
        var out = Attempt.Question(id: q.id, type: Self.questionType(q.kind), text: q.text, points: q.kind == .description ? 0 : q.points)
        switch q.kind {
        case .single, .multiple:
            out.options = entry.options.compactMap { c in q.options.first { $0.id == c.ref }.map { Attempt.Choice(id: c.id, text: $0.text) } }
        case .matching:
            out.left = texts(entry.left) { q.pairs.indices.contains($0) ? q.pairs[$0].left : nil }
            out.right = texts(entry.right) { q.pairs.indices.contains($0) ? q.pairs[$0].right : nil }
        case .ordering:
            out.items = texts(entry.items) { q.items.indices.contains($0) ? q.items[$0] : nil }
        default:
            break
        }
        return out
    }

    /// A pack's kind of question as the API names it.
    static func questionType(_ kind: HromadaPacks.Question.Kind) -> Attempt.QuestionType {
        switch kind {
        case .single: .single
        case .multiple: .multiple
        case .trueFalse: .trueFalse
        case .short: .short
        case .numeric: .numeric
        case .matching: .matching
        case .ordering: .ordering
        case .essay: .essay
        case .description: .description
        }
    }
}
