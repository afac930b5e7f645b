import Foundation
public import HromadaDomain

extension AttemptPaper {
    /// Longest text answer to a short question, in characters.
    public static let maxShortAnswer = 1_000
    /// Longest essay, in characters.
    public static let maxEssay = 50_000

    /// Why `answer` does not have the shape `entry`'s question takes, or nil when it does.
    /// Shapes: single → option id; multiple → [option ids]; true_false → bool; short → string;
    /// numeric → number; matching → {left id: right id}; ordering → [every item id once]; essay → string.
    public static func problem(with answer: JSONValue, for entry: Entry) -> LocalizedText? {
        let options = Set(entry.options.map(\.id))
        switch (entry.type, answer) {
        case (.single, .string(let id)):
            return options.contains(id) ? nil : .init(
                uk: "«\(id)» не є варіантом цього питання", en: "'\(id)' is not an option of this question")
        case (.single, _):
            return .init(uk: "очікується ідентифікатор варіанта (рядок)", en: "expected an option id (a string)")
        case (.multiple, .array(let values)):
            var seen = Set<String>()
            for value in values {
                guard case .string(let id) = value else {
                    return .init(uk: "очікується масив ідентифікаторів варіантів", en: "expected an array of option ids")
                }
                guard options.contains(id) else {
                    return .init(uk: "«\(id)» не є варіантом цього питання", en: "'\(id)' is not an option of this question")
                }
                guard seen.insert(id).inserted else {
                    return .init(uk: "варіант «\(id)» вказано двічі", en: "option '\(id)' is given twice")
                }
            }
            return nil
        case (.multiple, _):
            return .init(uk: "очікується масив ідентифікаторів варіантів", en: "expected an array of option ids")
        case (.trueFalse, .bool):
            return nil
        case (.trueFalse, _):
            return .init(uk: "очікується true або false", en: "expected true or false")
        case (.short, .string(let text)):
            return text.count <= maxShortAnswer ? nil : .init(
                uk: "відповідь довша за \(maxShortAnswer) символів", en: "the answer is longer than \(maxShortAnswer) characters")
        case (.short, _):
            return .init(uk: "очікується рядок", en: "expected a string")
        case (.numeric, .number(let x)):
            return x.isFinite ? nil : .init(uk: "очікується скінченне число", en: "expected a finite number")
        case (.numeric, _):
            return .init(uk: "очікується число (не рядок)", en: "expected a number (not a string)")
        case (.matching, .object(let map)):
            let left = Set(entry.left.map(\.id)), right = Set(entry.right.map(\.id))
            for (l, r) in map.sorted(by: { $0.key < $1.key }) {
                guard left.contains(l) else {
                    return .init(uk: "«\(l)» не є лівою частиною цього питання", en: "'\(l)' is not a left-hand item of this question")
                }
                guard case .string(let rid) = r, right.contains(rid) else {
                    return .init(uk: "для «\(l)» очікується ідентифікатор правої частини", en: "expected a right-hand id for '\(l)'")
                }
            }
            return nil
        case (.matching, _):
            return .init(uk: "очікується обʼєкт {ліва частина: права частина}", en: "expected an object {left id: right id}")
        case (.ordering, .array(let values)):
            let ids = values.compactMap { if case .string(let s) = $0 { s } else { nil } }
            guard ids.count == values.count, ids.sorted() == entry.items.map(\.id).sorted() else {
                return .init(uk: "очікується масив з усіма \(entry.items.count) ідентифікаторами елементів, кожен один раз",
                             en: "expected an array holding each of the \(entry.items.count) item ids exactly once")
            }
            return nil
        case (.ordering, _):
            return .init(uk: "очікується масив ідентифікаторів елементів", en: "expected an array of item ids")
        case (.essay, .string(let text)):
            return text.count <= maxEssay ? nil : .init(
                uk: "есе довше за \(maxEssay) символів", en: "the essay is longer than \(maxEssay) characters")
        case (.essay, _):
            return .init(uk: "очікується текст есе (рядок)", en: "expected the essay text (a string)")
        case (.description, _):
            return .init(uk: "це пояснення, а не питання: відповідь не потрібна", en: "this is a description, not a question: it takes no answer")
        }
    }

    /// A saved answer in the question's own ids, as ``Grading`` takes it. Nil for an answer that does
    /// not fit (never saved, but a key from a later release may have fewer options).
    public static func canonical(_ answer: JSONValue, for entry: Entry) -> Answer? {
        func ref(_ id: String, in choices: [Choice]) -> String? { choices.first { $0.id == id }?.ref }
        switch (entry.type, answer) {
        case (.single, .string(let id)):
            return ref(id, in: entry.options).map(Answer.option)
        case (.multiple, .array(let values)):
            return .options(values.compactMap { if case .string(let id) = $0 { ref(id, in: entry.options) } else { nil } })
        case (.trueFalse, .bool(let b)):
            return .bool(b)
        case (.short, .string(let s)), (.essay, .string(let s)):
            return .text(s)
        case (.numeric, .number(let x)):
            return .number(x)
        case (.matching, .object(let map)):
            var out: [String: String] = [:]
            for (l, r) in map {
                if case .string(let rid) = r, let lref = ref(l, in: entry.left), let rref = ref(rid, in: entry.right) { out[lref] = rref }
            }
            return .matching(out)
        case (.ordering, .array(let values)):
            return .ordering(values.compactMap { if case .string(let id) = $0 { ref(id, in: entry.items) } else { nil } })
        default:
            return nil
        }
    }
}

/// An attempt's grade: each question's share and the totals.
public struct AttemptScore: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var question: String
        public var points: Double
        /// The fraction of the points earned; nil while an essay waits for a trainer.
        public var fraction: Double?
        public var answered: Bool
        /// Feedback the author wrote for the answer given, then the question's general feedback.
        public var feedback: [String]
        public var score: Double? { fraction.map { $0 * points } }
    }

    public var items: [Item]
    /// Σ f·points, rounded half-up to 2 decimals.
    public var score: Double
    /// Σ points of the questions the attempt holds.
    public var maxScore: Double
    /// 100 × Σ f·points / Σ points, half-up to 2 decimals.
    public var percent: Double
    /// Essays a trainer has not graded yet.
    public var pendingEssays: [String]

    /// Grades an attempt: `key` gives the question that grades each paper entry (the attempt's own
    /// release, or a corrected one on regrade), `essayPoints` what trainers gave.
    public static func grade(
        paper: AttemptPaper, key: (String) -> Question?, answers: [String: JSONValue], essayPoints: [String: Double]
    ) -> AttemptScore {
        var items: [Item] = []
        var pending: [String] = []
        for entry in paper.entries {
            guard let question = key(entry.question), question.kind != .description else { continue }
            let raw = answers[entry.question]
            let answer = raw.flatMap { AttemptPaper.canonical($0, for: entry) }
            var fraction: Double?
            switch Grading.score(question, answer) {
            case .scored(let f): fraction = f
            case .notScored: continue
            case .needsGrading:
                if let p = essayPoints[entry.question] {
                    fraction = question.points > 0 ? min(1, max(0, p / question.points)) : 0
                } else {
                    pending.append(entry.question)
                }
            }
            items.append(Item(question: entry.question, points: question.points, fraction: fraction,
                              answered: raw != nil, feedback: feedback(question, answer)))
        }
        let maxScore = items.reduce(0) { $0 + $1.points }
        let score = Grading.roundHalfUp(items.reduce(0) { $0 + ($1.score ?? 0) })
        let percent = Grading.percent(items.map { (fraction: $0.fraction ?? 0, points: $0.points) })
        return AttemptScore(items: items, score: score, maxScore: maxScore, percent: percent, pendingEssays: pending)
    }

    static func feedback(_ q: Question, _ answer: Answer?) -> [String] {
        var out: [String] = []
        switch (q.kind, answer) {
        case (.single, .option(let id)?):
            out += q.options.filter { $0.id == id }.compactMap(\.feedback)
        case (.multiple, .options(let ids)?):
            out += q.options.filter { ids.contains($0.id) }.compactMap(\.feedback)
        case (.trueFalse, .bool(let b)?):
            let right = b == q.trueFalseAnswer
            if q.trueFalseFeedback.count > (right ? 1 : 0) { out.append(q.trueFalseFeedback[right ? 1 : 0]) }
        case (.short, .text(let text)?):
            let given = Grading.normalise(text, caseSensitive: q.caseSensitive)
            if let match = q.textAnswers.filter({ Grading.normalise($0.text, caseSensitive: q.caseSensitive) == given })
                .max(by: { $0.weight < $1.weight }), let f = match.feedback { out.append(f) }
        case (.numeric, .number(let x)?):
            if let match = q.numericAnswers.filter({ $0.accepts(x) }).max(by: { $0.weight < $1.weight }) {
                if let f = match.feedback { out.append(f) }
            } else if let f = q.otherAnswerFeedback {
                out.append(f)
            }
        default:
            break
        }
        if let general = q.generalFeedback { out.append(general) }
        return out.filter { !$0.isEmpty }
    }
}
