import Foundation
import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaCrypto
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// A stored answer: what a retried write with the same `Idempotency-Key` gets again.
struct StoredResponse: Sendable {
    var status: HTTPResponse.Status
    var contentType: String
    var body: [UInt8]

    var response: Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> StoredResponse {
        StoredResponse(status: status, contentType: "application/json", body: Array(try JSONEncoder.api.encode(value)))
    }
}

/// Runs a write at most once per (person, `Idempotency-Key`).
///
/// The write and the record of its answer commit in one transaction, so a crash leaves neither.
/// Two concurrent requests with one key: the second waits on the key's row lock, then returns the
/// first one's answer. The same key with a different request body is refused.
struct Idempotency: Sendable {
    let pool: PGPool

    func run(
        request: Request, userID: UUID, body: [UInt8],
        _ write: @escaping @Sendable (PGConnection) throws -> StoredResponse
    ) async throws -> Response {
        guard let key = try Self.key(request) else {
            return try await pool.transaction(.readCommitted, write).response
        }
        let method = request.method.rawValue
        let path = request.uri.path
        let hash = SHA256.hex(Array(method.utf8) + [0] + Array(path.utf8) + [0] + body)
        return try await pool.transaction { db in
            try IdempotencyStore.lock(db, userID: userID, key: key)
            if let stored = try IdempotencyStore.find(db, userID: userID, key: key) {
                guard stored.requestHash == hash else {
                    throw HromadaError(.idempotencyKeyReused, reason: "key \(key) reused with another request")
                }
                return StoredResponse(status: .init(code: stored.status), contentType: stored.contentType, body: stored.body)
            }
            let answer = try write(db)
            try IdempotencyStore.record(db, userID: userID, key: key, method: method, path: path, answer: .init(
                requestHash: hash, status: Int(answer.status.code), contentType: answer.contentType, body: answer.body))
            return answer
        }.response
    }

    /// The request's `Idempotency-Key`, nil when there is none, 422 when it is not 1 to 200 visible
    /// ASCII characters: checked also where a request goes on without a write (a dry run), so a malformed
    /// key is refused alike.
    static func key(_ request: Request) throws -> String? {
        guard let key = request.headers[.init("Idempotency-Key")!] else { return nil }
        guard (1...200).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw HromadaError.validation(field: "Idempotency-Key", .init(
                uk: "має містити від 1 до 200 видимих ASCII-символів", en: "must be 1 to 200 visible ASCII characters"
            ))
        }
        return key
    }
}
