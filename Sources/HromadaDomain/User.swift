public import Foundation

/// A person known to the association, as the API shows them.
public struct User: Sendable, Equatable, Codable {
    @LowercasedUUID public var id: UUID
    public var email: String
    public var fullName: String
    public var category: Category
    public var position: String
    public var hromada: String
    /// The hromada's КАТОТТГ code; nil for a person created before the codifier whose name has not
    /// been matched (`hromada-server hromadas unmatched`).
    public var hromadaCode: String?
    public var centre: String
    public var roles: [Role]
    public var createdAt: Date
    /// Whether the person can sign in: `invited` until they choose a password, `deactivated` when a
    /// centre or the admin has closed the account.
    public var status: AccountStatus

    public init(
        id: UUID, email: String, fullName: String, category: Category, position: String,
        hromada: String, centre: String, roles: [Role], createdAt: Date, status: AccountStatus = .active,
        hromadaCode: String? = nil
    ) {
        self.id = id
        self.email = email
        self.fullName = fullName
        self.category = category
        self.position = position
        self.hromada = hromada
        self.hromadaCode = hromadaCode
        self.centre = centre
        self.roles = roles.sorted()
        self.createdAt = createdAt
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case id, email, category, position, hromada, centre, roles, status
        case fullName = "full_name"
        case createdAt = "created_at"
        case hromadaCode = "hromada_code"
    }

    /// As synthesised, but a missing `status` (a server from before accounts) reads as `active`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        _id = try c.decode(LowercasedUUID.self, forKey: .id)
        email = try c.decode(String.self, forKey: .email)
        fullName = try c.decode(String.self, forKey: .fullName)
        category = try c.decode(Category.self, forKey: .category)
        position = try c.decode(String.self, forKey: .position)
        hromada = try c.decode(String.self, forKey: .hromada)
        hromadaCode = try c.decodeIfPresent(String.self, forKey: .hromadaCode)
        centre = try c.decode(String.self, forKey: .centre)
        roles = try c.decode([Role].self, forKey: .roles)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        status = try c.decodeIfPresent(AccountStatus.self, forKey: .status) ?? .active
    }

    public var principal: Principal { Principal(userID: id, roles: Set(roles), centre: centre, hromada: hromadaCode) }
    public var subject: Policy.Subject { Policy.Subject(userID: id, centre: centre, hromada: hromadaCode) }
}

/// Where a person's account stands.
public enum AccountStatus: String, Sendable, Codable, CaseIterable {
    /// Created without a password: signs in once they have followed their invitation.
    case invited
    case active
    /// Closed by their centre or the admin: cannot sign in, activate or reset; the record stays.
    case deactivated
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
