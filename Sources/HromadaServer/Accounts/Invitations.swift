public import Foundation
import HromadaAPI
public import HromadaDomain
public import HromadaPostgres
import HromadaStorage

/// Invitations of people created without a password: a one-time activation link, valid 14 days,
/// written to the outbox in the caller's transaction (so it goes only if the person is created).
/// A new invitation replaces the one before: its token stops working and its letter, if it has not
/// gone yet, is cancelled. Public for `hromada-server users import`, which invites as the API does.
public struct Invitations: Sendable {
    static let validity: Duration = .seconds(14 * 86400)
    let mail: AccountMail

    public init(configuration: ServerConfiguration) {
        mail = AccountMail(configuration: configuration)
    }

    public struct Sent: Sendable {
        public let user: User
        public let messageID: UUID
        public let expiresAt: Date
    }

    /// Invites each of `people` by mail, in `language` (nil: the language on record for each).
    @discardableResult
    public func send(_ db: PGConnection, to people: [User], language: Language? = nil) throws -> [Sent] {
        var centres: [String: String] = [:]
        var sent: [Sent] = []
        for person in people {
            if centres[person.centre] == nil { centres[person.centre] = try AccountStore.centreName(db, code: person.centre) ?? "" }
            let issued = try AccountStore.issue(db, userID: person.id, purpose: .activation, validity: Self.validity)
            try OutboxStore.cancel(db, userID: person.id, kind: .invitation, reason: "replaced by a newer invitation")
            let letter = mail.invitation(
                person, language: try language ?? AccountStore.language(db, userID: person.id),
                centreName: centres[person.centre].flatMap { $0.isEmpty ? nil : $0 },
                link: mail.activationLink(issued.token), expiresAt: issued.expiresAt
            )
            sent.append(Sent(user: person, messageID: try OutboxStore.enqueue(db, letter), expiresAt: issued.expiresAt))
        }
        return sent
    }

    /// New links for `people` without mail (the paper sheet): old tokens and unsent letters replaced.
    func links(_ db: PGConnection, for people: [User]) throws -> [(user: User, link: String, expiresAt: Date)] {
        try people.map { person in
            let issued = try AccountStore.issue(db, userID: person.id, purpose: .activation, validity: Self.validity)
            try OutboxStore.cancel(db, userID: person.id, kind: .invitation, reason: "replaced by a link on an invitation sheet")
            return (person, mail.activationLink(issued.token), issued.expiresAt)
        }
    }
}
