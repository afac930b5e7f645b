import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaPacks
import HromadaPostgres
import HromadaStorage
import NIOPosix

/// Programmes (spec/credentials.md, "Programmes"): publishing a programme folder, the public list and
/// versions, a learner's enrolment in a programme and its parts, and their progress.
struct ProgrammeController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [
            .post("/programmes", signedIn(publish)),
            .get("/programmes", catalogue),
            .get("/programmes/{slug}") { request, context in
                let (slug, version) = (try context.text("slug"), Query(request: request).string("version"))
                guard let (_, programme) = try await services.pool.withConnection({ try ProgrammeStore.find($0, slug: slug, version: version) }) else {
                    throw HromadaError(.notFound)
                }
                return try .json(programme)
            },
            .get("/programmes/{slug}/trainers", signedIn(trainers)),
            // The admin names a programme's trainers as a course's (the same handler and rules).
            .put("/programmes/{slug}/trainers", signedIn { try await CourseController(services: services).setTrainers($0, of: .programme) }),
            .post("/programmes/{slug}/enrolments", signedIn(enrol)),
            .get("/me/programmes", signedIn(mine)),
        ]
    }

    /// `POST /programmes`: the folder as a ZIP, validated (with the catalogue, in the transaction that
    /// stores it) and stored as an immutable version; the same ownership rules as courses.
    @Sendable func publish(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        try Policy.require(.publishCourse, for: caller.principal)
        try BodyDecoder.requireContentType(request, ["application/zip"])
        let limit = services.configuration.maxPackSize
        let bytes = try await services.body.bytes(request, limit: limit)
        let validated = try await services.blocking.runIfActive {
            ProgrammeValidator.validate(PackFiles.zip(bytes, limits: PackFiles.Limits(uploadLimit: limit)))
        }
        let failed = HromadaError.packProblems(uk: "Програма містить помилки; нічого не збережено.",
                                               en: "The programme has errors; nothing was stored.")
        guard let definition = validated.definition else {
            // The catalogue's errors with the folder's own, all at once.
            let (checked, _, _) = try await services.pool.withConnection { try ProgrammeStore.check($0, validated) }
            throw failed(checked.errors)
        }
        let requestID = context.requestID
        let (checked, created) = try await services.pool.transaction { db in
            let outcome = try ProgrammeStore.publish(db, validated: validated, publishedBy: caller.id) { ownership in
                // A slug belongs to its first publisher (and the admin), as a course's does.
                guard case .existing(let trainer) = ownership,
                      Policy.decide(.publishVersion(courseTrainer: trainer), for: caller.principal) != .allowed else { return }
                throw HromadaError(.programmeNotYours, detail: .init(
                    uk: "Програма \(definition.slug) належить іншим тренерам; нову версію публікують лише вони або адміністратор асоціації. Нічого не збережено.",
                    en: "The programme \(definition.slug) belongs to other trainers; only they or the association admin publish new versions. Nothing was stored."
                ), reason: "publish to a programme slug the caller does not own")
            }
            if outcome.created {
                try AuditLog.append(db, .init(
                    actor: caller.id, action: "programme.publish", subjectType: "programme", subjectID: definition.slug,
                    details: ["version": definition.version, "hash": validated.contentHash]
                ), requestID: requestID)
            }
            return outcome
        }
        guard checked.definition != nil else { throw failed(checked.errors) }
        let answer = PublishedPack(slug: definition.slug, version: definition.version, hash: validated.contentHash,
                                   warnings: validated.warnings.map(\.description), created: created)
        return try .json(answer, status: created ? .created : .ok)
    }

    /// `GET /programmes`: the newest version of each, by slug (public).
    @Sendable func catalogue(_ request: Request, _ context: AppContext) async throws -> Response {
        let query = Query(request: request)
        let limit = try query.limit()
        let after = query.string("cursor").flatMap { $0.isEmpty ? nil : $0 }
        let items = try await services.pool.withConnection { try ProgrammeStore.catalogue($0, after: after, limit: limit + 1) }
        let page = Array(items.prefix(limit))
        return try .json(Page(items: page, nextCursor: items.count > limit ? page.last?.definition.slug : nil))
    }

    /// `GET /programmes/{slug}/trainers`: who may publish its versions (besides the admin); for them and the admin.
    @Sendable func trainers(_ signedIn: SignedIn) async throws -> Response {
        let (caller, slug) = (signedIn.caller, try signedIn.context.text("slug"))
        guard let list = try await services.pool.withConnection({ try CourseStore.trainers($0, slug: slug, of: .programme) }) else {
            throw HromadaError(.notFound)
        }
        try Policy.require(.readTrainers(courseTrainer: list.contains { $0.id == caller.id }), for: caller.principal)
        return try .json(CourseTrainers(slug: slug, trainers: list))
    }

    /// `POST /programmes/{slug}/enrolments`: a learner enrols in the programme and its courses.
    @Sendable func enrol(_ signedIn: SignedIn) async throws -> Response {
        let caller = signedIn.caller
        guard caller.roles.contains(.learner) else {
            throw HromadaError(.forbidden, detail: .init(uk: "Записатися на програму може лише слухач.", en: "Only learners can enrol."))
        }
        let slug = try signedIn.context.text("slug")
        let requestID = signedIn.context.requestID
        let (enrolment, created) = try await services.pool.transaction { db -> (ProgrammeEnrolment, Bool) in
            guard let (id, created, courses) = try ProgrammeStore.enrol(db, userID: caller.id, category: caller.category, slug: slug) else {
                throw HromadaError(.notFound)
            }
            if created {
                try AuditLog.append(db, .init(actor: caller.id, action: "programme.enrol", subjectType: "programme_enrolment",
                                              subjectID: id.lowercasedText, centre: caller.centre,
                                              details: ["programme": slug, "courses": courses.joined(separator: ",")]), requestID: requestID)
            }
            return (try ProgrammeStore.enrolments(db, userID: caller.id, id: id)[0], created)
        }
        return try .json(enrolment, status: created ? .created : .ok)
    }

    /// `GET /me/programmes`: the caller's programmes with each part's state.
    @Sendable func mine(_ signedIn: SignedIn) async throws -> Response {
        let caller = signedIn.caller
        let all = try await services.pool.withConnection { try ProgrammeStore.enrolments($0, userID: caller.id) }
        return try .json(try Page(all, Query(request: signedIn.request)) { $0.id.lowercasedText })
    }
}
