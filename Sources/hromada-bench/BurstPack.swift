import Foundation

/// The course the attempt burst takes: one lesson and a final quiz of 20 questions of every
/// auto-graded type (no essay, so every attempt is graded at submit). The quiz shuffles questions
/// and options, so each attempt's paper differs; the texts are written so that a client can find
/// the right answer from what the attempt shows (options marked «Правильно», matching and ordering
/// items numbered), and the rest of the key is kept here.
enum BurstPack {
    static let slug = "bench-burst"
    static let quizID = "final-burst"
    static let questionCount = 20

    /// How the bench answers one question correctly, given what the attempt shows.
    enum Key: Sendable {
        /// single (the one option) or multiple (every option) whose text starts with «Правильно».
        case markedOptions
        case bool(Bool)
        case text(String)
        case number(Double)
        /// matching: left «Орган N» goes with right «Повноваження N».
        case sameNumber
        /// ordering: items «Етап N» by N.
        case byNumber
    }

    /// One question of the quiz: its YAML and how to answer it.
    struct Item: Sendable {
        var id: String
        var yaml: String
        var key: Key
    }

    /// The quiz's questions: 4 single, 3 multiple, 3 true/false, 3 short, 3 numeric, 2 matching,
    /// 2 ordering.
    static let items: [Item] = {
        let plan = ["single", "multiple", "true_false", "short", "numeric", "matching", "ordering",
                    "single", "multiple", "true_false", "short", "numeric", "matching", "ordering",
                    "single", "multiple", "true_false", "short", "numeric", "single"]
        return plan.enumerated().map { n, type in
            let id = "q\(n + 1)-\(type.replacingOccurrences(of: "_", with: "-"))"
            var yaml = "  - id: \(id)\n    type: \(type)\n    text: \"Питання \(n + 1): оберіть правильну відповідь.\"\n"
            let key: Key
            switch type {
            case "single":
                yaml += "    options:\n"
                yaml += "      - text: \"Хибно А\"\n"
                yaml += "      - text: \"Правильно\"\n        correct: true\n        feedback: \"Так.\"\n"
                yaml += "      - text: \"Хибно Б\"\n"
                yaml += "      - text: \"Хибно В\"\n"
                key = .markedOptions
            case "multiple":
                yaml += "    points: 2\n    options:\n"
                yaml += "      - text: \"Правильно А\"\n        correct: true\n"
                yaml += "      - text: \"Хибно Б\"\n"
                yaml += "      - text: \"Правильно В\"\n        correct: true\n"
                yaml += "      - text: \"Хибно Г\"\n"
                yaml += "      - text: \"Правильно Д\"\n        correct: true\n"
                key = .markedOptions
            case "true_false":
                yaml += "    answer: \(n % 2 == 0)\n"
                key = .bool(n % 2 == 0)
            case "short":
                yaml += "    answers: [\"місцевий бюджет\", \"бюджет громади\"]\n"
                // Case and spacing differ from the key: the grader normalises both.
                key = .text("  Бюджет   Громади ")
            case "numeric":
                yaml += "    answer: 30\n    tolerance: 0.5\n"
                key = .number(30.25)
            case "matching":
                yaml += "    pairs:\n"
                for p in 1...4 { yaml += "      - { left: \"Орган \(p)\", right: \"Повноваження \(p)\" }\n" }
                key = .sameNumber
            default:  // ordering
                yaml += "    partial: true\n    items: [\"Етап 1\", \"Етап 2\", \"Етап 3\", \"Етап 4\", \"Етап 5\"]\n"
                key = .byNumber
            }
            return Item(id: id, yaml: yaml, key: key)
        }
    }()

    static let keys: [String: Key] = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0.key) })

    /// Writes the pack into `dir`.
    static func write(to dir: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("lessons"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("quizzes"), withIntermediateDirectories: true)
        try """
            format: hromada-pack/1
            slug: \(slug)
            version: 1.0.0
            language: uk
            title: Підсумковий тест під навантаженням
            summary: Згенерований курс для вимірювання сплеску спроб.
            audience: [official, deputy]
            hours: 30
            programme: short-term
            modules:
              - id: burst
                title: Модуль
                items:
                  - lesson: lessons/intro.md
                  - quiz: quizzes/final.yaml
            completion:
              lessons: none
              quizzes: [\(quizID)]

            """.write(to: dir.appendingPathComponent("course.yaml"), atomically: true, encoding: .utf8)
        try """
            ---
            id: intro
            title: Вступ
            minutes: 5
            ---
            # Вступ

            Рада ухвалює рішення на пленарному засіданні; виконавчий комітет готує проєкти.

            """.write(to: dir.appendingPathComponent("lessons/intro.md"), atomically: true, encoding: .utf8)
        let quiz = """
            id: \(quizID)
            title: Підсумковий тест
            pass_percent: 60
            max_attempts: 3
            time_limit_minutes: 60
            shuffle_questions: true
            shuffle_options: true
            questions:

            """ + items.map(\.yaml).joined()
        try quiz.write(to: dir.appendingPathComponent("quizzes/final.yaml"), atomically: true, encoding: .utf8)
    }

    // MARK: What the attempt shows

    struct Choice: Decodable, Sendable {
        var id: String
        var text: String
    }

    struct Question: Decodable, Sendable {
        var id: String
        var type: String
        var options: [Choice]?
        var left: [Choice]?
        var right: [Choice]?
        var items: [Choice]?
    }

    struct Attempt: Decodable, Sendable {
        var id: String
        var state: String
        var questions: [Question]
        var percent: Double?
    }

    /// An answer as JSON (the bench does not lean on the server's own types).
    indirect enum Answer: Encodable, Sendable {
        case string(String), bool(Bool), number(Double), array([Answer]), object([String: Answer])
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .string(let s): try c.encode(s)
            case .bool(let b): try c.encode(b)
            case .number(let x): try c.encode(x)
            case .array(let a): try c.encode(a)
            case .object(let o): try c.encode(o)
            }
        }
    }

    /// The right answer to `q` in the shape `PUT /attempts/{id}/answers` takes, or nil when the
    /// question is not one of the pack's.
    static func answer(_ q: Question) -> Answer? {
        func number(_ text: String) -> Int { Int(text.split(separator: " ").last ?? "") ?? -1 }
        switch (keys[q.id], q.type) {
        case (.markedOptions?, "single"):
            return (q.options ?? []).first { $0.text.hasPrefix("Правильно") }.map { .string($0.id) }
        case (.markedOptions?, "multiple"):
            return .array((q.options ?? []).filter { $0.text.hasPrefix("Правильно") }.map { .string($0.id) })
        case (.bool(let b)?, "true_false"):
            return .bool(b)
        case (.text(let s)?, "short"):
            return .string(s)
        case (.number(let x)?, "numeric"):
            return .number(x)
        case (.sameNumber?, "matching"):
            let right = Dictionary((q.right ?? []).map { (number($0.text), $0.id) }, uniquingKeysWith: { a, _ in a })
            var map: [String: Answer] = [:]
            for l in q.left ?? [] {
                guard let r = right[number(l.text)] else { return nil }
                map[l.id] = .string(r)
            }
            return .object(map)
        case (.byNumber?, "ordering"):
            return .array((q.items ?? []).sorted { number($0.text) < number($1.text) }.map { .string($0.id) })
        default:
            return nil
        }
    }
}
