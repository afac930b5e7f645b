import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The burst's load generator: one keep-alive HTTP/1.1 connection per learner, as each person's
/// browser holds its own, with one request at a time on it. Plain SwiftNIO with its HTTP/1.1 codec:
/// AsyncHTTPClient, used before, took about 0.7 ms of CPU per request on the machine's two cores (CPU
/// that the server and PostgreSQL then lacked) and opened its connections only as requests came, so
/// the first second's starts left up to 180 ms late. Connections are opened before the burst (the
/// quiz page is open in every browser); the bench prints what this client costs.
struct LeanHTTPConnection {
    typealias Channel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    struct Response {
        var status: Int
        var body: ByteBuffer
    }

    static func connect(host: String, port: Int, group: any EventLoopGroup) async throws -> Channel {
        try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try Channel(wrappingChannelSynchronously: channel)
                }
            }
    }

    let host: String
    let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator

    /// Sends one request and reads its whole response.
    mutating func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: [UInt8]?) async throws -> Response {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "Content-Length", value: String(body?.count ?? 0))
        if body != nil { head.headers.add(name: "Content-Type", value: "application/json") }
        let parts: [HTTPClientRequestPart] = [.head(head)] + (body.map { [.body(.byteBuffer(ByteBuffer(bytes: $0)))] } ?? []) + [.end(nil)]
        try await outbound.write(contentsOf: parts)
        var status = 0
        var collected = ByteBuffer()
        while let part = try await inbound.next() {
            switch part {
            case .head(let h): status = Int(h.status.code)
            case .body(var b): collected.writeBuffer(&b)
            case .end: return Response(status: status, body: collected)
            }
        }
        throw ProcessTools.Failure(description: "the server closed the connection")
    }
}

/// The bench's probes of `/readyz` and `/metrics`: one GET on a connection of its own, closed after,
/// given up after `timeout`. (AsyncHTTPClient did this before; it pulled BoringSSL into every build
/// that includes the tests.)
struct Probe: Sendable {
    let group: any EventLoopGroup

    func get(_ url: String, timeout: Duration) async throws -> LeanHTTPConnection.Response {
        guard let parsed = URL(string: url), let host = parsed.host, let port = parsed.port else {
            throw ProcessTools.Failure(description: "cannot read host and port from \(url)")
        }
        let path = parsed.path.isEmpty ? "/" : parsed.path
        let group = self.group
        return try await withThrowingTaskGroup(of: LeanHTTPConnection.Response.self) { tasks in
            tasks.addTask {
                let channel = try await LeanHTTPConnection.connect(host: host, port: port, group: group)
                return try await channel.executeThenClose { inbound, outbound in
                    var connection = LeanHTTPConnection(host: "\(host):\(port)", outbound: outbound, inbound: inbound.makeAsyncIterator())
                    return try await connection.send(.GET, path, headers: ["Connection": "close"], body: nil)
                }
            }
            tasks.addTask {
                try await Task.sleep(for: timeout)
                throw ProcessTools.Failure(description: "no answer from \(url) within \(timeout)")
            }
            defer { tasks.cancelAll() }
            guard let first = try await tasks.next() else { throw ProcessTools.Failure(description: "no answer from \(url)") }
            return first
        }
    }
}
