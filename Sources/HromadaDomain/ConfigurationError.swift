/// A setting, file or argument that cannot be used; its message is one plain sentence for a person.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ message: String) { description = message }
}
