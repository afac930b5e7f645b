import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaCrypto
import HromadaDomain

/// Registers handlers on the router and records each (method, path) in the ``RouteTable``.
struct Routes {
    typealias Handler = @Sendable (Request, AppContext) async throws -> Response
    let router: Router<AppContext>
    private(set) var table = RouteTable()

    init(router: Router<AppContext>) {
        self.router = router
    }

    /// `documentedAs` is the OpenAPI form of a path the router writes differently (a `**` catch-all).
    mutating func on(_ method: HTTPRequest.Method, _ path: String, documentedAs: String? = nil, _ handler: @escaping Handler) {
        table.add(method, documentedAs ?? path, catchAll: path.hasSuffix("/**"))
        router.on(RouterPath(path), method: method, use: handler)
    }

    mutating func get(_ path: String, _ handler: @escaping Handler) { on(.get, path, handler) }
    mutating func post(_ path: String, _ handler: @escaping Handler) { on(.post, path, handler) }
    mutating func put(_ path: String, _ handler: @escaping Handler) { on(.put, path, handler) }
    mutating func delete(_ path: String, _ handler: @escaping Handler) { on(.delete, path, handler) }
}

extension Response {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        try StoredResponse.json(value, status: status).response
    }

    /// A JSON body already written (by ``JSONWriter``).
    static func json(raw bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        StoredResponse(status: status, contentType: "application/json", body: bytes).response
    }
}

extension Page {
    /// One page (`?limit=`, `?cursor=`) of a list read whole, in a stable order, for lists bounded by
    /// nature (one person's enrolments, a quiz's attempts, a course's versions, the centres, the
    /// report's rows): the cursor is the last item's `key`, so items added before it shift nothing.
    init(_ all: [Item], _ query: Query, key: (Item) -> String) throws {
        let limit = try query.limit()
        var rest = all[...]
        if let after = try query.cursorKey() {
            guard let at = all.firstIndex(where: { key($0) == after }) else { throw Query.invalidCursor }
            rest = all[(at + 1)...]
        }
        let items = Array(rest.prefix(limit))
        self.init(items: items, nextCursor: rest.count > limit ? items.last.map { Base64URL.encode(Array(key($0).utf8)) } : nil)
    }
}
