import Foundation
public import HromadaDomain
import Yams

/// An individual programme written as YAML by its owner (`hromada plan edit --file plan.yaml`):
///
/// ```yaml
/// note: Бюджет і мова
/// items:
///   - kind: course
///     course: local-budget
///     title: Місцевий бюджет
///     planned_credits: 0.9
///   - kind: external
///     title: Вебінар про доступність
///     planned_credits: 0.1
///     self_education: true
/// ```
///
/// Read with the pack validator's YAML rules (no anchors or aliases, duplicate keys refused) and the
/// items checked by ``PlanItem/validate(_:)``, so a mistake is named with its line before anything is sent.
public enum PlanFile {
    public struct Parsed: Sendable, Equatable {
        public var items: [PlanItem]
        public var note: String?
    }

    /// A mistake in the file, with its line.
    public struct Problem: Sendable, Equatable {
        public var line: Int
        public var message: LocalizedText
    }

    /// Every problem of a file, in the order found.
    public struct Failure: Error, Sendable, Equatable {
        public var problems: [Problem]
    }

    /// The programme in `text`, or every problem found.
    public static func parse(_ text: String) -> Result<Parsed, Failure> {
        var document = YAMLDocument(path: "")
        func fail(_ node: Node?, uk: String, en: String) -> Result<Parsed, Failure> {
            .failure(Failure(problems: [Problem(line: node?.mark?.line ?? 1, message: LocalizedText(uk: uk, en: en))]))
        }
        guard let root = document.parse(text) else {
            // Syntax problems as the YAML reader words them, in both languages alike.
            return .failure(Failure(problems: document.diagnostics.map { Problem(line: $0.line, message: LocalizedText(uk: $0.message, en: $0.message)) }))
        }
        guard case .mapping(let mapping) = root else {
            return fail(root, uk: "програма має бути набором ключів items і note", en: "the programme must be a mapping with the keys items and note")
        }
        var map: [String: Node] = [:]
        for (k, v) in mapping {
            guard let key = k.string, ["items", "note"].contains(key) else {
                return fail(k, uk: "невідомий ключ «\(k.string ?? "")»: лише items і note", en: "unknown key '\(k.string ?? "")': only items and note")
            }
            map[key] = v
        }
        guard let itemsNode = map["items"] else { return fail(root, uk: "у програмі немає items", en: "the programme needs items") }
        guard case .sequence(let sequence) = itemsNode else { return fail(itemsNode, uk: "items має бути списком", en: "items must be a list") }
        var note: String?
        if let n = map["note"] {
            guard case .scalar(let s) = n else { return fail(n, uk: "note має бути текстом", en: "note must be text") }
            note = s.string
        }
        let nodes = Array(sequence)
        switch PlanItem.validate(nodes.map(json)) {
        case .success(let items):
            return .success(Parsed(items: items, note: note))
        case .failure(let error):
            // `items[2].planned_credits: …` pointed at the item's line.
            return .failure(Failure(problems: error.fieldProblems.map { problem in
                let node = Self.index(problem.field).flatMap { nodes.indices.contains($0) ? nodes[$0] : nil } ?? itemsNode
                return Problem(line: node.mark?.line ?? 1, message: LocalizedText(
                    uk: "\(problem.field): \(problem.message.uk)", en: "\(problem.field): \(problem.message.en)"))
            }))
        }
    }

    /// The programme as the YAML `parse` reads back to the same items and note: the file
    /// `hromada plan edit` opens in an editor. `header` lines come first as `#` comments (the
    /// fields explained, and the mistakes of the last try); a comment is never read back.
    /// Text is written double-quoted in JSON's escapes, which YAML reads as written, so a title
    /// with `: `, `#`, quotes or a leading dash survives unchanged.
    public static func render(items: [PlanItem], note: String, header: [String] = []) -> String {
        var lines = header.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }.map { "# " + $0 }
        if !header.isEmpty { lines.append("") }
        lines.append("note: " + quoted(note))
        lines.append(items.isEmpty ? "items: []" : "items:")
        for item in items {
            lines.append("  - kind: \(item.kind.rawValue)")
            if let course = item.course { lines.append("    course: " + quoted(course)) }
            lines.append("    title: " + quoted(item.title))
            lines.append("    planned_credits: \(item.plannedCredits)")
            lines.append("    self_education: \(item.selfEducation)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            // Other control characters (and the line and paragraph separators YAML would break at)
            // as escapes, so the file stays one item per line.
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The `2` of `items[2].title`.
    static func index(_ field: String) -> Int? {
        guard let open = field.firstIndex(of: "["), let close = field.firstIndex(of: "]"), open < close else { return nil }
        return Int(field[field.index(after: open)..<close])
    }

    /// A YAML node as the JSON the API would have been sent: plain scalars by their YAML type
    /// (`0.1` a number, `true` a boolean), quoted ones as text.
    static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let s):
            if s.style == .plain || s.style == .any {
                if let b = node.bool { return .bool(b) }
                if let i = node.int { return .number(Double(i)) }
                if let d = node.float, d.isFinite { return .number(d) }
                if node.null != nil { return .null }
            }
            return .string(s.string)
        case .mapping(let m):
            var out: [String: JSONValue] = [:]
            for (k, v) in m { out[k.string ?? "\(k)"] = json(v) }
            return .object(out)
        case .sequence(let s):
            return .array(s.map(json))
        default:
            return .null
        }
    }
}
