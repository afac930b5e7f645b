import Yams
import Foundation

/// A YAML file read for validation: nodes keep their line and column, problems are collected.
struct YAMLDocument {
    let path: String
    /// Added to Yams' line numbers (front matter starts below the lesson's first line).
    let lineOffset: Int
    var diagnostics: [Diagnostic] = []

    init(path: String, lineOffset: Int = 0) {
        self.path = path
        self.lineOffset = lineOffset
    }

    mutating func parse(_ text: String) -> Node? {
        do {
            // Yams keeps a node's anchor weakly, alive only as long as its parser: the check runs
            // while the parser lives. An alias comes after the anchor it names, so the walk stops at
            // the first anchor before reaching any alias's (possibly exponential) expansion.
            let parser = try Parser(yaml: text)
            guard let node = try parser.singleRoot() else {
                error(nil, "the file is empty")
                return nil
            }
            let anchored = withExtendedLifetime(parser) { firstAliasOrAnchor(node) }
            if let anchored {
                error(anchored, "YAML anchors and aliases are not allowed in a pack")
                return nil
            }
            return node
        } catch let e as YamlError {
            switch e {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                diagnostics.append(Diagnostic(.error, path, line: mark.line + lineOffset, column: mark.column, "YAML: \(problem)"))
            case .duplicatedKeysInMapping(let duplicates, let context):
                // Yams names the key's first occurrence; the repeat is the one to edit.
                let first = (line: context.mark.line, column: context.mark.column)
                let at = duplicates.first.flatMap { Self.repeatOf($0, firstAt: first, in: text) } ?? first
                diagnostics.append(Diagnostic(.error, path, line: at.line + lineOffset, column: at.column,
                                              "duplicate key '\(duplicates.joined(separator: "', '"))'"))
            default:
                diagnostics.append(Diagnostic(.error, path, line: 1 + lineOffset, column: 1, "YAML: \(e)"))
            }
            return nil
        } catch {
            diagnostics.append(Diagnostic(.error, path, line: 1 + lineOffset, column: 1, "YAML: \(error)"))
            return nil
        }
    }

    func firstAliasOrAnchor(_ node: Node) -> Node? {
        if case .alias = node { return node }
        if node.anchor != nil { return node }
        switch node {
        case .mapping(let m):
            for (k, v) in m { if let n = firstAliasOrAnchor(k) ?? firstAliasOrAnchor(v) { return n } }
        case .sequence(let s):
            for v in s { if let n = firstAliasOrAnchor(v) { return n } }
        default: break
        }
        return nil
    }

    mutating func error(_ node: Node?, _ message: String) {
        diagnostics.append(Diagnostic(.error, path, line: (node?.mark?.line ?? 1) + lineOffset, column: node?.mark?.column ?? 1, message))
    }

    mutating func warning(_ node: Node?, _ message: String) {
        diagnostics.append(Diagnostic(.warning, path, line: (node?.mark?.line ?? 1) + lineOffset, column: node?.mark?.column ?? 1, message))
    }

    /// The mapping's entries; unknown keys are reported with a "did you mean" hint.
    mutating func mapping(_ node: Node, known: [String], what: String) -> [String: Node]? {
        guard case .mapping(let m) = node else {
            error(node, "\(what) must be a mapping of keys to values")
            return nil
        }
        var out: [String: Node] = [:]
        for (k, v) in m {
            guard let key = k.string else {
                error(k, "keys in \(what) must be plain text")
                continue
            }
            if !known.contains(key) {
                error(k, Suggest.unknownKey(key, known: known, in: what))
                continue
            }
            out[key] = v
        }
        return out
    }

    mutating func string(_ map: [String: Node], _ key: String, in what: String, required: Bool = true, parent: Node? = nil) -> String? {
        guard let node = map[key] else {
            if required { error(parent, "\(what) needs '\(key)'") }
            return nil
        }
        guard case .scalar(let s) = node, !s.string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            error(node, "'\(key)' must be non-empty text")
            return nil
        }
        return s.string.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
    }

    mutating func number(_ map: [String: Node], _ key: String, range: ClosedRange<Double>? = nil) -> Double? {
        guard let node = map[key] else { return nil }
        guard case .scalar(let s) = node, let value = Double(s.string) else {
            error(node, "'\(key)' must be a number")
            return nil
        }
        if let range, !range.contains(value) {
            error(node, "'\(key)' must be between \(format(range.lowerBound)) and \(format(range.upperBound))")
            return nil
        }
        return value
    }

    mutating func integer(_ map: [String: Node], _ key: String, range: ClosedRange<Int>) -> Int? {
        guard let node = map[key] else { return nil }
        guard case .scalar(let s) = node, let value = Int(s.string) else {
            error(node, "'\(key)' must be a whole number")
            return nil
        }
        guard range.contains(value) else {
            error(node, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func bool(_ map: [String: Node], _ key: String) -> Bool? {
        guard let node = map[key] else { return nil }
        guard case .scalar(let s) = node, let value = Bool(s.string.lowercased()) else {
            error(node, "'\(key)' must be true or false")
            return nil
        }
        return value
    }

    mutating func choice<T: RawRepresentable>(_ map: [String: Node], _ key: String, _ type: T.Type) -> T? where T.RawValue == String, T: CaseIterable {
        guard let node = map[key] else { return nil }
        guard case .scalar(let s) = node, let value = T(rawValue: s.string) else {
            let options = T.allCases.map(\.rawValue)
            let given = node.string ?? ""
            let hint = Suggest.closest(to: given, in: options).map { "; did you mean '\($0)'?" } ?? ""
            error(node, "'\(key)' must be one of \(options.joined(separator: ", "))\(hint)")
            return nil
        }
        return value
    }

    mutating func sequence(_ map: [String: Node], _ key: String) -> [Node]? {
        guard let node = map[key] else { return nil }
        guard case .sequence(let s) = node else {
            error(node, "'\(key)' must be a list")
            return nil
        }
        return Array(s)
    }

    mutating func strings(_ map: [String: Node], _ key: String) -> [String]? {
        guard let items = sequence(map, key) else { return nil }
        var out: [String] = []
        for item in items {
            guard case .scalar(let s) = item, !s.string.isEmpty else {
                error(item, "every entry of '\(key)' must be text")
                continue
            }
            out.append(s.string.precomposedStringWithCanonicalMapping)
        }
        return out
    }

    func format(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
}

extension Node {
    var anchor: Anchor? {
        switch self {
        case .scalar(let s): s.anchor
        case .mapping(let m): m.anchor
        case .sequence(let s): s.anchor
        case .alias: nil
        }
    }
}
