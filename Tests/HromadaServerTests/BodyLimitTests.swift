import HTTPTypes
import Hummingbird
import HromadaDomain
import NIOCore
import Testing
@testable import HromadaServer

@Suite("A body past its limit is a 413, whether or not it says its length")
struct BodyLimitTests {
    private func request(_ body: String, contentLength: Bool) -> Request {
        var fields: HTTPFields = [.contentType: "application/json"]
        if contentLength { fields[.contentLength] = String(body.utf8.count) }
        return Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/api/v1/auth/login", headerFields: fields),
            body: RequestBody(buffer: ByteBuffer(string: body))
        )
    }

    @Test("a chunked body (no Content-Length) that grows past the limit is payload_too_large, not a 500", arguments: [false, true])
    func overTheLimit(contentLength: Bool) async throws {
        let decoder = BodyDecoder(limit: 16)
        let error = await #expect(throws: HromadaError.self) {
            _ = try await decoder.bytes(request(String(repeating: " ", count: 17), contentLength: contentLength))
        }
        #expect(error?.code == .payloadTooLarge)
        #expect(error?.detail?.en == "The body may hold at most 16 bytes.")
    }

    @Test("a body of exactly the limit is read whole")
    func atTheLimit() async throws {
        let bytes = try await BodyDecoder(limit: 16).bytes(request(String(repeating: "x", count: 16), contentLength: false))
        #expect(bytes.count == 16)
    }
}
