import HTTPTypes
import Hummingbird

/// Sets ``AppContext/remoteAddress`` from `X-Forwarded-For` when the peer is a trusted proxy.
/// Added only when `HROMADA_TRUSTED_PROXIES` names some, so a server without a proxy does no work.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppContext

    let trusted: TrustedProxies

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.remoteAddress = trusted.clientAddress(peer: context.peerAddress, forwardedFor: request.headers[values: Self.forwardedFor])
        return try await next(request, context)
    }
}
