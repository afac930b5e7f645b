public import Foundation
import HromadaDomain

/// A list of UUIDs written the way the API writes ids: lower case (see ``LowercasedUUID``).
@propertyWrapper
public struct LowercasedUUIDs: Codable, Sendable, Hashable {
    public var wrappedValue: [UUID]

    public init(wrappedValue: [UUID]) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try [LowercasedUUID](from: decoder).map(\.wrappedValue)
    }

    public func encode(to encoder: any Encoder) throws {
        try wrappedValue.map(LowercasedUUID.init(wrappedValue:)).encode(to: encoder)
    }
}
