import HromadaDomain
import Testing

/// Ukrainian counts take one of three forms; the lockout says its wait in minutes with the right one.
struct PluralTests {
    @Test func ukrainianCountsTakeTheirForm() {
        let forms = [1: "1 хвилина", 2: "2 хвилини", 4: "4 хвилини", 5: "5 хвилин", 11: "11 хвилин", 12: "12 хвилин", 14: "14 хвилин",
                     21: "21 хвилина", 22: "22 хвилини", 25: "25 хвилин", 111: "111 хвилин", 101: "101 хвилина"]
        for (n, text) in forms { #expect(Plural.uk(n, "хвилина", "хвилини", "хвилин") == text) }
        #expect(Plural.en(1, "minute", "minutes") == "1 minute" && Plural.en(14, "minute", "minutes") == "14 minutes")
    }

    @Test func theLockoutSaysHowManyMinutesToWait() {
        let locked = LocalizedText.signInLocked(seconds: 14 * 60 - 20)
        #expect(locked.uk.hasSuffix("спробуйте знову через 14 хвилин.") && locked.en.hasSuffix("try again in 14 minutes."))
        #expect(LocalizedText.signInLocked(seconds: 5).uk.hasSuffix("через 1 хвилину."))
        #expect(LocalizedText.signInLocked(seconds: 125).uk.hasSuffix("через 3 хвилини."))
    }
}
