import HromadaDomain
@testable import HromadaPacks
import Testing

/// Moodle's own documented GIFT examples (docs.moodle.org "GIFT format") must import with the
/// types, answers and weights Moodle gives them.
@Suite struct GIFTMoodleExamplesTests {
    static let moodleExamples = """
        // true-false
        ::Q1:: 1+1=2 {T}

        // multiple choice with specified feedback for right and wrong answers
        ::Q2:: What's between orange and green in the spectrum?
        { =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }

        // fill-in-the-blank
        ::Q3:: Two plus {=two =2} equals four.

        // matching
        ::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }

        // math range question
        ::Q5:: What is a number from 1 to 5? {#3:2}

        // math range specified with interval end points
        ::Q6:: What is a number from 1 to 5? {#1..5}

        // multiple numeric answers with partial credit and feedback
        ::Q7:: When was Ulysses S. Grant born? {#
                 =1822:0      # Correct! Full credit.
                 =%50%1822:2  # He was born in 1822. Half credit for being close.
        }

        // essay
        ::Q8:: How are you? {}
        """

    func parse(_ text: String) -> GIFTParser.Output { GIFTParser.parse(text, path: "quizzes/bank.gift") }

    @Test func theSymbolsPageExamplesImportAsMoodleImportsThem() throws {
        let out = parse(Self.moodleExamples)
        #expect(out.diagnostics.isEmpty, "\(out.diagnostics)")
        let q = Dictionary(uniqueKeysWithValues: out.questions.map { ($0.id, $0) })
        #expect(out.questions.map(\.id) == ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"])

        #expect(q["q1"]?.kind == .trueFalse && q["q1"]?.trueFalseAnswer == true && q["q1"]?.text == "1+1=2")

        let q2 = try #require(q["q2"])
        #expect(q2.kind == .single)
        #expect(q2.options.map(\.text) == ["yellow", "red", "blue"])
        #expect(q2.options.map(\.weight) == [1, 0, 0])
        #expect(q2.options.map(\.feedback) == ["right; good!", "wrong, it's yellow", "wrong, it's yellow"])

        let q3 = try #require(q["q3"])
        #expect(q3.kind == .short)
        #expect(q3.text == "Two plus _____ equals four.")
        #expect(q3.textAnswers.map(\.text) == ["two", "2"] && q3.textAnswers.allSatisfy { $0.weight == 1 })

        let q4 = try #require(q["q4"])
        #expect(q4.kind == .matching)
        #expect(q4.pairs == [.init(left: "cat", right: "cat food"), .init(left: "dog", right: "dog food")])

        let q5 = try #require(q["q5"])
        #expect(q5.kind == .numeric && q5.numericAnswers.first?.value == 3 && q5.numericAnswers.first?.tolerance == 2)
        let q6 = try #require(q["q6"])
        #expect(q6.numericAnswers.first?.min == 1 && q6.numericAnswers.first?.max == 5)

        let q7 = try #require(q["q7"])
        #expect(q7.numericAnswers.map(\.value) == [1822, 1822])
        #expect(q7.numericAnswers.map(\.tolerance) == [0, 2])
        #expect(q7.numericAnswers.map(\.weight) == [1, 0.5])
        #expect(q7.numericAnswers.map(\.feedback) == ["Correct! Full credit.", "He was born in 1822. Half credit for being close."])

        #expect(q["q8"]?.kind == .essay)
    }

    @Test func theGrantsTombExamplesImportAsMoodleImportsThem() throws {
        let out = parse("""
            Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}

            Grant is {~buried =entombed ~living} in Grant's tomb.

            Grant is buried in Grant's tomb.{F}

            The sun rises in the east.{T}

            Who's buried in Grant's tomb?{=no one =nobody}

            When was Ulysses S. Grant born?{#1822:5}

            What two people are entombed in Grant's tomb? {
               ~%-100%No one
               ~%50%Grant
               ~%50%Grant's wife
               ~%-100%Grant's father
            }

            Match the following countries with their corresponding capitals. {
               =Canada -> Ottawa
               =Italy  -> Rome
               =Japan  -> Tokyo
               =India  -> New Delhi
               }
            """)
        // The only remark: the fifth question repeats the first one's stem, hence its id.
        #expect(out.diagnostics.map(\.severity) == [.warning], "\(out.diagnostics)")
        #expect(out.diagnostics.first?.line == 9)
        let kinds = out.questions.map(\.kind)
        #expect(kinds == [.single, .single, .trueFalse, .trueFalse, .short, .numeric, .multiple, .matching])
        #expect(out.questions[0].options.map(\.weight) == [0, 0, 1])
        #expect(out.questions[1].text == "Grant is _____ in Grant's tomb.")
        #expect(out.questions[2].trueFalseAnswer == false)
        #expect(out.questions[6].options.map(\.weight) == [-1, 0.5, 0.5, -1])
        #expect(out.questions[7].pairs.map(\.right) == ["Ottawa", "Rome", "Tokyo", "New Delhi"])
        // Without titles, ids come from the stem, so two questions with one stem share a prefix.
        #expect(out.questions[0].id.hasPrefix("q-") && out.questions[0].id.count == 14)
        #expect(out.questions[4].id == out.questions[0].id + "-2")
    }

    @Test func trueFalseFeedbackGeneralFeedbackFormatsAndEscapes() throws {
        let out = parse("""
            $CATEGORY: $course$/Хартія

            ::Рік ратифікації::[markdown]Україна ратифікувала Хартію у 1997 році.{TRUE#Ні, це було 1997 року.#Так.####Закон від 15.07.1997 № 452/97-ВР.}

            ::escapes::[html]<p>Що означає \\{ \\} \\= \\~ \\# \\: у GIFT?</p>{=Екранування\\: символ стає буквальним ~Коментар}

            Це лише опис без відповідей.
            """)
        #expect(out.diagnostics.isEmpty, "\(out.diagnostics)")
        #expect(out.categories == ["$course$/Хартія"])
        let tf = out.questions[0]
        #expect(tf.id == "rik-ratyfikatsii")
        #expect(tf.trueFalseFeedback == ["Ні, це було 1997 року.", "Так."])
        #expect(tf.generalFeedback == "Закон від 15.07.1997 № 452/97-ВР.")
        let esc = out.questions[1]
        #expect(esc.text == "Що означає { } = ~ # : у GIFT?")
        #expect(esc.options.first?.text == "Екранування: символ стає буквальним")
        #expect(out.questions[2].kind == .description && out.questions[2].points == 0)
    }

    @Test func crlfFilesParseLikeLF() {
        let lf = parse("::a:: One {=1 ~2}\n\n::b:: Two {T}\n")
        let crlf = parse("::a:: One {=1 ~2}\r\n\r\n::b:: Two {T}\r\n")
        #expect(lf.questions == crlf.questions)
    }

    @Test func weightsMoodleRefusesAreRefusedWithTheLine() {
        let out = parse("::ok:: A {~%50%a ~%50%b ~%-100%c}\n\n::bad:: B {~%33%a ~%67%b}\n\n::fine:: C {~%33.33333%a ~%66.66667%b}\n")
        #expect(out.questions.map(\.id) == ["ok", "fine"])
        #expect(out.diagnostics.count == 1)
        #expect(out.diagnostics.first?.line == 3)
        #expect(out.diagnostics.first?.message.contains("weight 33%") == true)
    }

    @Test func syntaxErrorsNameTheGIFTLine() {
        let out = parse("::one:: Fine {T}\n\n::two:: Broken\nanswer {=a ~b\n\n::three:: Bad {maybe}\n\n::four:: {#abc}\n")
        #expect(out.questions.map(\.id) == ["one"])
        let lines = out.diagnostics.map { "\($0.line):\($0.column)" }
        #expect(lines == ["4:8", "6:16", "8:12"])
        #expect(out.diagnostics.allSatisfy { $0.path == "quizzes/bank.gift" && $0.severity == .error })
    }

    /// Found in review: a renamed repeat could take the id of a real question further on.
    @Test func repeatedIdsAreRenamedPastEveryIdTaken() {
        let forward = parse("::foo:: A {T}\n\n::foo:: B {T}\n\n::foo-2:: C {T}\n")
        #expect(forward.questions.map(\.id) == ["foo", "foo-2", "foo-2-2"])
        #expect(forward.diagnostics.map(\.severity) == [.warning, .warning], "\(forward.diagnostics)")
        let backward = parse("::foo-2:: A {T}\n\n::foo:: B {T}\n\n::foo:: C {T}\n")
        #expect(backward.questions.map(\.id) == ["foo-2", "foo", "foo-3"])
        #expect(backward.diagnostics.count == 1 && backward.diagnostics[0].severity == .warning && backward.diagnostics[0].line == 5)
    }

    /// Moodle compares a weight as a fraction to within 0.00001, so 33.333 % is its 33.33333 %.
    @Test func weightsAreComparedAsMoodleComparesThem() {
        let out = parse("::w:: A {~%33.333%a ~%33.333%b ~%33.333%c ~%-100%d}\n\n::v:: B {~%66.667%a ~%33.333%b}\n\n::x:: C {~%33.3%a ~%66.7%b}\n")
        #expect(out.questions.map(\.id) == ["w", "v"])
        #expect(out.diagnostics.count == 1 && out.diagnostics.first?.line == 5, "\(out.diagnostics)")
        #expect(out.questions.first?.options.first.map { abs($0.weight - 0.33333) < 1e-9 } == true)
    }

    /// Moodle's numerical export ends with `~#feedback`: the feedback for any other answer.
    @Test func aNumericalQuestionsOtherAnswerFeedbackIsNotGluedToAnAnswer() throws {
        let out = parse("::N::Скільки? {#\n\t=%100%1822:0#Так\n\t=%50%1822:2#Майже\n\t~#Ні, 1822\n}\n\n::N2::Скільки? {#=30:0 ~#Ні}\n\n::N3:: Bad {#=30 ~%50%31}\n")
        #expect(out.questions.map(\.id) == ["n", "n2"], "\(out.diagnostics)")
        let n = out.questions[0]
        #expect(n.numericAnswers.map(\.feedback) == ["Так", "Майже"])
        #expect(n.otherAnswerFeedback == "Ні, 1822")
        #expect(AttemptScore.feedback(n, Answer.number(1823)) == ["Майже"])
        #expect(AttemptScore.feedback(n, Answer.number(1700)) == ["Ні, 1822"])
        #expect(out.questions[1].otherAnswerFeedback == "Ні" && out.questions[1].numericAnswers.count == 1)
        #expect(out.diagnostics.count == 1 && out.diagnostics[0].line == 9 && out.diagnostics[0].severity == .error, "\(out.diagnostics)")
    }

    /// With `[html]` the answers and feedback are HTML too, as in Moodle; all text is NFC.
    @Test func htmlAnswersAndFeedbackLoseTheirMarkupAndTextIsNFC() throws {
        let out = parse("::HA::[html]<p>Коли ратифіковано?</p>{\n\t=<p>1997</p>#<p>Так</p>\n\t~<p>1991 &amp; 2014</p>\n####<p>Загальний</p>\n}\n\n::D:: Вибір {=відповідь и\u{306} ~інша}\n")
        #expect(out.diagnostics.isEmpty, "\(out.diagnostics)")
        let q = out.questions[0]
        #expect(q.options.map(\.text) == ["1997", "1991 & 2014"])
        #expect(q.options[0].feedback == "Так" && q.generalFeedback == "Загальний")
        #expect(out.questions[1].options[0].text == "відповідь й" && out.questions[1].options[0].text.unicodeScalars.count == 11)
    }

    /// Moodle's `= -> right` adds a wrong right-hand choice: not a row to match, not a pair to score.
    @Test func aMatchingDistractorIsAChoiceNotAPair() throws {
        let out = parse("::M::Поєднайте.{\n=Рада -> затверджує бюджет\n=Виконавчий комітет -> готує проєкт бюджету\n= -> зайвий варіант\n}\n")
        #expect(out.diagnostics.isEmpty, "\(out.diagnostics)")
        let q = out.questions[0]
        let quiz = Quiz(id: "q", title: "Q", path: "q.yaml", passPercent: 50, maxAttempts: 0, timeLimitMinutes: nil,
                        whenTimeExpires: .autosubmit, grading: .highest, shuffleQuestions: false, shuffleOptions: false,
                        draw: nil, review: .afterSubmit, questions: [q])
        let entry = AttemptPaper.draw(quiz, seed: 7).entries[0]
        #expect(entry.left.map(\.ref) == ["l1", "l2"])
        #expect(Set(entry.right.map(\.ref)) == ["r1", "r2", "r3"])
        #expect(Grading.score(q, .matching(["l1": "r1", "l2": "r2"])) == .scored(1))
        #expect(Grading.score(q, .matching(["l1": "r1", "l2": "r3"])) == .scored(0.5))
    }

    /// Found in review: a question of only a title and answers was accepted, while YAML requires text.
    @Test func aQuestionWithoutTextIsAnErrorAtItsPlace() {
        let out = parse("::T::{T}\n\n{=a ~b}\n\n::H:: [html]<p> </p> {=a ~b}\n\n::D::\n\n::ok:: Текст {T}\n")
        #expect(out.questions.map(\.id) == ["ok"])
        let message = "error: a question needs text, as in ::id:: Text {=answer ~other}"
        #expect(out.diagnostics.map(\.description) == ["1:6", "3:1", "5:13", "7:1"].map { "quizzes/bank.gift:\($0): \(message)" },
                "\(out.diagnostics)")
    }

    @Test func aChoiceWithoutAnyCorrectAnswerIsAnError() {
        let out = parse("Q {~a ~b}")
        #expect(out.questions.isEmpty && out.diagnostics.first?.message.contains("no answer is correct") == true)
    }
}

@Suite struct GIFTRobustnessTests {
    /// Arbitrary bytes and mangled GIFT never crash the parser: it returns questions or diagnostics.
    @Test func arbitraryInputNeverCrashes() {
        var rng = SplitMix64(seed: 20261129)
        let alphabet = Array("{}=~#:%->.\\ \n\r\tаб1TF[]/$::::####..//")
        for round in 0..<3000 {
            let length = Int(rng.next() % 120)
            var text = ""
            for _ in 0..<length {
                if rng.next() % 5 == 0 {
                    text.unicodeScalars.append(Unicode.Scalar(UInt32(rng.next() % 0xD7FF)) ?? "x")
                } else {
                    text.append(alphabet[Int(rng.next() % UInt64(alphabet.count))])
                }
            }
            let out = GIFTParser.parse(text, path: "fuzz.gift")
            // Every block becomes a question or a diagnostic; nothing is silently dropped.
            for d in out.diagnostics { #expect(d.line >= 1 && d.column >= 1, "round \(round)") }
        }
    }
}
