import Foundation
import Hummingbird
import HromadaDomain
import HromadaStorage

/// Enrolment, lessons, progress and the CPD ledger.
struct LearningController {
    let services: AppServices
    var auth: Authenticator { Authenticator(pool: services.pool) }

    func register(_ routes: inout Routes) {
        routes.post("/api/v1/courses/{slug}/enrolments") { request, context in
            let caller = try await auth.user(request)
            guard caller.roles.contains(.learner) else {
                throw HromadaError(.forbidden, detail: .init(uk: "Записатися на курс може лише слухач.", en: "Only learners can enrol."))
            }
            let slug = context.parameters.get("slug") ?? ""
            let requestID = context.requestID
            let (id, created) = try await services.pool.transaction { db -> (UUID, Bool) in
                guard let (id, created) = try EnrolmentStore.enrol(db, userID: caller.id, slug: slug) else {
                    throw HromadaError(.notFound)
                }
                if created {
                    try AuditLog.append(db, .init(actor: caller.id, action: "enrolment.create", subjectType: "enrolment",
                                                  subjectID: id.uuidString.lowercased(), centre: caller.centre, details: ["course": slug]), requestID: requestID)
                }
                return (id, created)
            }
            return try .json(try await enrolment(id), status: created ? .created : .ok)
        }
        routes.get("/api/v1/me/enrolments") { request, _ in
            let caller = try await auth.user(request)
            let items = try await services.pool.withConnection { db in
                try EnrolmentStore.ids(db, userID: caller.id).compactMap { try EnrolmentStore.find(db, id: $0) }
            }
            return try .json(Page(items: items, nextCursor: nil))
        }
        routes.get("/api/v1/enrolments/{id}") { request, context in
            let caller = try await auth.user(request)
            return try .json(try await visible(context, caller: caller))
        }
        routes.delete("/api/v1/enrolments/{id}") { request, context in
            let caller = try await auth.user(request)
            let e = try await visible(context, caller: caller)
            guard e.userID == caller.id || caller.principal.administers(centre: e.userCentre) else { throw HromadaError(.forbidden) }
            try await services.pool.transaction { db in
                try EnrolmentStore.withdraw(db, enrolmentID: e.id)
                try AuditLog.append(db, .init(actor: caller.id, action: "enrolment.withdraw", subjectType: "enrolment", subjectID: e.id.uuidString.lowercased()))
            }
            return try .json(try await enrolment(e.id))
        }
        routes.post("/api/v1/enrolments/{id}/upgrade") { request, context in
            let caller = try await auth.user(request)
            let e = try await visible(context, caller: caller)
            try await services.pool.transaction { db in
                if try EnrolmentStore.upgrade(db, enrolmentID: e.id) {
                    try AuditLog.append(db, .init(actor: caller.id, action: "enrolment.upgrade", subjectType: "enrolment",
                                                  subjectID: e.id.uuidString.lowercased(), details: ["from": e.course.version]))
                }
            }
            return try .json(try await enrolment(e.id))
        }
        routes.get("/api/v1/enrolments/{id}/lessons/{lesson_id}") { request, context in
            let caller = try await auth.user(request)
            let e = try await visible(context, caller: caller)
            let lessonID = context.parameters.get("lesson_id") ?? ""
            guard let lesson = try await services.pool.withConnection({ db in
                try CohortStore.requireOpen(db, enrolmentID: e.id)
                return try EnrolmentStore.lesson(db, enrolmentID: e.id, lessonID: lessonID)
            }) else {
                throw HromadaError(.notFound)
            }
            return try .json(lesson)
        }
        routes.post("/api/v1/enrolments/{id}/lessons/{lesson_id}/complete") { request, context in
            let caller = try await auth.user(request)
            let e = try await visible(context, caller: caller)
            guard e.userID == caller.id else { throw HromadaError(.forbidden) }
            let lessonID = context.parameters.get("lesson_id") ?? ""
            let known = try await services.pool.transaction { db in
                try CohortStore.requireOpen(db, enrolmentID: e.id)
                return try EnrolmentStore.completeLesson(db, enrolmentID: e.id, lessonID: lessonID)
            }
            guard known else { throw HromadaError(.notFound) }
            await services.issueCertificates(enrolment: e.id)
            return try .json(try await enrolment(e.id))
        }
        routes.get("/api/v1/me/cpd") { request, _ in
            let caller = try await auth.user(request)
            let year = try Self.year(request)
            return try .json(try await services.pool.withConnection { try EnrolmentStore.cpd($0, userID: caller.id, year: year) })
        }
        routes.get("/api/v1/users/{id}/cpd") { request, context in
            let caller = try await auth.user(request)
            guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)),
                  let user = try await services.pool.withConnection({ try UserStore.find($0, id: id) })
            else { throw HromadaError(.notFound) }
            try Policy.require(.readUser(user.subject), for: caller.principal)
            let year = try Self.year(request)
            return try .json(try await services.pool.withConnection { try EnrolmentStore.cpd($0, userID: id, year: year) })
        }
    }

    static func year(_ request: Request) throws -> Int {
        guard let raw = Query(request: request).string("year") else {
            return Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Europe/Kyiv")!, from: Date()).year!
        }
        guard let year = Int(raw), (2000...2100).contains(year) else {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "year", message: .init(uk: "має бути роком, наприклад 2026", en: "must be a year such as 2026"))])
        }
        return year
    }

    func enrolment(_ id: UUID) async throws -> EnrolmentStore.Enrolment {
        guard let e = try await services.pool.withConnection({ try EnrolmentStore.find($0, id: id) }) else { throw HromadaError(.notFound) }
        return e
    }

    /// The enrolment named by `{id}` when the caller may see it (its learner, their centre's admin, the association admin).
    func visible(_ context: AppContext, caller: User) async throws -> EnrolmentStore.Enrolment {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw HromadaError(.notFound) }
        let e = try await enrolment(id)
        try Policy.require(.readUser(e.owner), for: caller.principal)
        return e
    }
}
