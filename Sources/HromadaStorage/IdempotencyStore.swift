public import Foundation
import HromadaDomain
public import HromadaPostgres

/// The answers of writes sent with an `Idempotency-Key`, per person and key.
///
/// Used inside the write's own transaction: ``lock(_:userID:key:)`` first (two requests with one key
/// wait for each other on an advisory lock held until commit), then ``find(_:userID:key:)``; the write
/// runs only when nothing is stored, and ``record(_:_:)`` keeps its answer in the same transaction.
public enum IdempotencyStore {
    /// What a retried write gets again, and the hash of the request that first used the key.
    public struct Answer: Sendable {
        public var requestHash: String
        public var status: Int
        public var contentType: String
        public var body: [UInt8]
        public init(requestHash: String, status: Int, contentType: String, body: [UInt8]) {
            self.requestHash = requestHash
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    public static func lock(_ db: PGConnection, userID: UUID, key: String) throws {
        try db.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(userID.uuidString + key), 0))")
    }

    public static func find(_ db: PGConnection, userID: UUID, key: String) throws -> Answer? {
        try db.execute("""
            SELECT request_hash, status, content_type, body FROM idempotency_keys
            WHERE user_id = \(userID) AND key = \(key)
            """).first.map {
            Answer(requestHash: try $0.decode("request_hash"), status: try $0.decode("status"),
                   contentType: try $0.decode("content_type"), body: try $0.decode(Bytes.self, "body").bytes)
        }
    }

    public static func record(
        _ db: PGConnection, userID: UUID, key: String, method: String, path: String, answer: Answer
    ) throws {
        try db.execute("""
            INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, status, content_type, body)
            VALUES (\(userID), \(key), \(method), \(path), \(answer.requestHash), \(answer.status),
                    \(answer.contentType), \(Bytes(answer.body)))
            """)
    }
}
