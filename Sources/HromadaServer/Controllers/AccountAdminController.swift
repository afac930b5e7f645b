import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaPostgres
import HromadaStorage

/// Accounts as a centre (or the admin) looks after them: invitations sent again, deactivation and
/// reactivation, the invitation sheet of a cohort, the outbox. Each change is audited.
struct AccountAdminController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [
            .post("/users/{id}/invitation", signedIn(invite)),
            .post("/users/{id}/deactivate", signedIn(deactivate)),
            .post("/users/{id}/reactivate", signedIn(reactivate)),
            .get("/cohorts/{id}/invitations.csv", signedIn(invitationSheet)),
            .get("/outbox", signedIn(outbox)),
        ]
    }

    /// The `{id}` person, when the caller may manage their account: 404 when they may not know them,
    /// 403 when they may know them but not this.
    func managedUser(_ signedIn: SignedIn) async throws -> User {
        let id = try signedIn.context.id()
        guard let user = try await services.pool.withConnection({ try UserStore.find($0, id: id) }) else {
            throw HromadaError(.notFound)
        }
        try Policy.require(.manageAccount(user.subject, roles: Set(user.roles)), for: signedIn.caller.principal)
        return user
    }

    /// A new invitation by mail; the one before stops working. Only for people not yet active.
    @Sendable func invite(_ signedIn: SignedIn) async throws -> Response {
        let user = try await managedUser(signedIn)
        let (caller, requestID) = (signedIn.caller, signedIn.context.requestID)
        let invitations = Invitations(configuration: services.configuration)
        let sent = try await services.pool.transaction { db -> Invitations.Sent in
            // Read again under the transaction: an activation or a deactivation may have come first.
            guard let current = try UserStore.find(db, id: user.id), current.status == .invited else {
                throw Self.notInvited
            }
            guard let sent = try invitations.send(db, to: [current]).first else { throw HromadaError(.internalError) }
            try AuditLog.append(db, .init(actor: caller.id, action: "user.invite", subjectType: "user",
                                          subjectID: user.id.lowercasedText, centre: user.centre,
                                          details: ["message": sent.messageID.lowercasedText]), requestID: requestID)
            return sent
        }
        return try .json(InvitationQueued(userID: user.id, messageID: sent.messageID, expiresAt: sent.expiresAt), status: .accepted)
    }

    static let notInvited = HromadaError(.conflict, detail: .init(
        uk: "Ця людина вже активувала обліковий запис або його вимкнено; запрошення надсилають лише тим, хто ще не увійшов. Забутий пароль відновлюють через «Забули пароль».",
        en: "This person has already activated their account, or it is deactivated; invitations go only to people who have not signed in yet. A forgotten password is reset with a password reset."
    ))

    /// Closes the account: no sign-in from now on, sessions and links end at once; the record stays.
    @Sendable func deactivate(_ signedIn: SignedIn) async throws -> Response {
        try await changeStatus(signedIn, action: "user.deactivate") { try AccountStore.deactivate($0, userID: $1) }
    }

    /// Opens a closed account again (`active`, or `invited` for someone who never chose a password).
    @Sendable func reactivate(_ signedIn: SignedIn) async throws -> Response {
        try await changeStatus(signedIn, action: "user.reactivate") { try AccountStore.reactivate($0, userID: $1) }
    }

    func changeStatus(
        _ signedIn: SignedIn, action: String, _ change: @escaping @Sendable (PGConnection, UUID) throws -> User?
    ) async throws -> Response {
        let user = try await managedUser(signedIn)
        let (caller, requestID) = (signedIn.caller, signedIn.context.requestID)
        let after = try await services.pool.transaction { db -> User in
            guard let after = try change(db, user.id) else { throw HromadaError(.notFound) }
            try AuditLog.append(db, .init(actor: caller.id, action: action, subjectType: "user", subjectID: user.id.lowercasedText,
                                          centre: user.centre, details: ["before": user.status.rawValue, "after": after.status.rawValue]),
                                requestID: requestID)
            return after
        }
        return try .json(after)
    }

    /// `email,full_name,link,valid_until` for every member of the cohort not yet active, with new
    /// links (the earlier ones, and letters not yet sent, stop working). Audited. Cells made inert.
    @Sendable func invitationSheet(_ signedIn: SignedIn) async throws -> Response {
        let (caller, context) = (signedIn.caller, signedIn.context)
        let id = try context.id()
        guard let centre = try await services.pool.withConnection({ try CohortStore.centre($0, id: id) }),
              Policy.decide(.manageCohort(centre: centre), for: caller.principal) == .allowed
        else { throw HromadaError(.notFound) }
        let invitations = Invitations(configuration: services.configuration)
        let requestID = context.requestID
        let rows = try await services.pool.transaction { db in
            let members = try AccountStore.invitedMembers(db, cohortID: id).filter {
                Policy.decide(.manageAccount($0.subject, roles: Set($0.roles)), for: caller.principal) == .allowed
            }
            let links = try invitations.links(db, for: members)
            try AuditLog.append(db, .init(actor: caller.id, action: "cohort.invitations", subjectType: "cohort",
                                          subjectID: id.lowercasedText, centre: centre, details: ["links": String(links.count)]),
                                requestID: requestID)
            return links
        }
        var csv = "email,full_name,link,valid_until\r\n"
        for row in rows {
            csv += [row.user.email, row.user.fullName, row.link, Timestamp.format(row.expiresAt)].map { CSVWriter.cell($0) }
                .joined(separator: ",") + "\r\n"
        }
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"invitations-\(id.lowercasedText).csv\"",
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(string: csv)))
    }

    /// The outbox, newest first: the admin's is everyone's (or one centre's with `?centre=`), a
    /// centre admin's their centre's people's. Where each message stands, never what it says.
    @Sendable func outbox(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request) = (signedIn.caller, signedIn.request)
        let query = Query(request: request)
        let centre = try query.centre() ?? (caller.principal.isAdmin ? nil : caller.centre)
        try Policy.require(.readOutbox(centre: centre), for: caller.principal)
        var status: OutboxMessage.Status?
        if let raw = query.string("status") {
            guard let s = OutboxMessage.Status(rawValue: raw) else {
                throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "status", message: .init(
                    uk: "має бути pending, sending, sent, failed або cancelled", en: "must be pending, sending, sent, failed or cancelled"))])
            }
            status = s
        }
        let limit = try query.limit()
        let after = try query.cursor()
        let wanted = status
        let items = try await services.pool.withConnection {
            try OutboxStore.list($0, centre: centre, status: wanted, after: after, limit: limit + 1)
        }
        let page = Array(items.prefix(limit))
        let next = items.count > limit ? page.last.map { Query.cursor(for: $0.id) } : nil
        return try .json(Page(items: page, nextCursor: next))
    }
}
