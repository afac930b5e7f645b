public import Foundation

/// Learning done elsewhere, as the learner describes it (the `record` part of the upload): what the
/// terminal client encodes and the server checks into (``validate(_:)``, every field's problem named).
public struct ExternalRecordDraft: Codable, Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case selfEducation = "self_education", training, internship
        case experienceExchange = "experience_exchange"
    }

    public var provider: String
    public var title: String
    public var kind: Kind
    public var startedOn: String
    public var finishedOn: String
    public var hours: Decimal
    public var credits: Decimal?
    public var certificateNumber: String?

    public init(provider: String, title: String, kind: Kind, startedOn: String, finishedOn: String, hours: Decimal,
                credits: Decimal? = nil, certificateNumber: String? = nil) {
        self.provider = provider
        self.title = title
        self.kind = kind
        self.startedOn = startedOn
        self.finishedOn = finishedOn
        self.hours = hours
        self.credits = credits
        self.certificateNumber = certificateNumber
    }

    enum CodingKeys: String, CodingKey {
        case provider, title, kind, hours, credits
        case startedOn = "started_on", finishedOn = "finished_on", certificateNumber = "certificate_number"
    }

    /// The calendar year the learning counts for: the year it finished.
    public var year: Int { Int(finishedOn.prefix(4)) ?? 0 }

    static let keys: Set<String> = ["provider", "title", "kind", "started_on", "finished_on", "hours", "credits", "certificate_number"]

    public static func validate(_ value: JSONValue) -> Result<ExternalRecordDraft, HromadaError> {
        guard case .object(let o) = value else {
            return .failure(.validation(field: "record", .init(uk: "має бути обʼєктом JSON", en: "must be a JSON object")))
        }
        var problems: [HromadaError.FieldProblem] = []
        for key in Set(o.keys).subtracting(keys).sorted() {
            problems.append(.init(field: key, message: .init(uk: "невідоме поле", en: "unknown field")))
        }
        func text(_ key: String, max: Int, required: Bool = true) -> String? {
            switch o[key] {
            case .string(let s)?:
                switch TextRules.clean(s, field: key, maxLength: max) {
                case .success(let v): return v
                case .failure(let p): problems.append(p); return nil
                }
            case nil, .null?:
                if required { problems.append(.init(field: key, message: .init(uk: "обовʼязкове поле", en: "is required"))) }
                return nil
            default:
                problems.append(.init(field: key, message: .init(uk: "має бути текстом", en: "must be text")))
                return nil
            }
        }
        let provider = text("provider", max: 200)
        let title = text("title", max: 300)
        let number = text("certificate_number", max: 200, required: false)
        var kind: Kind?
        if case .string(let k)? = o["kind"], let parsed = Kind(rawValue: k) { kind = parsed } else {
            problems.append(.init(field: "kind", message: .init(
                uk: "має бути self_education, training, internship або experience_exchange",
                en: "must be self_education, training, internship or experience_exchange")))
        }
        func date(_ key: String) -> String? {
            guard let t = text(key, max: 10) else { return nil }
            switch NewUser.date(t, field: key) {
            case .success(let d): return d
            case .failure(let p): problems.append(p); return nil
            }
        }
        let started = date("started_on"), finished = date("finished_on")
        if let started, let finished, finished < started {
            problems.append(.init(field: "finished_on", message: .init(uk: "не може бути раніше за started_on", en: "cannot be before started_on")))
        }
        var hours: Decimal?
        switch Credits.parse(o["hours"], field: "hours", max: 10000, positive: true) {
        case .success(let h)?: hours = h
        case .failure(let p)?: problems.append(p)
        case nil: problems.append(.init(field: "hours", message: .init(uk: "обовʼязкове поле", en: "is required")))
        }
        var credits: Decimal?
        if o["credits"] != .null {
            switch Credits.parse(o["credits"], field: "credits", max: 1000) {
            case .success(let c)?: credits = c
            case .failure(let p)?: problems.append(p)
            case nil: break
            }
        }
        guard problems.isEmpty, let provider, let title, let kind, let started, let finished, let hours else {
            return .failure(.validation(problems))
        }
        return .success(ExternalRecordDraft(provider: provider, title: title, kind: kind, startedOn: started, finishedOn: finished,
                                            hours: hours, credits: credits, certificateNumber: number))
    }
}
