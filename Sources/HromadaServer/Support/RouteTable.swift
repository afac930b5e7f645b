import HTTPTypes

/// The API's routes as (method, path template) pairs, in OpenAPI's `{name}` form.
///
/// Filled while the router is built; used to answer 405 instead of 404 when a path exists under
/// another method, and by the test that holds the OpenAPI document and the router to each other.
public struct RouteTable: Sendable {
    public struct Route: Sendable, Hashable {
        public let method: String
        public let path: String
        /// The last parameter takes the rest of the path, slashes included (a `**` route).
        public let catchAll: Bool
    }

    public private(set) var routes: [Route] = []

    mutating func add(_ method: HTTPRequest.Method, _ path: String, catchAll: Bool = false) {
        routes.append(Route(method: method.rawValue, path: path, catchAll: catchAll))
    }

    /// Methods allowed on the concrete `path`, if any route template matches it.
    public func methods(matching path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.filter { route in
            let template = route.path.split(separator: "/", omittingEmptySubsequences: true)
            guard template.count == parts.count || (route.catchAll && parts.count > template.count) else { return false }
            return zip(template, parts).allSatisfy { t, p in
                (t.hasPrefix("{") && t.hasSuffix("}")) || t == p
            }
        }.map(\.method)
    }
}
