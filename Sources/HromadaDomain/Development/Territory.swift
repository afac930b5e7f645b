import Foundation

/// A unit of the codifier КАТОТТГ as the project keeps it: an oblast (`O`), a city with special status
/// (`K`), a raion (`P`) or a territorial hromada (`H`).
public struct Territory: Sendable, Equatable, Codable {
    public enum Category: String, Sendable, Codable, CaseIterable {
        case oblast = "O"
        case specialCity = "K"
        case raion = "P"
        case hromada = "H"
    }

    public var code: String
    public var category: Category
    public var name: String
    /// The code of the level above; nil for oblasts and special-status cities.
    public var parent: String?

    public init(code: String, category: Category, name: String, parent: String?) {
        self.code = code
        self.category = category
        self.name = name
        self.parent = parent
    }

    /// `UA` and 17 digits.
    public static func isCode(_ text: String) -> Bool {
        let u = text.utf8
        return u.count == 19 && text.hasPrefix("UA") && u.dropFirst(2).allSatisfy { (48...57).contains($0) }
    }

    /// A hromada, or a special-status city, which stands for one: what a person may belong to.
    public var isHromadaLevel: Bool { category == .hromada || category == .specialCity }
}

/// How names are compared: lower-cased, every apostrophe (ʼ ' ’ ` ‘) one letter, spaces collapsed.
/// Prefix search and exact-name matching both compare these keys.
public enum TerritoryName {
    static let apostrophes: Set<Character> = ["ʼ", "'", "’", "`", "‘", "\u{02BC}"]

    public static func searchKey(_ text: String) -> String {
        var out = ""
        var space = false
        for ch in text.lowercased() {
            if ch.isWhitespace {
                space = !out.isEmpty
                continue
            }
            if space { out.append(" "); space = false }
            out.append(apostrophes.contains(ch) ? "’" : ch)
        }
        return out
    }

    /// The key of a hromada as a person may write it: `Бучанська`, `Бучанська міська`, `Бучанська міська
    /// територіальна громада` and `бучанська ТГ` are one name (the codifier keeps the first).
    public static func hromadaKey(_ text: String) -> String {
        var words = searchKey(text).split(separator: " ").map(String.init)
        if words.count >= 2, words.suffix(2) == ["територіальна", "громада"] { words.removeLast(2) }
        else if let last = words.last, ["громада", "тг", "otg", "отг"].contains(last), words.count >= 2 { words.removeLast() }
        if words.count >= 2, let last = words.last, ["міська", "селищна", "сільська"].contains(last) { words.removeLast() }
        return words.joined(separator: " ")
    }

    /// Edit distance over characters, for the closest names to an unknown one.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// The codifier file: `code,category,name,parent`, one unit a line, as published (spec/development.md).
public enum Codifier {
    public static let header = ["code", "category", "name", "parent"]
    public static let maxRows = 50_000

    /// Every unit, or every problem with its line number. Parents must be in the file too.
    public static func parse(csv text: String) -> Result<[Territory], HromadaError> {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.parse(text)
        } catch {
            return .failure(HromadaError(.validationFailed, lineProblems: [.init(line: 1, message: .init(
                uk: "файл не є правильним CSV", en: "the file is not valid CSV"))]))
        }
        guard let first = records.first, first.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == header else {
            return .failure(HromadaError(.validationFailed, lineProblems: [.init(line: 1, message: .init(
                uk: "заголовок має бути \(header.joined(separator: ","))", en: "the header must be \(header.joined(separator: ","))"))]))
        }
        var units: [Territory] = []
        var problems: [HromadaError.LineProblem] = []
        var seen: Set<String> = []
        for record in records.dropFirst() {
            if records.count > maxRows + 1 {
                problems.append(.init(line: record.line, message: .init(uk: "забагато рядків", en: "too many lines")))
                break
            }
            let f = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == 4 else {
                problems.append(.init(line: record.line, message: .init(uk: "очікується 4 поля", en: "expected 4 fields")))
                continue
            }
            guard Territory.isCode(f[0]) else {
                problems.append(.init(line: record.line, message: .init(uk: "код має бути UA і 17 цифр", en: "the code must be UA and 17 digits")))
                continue
            }
            guard let category = Territory.Category(rawValue: f[1]) else {
                problems.append(.init(line: record.line, message: .init(uk: "категорія має бути O, K, P або H", en: "the category must be O, K, P or H")))
                continue
            }
            guard !f[2].isEmpty, f[2].count <= 200 else {
                problems.append(.init(line: record.line, message: .init(uk: "назва порожня або задовга", en: "the name is empty or too long")))
                continue
            }
            let parent: String? = f[3].isEmpty ? nil : f[3]
            let topLevel = category == .oblast || category == .specialCity
            if topLevel != (parent == nil) || (parent.map { !Territory.isCode($0) } ?? false) {
                problems.append(.init(line: record.line, message: .init(
                    uk: "лише O і K без батьківського коду", en: "only O and K have no parent code")))
                continue
            }
            guard seen.insert(f[0]).inserted else {
                problems.append(.init(line: record.line, message: .init(uk: "код \(f[0]) повторюється", en: "code \(f[0]) appears twice")))
                continue
            }
            units.append(Territory(code: f[0], category: category, name: f[2], parent: parent))
        }
        if problems.isEmpty {
            for (i, unit) in units.enumerated() where unit.parent.map({ !seen.contains($0) }) ?? false {
                problems.append(.init(line: i + 2, message: .init(
                    uk: "батьківського коду \(unit.parent!) немає у файлі", en: "the parent code \(unit.parent!) is not in the file")))
            }
        }
        if !problems.isEmpty { return .failure(HromadaError(.validationFailed, lineProblems: problems)) }
        return .success(units)
    }
}
