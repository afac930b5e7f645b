import Foundation
import HromadaDomain
import HromadaPacks
public import HromadaPostgres

/// Lessons stored before the HTML filter, or under older rules, made safe once.
///
/// Where the filter runs, and why there: reading a lesson is the hottest route (`make bench`), and
/// it copies the pre-serialised `html_json` from the row into the answer. Filtering on every read
/// would parse the whole lesson each time, so the filter runs when a version is published
/// (``LessonRenderer`` and ``CourseStore/publish(_:course:files:publishedBy:)``), and each row
/// records the rules it went through (`sanitiser_version`, migration 0013). Rows of an older
/// number are filtered again here, once, at `hromada-server migrate` and at `serve` start; until
/// that has happened (or for a row an older server publishes meanwhile) the lesson read filters
/// such a row itself (``EnrolmentStore``'s `unfiltered_html`), so no lesson is ever served
/// unfiltered and a current row costs the read nothing but a comparison.
///
/// The stored HTML is filtered, not the Markdown rendered again: a lesson keeps the HTML it was
/// published with, less what the allow-list refuses.
extension CourseStore {
    /// Key of the advisory lock ("hromada-lessons" folded into a bigint): two servers starting
    /// together do the work once, the second finding nothing left.
    static let refilterLockKey: Int64 = 0x6872_6f6c_6573_73

    /// Filters every lesson whose `sanitiser_version` is older than ``LessonSanitiser/version``, in
    /// the caller's transaction, under a transaction-level advisory lock. Returns how many changed.
    @discardableResult
    public static func refilterLessons(_ db: PGConnection) throws -> Int {
        try db.execute("SELECT pg_advisory_xact_lock(\(refilterLockKey))")
        let rows = try db.execute("""
            SELECT version_id, id, html FROM course_lessons WHERE sanitiser_version < \(LessonSanitiser.version)
            ORDER BY version_id, id FOR UPDATE
            """)
        for row in rows {
            let html = LessonSanitiser.sanitise(try row.decode(String.self, "html"))
            try db.execute("""
                UPDATE course_lessons SET html = \(html), html_json = \(JSONWriter.literal(html)),
                       sanitiser_version = \(LessonSanitiser.version)
                WHERE version_id = \(try row.decode(UUID.self, "version_id")) AND id = \(try row.decode(String.self, "id"))
                """)
        }
        return rows.count
    }
}
