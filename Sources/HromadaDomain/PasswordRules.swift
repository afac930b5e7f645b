import Foundation

/// The one set of rules for a password a person chooses, wherever they choose it (created with one,
/// activating, resetting, changing), as NIST SP 800-63B (5.1.1.2) asks: long enough (``TextRules``),
/// not their e-mail address or its local part, and not on a list of common and breached passwords.
public enum PasswordRules {
    /// The problem with `password` for the person with `email`, or nil when it may be used.
    public static func check(
        _ password: String, email: String?, common: CommonPasswords, field: String = "password"
    ) -> HromadaError.FieldProblem? {
        if let problem = TextRules.password(password, field: field) { return problem }
        let folded = CommonPasswords.fold(password)
        if let email = email?.lowercased(), !email.isEmpty {
            let local = email.split(separator: "@").first.map(String.init) ?? email
            if folded == email || folded == local || folded.replacingOccurrences(of: " ", with: "") == email {
                return .init(field: field, message: .init(
                    uk: "не може збігатися з адресою електронної пошти", en: "must not be the email address"))
            }
        }
        if common.contains(password) {
            return .init(field: field, message: .init(
                uk: "це один із найпоширеніших паролів, його легко вгадати; виберіть інший",
                en: "is one of the most common passwords and easy to guess; choose another"))
        }
        return nil
    }
}

/// A list of common passwords, one a line (`#` starts a comment), compared without regard to case
/// or surrounding spaces.
public struct CommonPasswords: Sendable {
    let entries: Set<String>

    public init(text: String) {
        var entries = Set<String>()
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) where !line.hasPrefix("#") {
            let folded = Self.fold(String(line))
            if !folded.isEmpty { entries.insert(folded) }
        }
        self.entries = entries
    }

    public var count: Int { entries.count }

    public func contains(_ password: String) -> Bool { entries.contains(Self.fold(password)) }

    static func fold(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping.lowercased()
    }
}
