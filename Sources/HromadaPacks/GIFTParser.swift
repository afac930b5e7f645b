import Foundation

/// Moodle's GIFT question format, with Moodle's semantics.
///
/// Questions are separated by blank lines; `//` lines are comments; `$CATEGORY:` lines name a
/// category. A question is `[::title::][[format]] text {answers} [text]`. The answer block decides
/// the type the way Moodle's importer does: empty → essay, `#…` → numerical, any `~` → multiple
/// choice (one answer with `=` makes it single-answer, none makes it multiple-answer), no `=` →
/// true/false, `->` → matching, otherwise short answer. No braces at all → description; text after
/// the braces → a missing-word question. Weights must be one of Moodle's grade fractions.
public enum GIFTParser {
    public struct Output: Sendable {
        public var questions: [Question]
        public var diagnostics: [Diagnostic]
        public var categories: [String]
    }

    /// Moodle's grade options, in percent; GIFT weights must be one of them or its negative.
    static let gradeOptions: [Double] = [
        100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
        16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0,
    ]

    struct Block {
        var lines: [(number: Int, text: String)]
        var text: String { lines.map(\.text).joined(separator: "\n") }
        var firstLine: Int { lines.first?.number ?? 1 }

        /// Line and column (1-based) of a character offset into `text`.
        func position(of offset: Int) -> (Int, Int) {
            var remaining = offset
            for line in lines {
                let length = line.text.count + 1
                if remaining < length { return (line.number, remaining + 1) }
                remaining -= length
            }
            return (lines.last?.number ?? 1, 1)
        }
    }

    struct Failure: Error {
        var offset: Int
        var message: String
    }

    public static func parse(_ source: String, path: String) -> Output {
        let text = source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var blocks: [Block] = []
        var current: [(Int, String)] = []
        var categories: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("//") { continue }
            if trimmed.hasPrefix("$CATEGORY:") {
                categories.append(String(trimmed.dropFirst("$CATEGORY:".count)).trimmingCharacters(in: .whitespaces))
                continue
            }
            if trimmed.isEmpty {
                if !current.isEmpty { blocks.append(Block(lines: current)) }
                current = []
            } else {
                current.append((index + 1, String(line)))
            }
        }
        if !current.isEmpty { blocks.append(Block(lines: current)) }

        var output = Output(questions: [], diagnostics: [], categories: categories)
        // Every id given so far (renamed ones too), and the last suffix given to each repeated id: a
        // repeat takes the next `-n` that no question of the file holds, so a file that also has a
        // real `foo-2` gets `foo-3` for its second `foo`, and a later `foo-2` is renamed in turn.
        var taken = Set<String>()
        var suffixes: [String: Int] = [:]
        for block in blocks {
            do {
                var question = try parseQuestion(block, path: path)
                if taken.contains(question.id) {
                    var n = suffixes[question.id, default: 1], renamed: String
                    repeat {
                        n += 1
                        renamed = "\(question.id)-\(n)"
                    } while taken.contains(renamed)
                    suffixes[question.id] = n
                    output.diagnostics.append(Diagnostic(.warning, path, line: block.firstLine, column: 1,
                                                         "question id '\(question.id)' repeats; this one is '\(renamed)'"))
                    question.id = renamed
                }
                taken.insert(question.id)
                output.questions.append(question)
            } catch let failure as Failure {
                let (line, column) = block.position(of: failure.offset)
                output.diagnostics.append(Diagnostic(.error, path, line: line, column: column, failure.message))
            } catch {
                output.diagnostics.append(Diagnostic(.error, path, line: block.firstLine, column: 1, "\(error)"))
            }
        }
        return output
    }

    // MARK: - One question

    static func parseQuestion(_ block: Block, path: String) throws -> Question {
        let chars = Array(block.text)
        var index = skipSpace(chars, 0)
        var title: String?
        if hasPrefix(chars, index, "::") {
            guard let end = find(chars, "::", from: index + 2) else {
                throw Failure(offset: index, message: "the title's closing '::' is missing")
            }
            title = unescape(String(chars[(index + 2)..<end])).trimmingCharacters(in: .whitespaces)
            index = skipSpace(chars, end + 2)
        }
        var format = "moodle"
        if index < chars.count, chars[index] == "[" {
            if let close = chars[index...].firstIndex(of: "]") {
                let marker = String(chars[(index + 1)..<close]).lowercased()
                if ["html", "markdown", "plain", "moodle"].contains(marker) {
                    format = marker
                    index = close + 1
                }
            }
        }

        let source = "\(path):\(block.firstLine)"
        guard let open = find(chars, "{", from: index) else {
            // No answer block: a description.
            if let stray = find(chars, "}", from: index) {
                throw Failure(offset: stray, message: "'}' without an opening '{' (write \\} for a literal brace)")
            }
            let text = cleanText(String(chars[index...]), format: format)
            guard !text.allSatisfy(\.isWhitespace) else { throw Failure(offset: 0, message: noText) }
            return Question(id: id(title: title, stem: text), kind: .description, text: text, points: 0, source: source)
        }
        guard let close = find(chars, "}", from: open + 1) else {
            throw Failure(offset: open, message: "the answer block '{' is never closed with '}'")
        }
        if let nested = find(chars, "{", from: open + 1), nested < close {
            throw Failure(offset: nested, message: "a '{' inside an answer block (write \\{ for a literal brace)")
        }
        let before = cleanText(String(chars[index..<open]), format: format)
        let afterRaw = String(chars[(close + 1)...])
        if let extra = find(chars, "{", from: close + 1) {
            throw Failure(offset: extra, message: "a question may hold only one answer block")
        }
        let after = cleanText(afterRaw, format: format)
        let stem = after.isEmpty ? before : before + " _____ " + after
        var question = Question(id: id(title: title, stem: stem), kind: .essay, text: stem, points: 1, source: source)
        try parseAnswers(Array(chars[(open + 1)..<close]), offset: open + 1, format: format, into: &question)
        // A title only names the question (its id); as in YAML, the learner needs text.
        guard !stem.allSatisfy(\.isWhitespace) else { throw Failure(offset: index, message: noText) }
        return question
    }

    static let noText = "a question needs text, as in ::id:: Text {=answer ~other}"

    static func id(title: String?, stem: String) -> String {
        if let title, !title.isEmpty {
            let id = QuestionID.fromTitle(title)
            if !id.isEmpty { return id }
        }
        return QuestionID.fromStem(stem)
    }

    /// Answers, feedback and matching sides are in the question's text format, as in Moodle: with
    /// `[html]` their markup is taken out like the stem's.
    static func parseAnswers(_ block: [Character], offset: Int, format: String, into q: inout Question) throws {
        var body = block
        // `####` starts the general feedback.
        if let general = find(body, "####", from: 0) {
            q.generalFeedback = cleanText(String(body[(general + 4)...]), format: format)
            body = Array(body[..<general])
        }
        let trimmed = String(body).trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            q.kind = .essay
            return
        }
        let start = skipSpace(body, 0)
        if body[start] == "#" {
            try parseNumeric(Array(body[(start + 1)...]), offset: offset + start + 1, format: format, into: &q)
        } else if find(body, "~", from: 0) != nil {
            try parseChoice(body, offset: offset, format: format, into: &q)
        } else if find(body, "=", from: 0) == nil {
            try parseTrueFalse(body, offset: offset, format: format, into: &q)
        } else if find(body, "->", from: 0) != nil {
            try parseMatching(body, offset: offset, format: format, into: &q)
        } else {
            try parseShort(body, offset: offset, format: format, into: &q)
        }
    }

    struct RawAnswer {
        var marker: Character
        var text: [Character]
        var offset: Int
    }

    /// Splits `=a ~b ~c` at unescaped markers.
    static func split(_ body: [Character], offset: Int, markers: Set<Character>) throws -> [RawAnswer] {
        var answers: [RawAnswer] = []
        var i = 0
        while i < body.count {
            let c = body[i]
            if c == "\\" {
                if !answers.isEmpty { answers[answers.count - 1].text += [c] + (i + 1 < body.count ? [body[i + 1]] : []) }
                i += 2
                continue
            }
            if markers.contains(c) {
                answers.append(RawAnswer(marker: c, text: [], offset: offset + i))
            } else if answers.isEmpty {
                if !c.isWhitespace {
                    throw Failure(offset: offset + i, message: "an answer must start with '=' or '~'")
                }
            } else {
                answers[answers.count - 1].text.append(c)
            }
            i += 1
        }
        return answers
    }

    /// `%50%text#feedback` → (weight in percent, text, feedback).
    static func weightTextFeedback(_ answer: RawAnswer, format: String) throws -> (Double?, String, String?) {
        var chars = Array(String(answer.text).drop { $0.isWhitespace })
        var weight: Double?
        if chars.first == "%" {
            guard let end = chars.dropFirst().firstIndex(of: "%") else {
                throw Failure(offset: answer.offset, message: "a weight must look like %50%")
            }
            let number = String(chars[1..<end])
            guard let w = Double(number) else {
                throw Failure(offset: answer.offset, message: "'\(number)' is not a weight; write a percentage such as %50%")
            }
            // Moodle compares the fraction (the percentage / 100) with its list, to within 0.00001.
            guard gradeOptions.contains(where: { abs($0 - abs(w)) / 100 < 0.00001 }) else {
                throw Failure(offset: answer.offset, message: "weight \(number)% is not one Moodle accepts (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0 or their negatives)")
            }
            weight = w
            chars = Array(chars[(end + 1)...])
        }
        var feedback: String?
        if let hash = find(chars, "#", from: 0) {
            feedback = cleanText(String(chars[(hash + 1)...]), format: format)
            chars = Array(chars[..<hash])
        }
        return (weight, cleanText(String(chars), format: format), feedback)
    }

    static func parseChoice(_ body: [Character], offset: Int, format: String, into q: inout Question) throws {
        let answers = try split(body, offset: offset, markers: ["=", "~"])
        let single = answers.contains { $0.marker == "=" }
        q.kind = single ? .single : .multiple
        for (n, answer) in answers.enumerated() {
            let (weight, text, feedback) = try weightTextFeedback(answer, format: format)
            guard !text.isEmpty else { throw Failure(offset: answer.offset, message: "an answer has no text") }
            let fraction = answer.marker == "=" ? (weight ?? 100) / 100 : (weight ?? 0) / 100
            q.options.append(.init(id: "o\(n + 1)", text: text, weight: fraction, feedback: feedback))
        }
        guard q.options.count >= 2 else {
            throw Failure(offset: offset, message: "a multiple-choice question needs at least two answers")
        }
        if !q.options.contains(where: { $0.weight > 0 }) {
            throw Failure(offset: offset, message: "no answer is correct: mark one with '=' or give positive weights such as ~%50%")
        }
    }

    static func parseTrueFalse(_ body: [Character], offset: Int, format: String, into q: inout Question) throws {
        let parts = splitUnescaped(body, on: "#")
        let value = String(parts[0]).trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        switch value {
        case "T", "TRUE": q.trueFalseAnswer = true
        case "F", "FALSE": q.trueFalseAnswer = false
        default:
            throw Failure(offset: offset + skipSpace(body, 0),
                          message: "unrecognised answer '\(value)': expected T, TRUE, F, FALSE, or answers starting with '=', '~' or '#'")
        }
        q.kind = .trueFalse
        q.trueFalseFeedback = parts.dropFirst().prefix(2).map { cleanText(String($0), format: format) }
    }

    /// `=left -> right` pairs; Moodle's `= -> right` (no left side) only adds a wrong right-hand
    /// choice (a distractor): it is kept as a pair with an empty left, never shown or scored as one.
    static func parseMatching(_ body: [Character], offset: Int, format: String, into q: inout Question) throws {
        let answers = try split(body, offset: offset, markers: ["="])
        q.kind = .matching
        for answer in answers {
            guard let arrow = find(answer.text, "->", from: 0) else {
                throw Failure(offset: answer.offset, message: "every matching answer needs 'left -> right'")
            }
            let left = cleanText(String(answer.text[..<arrow]), format: format)
            let right = cleanText(String(answer.text[(arrow + 2)...]), format: format)
            guard !right.isEmpty else { throw Failure(offset: answer.offset, message: "a matching pair has no right-hand side") }
            q.pairs.append(.init(left: left, right: right))
        }
        guard q.pairs.filter({ !$0.left.isEmpty }).count >= 2 else {
            throw Failure(offset: offset, message: "a matching question needs at least two pairs")
        }
    }

    static func parseShort(_ body: [Character], offset: Int, format: String, into q: inout Question) throws {
        let answers = try split(body, offset: offset, markers: ["="])
        q.kind = .short
        for answer in answers {
            let (weight, text, feedback) = try weightTextFeedback(answer, format: format)
            guard !text.isEmpty else { throw Failure(offset: answer.offset, message: "an accepted answer is empty") }
            q.textAnswers.append(.init(text: text, weight: (weight ?? 100) / 100, feedback: feedback))
        }
    }

    /// `{#30:0}`, `{#1..5}`, or `=` answers with weights and feedback. Moodle's own export ends a
    /// numerical question with `~#feedback` (or `~%0%#…`): the feedback for any other answer, which
    /// is kept as the question's wrong-answer feedback and is not an answer.
    static func parseNumeric(_ body: [Character], offset: Int, format: String, into q: inout Question) throws {
        q.kind = .numeric
        var body = body
        if let tilde = find(body, "~", from: 0) {
            let rest = RawAnswer(marker: "~", text: Array(body[(tilde + 1)...]), offset: offset + tilde)
            let (weight, text, feedback) = try weightTextFeedback(rest, format: format)
            guard (weight ?? 0) == 0, text.isEmpty else {
                throw Failure(offset: offset + tilde, message: "in a numerical question '~' only gives the feedback for other answers, as in ~#Wrong")
            }
            q.otherAnswerFeedback = feedback
            body = Array(body[..<tilde])
        }
        if find(body, "=", from: 0) != nil {
            for answer in try split(body, offset: offset, markers: ["="]) {
                let (weight, text, feedback) = try weightTextFeedback(answer, format: format)
                var n = try numericAnswer(text, offset: answer.offset)
                n.weight = (weight ?? 100) / 100
                n.feedback = feedback
                q.numericAnswers.append(n)
            }
        } else {
            let parts = splitUnescaped(body, on: "#")
            var n = try numericAnswer(unescape(String(parts[0])).trimmingCharacters(in: .whitespacesAndNewlines), offset: offset)
            if parts.count > 1 { n.feedback = cleanText(String(parts[1]), format: format) }
            q.numericAnswers.append(n)
        }
        guard !q.numericAnswers.isEmpty else { throw Failure(offset: offset, message: "a numerical question needs an answer") }
    }

    static func numericAnswer(_ text: String, offset: Int) throws -> Question.NumericAnswer {
        if let range = text.range(of: "..") {
            guard let lo = Double(text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)),
                  let hi = Double(text[range.upperBound...].trimmingCharacters(in: .whitespaces)), lo <= hi
            else { throw Failure(offset: offset, message: "'\(text)' is not a range such as 1..5") }
            return .init(value: nil, tolerance: 0, min: lo, max: hi, weight: 1, feedback: nil)
        }
        let pieces = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let value = pieces.first.flatMap(Double.init) else {
            throw Failure(offset: offset, message: "'\(text)' is not a number (use a dot for decimals, e.g. 3.14:0.01)")
        }
        var tolerance = 0.0
        if pieces.count == 2 {
            guard let t = Double(pieces[1]), t >= 0 else {
                throw Failure(offset: offset, message: "'\(pieces[1])' is not a tolerance; write answer:tolerance such as 30:0")
            }
            tolerance = t
        }
        return .init(value: value, tolerance: tolerance, min: nil, max: nil, weight: 1, feedback: nil)
    }

    // MARK: - Characters

    static func skipSpace(_ chars: [Character], _ from: Int) -> Int {
        var i = from
        while i < chars.count, chars[i].isWhitespace { i += 1 }
        return i
    }

    static func hasPrefix(_ chars: [Character], _ at: Int, _ prefix: String) -> Bool {
        var i = at
        for c in prefix {
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
        }
        return true
    }

    /// The first unescaped occurrence of `needle` at or after `from`.
    static func find(_ chars: [Character], _ needle: String, from: Int) -> Int? {
        var i = from
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if hasPrefix(chars, i, needle) { return i }
            i += 1
        }
        return nil
    }

    static func splitUnescaped(_ chars: [Character], on separator: Character) -> [[Character]] {
        var parts: [[Character]] = [[]]
        var i = 0
        while i < chars.count {
            if chars[i] == "\\", i + 1 < chars.count {
                parts[parts.count - 1] += [chars[i], chars[i + 1]]
                i += 2
                continue
            }
            if chars[i] == separator { parts.append([]) } else { parts[parts.count - 1].append(chars[i]) }
            i += 1
        }
        return parts
    }

    /// `\~ \= \# \{ \} \: \\` become the character; `\n` a line break.
    static func unescape(_ text: String) -> String {
        var out = ""
        var chars = text.makeIterator()
        while let c = chars.next() {
            guard c == "\\", let next = chars.next() else { out.append(c); continue }
            switch next {
            case "~", "=", "#", "{", "}", ":", "\\": out.append(next)
            case "n": out.append("\n")
            default: out.append(c); out.append(next)
            }
        }
        return out
    }

    static func cleanText(_ raw: String, format: String) -> String {
        var text = unescape(raw).trimmingCharacters(in: .whitespacesAndNewlines)
        if format == "html" {
            text = text.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        }
        return text.precomposedStringWithCanonicalMapping
    }
}
