public import Foundation
import HromadaDomain
public import HromadaPostgres

/// The append-only record of who did what. Entries are written in the same transaction as the change.
public enum AuditLog {
    public struct Entry: Sendable, Equatable {
        public var actor: UUID?
        public var action: String
        public var subjectType: String?
        public var subjectID: String?
        public var centre: String?
        public var details: [String: String]
        public var at: Date?

        public init(
            actor: UUID?, action: String, subjectType: String? = nil, subjectID: String? = nil,
            centre: String? = nil, details: [String: String] = [:], at: Date? = nil
        ) {
            self.actor = actor
            self.action = action
            self.subjectType = subjectType
            self.subjectID = subjectID
            self.centre = centre
            self.details = details
            self.at = at
        }
    }

    public static func append(_ db: PGConnection, _ entry: Entry, requestID: String? = nil) throws {
        let details = String(decoding: try JSONEncoder.sorted.encode(entry.details), as: UTF8.self)
        try db.execute("""
            INSERT INTO audit_log (actor_id, action, subject_type, subject_id, centre, details, request_id)
            VALUES (\(entry.actor), \(entry.action), \(entry.subjectType), \(entry.subjectID),
                    \(entry.centre), \(details)::jsonb, \(requestID))
            """)
    }

    public static func entries(_ db: PGConnection, subjectType: String, subjectID: String) throws -> [Entry] {
        try db.execute("""
            SELECT actor_id, action, subject_type, subject_id, centre, details::text AS details, at
            FROM audit_log WHERE subject_type = \(subjectType) AND subject_id = \(subjectID) ORDER BY id
            """).map { row in
            Entry(
                actor: try row.decode(UUID?.self, "actor_id"),
                action: try row.decode("action"),
                subjectType: try row.decode(String?.self, "subject_type"),
                subjectID: try row.decode(String?.self, "subject_id"),
                centre: try row.decode(String?.self, "centre"),
                details: (try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(String.self, "details").utf8))) ?? [:],
                at: try row.decode(Date.self, "at")
            )
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
