public import Foundation

/// The authenticated caller of a request, as far as authorisation needs to know it.
public struct Principal: Sendable, Equatable {
    public let userID: UUID
    public let roles: Set<Role>
    /// The regional centre the user belongs to (its code, e.g. `KYV`).
    public let centre: String
    /// The code of the user's hromada, when known: the one an `hr` user keeps the record of.
    public let hromada: String?

    public init(userID: UUID, roles: Set<Role>, centre: String, hromada: String? = nil) {
        self.userID = userID
        self.roles = roles
        self.centre = centre
        self.hromada = hromada
    }

    public var isAdmin: Bool { roles.contains(.admin) }

    /// True when the caller administers `centre`: the association admin administers all of them.
    public func administers(centre code: String) -> Bool {
        isAdmin || (roles.contains(.centreAdmin) && centre == code)
    }

    /// True when the caller is the HR unit of the hromada `code`.
    public func keepsRecords(ofHromada code: String?) -> Bool {
        guard let code, let hromada, roles.contains(.hr) else { return false }
        return hromada == code
    }
}
