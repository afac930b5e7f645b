import Foundation

/// A person known to the association, as the API shows them.
public struct User: Sendable, Equatable, Codable {
    @LowercasedUUID public var id: UUID
    public var email: String
    public var fullName: String
    public var category: Category
    public var position: String
    public var hromada: String
    public var centre: String
    public var roles: [Role]
    public var createdAt: Date

    public init(
        id: UUID, email: String, fullName: String, category: Category, position: String,
        hromada: String, centre: String, roles: [Role], createdAt: Date
    ) {
        self.id = id
        self.email = email
        self.fullName = fullName
        self.category = category
        self.position = position
        self.hromada = hromada
        self.centre = centre
        self.roles = roles.sorted()
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, email, category, position, hromada, centre, roles
        case fullName = "full_name"
        case createdAt = "created_at"
    }

    public var principal: Principal { Principal(userID: id, roles: Set(roles), centre: centre) }
    public var subject: Policy.Subject { Policy.Subject(userID: id, centre: centre) }
}

/// A regional centre of the association.
public struct Centre: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var region: String
    public init(code: String, name: String, region: String) {
        self.code = code
        self.name = name
        self.region = region
    }
}
