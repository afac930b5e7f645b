import Foundation
import HromadaDomain
import Testing

/// The pack rules events are checked by too, and Kyiv times with their offset.
@Suite struct CreditRulesTests {
    @Test func creditsFollowTheHoursAndTheProgrammeRange() {
        #expect(CreditRules.defaultCredits(hours: 12) == 0.4)
        #expect(CreditRules.defaultCredits(hours: 30) == 1)
        #expect(CreditRules.defaultCredits(hours: 7) == 0.2)
        #expect(CreditRules.check(programme: "short-term", credits: 0.2) == nil)
        #expect(CreditRules.check(programme: "short-term", credits: 1.5) == .shortTermRange)
        #expect(CreditRules.check(programme: "professional", credits: 2) == nil)
        #expect(CreditRules.check(programme: "professional", credits: 1) == .professionalMinimum)
        #expect(CreditRules.check(programme: nil, credits: 50) == nil)
        #expect(CreditRules.check(programme: "other", credits: 1) == .unknownProgramme)
        #expect(CreditRules.message(.shortTermRange, credits: 3).en == "a short-term programme carries 0.2 to 1 ECTS credits, not 3")
    }

    /// Summer time ends on the last Sunday of October at 04:00 Kyiv time (01:00 UTC).
    @Test func kyivTimesCarryTheOffsetOfTheirDay() throws {
        let before = try #require(ISO8601DateFormatter().date(from: "2026-10-24T07:00:00Z"))
        let after = try #require(ISO8601DateFormatter().date(from: "2026-10-26T08:00:00Z"))
        #expect(KyivCalendar.rfc3339(before) == "2026-10-24T10:00:00+03:00")
        #expect(KyivCalendar.rfc3339(after) == "2026-10-26T10:00:00+02:00")
    }
}
