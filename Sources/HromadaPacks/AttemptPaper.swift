import Foundation
import HromadaCrypto
import HromadaDomain

/// The questions one attempt holds, in the order the learner sees them, with the order of each
/// question's options, right-hand sides and items: drawn once, when the attempt starts, from a
/// stored seed, and kept with the attempt.
///
/// Learners see opaque ids only. A question's own ids (`o2`, `l1`/`r1`, `i3`) would give keys away —
/// `i1, i2, i3` *is* the right order of an ordering question — so each choice gets an id derived
/// from the seed, and the paper keeps the map back to the question's own id (`ref`) for grading.
public struct AttemptPaper: Sendable, Codable, Equatable {
    public struct Choice: Sendable, Codable, Equatable {
        /// What the learner sees and sends.
        public var id: String
        /// The question's own id of this option, left, right or item.
        public var ref: String
    }

    public struct Entry: Sendable, Codable, Equatable {
        public var question: String
        public var type: Question.Kind
        public var options: [Choice]
        public var left: [Choice]
        public var right: [Choice]
        public var items: [Choice]

        init(question: String, type: Question.Kind) {
            self.question = question
            self.type = type
            options = []
            left = []
            right = []
            items = []
        }
    }

    public var seed: UInt64
    public var entries: [Entry]

    public func entry(_ questionID: String) -> Entry? { entries.first { $0.question == questionID } }

    /// The paper as JSON, as `Codable` would write it with sorted keys (stored with the attempt;
    /// written on every quiz start, so without `JSONEncoder`).
    public var json: String {
        var w = JSONWriter(capacity: 256 * entries.count)
        func choices(_ key: String, _ list: [Choice]) {
            w.key(key)
            w.beginArray()
            for c in list {
                w.beginObject()
                w.key("id"); w.string(c.id)
                w.key("ref"); w.string(c.ref)
                w.endObject()
            }
            w.endArray()
        }
        w.beginObject()
        w.key("entries")
        w.beginArray()
        for e in entries {
            w.beginObject()
            choices("items", e.items)
            choices("left", e.left)
            choices("options", e.options)
            w.key("question"); w.string(e.question)
            choices("right", e.right)
            w.key("type"); w.string(e.type.rawValue)
            w.endObject()
        }
        w.endArray()
        w.key("seed"); w.integer(seed)
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// Draws the attempt's paper. The same quiz and seed always give the same paper.
    ///
    /// - With `draw`, that many questions are taken at random from the pool's scored questions
    ///   (descriptions are not drawn); without, the whole pool is used.
    /// - `shuffle_questions` shuffles their order; otherwise the pool's order is kept.
    /// - `shuffle_options` shuffles the options of single and multiple questions.
    /// - The right-hand side of a matching question and the items of an ordering question are always
    ///   shuffled, uniformly: every order is as likely, the right one included. Leaving the right order
    ///   out would tell the answer of a two-item ordering (always the reverse of what is shown) and
    ///   narrow every other.
    public static func draw(_ quiz: Quiz, seed: UInt64) -> AttemptPaper {
        var rng = SplitMix64(seed: seed)
        var chosen: [Int]
        if let n = quiz.draw {
            var candidates = quiz.questions.indices.filter { quiz.questions[$0].kind != .description }
            candidates.shuffle(using: &rng)
            chosen = Array(candidates.prefix(n))
            if !quiz.shuffleQuestions { chosen.sort() }
        } else {
            chosen = Array(quiz.questions.indices)
            if quiz.shuffleQuestions { chosen.shuffle(using: &rng) }
        }
        var entries: [Entry] = []
        for index in chosen {
            let q = quiz.questions[index]
            var entry = Entry(question: q.id, type: q.kind)
            func choices(_ refs: [String], shuffled: Bool) -> [Choice] {
                var order = refs
                // Fisher–Yates (the standard library's shuffle) over SplitMix64: uniform.
                if shuffled && order.count > 1 { order.shuffle(using: &rng) }
                var seen = Set<String>()
                return order.map { ref in
                    var id = opaqueID(seed: seed, question: q.id, ref: ref)
                    if !seen.insert(id).inserted { id += "-" + ref }  // 40-bit collision: never seen, still handled
                    return Choice(id: id, ref: ref)
                }
            }
            switch q.kind {
            case .single, .multiple:
                entry.options = choices(q.options.map(\.id), shuffled: quiz.shuffleOptions)
            case .matching:
                // A distractor (no left side) only adds its right side.
                entry.left = choices(q.pairs.indices.filter { !q.pairs[$0].left.isEmpty }.map { "l\($0 + 1)" }, shuffled: false)
                entry.right = choices(q.pairs.indices.map { "r\($0 + 1)" }, shuffled: true)
            case .ordering:
                entry.items = choices(q.items.indices.map { "i\($0 + 1)" }, shuffled: true)
            case .trueFalse, .short, .numeric, .essay, .description:
                break
            }
            entries.append(entry)
        }
        return AttemptPaper(seed: seed, entries: entries)
    }

    /// Ten hex digits of SHA-256 over the seed, the question and the choice: stable for the attempt,
    /// different between attempts, and saying nothing about the key.
    static func opaqueID(seed: UInt64, question: String, ref: String) -> String {
        String(SHA256.hex("\(seed):\(question):\(ref)").prefix(10))
    }
}
