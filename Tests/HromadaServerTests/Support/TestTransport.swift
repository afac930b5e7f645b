import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPTypes
import Hummingbird
import HromadaServer
import Logging
import NIOCore
import NIOConcurrencyHelpers
import NIOEmbedded

/// How a suite reaches the app.
///
/// Our own, rather than HummingbirdTesting's: that library brings AsyncHTTPClient and swift-nio-ssl,
/// so every `swift build --build-tests` compiled BoringSSL (about 700 C files) for the four tests that
/// need a real socket. These two transports are all the suites use.
enum TestingSetup: Sendable {
    /// Each request handed to the router in this process: no socket, no client address.
    case router
    /// The app served on 127.0.0.1 at a free port, requests sent over loopback in parallel (the client's
    /// address is 127.0.0.1).
    case live
}

/// What a test request comes back as.
struct TestResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: [UInt8]
}

protocol TestTransport: Sendable {
    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse
}

/// Hands the request to the router's responder, as the server would after parsing it.
struct RouterTransport: TestTransport {
    let responder: Router<AppContext>.Responder
    let logger: Logger

    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        if let body { headers[.contentLength] = String(body.readableBytes) }
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
            body: RequestBody(buffer: body ?? ByteBuffer())
        )
        let context = AppContext(source: ApplicationRequestContextSource(channel: NIOAsyncTestingChannel(), logger: logger))
        let response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch {
            // What the server answers for an error no middleware turned into a response.
            response = Response(status: .internalServerError)
        }
        let writer = CollectingWriter()
        try await response.body.write(writer)
        return TestResponse(status: response.status, headers: response.headers, body: writer.bytes.withLockedValue { $0 })
    }

    final class CollectingWriter: ResponseBodyWriter, Sendable {
        let bytes = NIOLockedValueBox<[UInt8]>([])
        func write(_ buffer: ByteBuffer) async throws { bytes.withLockedValue { $0 += buffer.readableBytesView } }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}

/// Real HTTP/1.1 over loopback through Foundation's URLSession (libcurl underneath).
struct LoopbackTransport: TestTransport {
    let port: Int
    let session: URLSession

    init(port: Int) {
        self.port = port
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpMaximumConnectionsPerHost = 64
        session = URLSession(configuration: configuration)
    }

    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(uri)") else { throw TransportError("bad test URI \(uri)") }
        var request = URLRequest(url: url)
        request.httpMethod = method.rawValue
        for field in headers { request.addValue(field.value, forHTTPHeaderField: field.name.rawName) }
        if let body { request.httpBody = Data(body.readableBytesView) }
        let (data, answer) = try await session.data(for: request)
        guard let http = answer as? HTTPURLResponse else { throw TransportError("not an HTTP response from \(url)") }
        var fields = HTTPFields()
        for (name, value) in http.allHeaderFields {
            if let text = name as? String, let name = HTTPField.Name(text), let value = value as? String {
                fields.append(HTTPField(name: name, value: value))
            }
        }
        return TestResponse(status: HTTPResponse.Status(code: http.statusCode), headers: fields, body: Array(data))
    }
}

struct TransportError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
