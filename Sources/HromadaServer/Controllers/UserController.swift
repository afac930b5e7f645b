import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// Regional centres and the people of the association.
struct UserController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [
            .get("/centres", centres),
            .post("/users", signedIn(create)),
            .get("/users", signedIn(list)),
            .get("/users/{id}", signedIn { try .json(try await visibleUser($0.context, caller: $0.caller)) }),
            .post("/centres/{code}/users:import", signedIn(importCSV)),
        ]
    }

    /// The regional centres: public, as the catalogue is.
    @Sendable func centres(_ request: Request, _ context: AppContext) async throws -> Response {
        let centres = try await services.pool.withConnection { try UserStore.centres($0) }
        return try .json(try Page(centres, Query(request: request)) { $0.code })
    }

    /// The person named by the `{id}` path parameter, if the caller may see them; otherwise 404.
    func visibleUser(_ context: AppContext, caller: User) async throws -> User {
        let id = try context.id()
        guard let user = try await services.pool.withConnection({ try UserStore.find($0, id: id) }) else {
            throw HromadaError(.notFound)
        }
        try Policy.require(.readUser(user.subject), for: caller.principal)
        return user
    }

    @Sendable func create(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let (body, raw) = try await services.body.decodeKeepingBytes(UserCreation.self, from: request)
        var person = try NewUser.validate(
            email: body.email, fullName: body.fullName, category: body.category, position: body.position,
            hromada: body.hromada, centre: body.centre, roles: body.roles, password: body.password
        ).get()
        var problems: [HromadaError.FieldProblem] = []
        if let language = body.language {
            if let l = Language(rawValue: language) { person.language = l } else {
                problems.append(.init(field: "language", message: .init(uk: "має бути uk або en", en: "must be uk or en")))
            }
        }
        if let password = person.password, let problem = CommonPasswordList.check(password, email: person.email) { problems.append(problem) }
        if let appointed = body.appointedOn {
            switch NewUser.date(appointed, field: "appointed_on") {
            case .success(let d): person.appointedOn = d
            case .failure(let p): problems.append(p)
            }
        }
        if !problems.isEmpty { throw HromadaError.validation(problems) }
        try Policy.require(.createUser(centre: person.centre, roles: person.roles), for: caller.principal)
        let invitations = Invitations(configuration: services.configuration)
        let (language, newPerson) = (person.language, person)
        let hash: String? = if let password = person.password { try await services.passwords.hash(password) } else { nil }
        let requestID = context.requestID
        return try await Idempotency(pool: services.pool).run(request: request, userID: caller.id, body: raw) { db in
            // The hromada by code or exact name; an HR unit only for a hromada the centre serves.
            var newPerson = newPerson
            let ref = try hromada(db, newPerson.hromada)
            (newPerson.hromada, newPerson.hromadaCode) = (ref.name, ref.code)
            if newPerson.roles.contains(.hr) {
                let served = try TerritoryStore.centreServes(db, centre: newPerson.centre, hromada: ref.code)
                try Policy.require(.appointHR(centre: newPerson.centre, served: served), for: caller.principal)
            }
            let user: User
            do {
                user = try UserStore.create(db, newPerson, passwordHash: hash)
            } catch let e as HromadaError where e.code == .conflict {
                throw HromadaError(.emailTaken, fieldProblems: [.init(field: "email", message: .init(
                    uk: "людину з такою адресою вже зареєстровано", en: "a person with this email is already registered"
                ))])
            }
            // Without a password the person is invited: the letter goes out with this transaction.
            if user.status == .invited { try invitations.send(db, to: [user], language: language) }
            try AuditLog.append(db, .init(
                actor: caller.id, action: "user.create", subjectType: "user", subjectID: user.id.lowercasedText,
                centre: user.centre, details: ["roles": user.roles.map(\.rawValue).joined(separator: ","),
                                               "status": user.status.rawValue]
            ), requestID: requestID)
            return try StoredResponse.json(user, status: .created)
        }
    }

    @Sendable func list(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request) = (signedIn.caller, signedIn.request)
        let query = Query(request: request)
        let centre = (try query.centre() ?? caller.centre).uppercased()
        try Policy.require(.listUsers(centre: centre), for: caller.principal)
        let limit = try query.limit()
        let after = try query.cursor()
        let users = try await services.pool.withConnection {
            try UserStore.list($0, centre: centre, after: after, limit: limit + 1)
        }
        let page = Array(users.prefix(limit))
        let next = users.count > limit ? page.last.map { Query.cursor(for: $0.id) } : nil
        return try .json(Page(items: page, nextCursor: next))
    }

    @Sendable func importCSV(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let code = try context.text("code").uppercased()
        guard try await services.pool.withConnection({ try UserStore.centreExists($0, code: code) }) else {
            throw HromadaError(.notFound)
        }
        try Policy.require(.importUsers(centre: code), for: caller.principal)
        let text = try await services.body.text(request, accepting: ["text/csv"])
        let people = try UserImport.parse(csv: text, centre: code).get()
        let requestID = context.requestID
        let invitations = Invitations(configuration: services.configuration)
        return try await Idempotency(pool: services.pool).run(request: request, userID: caller.id, body: Array(text.utf8)) { db in
            let result = try UserStore.importPeople(db, people)
            // Everyone created here has no password: each is invited, in this transaction.
            try invitations.send(db, to: result.created, language: .uk)
            try AuditLog.append(db, .init(
                actor: caller.id, action: "users.import", subjectType: "centre", subjectID: code, centre: code,
                details: ["created": String(result.created.count), "unchanged": String(result.unchanged)]
            ), requestID: requestID)
            return try StoredResponse.json(UserImportResult(created: result.created.count, unchanged: result.unchanged))
        }
    }
}
