import Foundation
import HTTPTypes
import Hummingbird
import HromadaDomain
import HromadaPacks
import HromadaStorage

/// The catalogue and course publishing.
struct CourseController {
    let services: AppServices
    var auth: Authenticator { Authenticator(pool: services.pool) }

    struct PublishAnswer: Codable {
        var slug: String
        var version: String
        var hash: String
        var warnings: [String]
        var created: Bool
    }

    struct Outline: Encodable {
        struct Item: Encodable {
            var type: String
            var id: String
            var title: String
        }
        struct Module: Encodable {
            var id: String
            var title: String
            var items: [Item]
        }
        var slug, title, summary, language, programme, version: String
        var audience: [String]
        var hours, credits: Double
        var certificate: Bool
        var contentHash: String
        var modules: [Module]
        enum CodingKeys: String, CodingKey {
            case slug, title, summary, language, programme, version, audience, hours, credits, certificate, modules
            case contentHash = "content_hash"
        }
    }

    func register(_ routes: inout Routes) {
        routes.post("/api/v1/course-packs") { request, context in try await publish(request, context) }
        routes.get("/api/v1/courses") { request, _ in try await catalogue(request) }
        routes.get("/api/v1/courses/{slug}") { request, context in
            let version = Query(request: request).string("version")
            return try .json(try await outline(slug: context.parameters.get("slug") ?? "", version: version))
        }
        routes.get("/api/v1/courses/{slug}/versions") { request, context in
            let slug = context.parameters.get("slug") ?? ""
            let versions = try await services.pool.withConnection { try CourseStore.versions($0, slug: slug) }
            guard !versions.isEmpty else { throw HromadaError(.notFound) }
            return try .json(try Page(versions, Query(request: request)) { $0.version })
        }
        routes.get("/api/v1/courses/{slug}/versions/{version}/pack") { request, context in
            // The release holds the quizzes with their answer keys: trainers and admins only.
            let caller = try await auth.user(request)
            try Policy.require(.publishCourse, for: caller.principal)
            let (slug, version) = (context.parameters.get("slug") ?? "", context.parameters.get("version") ?? "")
            let files = try await services.pool.withConnection { db -> [String: [UInt8]]? in
                guard let (id, _) = try CourseStore.course(db, slug: slug, version: version) else { return nil }
                return try CourseStore.files(db, versionID: id)
            }
            guard let files else { throw HromadaError(.notFound) }
            let zip = try PackFiles(files: files).zipped(paths: files.keys)
            return Response(status: .ok, headers: [
                .contentType: "application/zip",
                .contentDisposition: "attachment; filename=\"\(slug)-\(version).zip\"",
            ], body: .init(byteBuffer: ByteBuffer(bytes: zip)))
        }
        routes.on(.get, "/api/v1/courses/{slug}/versions/{version}/files/**", documentedAs: "/api/v1/courses/{slug}/versions/{version}/files/{path}") { request, context in
            let (slug, version) = (context.parameters.get("slug") ?? "", context.parameters.get("version") ?? "")
            // Clients percent-encode a path (a space, Cyrillic letters); the router hands it over as
            // sent. Decoded before anything looks at it, the answer-key check included.
            let sent = context.parameters.getCatchAll()
            let parts = sent.compactMap { $0.removingPercentEncoding }
            guard parts.count == sent.count else { throw HromadaError(.notFound) }
            let path = parts.joined(separator: "/")
            // The manifest, quizzes and GIFT banks carry answer keys: only trainers and admins may read them.
            if Self.holdsAnswers(path) {
                let caller = try await auth.user(request)
                try Policy.require(.publishCourse, for: caller.principal)
            }
            let file = try await services.pool.withConnection { db -> (String, [UInt8])? in
                guard let (id, _) = try CourseStore.course(db, slug: slug, version: version) else { return nil }
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
    }

    static func holdsAnswers(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".gift")
    }

    func publish(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try await auth.user(request)
        try Policy.require(.publishCourse, for: caller.principal)
        try BodyDecoder.requireContentType(request, ["application/zip"])
        let limit = services.configuration.maxPackSize
        let bytes = try await services.body.bytes(request, limit: limit)
        let (files, result) = try await services.blocking.runIfActive {
            let files = PackFiles.zip(bytes, limits: PackFiles.Limits(uploadLimit: limit))
            return (files, PackValidator.validate(files))
        }
        guard let course = result.course else {
            throw HromadaError(.validationFailed, detail: .init(
                uk: "Пакет курсу містить помилки; нічого не збережено.",
                en: "The course pack has errors; nothing was stored."
            ), lineProblems: result.errors.map {
                .init(line: $0.line, message: .init(uk: $0.description, en: $0.description), path: $0.path, column: $0.column)
            })
        }
        let requestID = context.requestID
        let published = try await services.pool.transaction { db in
            let p = try CourseStore.publish(db, course: course, files: files, publishedBy: caller.id)
            if p.created {
                try AuditLog.append(db, .init(
                    actor: caller.id, action: "course.publish", subjectType: "course", subjectID: course.slug,
                    details: ["version": course.version, "hash": course.contentHash]
                ), requestID: requestID)
            }
            return p
        }
        let answer = PublishAnswer(slug: published.slug, version: published.version, hash: published.hash,
                                   warnings: result.warnings.map(\.description), created: published.created)
        return try .json(answer, status: published.created ? .created : .ok)
    }

    func catalogue(_ request: Request) async throws -> Response {
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
    static func catalogueJSON(_ page: Page<CourseStore.Summary>) -> [UInt8] {
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

    func outline(slug: String, version: String?) async throws -> Outline {
        guard let (_, c) = try await services.pool.withConnection({ try CourseStore.course($0, slug: slug, version: version) }) else {
            throw HromadaError(.notFound)
        }
        return Outline(
            slug: c.slug, title: c.title, summary: c.summary, language: c.language, programme: c.programme,
            version: c.version, audience: c.audience.map(\.rawValue), hours: c.hours, credits: c.credits,
            certificate: c.certificate, contentHash: c.contentHash,
            modules: c.modules.map { m in
                .init(id: m.id, title: m.title, items: m.items.map {
                    switch $0 {
                    case .lesson(let id): .init(type: "lesson", id: id, title: c.lessonTitles[id] ?? id)
                    case .quiz(let id): .init(type: "quiz", id: id, title: c.quizTitles[id] ?? id)
                    }
                })
            }
        )
    }
}
