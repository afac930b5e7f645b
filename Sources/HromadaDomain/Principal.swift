import Foundation

/// The authenticated caller of a request, as far as authorisation needs to know it.
public struct Principal: Sendable, Equatable {
    public let userID: UUID
    public let roles: Set<Role>
    /// The regional centre the user belongs to (its code, e.g. `KYV`).
    public let centre: String

    public init(userID: UUID, roles: Set<Role>, centre: String) {
        self.userID = userID
        self.roles = roles
        self.centre = centre
    }

    public var isAdmin: Bool { roles.contains(.admin) }

    /// True when the caller administers `centre`: the association admin administers all of them.
    public func administers(centre code: String) -> Bool {
        isAdmin || (roles.contains(.centreAdmin) && centre == code)
    }
}
