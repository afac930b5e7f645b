public import Foundation
public import HromadaDomain
public import HromadaPostgres

/// Drafts: versions stored but not released (migration 0015, `course_drafts`).
extension CourseStore {
    /// A version is released when it has no row in `course_drafts` (for a query over `course_versions`).
    static let released: SQL = "NOT EXISTS (SELECT 1 FROM course_drafts d WHERE d.version_id = course_versions.id)"

    public static func isDraft(_ db: PGConnection, versionID: UUID) throws -> Bool {
        try !db.execute("SELECT 1 FROM course_drafts WHERE version_id = \(versionID)").isEmpty
    }

    /// Whether the signed-in person behind `token` sees `slug`'s drafts: its trainers and the admin.
    public static func seesDrafts(_ db: PGConnection, token: String?, slug: String) throws -> Bool {
        guard let token, let caller = try SessionStore.user(db, token: token) else { return false }
        return try seesDrafts(db, caller: caller, slug: slug)
    }

    public static func seesDrafts(_ db: PGConnection, caller: User, slug: String) throws -> Bool {
        if caller.principal.isAdmin { return true }
        guard caller.roles.contains(.trainer) else { return false }
        return try isTrainer(db, userID: caller.id, slug: slug)
    }

    /// Releases a draft: from now on it is in the catalogue and new enrolments get it. Nil when there
    /// is no such version; `wasDraft` false when it was released already (nothing changes).
    public static func release(_ db: PGConnection, slug: String, version: String) throws -> (id: UUID, hash: String, wasDraft: Bool)? {
        guard let row = try db.execute("""
            SELECT id, content_hash FROM course_versions WHERE slug = \(slug) AND version = \(version) FOR SHARE
            """).first else { return nil }
        let id: UUID = try row.decode("id")
        let deleted = try db.execute("DELETE FROM course_drafts WHERE version_id = \(id) RETURNING version_id")
        return (id, try row.decode("content_hash"), !deleted.isEmpty)
    }
}
