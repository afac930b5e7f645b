import Foundation

/// An answer a learner sends for one question. Option, left, right and item ids are the question's
/// own (`o1`…, `l1`…/`r1`… with pair *n* joining `ln` and `rn`, `i1`… in the right order); an attempt
/// maps its opaque ids onto these before grading.
public enum Answer: Sendable, Equatable, Codable {
    case option(String)
    case options([String])
    case bool(Bool)
    case text(String)
    case number(Double)
    case matching([String: String])
    case ordering([String])
}

/// Exact scoring of the course-pack contract: each question scores a fraction of its points, an
/// attempt's percent is 100 × Σ f·points / Σ points rounded half-up to 2 decimals, and a quiz's grade
/// over attempts follows its grading method. Pure functions, no I/O.
public enum Grading {
    public enum Outcome: Sendable, Equatable {
        /// A fraction in 0…1 of the question's points.
        case scored(Double)
        /// An essay: a trainer sets the points.
        case needsGrading
        /// A description holds no points.
        case notScored
    }

    /// The fraction `answer` earns on `question`; nil answer scores 0.
    public static func score(_ question: Question, _ answer: Answer?) -> Outcome {
        switch question.kind {
        case .essay: return .needsGrading
        case .description: return .notScored
        default: break
        }
        guard let answer else { return .scored(0) }
        let f: Double
        switch (question.kind, answer) {
        case (.single, .option(let id)):
            f = question.options.first { $0.id == id }?.weight ?? 0
        case (.multiple, .options(let ids)):
            let chosen = Set(ids)
            f = question.options.filter { chosen.contains($0.id) }.reduce(0) { $0 + $1.weight }
        case (.trueFalse, .bool(let b)):
            f = b == question.trueFalseAnswer ? 1 : 0
        case (.short, .text(let text)):
            let given = normalise(text, caseSensitive: question.caseSensitive)
            f = question.textAnswers.filter { normalise($0.text, caseSensitive: question.caseSensitive) == given }
                .map(\.weight).max() ?? 0
        case (.numeric, .number(let x)):
            f = question.numericAnswers.filter { $0.accepts(x) }.map(\.weight).max() ?? 0
        case (.matching, .matching(let map)):
            // Distractors (no left side) are not pairs to find.
            let rows = question.pairs.indices.filter { !question.pairs[$0].left.isEmpty }
            guard !rows.isEmpty else { return .scored(0) }
            let right = rows.filter { map["l\($0 + 1)"] == "r\($0 + 1)" }.count
            f = Double(right) / Double(rows.count)
        case (.ordering, .ordering(let ids)):
            let expected = question.items.indices.map { "i\($0 + 1)" }
            if ids == expected {
                f = 1
            } else if question.partial {
                let inPlace = zip(ids, expected).filter { $0 == $1 }.count
                f = Double(inPlace) / Double(expected.count)
            } else {
                f = 0
            }
        default:
            f = 0
        }
        return .scored(min(1, max(0, f)))
    }

    /// Trimmed, inner whitespace collapsed, NFC, and case-folded unless case matters.
    static func normalise(_ text: String, caseSensitive: Bool) -> String {
        let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").precomposedStringWithCanonicalMapping
        return caseSensitive ? collapsed : collapsed.folding(options: [.caseInsensitive], locale: nil)
    }

    /// 100 × Σ f·points / Σ points, rounded half-up to 2 decimals (0 when there are no points).
    public static func percent(_ scored: [(fraction: Double, points: Double)]) -> Double {
        let total = scored.reduce(0) { $0 + $1.points }
        guard total > 0 else { return 0 }
        let earned = scored.reduce(0) { $0 + $1.fraction * $1.points }
        return roundHalfUp(100 * earned / total)
    }

    /// Half-up to 2 decimals; the small epsilon absorbs binary noise such as 12.345 stored as 12.34499….
    public static func roundHalfUp(_ x: Double) -> Double {
        (x * 100 + 0.5 + 1e-9).rounded(.down) / 100
    }

    /// The quiz grade over finished attempts' percents, in the order they were made.
    public static func quizGrade(_ percents: [Double], method: Quiz.Grading) -> Double? {
        guard !percents.isEmpty else { return nil }
        switch method {
        case .highest: return percents.max()
        case .last: return percents.last
        case .first: return percents.first
        case .average: return roundHalfUp(percents.reduce(0, +) / Double(percents.count))
        }
    }
}

extension Question.NumericAnswer {
    /// Whether `x` is this answer: within `value ± tolerance`, or in `min…max`.
    public func accepts(_ x: Double) -> Bool {
        if let lo = min, let hi = max { return lo <= x && x <= hi }
        if let v = value { return abs(x - v) <= tolerance + 1e-12 }
        return false
    }
}
