import Foundation
import Hummingbird
import HromadaDomain

/// Per-request state: the request id, the negotiated language and the client's address.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String
    public var language: Language = .uk
    public let remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = ""
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    public var responseEncoder: JSONEncoder { JSONEncoder.api }
}

extension JSONEncoder {
    /// Dates as RFC 3339 UTC; keys sorted so responses are stable.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
