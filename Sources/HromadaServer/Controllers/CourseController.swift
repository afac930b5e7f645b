import Foundation
import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaPacks
import HromadaStorage
import HromadaPostgres
import NIOPosix

/// The catalogue and course publishing.
struct CourseController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [
            .post("/course-packs", signedIn(publish)),
            .get("/courses", catalogue),
            .get("/courses/{slug}") { request, context in
                try .json(try await outline(slug: try context.text("slug"), version: Query(request: request).string("version"),
                                            token: Authenticator.bearerToken(request)))
            },
            .get("/courses/{slug}/versions", versions),
            .get("/courses/{slug}/trainers", signedIn(trainers)),
            .put("/courses/{slug}/trainers", signedIn { try await setTrainers($0, of: .course) }),
            .get("/courses/{slug}/versions/{version}/pack", signedIn(release)),
            .post("/courses/{slug}/versions/{version}/release", signedIn(releaseDraft)),
            Endpoint(.get, "/courses/{slug}/versions/{version}/files/**",
                     documentedAs: "/courses/{slug}/versions/{version}/files/{path}", file),
        ]
    }

    @Sendable func versions(_ request: Request, _ context: AppContext) async throws -> Response {
        let slug = try context.text("slug")
        let token = Authenticator.bearerToken(request)
        let versions = try await services.pool.withConnection {
            try CourseStore.versions($0, slug: slug, drafts: try CourseStore.seesDrafts($0, token: token, slug: slug))
        }
        guard !versions.isEmpty else { throw HromadaError(.notFound) }
        return try .json(try Page(versions, Query(request: request)) { $0.version })
    }

    @Sendable func trainers(_ signedIn: SignedIn) async throws -> Response {
        let caller = signedIn.caller
        let slug = try signedIn.context.text("slug")
        let trainers = try await services.pool.withConnection { db -> [CourseStore.Trainer]? in
            guard let list = try CourseStore.trainers(db, slug: slug) else { return nil }
            // A course with drafts only is unknown (404) to all but its trainers and the admin.
            if try CourseStore.course(db, slug: slug, version: nil) == nil,
               try !CourseStore.seesDrafts(db, caller: caller, slug: slug) { return nil }
            try Policy.require(.readTrainers(courseTrainer: list.contains { $0.id == caller.id }), for: caller.principal)
            return list
        }
        guard let trainers else { throw HromadaError(.notFound) }
        return try .json(CourseTrainers(slug: slug, trainers: trainers))
    }

    /// The release as a ZIP. It holds the quizzes with their answer keys: the course's trainers and
    /// the admin only.
    @Sendable func release(_ signedIn: SignedIn) async throws -> Response {
        let caller = signedIn.caller
        let (slug, version) = (try signedIn.context.text("slug"), try signedIn.context.text("version"))
        let files = try await services.pool.withConnection { db -> [String: [UInt8]]? in
            // A draft is hidden (404) from all but the course's trainers and the admin.
            let drafts = try CourseStore.seesDrafts(db, caller: caller, slug: slug)
            guard let (id, _) = try CourseStore.course(db, slug: slug, version: version, drafts: drafts) else { return nil }
            let trainer = try CourseStore.isTrainer(db, userID: caller.id, slug: slug)
            try Policy.require(.readAnswerKeys(courseTrainer: trainer), for: caller.principal)
            return try CourseStore.files(db, versionID: id)
        }
        guard let files else { throw HromadaError(.notFound) }
        let zip = try PackFiles(files: files).zipped(paths: files.keys)
        return Response(status: .ok, headers: [
            .contentType: "application/zip",
            .contentDisposition: "attachment; filename=\"\(slug)-\(version).zip\"",
        ], body: .init(byteBuffer: ByteBuffer(bytes: zip)))
    }

    /// One file of a release. Not ``signedIn(_:)``: the files lessons link to are public; the token,
    /// when there is one, is read on the same connection as the file.
    @Sendable func file(_ request: Request, _ context: AppContext) async throws -> Response {
        let (slug, version) = (try context.text("slug"), try context.text("version"))
        // Clients percent-encode a path (a space, Cyrillic letters); the router hands it over as
        // sent. Decoded before anything looks at it, the answer-key check included.
        let sent = context.parameters.getCatchAll()
        let parts = sent.compactMap { $0.removingPercentEncoding }
        guard parts.count == sent.count else { throw HromadaError(.notFound) }
        let path = parts.joined(separator: "/")
        // Anyone may have the files lessons link to. Everything else (the manifest, lessons'
        // sources, quizzes and question banks, whatever their names) may carry answer keys: the
        // course's trainers and the admin only. A caller who may not read it learns nothing of
        // whether such a file exists: the answer is the same 404 as for a missing one.
        let token = Authenticator.bearerToken(request)
        let file = try await services.pool.withConnection { db -> (String, [UInt8])? in
            let drafts = try CourseStore.seesDrafts(db, token: token, slug: slug)
            guard let (id, course) = try CourseStore.course(db, slug: slug, version: version, drafts: drafts) else { return nil }
            if try !CourseStore.assets(db, versionID: id, course: course).contains(path) {
                guard let token, let caller = try SessionStore.user(db, token: token),
                      Policy.decide(.readAnswerKeys(courseTrainer: try CourseStore.isTrainer(db, userID: caller.id, slug: slug)),
                                    for: caller.principal) == .allowed
                else { return nil }
            }
            return try CourseStore.file(db, versionID: id, path: path)
        }
        guard let (type, bytes) = file else { throw HromadaError(.notFound) }
        return Response(status: .ok, headers: [
            .contentType: type,
            .init("X-Content-Type-Options")!: "nosniff",
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            .cacheControl: "public, max-age=31536000, immutable",
        ], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `PUT …/trainers`: the admin names a course's trainers (who may publish its versions, read its
    /// answer keys, grade and regrade it), or a programme's (who may publish its versions). Audited
    /// with the list before and after.
    @Sendable func setTrainers(_ signedIn: SignedIn, of owned: CourseStore.Owned) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        try Policy.require(.manageTrainers, for: caller.principal)
        let body = try await services.body.decode(EmailList.self, from: request)
        guard let emails = body.emails else {
            throw HromadaError.validation([.required("emails")])
        }
        guard emails.count <= 100 else {
            throw HromadaError.validation(field: "emails", .init(uk: "щонайбільше 100 адрес", en: "at most 100 addresses"))
        }
        let slug = try context.text("slug")
        let requestID = context.requestID
        let after = try await services.pool.transaction { db -> [CourseStore.Trainer]? in
            guard let (before, after) = try CourseStore.setTrainers(db, slug: slug, emails: emails, of: owned) else { return nil }
            try AuditLog.append(db, .init(
                actor: caller.id, action: owned.rawValue + ".trainers", subjectType: owned.rawValue, subjectID: slug,
                details: ["before": before.map(\.email).joined(separator: ","), "after": after.map(\.email).joined(separator: ",")]
            ), requestID: requestID)
            return after
        }
        guard let after else { throw HromadaError(.notFound) }
        return try .json(CourseTrainers(slug: slug, trainers: after))
    }

    @Sendable func publish(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        try Policy.require(.publishCourse, for: caller.principal)
        try BodyDecoder.requireContentType(request, ["application/zip"])
        let limit = services.configuration.maxPackSize
        // `?draft=true`: stored for the course's trainers and the admin to try; the starter template's
        // placeholders are warnings then, and errors for a release (which publishing without it is).
        let draft = try Query(request: request).bool("draft") ?? false
        let bytes = try await services.body.bytes(request, limit: limit)
        let (files, result) = try await services.blocking.runIfActive {
            let files = PackFiles.zip(bytes, limits: PackFiles.Limits(uploadLimit: limit))
            return (files, PackValidator.validate(files, for: draft ? .draft : .release))
        }
        guard let course = result.course else {
            throw HromadaError.packProblems(uk: "Пакет курсу містить помилки; нічого не збережено.",
                                            en: "The course pack has errors; nothing was stored.")(result.errors)
        }
        let requestID = context.requestID
        let published = try await services.pool.transaction { db in
            let p = try CourseStore.publish(db, course: course, files: files, publishedBy: caller.id, draft: draft) { ownership in
                // A slug belongs to its first publisher and the trainers the admin names.
                guard case .existing(let trainer) = ownership,
                      Policy.decide(.publishVersion(courseTrainer: trainer), for: caller.principal) != .allowed else { return }
                throw HromadaError(.courseNotYours, detail: .init(
                    uk: "Курс \(course.slug) належить іншим тренерам; нову версію публікують лише його тренери або адміністратор асоціації. Нічого не збережено.",
                    en: "The course \(course.slug) belongs to other trainers; only its trainers or the association admin publish new versions. Nothing was stored."
                ), reason: "publish to a slug the caller does not train")
            }
            if p.created || p.released {
                try AuditLog.append(db, .init(
                    actor: caller.id, action: p.created ? "course.publish" : "course.release", subjectType: "course", subjectID: course.slug,
                    details: ["version": course.version, "hash": course.contentHash, "draft": String(p.draft)]
                ), requestID: requestID)
            }
            return p
        }
        let answer = PublishedPack(slug: published.slug, version: published.version, hash: published.hash,
                                   warnings: result.warnings.map(\.description), created: published.created, draft: published.draft)
        return try .json(answer, status: published.created ? .created : .ok)
    }

    /// The catalogue: public.
    @Sendable func catalogue(_ request: Request, _ context: AppContext) async throws -> Response {
        let query = Query(request: request)
        let limit = try query.limit()
        let audience = query.string("audience")
        if let audience, Category(rawValue: audience) == nil {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "audience", message: .init(uk: "має бути official або deputy", en: "must be official or deputy"))])
        }
        let language = query.string("language")
        if let language, !["uk", "en"].contains(language) {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "language", message: .init(uk: "має бути uk або en", en: "must be uk or en"))])
        }
        let after = query.string("cursor").flatMap { $0.isEmpty ? nil : $0 }
        let q = query.string("q")
        if let q, q.unicodeScalars.count > 200 {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "q", message: .init(uk: "має бути не довше 200 знаків", en: "must be at most 200 characters"))])
        }
        let items = try await services.pool.withConnection {
            try CourseStore.catalogue($0, query: q, audience: audience, language: language, after: after, limit: limit + 1)
        }
        let page = Array(items.prefix(limit))
        return .json(raw: Self.catalogueJSON(Page(items: page, nextCursor: items.count > limit ? page.last?.slug : nil)))
    }

    /// A catalogue page as `JSONEncoder.api` writes it (keys sorted), written by hand: the
    /// encoder took a sixth of the server's CPU for the most frequent unauthenticated read.
    static func catalogueJSON(_ page: Page<CourseSummary>) -> [UInt8] {
        var w = JSONWriter(capacity: 128 + page.items.reduce(0) { $0 + 96 + $1.title.utf8.count + $1.summary.utf8.count })
        w.beginObject()
        w.key("items")
        w.beginArray()
        for c in page.items {
            w.beginObject()
            w.key("audience")
            w.beginArray()
            for a in c.audience { w.string(a) }
            w.endArray()
            w.key("credits"); w.number(c.credits)
            w.key("hours"); w.number(c.hours)
            w.key("language"); w.string(c.language)
            w.key("slug"); w.string(c.slug)
            w.key("summary"); w.string(c.summary)
            w.key("title"); w.string(c.title)
            w.key("version"); w.string(c.version)
            w.endObject()
        }
        w.endArray()
        w.key("next_cursor"); w.string(page.nextCursor)
        w.endObject()
        return w.bytes
    }

    /// A version's outline: public for released versions; a draft (and the newest version, when it is
    /// one) only for the course's trainers and the admin, by their token.
    func outline(slug: String, version: String?, token: String? = nil) async throws -> CourseOutline {
        guard let (c, draft) = try await services.pool.withConnection({ db -> (StoredCourse, Bool)? in
            guard let (id, course) = try CourseStore.course(db, slug: slug, version: version,
                                                            drafts: try CourseStore.seesDrafts(db, token: token, slug: slug)) else { return nil }
            return (course, try CourseStore.isDraft(db, versionID: id))
        }) else {
            throw HromadaError(.notFound)
        }
        return CourseOutline(
            slug: c.slug, title: c.title, summary: c.summary, language: c.language, programme: c.programme,
            version: c.version, audience: c.audience.map(\.rawValue), hours: c.hours, credits: c.credits,
            certificate: c.certificate, contentHash: c.contentHash,
            modules: c.modules.map { m in
                .init(id: m.id, title: m.title, items: m.items.map {
                    switch $0 {
                    case .lesson(let id): .init(type: .lesson, id: id, title: c.lessonTitles[id] ?? id)
                    case .quiz(let id): .init(type: .quiz, id: id, title: c.quizTitles[id] ?? id)
                    }
                })
            },
            draft: draft
        )
    }
}
