@testable import HromadaPacks
import Testing

/// Every row of the contract's scoring table, and every GIFT weight form.
@Suite struct GradingTests {
    static func q(_ kind: Question.Kind, _ build: (inout Question) -> Void = { _ in }) -> Question {
        var q = Question(id: "q", kind: kind, text: "?", points: 1, source: "t:1")
        build(&q)
        return q
    }

    static let single = q(.single) { $0.options = [.init(id: "o1", text: "a", weight: 1), .init(id: "o2", text: "b", weight: 0)] }
    static let singlePartial = q(.single) { $0.options = [.init(id: "o1", text: "a", weight: 1), .init(id: "o2", text: "b", weight: 0.5), .init(id: "o3", text: "c", weight: -1)] }
    // Default weights of a multiple question with k = 2 correct of 3: +1/2, +1/2, −1/2.
    static let multiple = q(.multiple) { $0.options = [.init(id: "o1", text: "a", weight: 0.5), .init(id: "o2", text: "b", weight: 0.5), .init(id: "o3", text: "c", weight: -0.5)] }
    static let trueFalse = q(.trueFalse) { $0.trueFalseAnswer = false }
    static let short = q(.short) { $0.textAnswers = [.init(text: "Місцевий бюджет", weight: 1), .init(text: "бюджет", weight: 0.5)] }
    static let shortCase = q(.short) { $0.textAnswers = [.init(text: "ЄКТС", weight: 1)]; $0.caseSensitive = true }
    static let numeric = q(.numeric) { $0.numericAnswers = [.init(value: 1822, tolerance: 0, weight: 1), .init(value: 1822, tolerance: 2, weight: 0.5)] }
    static let range = q(.numeric) { $0.numericAnswers = [.init(value: nil, tolerance: 0, min: 1, max: 5, weight: 1)] }
    static let matching = q(.matching) { $0.pairs = [.init(left: "Рада", right: "Бюджет"), .init(left: "Виконком", right: "Проєкт"), .init(left: "Староста", right: "Округ")] }
    static let ordering = q(.ordering) { $0.items = ["a", "b", "c", "d"] }
    static let orderingPartial = q(.ordering) { $0.items = ["a", "b", "c", "d"]; $0.partial = true }

    static let rows: [(String, Question, Answer?, Grading.Outcome)] = [
        ("single right", single, .option("o1"), .scored(1)),
        ("single wrong", single, .option("o2"), .scored(0)),
        ("single unknown option", single, .option("zz"), .scored(0)),
        ("single explicit partial weight", singlePartial, .option("o2"), .scored(0.5)),
        ("single negative weight floors at 0", singlePartial, .option("o3"), .scored(0)),
        ("multiple all right", multiple, .options(["o1", "o2"]), .scored(1)),
        ("multiple half", multiple, .options(["o1"]), .scored(0.5)),
        ("multiple right and wrong", multiple, .options(["o1", "o3"]), .scored(0)),
        ("multiple everything", multiple, .options(["o1", "o2", "o3"]), .scored(0.5)),
        ("multiple only wrong floors at 0", multiple, .options(["o3"]), .scored(0)),
        ("true_false right", trueFalse, .bool(false), .scored(1)),
        ("true_false wrong", trueFalse, .bool(true), .scored(0)),
        ("short exact", short, .text("Місцевий бюджет"), .scored(1)),
        ("short trimmed, collapsed, case-folded", short, .text("  місцевий    БЮДЖЕТ "), .scored(1)),
        ("short NFC: й written as и + combining breve", short, .text("Місцеви\u{0438}\u{0306} бюджет"), .scored(1)),
        ("short weighted alternative", short, .text("Бюджет"), .scored(0.5)),
        ("short wrong", short, .text("кошторис"), .scored(0)),
        ("short case-sensitive right", shortCase, .text("ЄКТС"), .scored(1)),
        ("short case-sensitive wrong case", shortCase, .text("єктс"), .scored(0)),
        ("numeric exact", numeric, .number(1822), .scored(1)),
        ("numeric within the wider tolerance", numeric, .number(1820), .scored(0.5)),
        ("numeric outside", numeric, .number(1819), .scored(0)),
        ("numeric range lower bound", range, .number(1), .scored(1)),
        ("numeric range outside", range, .number(5.01), .scored(0)),
        ("matching all", matching, .matching(["l1": "r1", "l2": "r2", "l3": "r3"]), .scored(1)),
        ("matching two of three", matching, .matching(["l1": "r1", "l2": "r3", "l3": "r3"]), .scored(2.0 / 3.0)),
        ("matching none", matching, .matching([:]), .scored(0)),
        ("ordering right", ordering, .ordering(["i1", "i2", "i3", "i4"]), .scored(1)),
        ("ordering wrong without partial", ordering, .ordering(["i1", "i2", "i4", "i3"]), .scored(0)),
        ("ordering partial: items in place", orderingPartial, .ordering(["i1", "i2", "i4", "i3"]), .scored(0.5)),
        ("essay waits for a trainer", q(.essay), .text("Есе"), .needsGrading),
        ("description is not scored", q(.description), nil, .notScored),
        ("unanswered scores 0", single, nil, .scored(0)),
        ("answer of the wrong shape scores 0", numeric, .text("1822"), .scored(0)),
    ]

    @Test(arguments: rows.indices)
    func scoringTable(_ index: Int) {
        let (name, question, answer, expected) = Self.rows[index]
        let outcome = Grading.score(question, answer)
        switch (outcome, expected) {
        case (.scored(let a), .scored(let b)): #expect(abs(a - b) < 1e-12, "\(name): \(a) vs \(b)")
        default: #expect(outcome == expected, "\(name)")
        }
    }

    @Test func giftWeightFormsScoreAsMoodleDoes() throws {
        let out = GIFTParser.parse("""
            ::m:: Хто? {~%50%Грант ~%50%Дружина Гранта ~%-100%Ніхто}

            ::s:: Що? {=%100%так ~%50%майже ~ні}

            ::n:: Рік? {#=1822:0 =%50%1822:2}

            ::sa:: Назва? {=бюджет =%50%кошторис}
            """, path: "b.gift")
        let q = Dictionary(uniqueKeysWithValues: out.questions.map { ($0.id, $0) })
        #expect(Grading.score(try #require(q["m"]), .options(["o1", "o2"])) == .scored(1))
        #expect(Grading.score(try #require(q["m"]), .options(["o1", "o3"])) == .scored(0))
        #expect(Grading.score(try #require(q["s"]), .option("o2")) == .scored(0.5))
        #expect(Grading.score(try #require(q["n"]), .number(1823)) == .scored(0.5))
        #expect(Grading.score(try #require(q["sa"]), .text("Кошторис")) == .scored(0.5))
    }

    @Test func percentRoundsHalfUpToTwoDecimals() {
        #expect(Grading.percent([(1, 1), (0, 1), (0, 1)]) == 33.33)
        #expect(Grading.percent([(1, 1), (1, 1), (0, 1)]) == 66.67)
        #expect(Grading.percent([(0.5, 2), (1, 5), (0, 1)]) == 75)
        // 12.345 is 12.34499… in binary; half-up must still give 12.35.
        #expect(Grading.roundHalfUp(12.345) == 12.35)
        #expect(Grading.roundHalfUp(0.005) == 0.01)
        #expect(Grading.percent([]) == 0)
    }

    @Test func quizGradeOverAttemptsFollowsTheMethod() {
        let attempts = [40.0, 90, 65.5]
        #expect(Grading.quizGrade(attempts, method: .highest) == 90)
        #expect(Grading.quizGrade(attempts, method: .last) == 65.5)
        #expect(Grading.quizGrade(attempts, method: .first) == 40)
        #expect(Grading.quizGrade(attempts, method: .average) == 65.17)
        #expect(Grading.quizGrade([], method: .highest) == nil)
    }
}
