import Foundation
import Hummingbird
import HromadaAPI
import HromadaCrypto
import HromadaDomain
import HromadaPostgres
import HromadaStorage

/// The codifier's hromadas, searched by name: public, as the catalogue is.
struct HromadaController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [.get("/hromadas", search)]
    }

    /// `?q=` a name prefix (case and apostrophes aside), `?oblast=` a code or name, `?limit=`, `?cursor=`.
    @Sendable func search(_ request: Request, _ context: AppContext) async throws -> Response {
        let query = Query(request: request)
        let q = query.string("q") ?? ""
        let oblast = query.string("oblast").flatMap { $0.isEmpty ? nil : $0 }
        guard q.count <= 200, (oblast?.count ?? 0) <= 200 else {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "q", message: .init(uk: "задовгий запит", en: "too long"))])
        }
        let limit = try query.limit()
        let after = try query.cursorKey()
        let found = try await services.pool.withConnection {
            try TerritoryStore.search($0, prefix: q, oblast: oblast, after: after, limit: limit + 1)
        }
        let page = found.prefix(limit).map {
            FoundHromada(code: $0.code, name: $0.name, category: $0.category, oblast: $0.oblast.map { .init(code: $0.code, name: $0.name) },
                         raion: $0.raion.map { .init(code: $0.code, name: $0.name) })
        }
        let next = found.count > limit ? page.last.map { Base64URL.encode(Array($0.code.utf8)) } : nil
        return try .json(Page(items: page, nextCursor: next))
    }
}

extension Controller {
    /// The hromada a person wrote (`field`): its code and official name, or a 422 listing the
    /// candidates of an ambiguous name or the closest names to an unknown one.
    func hromada(_ db: PGConnection, _ written: String, field: String = "hromada") throws -> HromadaRef {
        let choice = try TerritoryStore.resolve(db, written)
        if case .found(let ref) = choice { return ref }
        throw HromadaError.validation([choice.problem(field: field, written: written)!])
    }
}
