import Foundation
import HTTPTypes
import Hummingbird
import HromadaDomain

/// One route of the server: a method, a path template and the handler that answers it.
///
/// Controllers list their endpoints as values (``Controller/endpoints``); the router and the
/// ``RouteTable`` (405s, the OpenAPI check) are built from that one list, so the router is built once.
/// Paths are written under ``api`` (`/api/v1`) unless made with ``root(_:_:_:)``.
struct Endpoint: Sendable {
    typealias Handler = @Sendable (Request, AppContext) async throws -> Response

    static let api = "/api/v1"

    let method: HTTPRequest.Method
    /// The path as the router matches it (`**` for a catch-all).
    let path: String
    /// The OpenAPI form of a path the router writes differently (a `**` catch-all as `{path}`).
    let documentedAs: String?
    let handler: Handler

    /// An endpoint under `/api/v1`.
    init(_ method: HTTPRequest.Method, _ path: String, documentedAs: String? = nil, _ handler: @escaping Handler) {
        self.method = method
        self.path = Self.api + path
        self.documentedAs = documentedAs.map { Self.api + $0 }
        self.handler = handler
    }

    private init(root method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.documentedAs = nil
        self.handler = handler
    }

    static func get(_ path: String, _ handler: @escaping Handler) -> Endpoint { Endpoint(.get, path, handler) }
    static func post(_ path: String, _ handler: @escaping Handler) -> Endpoint { Endpoint(.post, path, handler) }
    static func put(_ path: String, _ handler: @escaping Handler) -> Endpoint { Endpoint(.put, path, handler) }
    static func delete(_ path: String, _ handler: @escaping Handler) -> Endpoint { Endpoint(.delete, path, handler) }

    /// An endpoint outside `/api/v1`: health checks, metrics, the public verification page.
    static func root(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) -> Endpoint {
        Endpoint(root: method, path, handler)
    }
}

/// What each controller is: the services it works with and the endpoints it answers.
protocol Controller: Sendable {
    var services: AppServices { get }
    var endpoints: [Endpoint] { get }
}

/// An ordinary handler's request once the bearer token has named the caller.
struct SignedIn: Sendable {
    let caller: User
    let request: Request
    let context: AppContext
}

extension Controller {
    var auth: Authenticator { Authenticator(pool: services.pool) }

    /// A handler for signed-in callers: a missing, unknown or expired token is 401 before anything
    /// else is read. The few hot paths that fold the session into their first query (a lesson read, an
    /// answer save, starting and submitting an attempt, a person's own development year) take the
    /// token themselves and say so.
    func signedIn(_ handler: @escaping @Sendable (SignedIn) async throws -> Response) -> Endpoint.Handler {
        let auth = self.auth
        return { request, context in
            try await handler(SignedIn(caller: try await auth.user(request), request: request, context: context))
        }
    }
}

extension AppContext {
    /// The `{name}` path parameter as an id; 404 when it is not one (nothing can be found by it).
    func id(_ name: String = "id") throws -> UUID {
        guard let id = parameters.get(name).flatMap(UUID.init(text:)) else { throw HromadaError(.notFound) }
        return id
    }

    /// The `{name}` path parameter as written; 404 when the route has none by that name.
    func text(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw HromadaError(.notFound) }
        return value
    }
}

extension HromadaError.FieldProblem {
    /// `field` is missing or empty.
    static func required(_ field: String) -> Self {
        .init(field: field, message: .init(uk: "обовʼязкове поле", en: "is required"))
    }
}

extension RouteTable {
    /// The table of `endpoints`, in OpenAPI's form.
    init(_ endpoints: [Endpoint]) {
        self.init()
        for endpoint in endpoints {
            add(endpoint.method, endpoint.documentedAs ?? endpoint.path, catchAll: endpoint.path.hasSuffix("/**"))
        }
    }
}
