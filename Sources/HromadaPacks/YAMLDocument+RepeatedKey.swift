import Yams

extension YAMLDocument {
    typealias Position = (line: Int, column: Int)

    /// Line and column of the second occurrence of `key` in the mapping where `first` is its first,
    /// or nil when it cannot be told.
    ///
    /// Yams refuses a mapping with a repeated key before giving any tree, and names only the first
    /// occurrence, while the line to edit is the repeat. So a copy of the text gets a private-use
    /// character at the start of that first occurrence, which makes it a key of its own, and is
    /// parsed again; each further repeat Yams names is made unique the same way until the copy
    /// parses. In its tree the mapping holding the key marked first holds the repeat: the next key
    /// spelled `key` once the marks are taken out.
    static func repeatOf(_ key: String, firstAt first: Position, in text: String) -> Position? {
        let scalars = Array(text.unicodeScalars)
        var marked: [Int] = []  // offsets in `scalars`, in the order they were marked
        var next = first
        for _ in 0..<100 {
            guard let offset = offset(of: next, in: scalars) else { return nil }
            // Inside quotes the mark goes after the opening one, so the key stays a quoted scalar.
            marked.append(["\"", "'"].contains(scalars[offset]) ? offset + 1 : offset)
            var copy = scalars
            for (n, at) in marked.enumerated().sorted(by: { $0.element > $1.element }) {
                copy.insert(mark(n), at: at)
            }
            let root: Node?
            do {
                root = try Parser(yaml: String(String.UnicodeScalarView(copy))).singleRoot()
            } catch YamlError.duplicatedKeysInMapping(_, let context) {
                guard let reported = original((context.mark.line, context.mark.column), copy: copy, marked: marked, text: scalars) else { return nil }
                next = reported
                continue
            } catch {
                return nil
            }
            guard let root, let repeated = repeatedKey(key, in: root), let mark = repeated.mark else { return nil }
            return original((mark.line, mark.column), copy: copy, marked: marked, text: scalars)
        }
        return nil
    }

    /// The private-use character marking the `n`-th key made unique.
    static func mark(_ n: Int) -> Unicode.Scalar { Unicode.Scalar(0xE000 + UInt32(n))! }

    static func unmarked(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { !(0xE000..<0xE064).contains($0.value) }))
    }

    /// In the mapping holding the key marked first, the next key spelled `key` without marks.
    static func repeatedKey(_ key: String, in node: Node) -> Node? {
        switch node {
        case .mapping(let m):
            if let first = m.keys.firstIndex(where: { $0.string?.unicodeScalars.contains(mark(0)) == true }) {
                return m.keys[m.keys.index(after: first)...].first { $0.string.map(unmarked) == key }
            }
            for (k, v) in m { if let found = repeatedKey(key, in: k) ?? repeatedKey(key, in: v) { return found } }
        case .sequence(let s):
            for v in s { if let found = repeatedKey(key, in: v) { return found } }
        default: break
        }
        return nil
    }

    /// Where in `text` is what sits at `position` in `copy`, which is `text` with one character
    /// inserted at each offset of `marked`.
    static func original(_ position: Position, copy: [Unicode.Scalar], marked: [Int], text: [Unicode.Scalar]) -> Position? {
        guard let inCopy = offset(of: position, in: copy) else { return nil }
        let inserted = marked.sorted().enumerated().filter { n, at in at + n < inCopy }.count
        return walk(text) { offset, _ in offset == inCopy - inserted }
    }

    static func offset(of position: Position, in scalars: [Unicode.Scalar]) -> Int? {
        var found: Int?
        _ = walk(scalars) { offset, here in
            if here == position { found = offset }
            return found != nil
        }
        return found
    }

    /// Walks `scalars` counting lines and columns as libyaml does (in Unicode scalars, with CR LF,
    /// CR, LF, NEL, LS and PS as line breaks) until `stop` holds, and returns that position.
    static func walk(_ scalars: [Unicode.Scalar], until stop: (Int, Position) -> Bool) -> Position? {
        var line = 1, column = 1, i = 0
        while i < scalars.count {
            if stop(i, (line, column)) { return (line, column) }
            switch scalars[i] {
            case "\r" where i + 1 < scalars.count && scalars[i + 1] == "\n":
                (line, column, i) = (line + 1, 1, i + 2)
            case "\r", "\n", "\u{85}", "\u{2028}", "\u{2029}":
                (line, column, i) = (line + 1, 1, i + 1)
            default:
                (column, i) = (column + 1, i + 1)
            }
        }
        return nil
    }
}
