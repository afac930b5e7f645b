import Foundation

/// The languages of user-facing text. Ukrainian is the default.
public enum Language: String, Sendable, CaseIterable {
    case uk
    case en

    /// Picks the best language from an `Accept-Language` header value; Ukrainian when none matches.
    public static func negotiate(_ header: String?) -> Language {
        guard let header else { return .uk }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased() else { continue }
            var q = 1.0
            for p in pieces.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 0 }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let lang = Language(rawValue: primary), q > 0 else { continue }
            if best == nil || q > best!.1 { best = (lang, q) }
        }
        return best?.0 ?? .uk
    }
}

/// A message in both of the project's languages.
public struct LocalizedText: Sendable, Equatable, Hashable {
    public let uk: String
    public let en: String

    public init(uk: String, en: String) {
        self.uk = uk
        self.en = en
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .uk: uk
        case .en: en
        }
    }
}
