public import Foundation

/// A person's year against the rules (spec/development.md, "The year's standing"): pure, summed in
/// `Decimal` so that 0.9 + 0.1 is exactly 1.0.
public struct Standing: Sendable, Equatable {
    public enum Source: String, Codable, Sendable, CaseIterable { case course, event, external }

    /// One credit of the year, as the API writes it too (`Development.Standing.Item` is this type).
    public struct Item: Codable, Sendable, Equatable {
        public struct Evidence: Codable, Sendable, Equatable {
            public var certificateSerial: String?
            public var externalRecordID: String?
            public init(certificateSerial: String? = nil, externalRecordID: String? = nil) {
                self.certificateSerial = certificateSerial
                self.externalRecordID = externalRecordID
            }
            enum CodingKeys: String, CodingKey { case certificateSerial = "certificate_serial", externalRecordID = "external_record_id" }
        }
        public var source: Source
        public var title: String
        /// `YYYY-MM-DD`, Kyiv time.
        public var date: String
        public var hours: Decimal
        public var credits: Decimal
        public var selfEducation: Bool
        public var evidence: Evidence

        public init(source: Source, title: String, date: String, hours: Decimal, credits: Decimal, selfEducation: Bool, evidence: Evidence) {
            self.source = source
            self.title = title
            self.date = date
            self.hours = hours
            self.credits = credits
            self.selfEducation = selfEducation
            self.evidence = evidence
        }

        enum CodingKeys: String, CodingKey { case source, title, date, hours, credits, evidence, selfEducation = "self_education" }
    }

    public struct PlanRef: Sendable, Equatable {
        public var id: String
        public var revision: Int
        public var status: DevelopmentPlan.Status
        public init(id: String, revision: Int, status: DevelopmentPlan.Status) {
            self.id = id
            self.revision = revision
            self.status = status
        }
    }

    public var year: Int
    public var category: Category
    public var targetCredits: Decimal
    public var earnedCredits: Decimal
    public var selfEducationCredits: Decimal
    /// Self-education credits ÷ earned credits, in percent to one decimal place (rounded down); 0 when nothing is earned.
    public var selfEducationShare: Decimal
    /// Null for deputies, who have no target.
    public var met: Bool?
    public var firstYearDue: String?
    public var plan: PlanRef?
    public var items: [Item]

    /// The standing of a person of `category` whose credited items of `year` are `items`.
    /// - Parameters:
    ///   - appointedOn: the day the person took office, when known (`YYYY-MM-DD`): their first-year
    ///     deadline is shown while it falls in or after this year and the appointment on or before it.
    public init(year: Int, category: Category, settings: DevelopmentSettings, items: [Item], plan: PlanRef?, appointedOn: String? = nil) {
        self.year = year
        self.category = category
        self.items = items
        self.plan = plan
        earnedCredits = items.reduce(Decimal(0)) { $0 + $1.credits }
        selfEducationCredits = items.filter(\.selfEducation).reduce(Decimal(0)) { $0 + $1.credits }
        selfEducationShare = Self.percent(selfEducationCredits, of: earnedCredits)
        switch category {
        case .deputy:
            targetCredits = 0
            met = nil
        case .official:
            targetCredits = settings.targetCredits
            met = Self.isMet(earned: earnedCredits, selfEducation: selfEducationCredits, settings: settings)
        }
        firstYearDue = category == .official ? appointedOn.flatMap { Self.firstYearDue(appointedOn: $0, months: settings.firstYearMonths, year: year) } : nil
    }

    /// Met when the earned credits reach the target and self-education is at least its share of them,
    /// compared exactly: selfEducation × 100 ≥ earned × percent.
    public static func isMet(earned: Decimal, selfEducation: Decimal, settings: DevelopmentSettings) -> Bool {
        earned >= settings.targetCredits && selfEducation * 100 >= earned * settings.selfEducationPercent
    }

    public static func percent(_ part: Decimal, of whole: Decimal) -> Decimal {
        guard whole > 0 else { return 0 }
        var exact = part * 100 / whole, rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 1, .down)
        return rounded
    }

    /// The appointment plus the window, when that deadline concerns `year`.
    public static func firstYearDue(appointedOn: String, months: Int, year: Int) -> String? {
        let parts = appointedOn.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, parts[0] <= year else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              let due = calendar.date(byAdding: .month, value: months, to: start) else { return nil }
        let d = calendar.dateComponents([.year, .month, .day], from: due)
        guard let dueYear = d.year, dueYear >= year else { return nil }
        return String(format: "%04d-%02d-%02d", dueYear, d.month!, d.day!)
    }

    /// Credits as people read them: one decimal place, rounded down, so that 0.95 never reads as a met 1.0.
    public static func shown(_ credits: Decimal, comma: Bool = false) -> String {
        var exact = credits, rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 1, .down)
        var text = "\(rounded)"
        if !text.contains(".") { text += ".0" }
        return comma ? text.replacingOccurrences(of: ".", with: ",") : text
    }
}
