import Foundation

/// A hromada as a list of candidates shows it: `code name (oblast, raion)`.
public struct HromadaRef: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var oblast: String?
    public var raion: String?

    public init(code: String, name: String, oblast: String?, raion: String?) {
        self.code = code
        self.name = name
        self.oblast = oblast
        self.raion = raion
    }

    /// `UA48060150000071713 Миколаївська (Миколаївська, Миколаївський)`.
    public var listed: String {
        let place = [oblast, raion].compactMap { $0 }.joined(separator: ", ")
        return place.isEmpty ? "\(code) \(name)" : "\(code) \(name) (\(place))"
    }
}

/// What a hromada written by a person (a code or a name) comes to.
public enum HromadaChoice: Sendable, Equatable {
    case found(HromadaRef)
    /// Several hromadas bear that name: the person must give a code.
    case ambiguous([HromadaRef])
    /// No hromada of that code or name; the closest names, nearest first.
    case unknown(closest: [String])

    /// The problem to report for `field`, or nil when found.
    public func problem(field: String, written: String) -> HromadaError.FieldProblem? {
        message(written: written).map { HromadaError.FieldProblem(field: field, message: $0) }
    }

    public func message(written: String) -> LocalizedText? {
        switch self {
        case .found:
            return nil
        case .ambiguous(let candidates):
            let list = candidates.map(\.listed).joined(separator: "; ")
            return .init(
                uk: "громад із назвою «\(written)» кілька; вкажіть код: \(list)",
                en: "several hromadas are named '\(written)'; give the code: \(list)")
        case .unknown(let closest):
            if closest.isEmpty {
                return .init(uk: "немає громади «\(written)» у кодифікаторі", en: "there is no hromada '\(written)' in the codifier")
            }
            let list = closest.joined(separator: ", ")
            return .init(uk: "немає громади «\(written)»; найближчі назви: \(list)",
                         en: "there is no hromada '\(written)'; the closest names: \(list)")
        }
    }
}
