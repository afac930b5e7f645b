import Foundation
import HromadaDomain
@testable import HromadaPacks
import Testing

/// Drawing an attempt's paper, checking answer shapes and grading whole attempts.
@Suite struct AttemptPaperTests {
    static func quiz(draw: Int? = nil, shuffleQuestions: Bool = false, shuffleOptions: Bool = false) -> Quiz {
        var questions: [Question] = []
        for n in 1...12 {
            var q = Question(id: "q\(n)", kind: .single, text: "Питання \(n)", points: 1, source: "t:\(n)")
            q.options = (1...4).map { .init(id: "o\($0)", text: "варіант \($0)", weight: $0 == 1 ? 1 : 0, feedback: nil) }
            questions.append(q)
        }
        var order = Question(id: "ord", kind: .ordering, text: "Упорядкуйте", points: 1, source: "t:13")
        order.items = ["a", "b"]
        var match = Question(id: "mat", kind: .matching, text: "Поєднайте", points: 1, source: "t:14")
        match.pairs = [.init(left: "x", right: "1"), .init(left: "y", right: "2"), .init(left: "z", right: "3")]
        questions += [order, match, Question(id: "desc", kind: .description, text: "Пояснення", points: 0, source: "t:15")]
        return Quiz(id: "t", title: "Т", path: "t.yaml", passPercent: 50, maxAttempts: 0, timeLimitMinutes: nil,
                    whenTimeExpires: .autosubmit, grading: .highest, shuffleQuestions: shuffleQuestions,
                    shuffleOptions: shuffleOptions, draw: draw, review: .afterSubmit, questions: questions)
    }

    @Test func theSameSeedGivesTheSamePaperAndAnotherSeedAnother() {
        let q = Self.quiz(draw: 5, shuffleQuestions: true, shuffleOptions: true)
        #expect(AttemptPaper.draw(q, seed: 42) == AttemptPaper.draw(q, seed: 42))
        let papers = Set((0..<20).map { AttemptPaper.draw(q, seed: UInt64($0)).entries.map(\.question) })
        #expect(papers.count > 15, "different seeds draw different questions")
    }

    @Test func drawTakesThatManyScoredQuestionsAndKeepsPoolOrderWithoutShuffle() {
        for seed in UInt64(0)..<50 {
            let paper = AttemptPaper.draw(Self.quiz(draw: 5), seed: seed)
            #expect(paper.entries.count == 5)
            #expect(!paper.entries.contains { $0.question == "desc" }, "descriptions are not drawn")
            let positions = paper.entries.map { e in Self.quiz().questions.firstIndex { $0.id == e.question }! }
            #expect(positions == positions.sorted())
        }
        let whole = AttemptPaper.draw(Self.quiz(), seed: 7)
        #expect(whole.entries.map(\.question) == Self.quiz().questions.map(\.id))
        #expect(whole.entries[0].options.map(\.ref) == ["o1", "o2", "o3", "o4"], "options keep their order without shuffle_options")
    }

    @Test func choicesGetOpaqueIds() {
        for seed in UInt64(0)..<200 {
            let paper = AttemptPaper.draw(Self.quiz(shuffleOptions: true), seed: seed)
            for entry in paper.entries {
                let all = entry.options + entry.left + entry.right + entry.items
                #expect(all.allSatisfy { $0.id != $0.ref && $0.id.count == 10 })
                #expect(Set(all.map(\.id)).count == all.count)
            }
            #expect(paper.entry("mat")!.left.map(\.ref) == ["l1", "l2", "l3"])
        }
    }

    /// A shown order must tell nothing of the right one: over 6,000 seeds, a two-item ordering
    /// shows each order and a three-pair matching each of its six orders about equally often (a
    /// chi-squared test at p = 0.001: 10.83 for one degree of freedom, 20.52 for five). Before, the
    /// right order never appeared, so a two-item ordering's answer was always the reverse of what was shown.
    @Test func orderingsAndMatchingsAreShuffledUniformly() {
        var twoItems: [[String]: Int] = [:]
        var threePairs: [[String]: Int] = [:]
        let seeds = 6000
        for seed in UInt64(0)..<UInt64(seeds) {
            let paper = AttemptPaper.draw(Self.quiz(), seed: seed &* 0x9E37_79B9_7F4A_7C15)
            twoItems[paper.entry("ord")!.items.map(\.ref), default: 0] += 1
            threePairs[paper.entry("mat")!.right.map(\.ref), default: 0] += 1
        }
        func chiSquared(_ counts: [[String]: Int], orders: Int) -> Double {
            let expected = Double(seeds) / Double(orders)
            return counts.values.reduce(0) { $0 + pow(Double($1) - expected, 2) / expected }
        }
        #expect(twoItems.count == 2 && twoItems[["i1", "i2"]] != nil, "\(twoItems)")
        #expect(threePairs.count == 6 && threePairs[["r1", "r2", "r3"]] != nil, "\(threePairs)")
        #expect(chiSquared(twoItems, orders: 2) < 10.83, "\(twoItems)")
        #expect(chiSquared(threePairs, orders: 6) < 20.52, "\(threePairs)")
    }

    @Test func answerShapesAreCheckedPerType() {
        let paper = AttemptPaper.draw(Self.quiz(), seed: 1)
        let single = paper.entry("q1")!, order = paper.entry("ord")!, match = paper.entry("mat")!
        let o = single.options.map(\.id), i = order.items.map(\.id), l = match.left.map(\.id), r = match.right.map(\.id)
        let good: [(AttemptPaper.Entry, JSONValue)] = [
            (single, .string(o[0])),
            (order, .array(i.reversed().map(JSONValue.string))),
            (match, .object([l[0]: .string(r[1])])),
            (match, .object([:])),
        ]
        for (entry, answer) in good { #expect(AttemptPaper.problem(with: answer, for: entry) == nil, "\(answer)") }
        let bad: [(AttemptPaper.Entry, JSONValue)] = [
            (single, .string("o1")), (single, .number(1)), (single, .array([.string(o[0])])),
            (order, .array([.string(i[0])])), (order, .array([.string(i[0]), .string(i[0])])),
            (match, .object(["l1": .string(r[0])])), (match, .object([l[0]: .number(1)])), (match, .string(l[0])),
            (paper.entry("desc")!, .string("так")),
        ]
        for (entry, answer) in bad { #expect(AttemptPaper.problem(with: answer, for: entry) != nil, "\(answer)") }
        var entry = AttemptPaper.Entry(question: "x", type: .numeric)
        #expect(AttemptPaper.problem(with: .string("30"), for: entry) != nil)
        #expect(AttemptPaper.problem(with: .number(30), for: entry) == nil)
        entry.type = .trueFalse
        #expect(AttemptPaper.problem(with: .number(1), for: entry) != nil)
        entry.type = .short
        #expect(AttemptPaper.problem(with: .string(String(repeating: "а", count: 1001)), for: entry) != nil)
        entry.type = .multiple
        #expect(AttemptPaper.problem(with: .array([]), for: entry) == nil)
    }

    @Test func anAttemptIsGradedThroughItsOpaqueIds() {
        var quiz = Self.quiz(draw: 4, shuffleQuestions: true, shuffleOptions: true)
        quiz.questions.removeAll { $0.kind != .single }
        let paper = AttemptPaper.draw(quiz, seed: 99)
        var answers: [String: JSONValue] = [:]
        for (n, entry) in paper.entries.enumerated() where entry.type == .single {
            // Half right (the option whose ref is o1), half wrong.
            let pick = entry.options.first { ($0.ref == "o1") == n.isMultiple(of: 2) }!
            answers[entry.question] = .string(pick.id)
        }
        let byID = Dictionary(uniqueKeysWithValues: quiz.questions.map { ($0.id, $0) })
        let score = AttemptScore.grade(paper: paper, key: { byID[$0] }, answers: answers, essayPoints: [:])
        #expect(score.maxScore == 4 && score.score == 2 && score.percent == 50 && score.pendingEssays.isEmpty)
        #expect(score.items.map(\.fraction) == [1, 0, 1, 0])
    }
}
