public import Foundation

/// A person as the development record names them: in lists and reports with their category and
/// position; as a record's owner or whoever decided, by name alone.
public struct NamedPerson: Sendable, Equatable {
    public var id: UUID
    public var fullName: String
    public var category: String?
    public var position: String?

    public init(id: UUID, fullName: String, category: String? = nil, position: String? = nil) {
        self.id = id
        self.fullName = fullName
        self.category = category
        self.position = position
    }
}

/// A person's hromada as lists and reports show it: its code (nil while it is not matched to the
/// codifier) and its name.
public struct NamedHromada: Sendable, Equatable {
    public var code: String?
    public var name: String

    public init(code: String?, name: String) {
        self.code = code
        self.name = name
    }
}
