public import Foundation

/// One line of an individual programme: what the person means to take this year.
public struct PlanItem: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case course, event, external }

    public var kind: Kind
    /// A course of the catalogue, for `course` items.
    public var course: String?
    public var title: String
    public var plannedCredits: Decimal
    public var selfEducation: Bool

    public init(kind: Kind, course: String? = nil, title: String, plannedCredits: Decimal, selfEducation: Bool = false) {
        self.kind = kind
        self.course = course
        self.title = title
        self.plannedCredits = plannedCredits
        self.selfEducation = selfEducation
    }

    enum CodingKeys: String, CodingKey {
        case kind, course, title
        case plannedCredits = "planned_credits", selfEducation = "self_education"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(course, forKey: .course)
        try c.encode(title, forKey: .title)
        try c.encode(plannedCredits, forKey: .plannedCredits)
        try c.encode(selfEducation, forKey: .selfEducation)
    }

    static let keys: Set<String> = ["kind", "course", "title", "planned_credits", "self_education"]
    public static let maxItems = 100
    public static let maxNote = 2000

    /// Items of a plan as a client sent them (`items[i].field` in problems), or every problem found.
    public static func validate(_ raw: [JSONValue]) -> Result<[PlanItem], HromadaError> {
        var problems: [HromadaError.FieldProblem] = []
        var items: [PlanItem] = []
        if raw.count > maxItems {
            return .failure(.validation(field: "items", .init(uk: "не більше \(maxItems) пунктів", en: "at most \(maxItems) items")))
        }
        for (i, value) in raw.enumerated() {
            let at = "items[\(i)]"
            guard case .object(let o) = value else {
                problems.append(.init(field: at, message: .init(uk: "має бути обʼєктом", en: "must be an object")))
                continue
            }
            for key in Set(o.keys).subtracting(keys).sorted() {
                problems.append(.init(field: "\(at).\(key)", message: .init(uk: "невідоме поле", en: "unknown field")))
            }
            var kind = Kind.course
            if case .string(let k)? = o["kind"], let parsed = Kind(rawValue: k) { kind = parsed } else {
                problems.append(.init(field: "\(at).kind", message: .init(uk: "має бути course, event або external", en: "must be course, event or external")))
            }
            var title = ""
            if case .string(let t)? = o["title"] {
                switch TextRules.clean(t, field: "\(at).title", maxLength: 300) {
                case .success(let v): title = v
                case .failure(let p): problems.append(p)
                }
            } else {
                problems.append(.init(field: "\(at).title", message: .init(uk: "обовʼязкове поле", en: "is required")))
            }
            var course: String?
            switch o["course"] {
            case nil, .null?: if kind == .course { course = nil }
            case .string(let s)?:
                if s.count <= 100, !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) { course = s } else {
                    problems.append(.init(field: "\(at).course", message: .init(uk: "має бути ідентифікатором курсу", en: "must be a course slug")))
                }
            default:
                problems.append(.init(field: "\(at).course", message: .init(uk: "має бути ідентифікатором курсу", en: "must be a course slug")))
            }
            var credits = Decimal(0)
            switch Credits.parse(o["planned_credits"], field: "\(at).planned_credits", max: 100) {
            case .success(let c)?: credits = c
            case .failure(let p)?: problems.append(p)
            case nil: problems.append(.init(field: "\(at).planned_credits", message: .init(uk: "обовʼязкове поле", en: "is required")))
            }
            var selfEducation = false
            switch o["self_education"] {
            case nil: break
            case .bool(let b)?: selfEducation = b
            default: problems.append(.init(field: "\(at).self_education", message: .init(uk: "має бути true або false", en: "must be true or false")))
            }
            items.append(PlanItem(kind: kind, course: course, title: title, plannedCredits: credits, selfEducation: selfEducation))
        }
        return problems.isEmpty ? .success(items) : .failure(.validation(problems))
    }
}

/// ECTS credits as JSON numbers: 0 up to a bound, at most two decimal places, read exactly.
public enum Credits {
    /// nil when absent.
    public static func parse(_ value: JSONValue?, field: String, max: Decimal, positive: Bool = false) -> Result<Decimal, HromadaError.FieldProblem>? {
        guard let value else { return nil }
        let problem = HromadaError.FieldProblem(field: field, message: .init(
            uk: "має бути числом від \(positive ? "більше 0" : "0") до \(max) з не більше ніж двома знаками після коми",
            en: "must be a number \(positive ? "above 0" : "from 0") up to \(max) with at most two decimal places"))
        guard case .number(let n) = value, n.isFinite else { return .failure(problem) }
        // The shortest text of the double is the number the client wrote (0.1 stays 0.1).
        guard let d = Decimal(string: "\(n)", locale: Locale(identifier: "en_US_POSIX")), d >= 0, d <= max, !(positive && d == 0) else {
            return .failure(problem)
        }
        var scaled = d * 100, whole = Decimal()
        NSDecimalRound(&whole, &scaled, 0, .plain)
        guard whole == scaled else { return .failure(problem) }
        return .success(d)
    }
}
