import Foundation
import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaCrypto
import HromadaDomain
import HromadaStorage

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
        guard let key = request.headers[.init("Idempotency-Key")!] else {
            return try await pool.transaction(.readCommitted, write).response
        }
        guard (1...200).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw HromadaError.validation(field: "Idempotency-Key", .init(
                uk: "має містити від 1 до 200 видимих ASCII-символів", en: "must be 1 to 200 visible ASCII characters"
            ))
        }
        let method = request.method.rawValue
        let path = request.uri.path
        let hash = SHA256.hex(Array(method.utf8) + [0] + Array(path.utf8) + [0] + body)
        return try await pool.transaction { db in
            // Serialise requests with the same key on an advisory lock held until commit.
            try db.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(userID.uuidString + key), 0))")
            if let row = try db.execute("""
                SELECT request_hash, status, content_type, body FROM idempotency_keys
                WHERE user_id = \(userID) AND key = \(key)
                """).first {
                guard try row.decode(String.self, "request_hash") == hash else {
                    throw HromadaError("idempotency_key_reused", reason: "key \(key) reused with another request")
                }
                return StoredResponse(
                    status: .init(code: try row.decode(Int.self, "status")),
                    contentType: try row.decode("content_type"),
                    body: try row.decode(Bytes.self, "body").bytes
                )
            }
            let answer = try write(db)
            try db.execute("""
                INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, status, content_type, body)
                VALUES (\(userID), \(key), \(method), \(path), \(hash), \(Int(answer.status.code)),
                        \(answer.contentType), \(Bytes(answer.body)))
                """)
            return answer
        }.response
    }
}
