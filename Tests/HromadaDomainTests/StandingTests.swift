import Foundation
import HromadaDomain
import Testing

/// The year's rules (spec/development.md) as pure arithmetic on exact decimals.
@Suite struct StandingTests {
    let rules = DevelopmentSettings(targetCredits: 1, selfEducationPercent: 10, firstYearMonths: 12, hoursPerCredit: 30)

    func item(_ credits: String, self selfEducation: Bool = false) -> Standing.Item {
        Standing.Item(source: selfEducation ? .external : .course, title: "x", date: "2026-03-01", hours: 1,
                      credits: Decimal(string: credits)!, selfEducation: selfEducation, evidence: .init())
    }

    @Test func ninePlusOneSelfEducationMeetsAndOneFromCoursesDoesNot() {
        let met = Standing(year: 2026, category: .official, settings: rules, items: [item("0.9"), item("0.1", self: true)], plan: nil)
        #expect(met.earnedCredits == 1 && met.met == true && met.selfEducationShare == 10)
        let courses = Standing(year: 2026, category: .official, settings: rules, items: [item("1.0")], plan: nil)
        #expect(courses.met == false)
    }

    @Test func sumsAreExactWhereDoublesAreNot() {
        let s = Standing(year: 2026, category: .official, settings: rules, items: ["0.7", "0.1", "0.1", "0.1"].map { item($0, self: true) }, plan: nil)
        #expect(0.7 + 0.1 + 0.1 + 0.1 != 1.0)
        #expect(s.earnedCredits == 1 && s.met == true)
    }

    @Test func aDeputyHasNoTargetAndNoVerdict() {
        let s = Standing(year: 2026, category: .deputy, settings: rules, items: [item("0.2")], plan: nil, appointedOn: "2026-02-01")
        #expect(s.targetCredits == 0 && s.met == nil && s.firstYearDue == nil)
    }

    @Test func theRulesAreSettingsNotConstants() throws {
        var stricter = rules
        try stricter.set("target_credits", to: "1,5")
        try stricter.set("self_education_percent", to: "20")
        let s = Standing(year: 2026, category: .official, settings: stricter, items: [item("1.2"), item("0.3", self: true)], plan: nil)
        #expect(s.met == true)
        try stricter.set("self_education_percent", to: "25")
        #expect(Standing(year: 2026, category: .official, settings: stricter, items: [item("1.2"), item("0.3", self: true)], plan: nil).met == false)
        #expect(throws: HromadaError(.validationFailed)) { try stricter.set("hours_per_credit", to: "0") }
        #expect(throws: HromadaError(.validationFailed)) { try stricter.set("colour", to: "1") }
        #expect(rules.credits(hours: 3) == Decimal(string: "0.1")!)
    }

    @Test func theFirstYearDeadlineIsShownInTheYearsItConcerns() {
        let s = Standing(year: 2026, category: .official, settings: rules, items: [], plan: nil, appointedOn: "2025-09-15")
        #expect(s.firstYearDue == "2026-09-15")
        #expect(Standing.firstYearDue(appointedOn: "2025-09-15", months: 12, year: 2027) == nil)
        #expect(Standing.shown(Decimal(string: "0.95")!) == "0.9" && Standing.shown(1, comma: true) == "1,0")
    }

    @Test func namesCompareWhateverTheApostropheCaseAndSuffix() {
        #expect(TerritoryName.searchKey("Мар'янівська") == TerritoryName.searchKey("МАРʼЯНІВСЬКА"))
        #expect(TerritoryName.hromadaKey("Бучанська міська територіальна громада") == "бучанська")
        #expect(TerritoryName.hromadaKey("бучанська ТГ") == "бучанська")
        #expect(HromadaRef(code: "UA1", name: "Н", oblast: "О", raion: "Р").listed == "UA1 Н (О, Р)")
    }
}
