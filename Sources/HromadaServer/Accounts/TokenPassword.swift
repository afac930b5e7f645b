import Foundation
import HromadaDomain
import HromadaPostgres
import HromadaStorage

/// A password chosen through a one-time link, the same way from the API and from the page: the
/// token's and the password's lengths are checked (422), the link's person is found (410
/// `token_expired` when the token is not live), the password is held to the rest of the rules (422 naming `field`), hashed off the cooperative pool, and then, in one transaction,
/// the token is spent (a second use finds it spent: 410), the password set, the change audited.
/// An activation makes the person active; a reset ends every session they have.
struct TokenPassword {
    let services: AppServices

    struct Outcome {
        let user: User
        /// The new session, when one was asked for.
        let session: SessionStore.Issued?
    }

    /// The longest token the API takes (the document's `maxLength`); ours are 43 characters.
    static let longestToken = 512

    /// Whether `text` could be a token at all (base64url, 16 to 512 characters): anything else is
    /// answered as an unknown token without touching the database.
    static func plausible(_ text: String) -> Bool {
        (16...512).contains(text.utf8.count)
            && text.utf8.allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || ($0 < 0x80 && Character(Unicode.Scalar($0)).isLetter) || (0x30...0x39).contains($0) }
    }

    /// The live token's person, or `token_expired`.
    func holder(_ token: String, purpose: AccountStore.Purpose) async throws -> User {
        guard Self.plausible(token),
              let user = try await services.pool.withConnection({ try AccountStore.holder($0, token: token, purpose: purpose) })
        else { throw HromadaError(.tokenExpired, reason: "\(purpose.rawValue) token not live") }
        return user
    }

    func redeem(
        token: String, password: String, purpose: AccountStore.Purpose, field: String = "password",
        signIn: Bool, address: String, userAgent: String?, requestID: String
    ) async throws -> Outcome {
        // What can be judged without the person comes first, the same for any token: a token longer
        // than any link's and a password too short or too long are 422 whether or not the link works.
        var early: [HromadaError.FieldProblem] = []
        if token.utf8.count > Self.longestToken {
            early.append(.init(field: "token", message: .init(uk: "має містити щонайбільше \(Self.longestToken) символів",
                                                              en: "must be at most \(Self.longestToken) characters")))
        }
        if let problem = TextRules.password(password, field: field) { early.append(problem) }
        if !early.isEmpty { throw HromadaError.validation(early) }
        let person = try await holder(token, purpose: purpose)
        if let problem = CommonPasswordList.check(password, email: person.email, field: field) {
            throw HromadaError.validation([problem])
        }
        let hash = try await services.passwords.hash(password)
        let ttl = services.configuration.tokenTTL
        return try await services.pool.transaction { db in
            guard try AccountStore.redeem(db, token: token, purpose: purpose) == person.id else {
                throw HromadaError(.tokenExpired, reason: "\(purpose.rawValue) token spent while the password was hashed")
            }
            let user: User
            switch purpose {
            case .activation:
                guard let activated = try AccountStore.activate(db, userID: person.id, passwordHash: hash) else {
                    throw HromadaError(.tokenExpired, reason: "the person was no longer invited")
                }
                user = activated
            case .passwordReset:
                try UserStore.setPassword(db, userID: person.id, hash: hash)
                try SessionStore.revokeAll(db, userID: person.id)
                try AccountStore.revoke(db, userID: person.id, purpose: .passwordReset)
                user = person
            }
            try AuditLog.append(db, .init(
                actor: person.id, action: purpose == .activation ? "user.activate" : "user.password_reset",
                subjectType: "user", subjectID: person.id.lowercasedText, centre: person.centre
            ), requestID: requestID)
            let session = signIn ? try SessionStore.create(db, userID: person.id, ttl: ttl, address: address, userAgent: userAgent) : nil
            return Outcome(user: user, session: session)
        }
    }
}
