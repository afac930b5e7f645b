public import Foundation

/// The association's rules for the yearly record (spec/development.md, "The rules it follows"). Every
/// figure is a setting kept in the database and changed with `hromada-server policy set`; the defaults
/// live in the migration that creates the row, not here.
public struct DevelopmentSettings: Sendable, Equatable, Codable {
    /// ECTS credits an official must earn in a calendar year.
    public var targetCredits: Decimal
    /// The least share of the year's credits that must be self-education, in percent.
    public var selfEducationPercent: Decimal
    /// How many months a newly appointed official has for their first training.
    public var firstYearMonths: Int
    /// Hours of learning that make one ECTS credit.
    public var hoursPerCredit: Decimal

    public init(targetCredits: Decimal, selfEducationPercent: Decimal, firstYearMonths: Int, hoursPerCredit: Decimal) {
        self.targetCredits = targetCredits
        self.selfEducationPercent = selfEducationPercent
        self.firstYearMonths = firstYearMonths
        self.hoursPerCredit = hoursPerCredit
    }

    enum CodingKeys: String, CodingKey {
        case targetCredits = "target_credits"
        case selfEducationPercent = "self_education_percent"
        case firstYearMonths = "first_year_months"
        case hoursPerCredit = "hours_per_credit"
    }

    /// The setting names `policy set NAME=VALUE` takes.
    public static let names = CodingKeys.allNames

    /// Sets one setting from text, checking the range the database enforces too.
    public mutating func set(_ name: String, to text: String) throws {
        let value = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        func decimal(_ range: ClosedRange<Decimal>, open lower: Bool = false) throws -> Decimal {
            guard let d = Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")), d.isFinite,
                  range.contains(d), !(lower && d == range.lowerBound),
                  value.allSatisfy({ $0.isNumber || $0 == "." })
            else {
                throw HromadaError.validation(field: name, .init(
                    uk: "має бути числом від \(range.lowerBound) до \(range.upperBound)",
                    en: "must be a number from \(range.lowerBound) to \(range.upperBound)"))
            }
            return d
        }
        switch name {
        case CodingKeys.targetCredits.rawValue: targetCredits = try decimal(0...100)
        case CodingKeys.selfEducationPercent.rawValue: selfEducationPercent = try decimal(0...100)
        case CodingKeys.hoursPerCredit.rawValue: hoursPerCredit = try decimal(0...1000, open: true)
        case CodingKeys.firstYearMonths.rawValue:
            guard let n = Int(value), (1...120).contains(n) else {
                throw HromadaError.validation(field: name, .init(uk: "має бути цілим числом від 1 до 120", en: "must be a whole number from 1 to 120"))
            }
            firstYearMonths = n
        default:
            throw HromadaError.validation(field: name, .init(
                uk: "невідомий параметр; відомі: \(Self.names.joined(separator: ", "))",
                en: "unknown setting; known: \(Self.names.joined(separator: ", "))"))
        }
    }

    /// Credits for `hours` of learning: hours ÷ hours per credit, to two decimal places, rounded down.
    public func credits(hours: Decimal) -> Decimal {
        var exact = hours / hoursPerCredit, rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 2, .down)
        return rounded
    }
}

extension DevelopmentSettings.CodingKeys: CaseIterable {
    static var allNames: [String] { allCases.map(\.rawValue) }
}
