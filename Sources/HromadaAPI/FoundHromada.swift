import Foundation
public import HromadaDomain

/// One hromada of `GET /api/v1/hromadas?q=`: the codifier searched by name, with the oblast and raion
/// it lies in (null for a city of special status, which has neither).
public struct FoundHromada: Codable, Sendable, Equatable {
    public struct Unit: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    public var code: String
    public var name: String
    /// The codifier's category: `H` for a hromada, `K` for a city of special status.
    public var category: String
    @Nullable public var oblast: Unit?
    @Nullable public var raion: Unit?

    public init(code: String, name: String, category: String, oblast: Unit?, raion: Unit?) {
        self.code = code
        self.name = name
        self.category = category
        self.oblast = oblast
        self.raion = raion
    }
}
