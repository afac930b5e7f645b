public import Foundation
public import Hummingbird
import HromadaAPI
public import HromadaDomain

/// Per-request state: the request id, the negotiated language and the client's address.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String
    public var language: Language = .uk
    /// The client's address: the socket's peer, or, when the peer is one of `HROMADA_TRUSTED_PROXIES`,
    /// the right-most untrusted address of `X-Forwarded-For` (``ClientAddressMiddleware``). What login
    /// throttling and rate limits count by.
    public internal(set) var remoteAddress: String
    /// The other end of the TCP connection (a proxy, when there is one).
    public let peerAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = ""
        peerAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        remoteAddress = peerAddress
    }

    public var responseEncoder: JSONEncoder { JSONEncoder.api }
}
