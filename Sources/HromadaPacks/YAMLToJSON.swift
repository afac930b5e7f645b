public import Foundation
import Yams

/// A small YAML file (an event for `hromada event create --file`) as the JSON the API takes.
///
/// Scalars are typed as JSON would type them, not as YAML 1.1 would: a plain `true`/`false` is a
/// boolean, `null`/`~` null, a plain number a number, and everything else text, so a time such as
/// `2026-10-24T10:00:00+03:00` stays the text the server checks. Anchors and aliases are refused.
public enum YAMLToJSON {
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    public static func json(_ text: String) throws -> Data {
        let node: Node?
        let parser: Parser
        do {
            parser = try Parser(yaml: text)
            node = try parser.singleRoot()
        } catch let e as YamlError {
            switch e {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw Problem(line: mark.line, message: problem)
            default:
                throw Problem(line: 1, message: "\(e)")
            }
        }
        guard let node else { throw Problem(line: 1, message: "the file is empty") }
        let value = try withExtendedLifetime(parser) { try convert(node) }
        guard value is [String: Any] else { throw Problem(line: 1, message: "the file must be a mapping of keys to values") }
        return try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    }

    static func convert(_ node: Node) throws -> Any {
        switch node {
        case .alias:
            throw Problem(line: node.mark?.line ?? 1, message: "anchors and aliases are not allowed")
        case .scalar(let s):
            if s.anchor != nil { throw Problem(line: node.mark?.line ?? 1, message: "anchors and aliases are not allowed") }
            guard s.style == .plain || s.style == .any else { return s.string }
            switch s.string {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            case "null", "Null", "NULL", "~", "": return NSNull()
            default:
                if let i = Int(s.string) { return i }
                if let d = Double(s.string), d.isFinite, s.string.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true { return d }
                return s.string
            }
        case .mapping(let m):
            if m.anchor != nil { throw Problem(line: node.mark?.line ?? 1, message: "anchors and aliases are not allowed") }
            var out: [String: Any] = [:]
            for (key, value) in m {
                guard case .scalar(let k) = key else { throw Problem(line: key.mark?.line ?? 1, message: "a key must be text") }
                if out[k.string] != nil { throw Problem(line: key.mark?.line ?? 1, message: "duplicate key '\(k.string)'") }
                out[k.string] = try convert(value)
            }
            return out
        case .sequence(let s):
            if s.anchor != nil { throw Problem(line: node.mark?.line ?? 1, message: "anchors and aliases are not allowed") }
            return try s.map(convert)
        }
    }
}
