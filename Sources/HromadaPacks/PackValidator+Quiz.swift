import Yams

extension PackValidator.Context {
    static let quizKeys = ["id", "title", "pass_percent", "max_attempts", "time_limit_minutes", "when_time_expires",
                           "grading", "shuffle_questions", "shuffle_options", "draw", "review", "questions", "import"]
    static let questionKeys = ["id", "type", "points", "text", "options", "answer", "answers", "tolerance", "min", "max",
                               "pairs", "items", "partial", "case_sensitive", "feedback"]

    /// Reads `quizzes/*.yaml`, with its own questions and every question of the GIFT files it imports.
    mutating func readQuiz(_ path: String, from reference: Node?) -> Quiz? {
        guard let text = text(path, from: ("course.yaml", reference)) else { return nil }
        var doc = YAMLDocument(path: path)
        defer { diagnostics += doc.diagnostics }
        guard let root = doc.parse(text), let m = doc.mapping(root, known: Self.quizKeys, what: "a quiz") else { return nil }
        let id = doc.string(m, "id", in: "a quiz", parent: root) ?? ""
        if !id.isEmpty && !PackValidator.isID(id) { doc.error(m["id"], "quiz id '\(id)' must use a-z, 0-9 and '-'") }
        let title = doc.string(m, "title", in: "a quiz", parent: root) ?? ""
        let pass = doc.number(m, "pass_percent", range: 0...100)
        if m["pass_percent"] == nil { doc.error(root, "a quiz needs 'pass_percent' (0 to 100)") }
        var quiz = Quiz(
            id: id, title: title, path: path, passPercent: pass ?? 0,
            maxAttempts: doc.integer(m, "max_attempts", range: 0...1000) ?? 0,
            timeLimitMinutes: doc.integer(m, "time_limit_minutes", range: 1...1440),
            whenTimeExpires: doc.choice(m, "when_time_expires", Quiz.Expiry.self) ?? .autosubmit,
            grading: doc.choice(m, "grading", Quiz.Grading.self) ?? .highest,
            shuffleQuestions: doc.bool(m, "shuffle_questions") ?? false,
            shuffleOptions: doc.bool(m, "shuffle_options") ?? false,
            draw: doc.integer(m, "draw", range: 1...10000),
            review: doc.choice(m, "review", Quiz.Review.self) ?? .afterSubmit,
            questions: []
        )
        var seen: [String: String] = [:]
        for node in doc.sequence(m, "questions") ?? [] {
            guard let q = readQuestion(node, doc: &doc) else { continue }
            if let earlier = seen[q.id] {
                doc.error(node, "question id '\(q.id)' is already used in this quiz (\(earlier))")
                continue
            }
            seen[q.id] = q.source
            quiz.questions.append(q)
        }
        diagnostics += doc.diagnostics
        doc.diagnostics = []
        for (index, written) in (doc.strings(m, "import") ?? []).enumerated() {
            let node: Node? = if case .sequence(let s) = m["import"], index < s.count { s[index] } else { m["import"] }
            guard let giftPath = resolve(written, relativeTo: nil, in: path, node: node),
                  let output = readGIFT(giftPath, from: (path, node)) else { continue }
            for q in output.questions {
                if let earlier = seen[q.id] {
                    let line = Int(q.source.split(separator: ":").last ?? "1") ?? 1
                    error(giftPath, line, 1, "question id '\(q.id)' is already used in quiz '\(id)' (\(earlier))")
                    continue
                }
                seen[q.id] = q.source
                quiz.questions.append(q)
            }
        }
        let pool = quiz.questions.filter { $0.kind != .description }.count
        if pool == 0 { doc.error(root, "quiz '\(id)' has no questions") }
        if let draw = quiz.draw, draw > pool {
            doc.error(m["draw"], "draw is \(draw) but the pool holds only \(pool) question\(pool == 1 ? "" : "s")")
        }
        if !id.isEmpty {
            diagnostics += doc.diagnostics
            doc.diagnostics = []
            claim(id, kind: "quiz", at: path, node: m["id"])
        }
        guard !id.isEmpty, !title.isEmpty else { return nil }
        quizzes.append(quiz)
        return quiz
    }

    /// The questions of a GIFT file, parsed and its problems reported the first time a quiz imports
    /// it. A missing file is reported at every import naming it; one that is not text only once.
    mutating func readGIFT(_ path: String, from reference: (String, Node?)) -> GIFTParser.Output? {
        if let read = gifts[path] { return read }
        guard let text = text(path, from: reference) else {
            if pack.files[path] != nil { gifts[path] = GIFTParser.Output(questions: [], diagnostics: [], categories: []) }
            return nil
        }
        let output = GIFTParser.parse(text, path: path)
        diagnostics += output.diagnostics
        gifts[path] = output
        return output
    }

    func source(_ node: Node, _ doc: YAMLDocument) -> String { "\(doc.path):\((node.mark?.line ?? 1) + doc.lineOffset)" }

    mutating func readQuestion(_ node: Node, doc: inout YAMLDocument) -> Question? {
        guard let m = doc.mapping(node, known: Self.questionKeys, what: "a question") else { return nil }
        let id = doc.string(m, "id", in: "a question", parent: node) ?? ""
        if !id.isEmpty && !PackValidator.isID(id) { doc.error(m["id"], "question id '\(id)' must use a-z, 0-9 and '-'") }
        let text = doc.string(m, "text", in: "a question", parent: node) ?? ""
        guard let kind = doc.choice(m, "type", Question.Kind.self) else {
            if m["type"] == nil { doc.error(node, "a question needs 'type'") }
            return nil
        }
        let points = doc.number(m, "points", range: 0.01...1000) ?? 1
        var q = Question(id: id, kind: kind, text: text, points: kind == .description ? 0 : points, source: source(node, doc))
        q.generalFeedback = doc.string(m, "feedback", in: "a question", required: false)
        let allowed: [Question.Kind: Set<String>] = [
            .single: ["options"], .multiple: ["options"], .trueFalse: ["answer"],
            .short: ["answers", "case_sensitive"], .numeric: ["answer", "tolerance", "min", "max"],
            .matching: ["pairs"], .ordering: ["items", "partial"], .essay: [], .description: [],
        ]
        let common: Set<String> = ["id", "type", "points", "text", "feedback"]
        for key in m.keys where !common.contains(key) && !(allowed[kind]?.contains(key) ?? false) {
            doc.error(m[key], "'\(key)' does not belong to a \(kind.rawValue) question")
        }
        switch kind {
        case .single, .multiple:
            readOptions(m, node: node, into: &q, doc: &doc)
        case .trueFalse:
            q.trueFalseAnswer = doc.bool(m, "answer")
            if q.trueFalseAnswer == nil && m["answer"] == nil { doc.error(node, "a true_false question needs 'answer: true' or 'answer: false'") }
        case .short:
            q.caseSensitive = doc.bool(m, "case_sensitive") ?? false
            let answers = doc.strings(m, "answers") ?? []
            if answers.isEmpty { doc.error(m["answers"] ?? node, "a short question needs 'answers' with at least one accepted answer") }
            q.textAnswers = answers.map { .init(text: $0, weight: 1, feedback: nil) }
        case .numeric:
            let answer = doc.number(m, "answer")
            let tolerance = doc.number(m, "tolerance", range: 0...1e12) ?? 0
            let lo = doc.number(m, "min"), hi = doc.number(m, "max")
            if let answer {
                q.numericAnswers = [.init(value: answer, tolerance: tolerance, min: nil, max: nil, weight: 1, feedback: nil)]
            } else if let lo, let hi, lo <= hi {
                q.numericAnswers = [.init(value: nil, tolerance: 0, min: lo, max: hi, weight: 1, feedback: nil)]
            } else {
                doc.error(node, "a numeric question needs 'answer' (with optional 'tolerance') or 'min' and 'max'")
            }
        case .matching:
            for pair in doc.sequence(m, "pairs") ?? [] {
                guard let p = doc.mapping(pair, known: ["left", "right"], what: "a pair"),
                      let left = doc.string(p, "left", in: "a pair", parent: pair),
                      let right = doc.string(p, "right", in: "a pair", parent: pair) else { continue }
                q.pairs.append(.init(left: left, right: right))
            }
            if q.pairs.count < 2 { doc.error(m["pairs"] ?? node, "a matching question needs at least two pairs") }
            if Set(q.pairs.map(\.left)).count != q.pairs.count { doc.error(m["pairs"], "two pairs share a left side") }
        case .ordering:
            q.items = doc.strings(m, "items") ?? []
            q.partial = doc.bool(m, "partial") ?? false
            if q.items.count < 2 { doc.error(m["items"] ?? node, "an ordering question needs at least two items") }
            if Set(q.items).count != q.items.count { doc.error(m["items"], "ordering items must differ from each other") }
        case .essay, .description:
            break
        }
        guard !id.isEmpty, !text.isEmpty else { return nil }
        return q
    }

    mutating func readOptions(_ m: [String: Node], node: Node, into q: inout Question, doc: inout YAMLDocument) {
        var options: [(text: String, correct: Bool, weight: Double?, feedback: String?)] = []
        for optionNode in doc.sequence(m, "options") ?? [] {
            guard let o = doc.mapping(optionNode, known: ["text", "correct", "weight", "feedback"], what: "an option"),
                  let text = doc.string(o, "text", in: "an option", parent: optionNode) else { continue }
            options.append((text, doc.bool(o, "correct") ?? false, doc.number(o, "weight", range: -100...100),
                            doc.string(o, "feedback", in: "an option", required: false)))
        }
        if options.count < 2 { doc.error(m["options"] ?? node, "a \(q.kind.rawValue) question needs at least two options") }
        let correct = options.filter(\.correct).count
        if q.kind == .single && correct != 1 {
            doc.error(m["options"] ?? node, "a single question needs exactly one correct option, found \(correct)")
        }
        if q.kind == .multiple && correct == 0 && !options.contains(where: { ($0.weight ?? 0) > 0 }) {
            doc.error(m["options"] ?? node, "a multiple question needs at least one correct option")
        }
        let k = Double(max(correct, 1))
        q.options = options.enumerated().map { n, o in
            let fallback = q.kind == .single ? (o.correct ? 1 : 0) : (o.correct ? 1 / k : -1 / k)
            return .init(id: "o\(n + 1)", text: o.text, weight: o.weight.map { $0 / 100 } ?? fallback, feedback: o.feedback)
        }
    }
}
