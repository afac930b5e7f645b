/// Hours, ECTS credits and programmes, as course packs and events are checked (spec/course-pack.md,
/// spec/events.md): 1 ECTS credit is 30 hours unless the credits are given; a short-term programme
/// carries 0.2 to 1 credit, a professional one at least 2.
///
/// `hoursPerCredit` is the default of the association's setting (spec/development.md, `hromada-server
/// policy set hours_per_credit`): the server passes the setting when it checks an event. A course pack
/// keeps the pack contract's hours / 30 (spec/course-pack.md), so that `hromada pack validate` offline
/// and the server agree on a release that never changes.
public enum CreditRules {
    public static let hoursPerCredit: Double = 30
    public static let hours: ClosedRange<Double> = 0.5...2000
    public static let credits: ClosedRange<Double> = 0...120

    /// Credits for `hours` when none are given: hours / 30, rounded to 0.1.
    public static func defaultCredits(hours: Double, hoursPerCredit: Double = hoursPerCredit) -> Double {
        (hours / hoursPerCredit * 10).rounded() / 10
    }

    public enum Violation: Sendable, Equatable {
        /// A short-term programme outside 0.2...1 credits.
        case shortTermRange
        /// A professional programme under 2 credits.
        case professionalMinimum
        /// A programme that is neither.
        case unknownProgramme
    }

    /// What is wrong with `credits` for `programme` (nil or empty: no programme), or nil.
    public static func check(programme: String?, credits: Double) -> Violation? {
        switch programme ?? "" {
        case "short-term": (0.2...1.0).contains(credits) ? nil : .shortTermRange
        case "professional": credits >= 2 ? nil : .professionalMinimum
        case "": nil
        default: .unknownProgramme
        }
    }

    /// The violation in words, for the API.
    public static func message(_ violation: Violation, credits: Double) -> LocalizedText {
        let shown = credits == credits.rounded() ? String(Int(credits)) : String(credits)
        switch violation {
        case .shortTermRange:
            return .init(uk: "короткострокова програма має 0,2–1 кредиту ЄКТС, а не \(shown)",
                         en: "a short-term programme carries 0.2 to 1 ECTS credits, not \(shown)")
        case .professionalMinimum:
            return .init(uk: "професійна програма має щонайменше 2 кредити ЄКТС, а не \(shown)",
                         en: "a professional programme carries at least 2 ECTS credits, not \(shown)")
        case .unknownProgramme:
            return .init(uk: "програма має бути short-term або professional", en: "programme must be short-term or professional")
        }
    }
}
