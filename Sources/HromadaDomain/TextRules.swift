import Foundation

/// Rules every piece of free text from a client must satisfy before it is stored.
public enum TextRules {
    /// Trims surrounding whitespace, normalises to NFC and checks length and characters.
    /// Returns the cleaned value or a problem naming `field`.
    public static func clean(
        _ value: String,
        field: String,
        maxLength: Int = 200,
        allowEmpty: Bool = false
    ) -> Result<String, HromadaError.FieldProblem> {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        if !allowEmpty && trimmed.isEmpty {
            return .failure(.init(field: field, message: .init(uk: "не може бути порожнім", en: "must not be empty")))
        }
        if trimmed.count > maxLength {
            return .failure(.init(field: field, message: .init(uk: "має містити не більше \(maxLength) символів", en: "must be at most \(maxLength) characters")))
        }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .failure(.init(field: field, message: .init(uk: "не може містити керівних символів", en: "must not contain control characters")))
        }
        return .success(trimmed)
    }

    /// Lower-cases and checks an email address. The address is compared case-insensitively everywhere.
    public static func email(_ value: String, field: String = "email") -> Result<String, HromadaError.FieldProblem> {
        let candidate = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let problem = HromadaError.FieldProblem(field: field, message: .init(uk: "не є правильною адресою електронної пошти", en: "is not a valid email address"))
        guard candidate.count <= 254, !candidate.contains(where: { $0.isWhitespace }) else { return .failure(problem) }
        let parts = candidate.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return .failure(problem) }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }) else { return .failure(problem) }
        let allowedLocal = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+/=?^_`{|}~-")
        let allowedDomain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-.")
        guard parts[0].unicodeScalars.allSatisfy({ allowedLocal.contains($0) }),
              domain.unicodeScalars.allSatisfy({ allowedDomain.contains($0) }),
              !domain.hasPrefix("-"), !domain.hasSuffix("-")
        else { return .failure(problem) }
        return .success(candidate)
    }

    /// A password must be long enough to resist guessing and short enough not to burden scrypt.
    public static func password(_ value: String, field: String = "password") -> HromadaError.FieldProblem? {
        if value.count < 10 { return .init(field: field, message: .init(uk: "має містити щонайменше 10 символів", en: "must be at least 10 characters")) }
        if value.utf8.count > 1024 { return .init(field: field, message: .init(uk: "має бути не довшим за 1024 байти", en: "must be at most 1024 bytes")) }
        if value.unicodeScalars.contains(where: { $0 == "\0" }) {
            return .init(field: field, message: .init(uk: "не може містити символів NUL", en: "must not contain NUL characters"))
        }
        return nil
    }
}
