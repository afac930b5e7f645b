import Foundation
import HromadaDomain

extension Attempt {
    /// The attempt as ``Foundation/JSONEncoder/api`` writes it (same keys, sorted; dates in RFC 3339
    /// UTC with milliseconds), without `JSONEncoder`: an attempt goes out on every quiz start.
    /// Nil for an attempt with a review, which goes the usual way.
    public var jsonBytes: [UInt8]? {
        guard review == nil else { return nil }
        var w = JSONWriter(capacity: 512 + 384 * questions.count)
        func date(_ d: Date?) {
            w.string(d.map { Timestamp.format($0) })
        }
        func choices(_ key: String, _ list: [Choice]?) {
            guard let list else { return }
            w.key(key)
            w.beginArray()
            for c in list {
                w.beginObject()
                w.key("id"); w.string(c.id)
                w.key("text"); w.string(c.text)
                w.endObject()
            }
            w.endArray()
        }
        func optional(_ key: String, _ x: Double?) { if let x { w.key(key); w.number(x) } }
        w.beginObject()
        w.key("answers"); w.value(.object(answers))
        w.key("attempts_allowed"); w.integer(attemptsAllowed)
        w.key("deadline"); date(deadline)
        w.key("enrolment_id"); w.string(enrolmentID.lowercasedText)
        w.key("id"); w.string(id.lowercasedText)
        optional("max_score", maxScore)
        w.key("number"); w.integer(number)
        optional("pass_percent", passPercent)
        if let passed { w.key("passed"); w.bool(passed) }
        optional("percent", percent)
        w.key("questions")
        w.beginArray()
        for q in questions {
            w.beginObject()
            w.key("id"); w.string(q.id)
            choices("items", q.items)
            choices("left", q.left)
            choices("options", q.options)
            w.key("points"); w.number(q.points)
            choices("right", q.right)
            w.key("text"); w.string(q.text)
            w.key("type"); w.string(q.type.rawValue)
            w.endObject()
        }
        w.endArray()
        w.key("quiz_id"); w.string(quizID)
        w.key("quiz_title"); w.string(quizTitle)
        optional("score", score)
        w.key("seconds_left"); w.number(secondsLeft)
        w.key("started_at"); date(startedAt)
        w.key("state"); w.string(state.rawValue)
        w.key("submitted_at"); date(submittedAt)
        w.endObject()
        return w.bytes
    }
}
