import Foundation
import HromadaAPI
import HromadaDomain
@testable import HromadaPacks
@testable import HromadaServer
@testable import HromadaStorage
@testable import HromadaPostgres
import Testing

/// The attempt paper and view are written without `JSONEncoder` on the hot path; what they write
/// must read back exactly as what the encoder writes.
@Suite struct FastJSONTests {
    static func parsed(_ bytes: some Sequence<UInt8>) throws -> NSObject {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? NSObject)
    }

    static let awkward = "Лапки \" і \\ зворотна, / скісна,\nрядок,\tтаб, \u{01} керівний, emoji 🇺🇦"

    static func view(state: Attempt.State, graded: Bool, deadline: Date?) -> Attempt {
        typealias V = Attempt
        let choices = [V.Choice(id: "a1b2c3d4e5", text: awkward), V.Choice(id: "ffeeddccbb", text: "друга")]
        var questions = [
            V.Question(id: "q1", type: .single, text: awkward, points: 1, options: choices),
            V.Question(id: "q2", type: .matching, text: "зіставте", points: 2.5, left: choices, right: choices.reversed()),
            V.Question(id: "q3", type: .ordering, text: "упорядкуйте", points: 0.1, items: choices),
            V.Question(id: "q4", type: .essay, text: "есе", points: 10),
        ]
        questions.append(V.Question(id: "d", type: .description, text: "", points: 0))
        var view = V(
            id: UUID(), enrolmentID: UUID(), quizID: "quiz-1", quizTitle: awkward, number: 3, state: state,
            startedAt: Date(timeIntervalSince1970: 1_790_000_000.123), deadline: deadline,
            secondsLeft: deadline == nil ? nil : 1799.5, submittedAt: graded ? Date(timeIntervalSince1970: 1_790_000_600) : nil,
            attemptsAllowed: 0, questions: questions,
            answers: ["q1": .string("a1b2c3d4e5"), "q2": .object(["a": .string("b"), "c": .null]),
                      "q3": .array([.string("x"), .number(0.5), .number(-3), .bool(true)]), "q4": .string(awkward)])
        if graded {
            view.maxScore = 13.6
            view.passPercent = 60
            if state == .finished { view.score = 12; view.percent = 88.24; view.passed = true }
        }
        return view
    }

    @Test(arguments: [
        (Attempt.State.inProgress, false, true), (.inProgress, false, false),
        (.needsGrading, true, true), (.finished, true, false), (.abandoned, false, true),
    ])
    func viewReadsBackAsTheEncoderWritesIt(state: Attempt.State, graded: Bool, timed: Bool) throws {
        let view = Self.view(state: state, graded: graded, deadline: timed ? Date(timeIntervalSince1970: 1_790_001_800) : nil)
        let fast = try #require(view.jsonBytes)
        #expect(try Self.parsed(fast) == Self.parsed(try JSONEncoder.api.encode(view)))
    }

    @Test func viewWithAReviewGoesTheUsualWay() {
        var view = Self.view(state: .finished, graded: true, deadline: nil)
        view.review = []
        #expect(view.jsonBytes == nil)
    }

    @Test(arguments: [Date?.none, Date(timeIntervalSince1970: 1_790_000_000.987)], ["", awkward, "\"" + awkward + "\n", "\u{1F}"])
    func lessonReadsBackAsTheEncoderWritesIt(completedAt: Date?, text: String) throws {
        let lesson = EnrolmentStore.LessonView(id: "l-1", title: text, minutes: 12, markdown: "# " + text + "\n\n" + text,
                                               html: "<p>" + text + "</p>", completedAt: completedAt)
        // The row as PostgreSQL would send it for the lesson statement.
        let row = PGRow(columns: ["id": 0, "title": 1, "minutes": 2, "markdown_json": 3, "html_json": 4, "completed_at": 5, "unfiltered_html": 6],
                        values: [lesson.id, lesson.title, "12", try Self.literal(lesson.markdown), try Self.literal(lesson.html),
                                 completedAt.map(Self.timestamptz), nil])
        let fast = try #require(try EnrolmentStore.lessonJSON(from: [row]))
        #expect(try EnrolmentStore.lessonJSON(from: []) == nil)
        #expect(try Self.parsed(fast) == Self.parsed(try JSONEncoder.api.encode(lesson)))
        // Every text comes back whole, escapes at its start and end included.
        let back = try JSONDecoder().decode([String: JSONValue].self, from: Data(fast))
        #expect(back["markdown"] == .string(lesson.markdown) && back["title"] == .string(text))
    }

    @Test(arguments: [String?.none, "zemelni-vidnosyny"])
    func catalogueReadsBackAsTheEncoderWritesIt(nextCursor: String?) throws {
        let items = [
            CourseSummary(slug: "a", title: Self.awkward, summary: "\"" + Self.awkward + "\n", language: "uk",
                          audience: ["official", "deputy"], hours: 12, credits: 0.4, version: "1.0.0"),
            CourseSummary(slug: "b-2", title: "T", summary: "", language: "en", audience: [], hours: 1.25,
                          credits: 1e-7, version: "2.0.0-beta.1"),
        ]
        for page in [Page(items: items, nextCursor: nextCursor), Page(items: [], nextCursor: nextCursor)] {
            let fast = CourseController.catalogueJSON(page)
            #expect(try Self.parsed(fast) == Self.parsed(try JSONEncoder.api.encode(page)))
            // And the client reads it back as the same values (one shape, HromadaAPI.CourseSummary).
            #expect(try JSONDecoder.api.decode(Page<CourseSummary>.self, from: Data(fast)) == page)
        }
    }

    /// A text as a JSON string literal, as the encoder writes one (the stored literals are
    /// PostgreSQL's `to_json` or ``JSONWriter/literal(_:)``; any valid literal must do).
    static func literal(_ text: String) throws -> String {
        String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
    }

    /// Every ASCII character at every place of a word-scanned text (the writer looks at eight bytes
    /// at a time) comes back exactly, and the ones JSON needs escaped are escaped.
    @Test func everyCharacterAtEveryPlaceReadsBack() throws {
        for code in UInt8(1)...UInt8(127) {
            for place in 0..<19 {
                // One- and two-byte letters mixed, so the character lands at every offset in a word.
                var letters = Array("aбcдeєfжgзhиiіjїkйl")
                letters[place] = Character(Unicode.Scalar(code))
                let original = String(letters)
                var w = JSONWriter()
                w.string(original)
                var raw = JSONWriter()
                raw.string(utf8: ArraySlice(Array(original.utf8)))
                #expect(w.bytes == raw.bytes)
                let back = try JSONDecoder().decode(String.self, from: Data(w.bytes))
                #expect(back == original, "character \(code) at \(place)")
                let escapes = code < 0x20 || code == UInt8(ascii: "\"") || code == UInt8(ascii: "\\")
                #expect(w.bytes.contains(UInt8(ascii: "\\")) == escapes, "character \(code) at \(place)")
            }
        }
    }

    /// A time as PostgreSQL holds it comes out with the same millisecond, through the API's encoder
    /// and through the hand-written views, for every millisecond of a second (Foundation's ISO style
    /// wrote half of them one early) and before 1970.
    @Test func timesComeOutWithTheMillisecondPostgreSQLHolds() throws {
        for ms in 0..<1000 {
            let text = String(format: "2026-09-21 14:13:33.%03d+00", ms)
            let date = try #require(PGTimestamp.parse(text))
            let expected = String(format: "2026-09-21T14:13:33.%03dZ", ms)
            #expect(String(decoding: try JSONEncoder.api.encode([date]), as: UTF8.self) == "[\"\(expected)\"]")
            let row = PGRow(columns: ["id": 0, "title": 1, "minutes": 2, "markdown_json": 3, "html_json": 4, "completed_at": 5, "unfiltered_html": 6],
                            values: ["l", "t", "1", "\"m\"", "\"h\"", text, nil])
            let lesson = try JSONDecoder().decode([String: JSONValue].self, from: Data(try #require(try EnrolmentStore.lessonJSON(from: [row]))))
            #expect(lesson["completed_at"] == .string(expected))
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0.9996)) == "1970-01-01T00:00:01.000Z")
    }

    /// A time as PostgreSQL writes a `timestamptz` in the UTC session zone: `2026-09-21 14:13:20.987000+00`.
    static func timestamptz(_ date: Date) -> String {
        PGTimestamp.format(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "+00")
    }

    @Test func paperReadsBackExactly() throws {
        let paper = AttemptPaper(seed: .max - 12345, entries: [
            { var e = AttemptPaper.Entry(question: Self.awkward, type: .single)
              e.options = [.init(id: "0123456789", ref: "o1"), .init(id: "abcdef0123", ref: "o\"2")]; return e }(),
            { var e = AttemptPaper.Entry(question: "m", type: .matching)
              e.left = [.init(id: "l", ref: "l1")]; e.right = [.init(id: "r", ref: "r1")]; return e }(),
            { var e = AttemptPaper.Entry(question: "o", type: .ordering); e.items = [.init(id: "i", ref: "i1")]; return e }(),
            AttemptPaper.Entry(question: "t", type: .trueFalse),
        ])
        let json = Data(paper.json.utf8)
        #expect(try JSONDecoder().decode(AttemptPaper.self, from: json) == paper)
        #expect(try Self.parsed(json) == Self.parsed(try JSONEncoder.sorted.encode(paper)))
    }
}
