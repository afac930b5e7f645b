public import HromadaDomain

/// A shape read from the server together with the JSON exactly as it came, for `--json` (which
/// prints what the server said, keys the client does not know included). Reads through to the
/// value: `attempt.state` is `attempt.value.state`.
@dynamicMemberLookup
public struct Received<Value> {
    public var value: Value
    /// The answer as the server sent it.
    public var json: JSONValue

    public init(value: Value, json: JSONValue) {
        self.value = value
        self.json = json
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<Value, T>) -> T {
        value[keyPath: keyPath]
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<Value, T>) -> T {
        get { value[keyPath: keyPath] }
        set { value[keyPath: keyPath] = newValue }
    }
}

extension Received: Decodable where Value: Decodable {
    /// The value and its JSON, from one reading of the answer.
    public init(from decoder: any Decoder) throws {
        value = try Value(from: decoder)
        json = try JSONValue(from: decoder)
    }
}

extension Received: Sendable where Value: Sendable {}
