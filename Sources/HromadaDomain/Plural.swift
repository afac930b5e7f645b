/// Counted words as each language writes them: "1 хвилина", "3 хвилини", "14 хвилин", "21 хвилина".
public enum Plural {
    /// Ukrainian: `one` for 1, 21, 31…; `few` for 2–4, 22–24…; `many` for the rest (5–20, 11–14…).
    public static func uk(_ n: Int, _ one: String, _ few: String, _ many: String) -> String {
        let mod10 = n % 10, mod100 = n % 100
        let word = mod10 == 1 && mod100 != 11 ? one : (2...4).contains(mod10) && !(12...14).contains(mod100) ? few : many
        return "\(n) \(word)"
    }

    public static func en(_ n: Int, _ one: String, _ many: String) -> String {
        "\(n) \(n == 1 ? one : many)"
    }
}

extension LocalizedText {
    /// Sign-in refused for a while after failed attempts, saying how long (the Retry-After, in whole minutes).
    public static func signInLocked(seconds: Int) -> LocalizedText {
        let minutes = max(1, (seconds + 59) / 60)
        return LocalizedText(
            uk: "Після кількох невдалих спроб вхід тимчасово заблоковано; спробуйте знову через \(Plural.uk(minutes, "хвилину", "хвилини", "хвилин")).",
            en: "After several failed attempts sign-in is locked for a while; try again in \(Plural.en(minutes, "minute", "minutes")).")
    }
}
