import Foundation
public import HromadaAPI
import HromadaDomain
public import HromadaPostgres

/// Completion reports, computed in one SQL statement.
public enum ReportStore {
    /// A row of the report: the API's row as it is.
    public typealias Row = CompletionReportRow

    /// Per centre, course and hromada: enrolments made in [from, to] (Kyiv dates) that are not withdrawn.
    /// The average grade is the mean, over enrolments with a graded quiz, of each enrolment's grade (its mean quiz grade). Certified counts the
    /// enrolments holding an issued certificate (revoked ones do not count).
    public static func completions(
        _ db: PGConnection, centre: String?, course: String?, hromada: String? = nil, from: String?, to: String?
    ) throws -> [Row] {
        var filters: SQL = "e.withdrawn_at IS NULL"
        if let centre { filters = filters + " AND u.centre = \(centre)" }
        if let course { filters = filters + " AND e.slug = \(course)" }
        if let hromada { filters = filters + " AND u.hromada_id IN (SELECT id FROM hromadas WHERE name = \(hromada))" }
        if let from { filters = filters + " AND e.enrolled_at >= (\(from)::date)::timestamp AT TIME ZONE 'Europe/Kyiv'" }
        if let to { filters = filters + " AND e.enrolled_at < (\(to)::date + 1)::timestamp AT TIME ZONE 'Europe/Kyiv'" }
        // One pass over the enrolments (each carries its own grade); names are attached after grouping by id.
        let sql: SQL = """
            WITH counted AS (
                SELECT u.centre, e.slug, u.hromada_id,
                       count(*)::int AS enrolled,
                       (count(*) FILTER (WHERE e.status = 'in_progress'))::int AS in_progress,
                       (count(*) FILTER (WHERE e.status = 'completed'))::int AS completed,
                       count(cert.serial)::int AS certified,
                       round(avg(e.grade), 2)::float8 AS average_grade
                FROM enrolments e
                JOIN users u ON u.id = e.user_id
                LEFT JOIN certificates cert ON cert.enrolment_id = e.id AND cert.status = 'issued'
                WHERE \(filters)
                GROUP BY u.centre, e.slug, u.hromada_id
            )
            SELECT c.centre, c.slug AS course, h.name AS hromada, c.enrolled, c.in_progress, c.completed,
                   c.certified, c.average_grade
            FROM counted c JOIN hromadas h ON h.id = c.hromada_id
            ORDER BY c.centre, c.slug, h.name
            """
        return try db.execute(sql).map {
            Row(centre: try $0.decode("centre"), course: try $0.decode("course"), hromada: try $0.decode("hromada"),
                enrolled: try $0.decode("enrolled"), inProgress: try $0.decode("in_progress"), completed: try $0.decode("completed"),
                certified: try $0.decode("certified"), averageGrade: try $0.decode(Double?.self, "average_grade"))
        }
    }

    /// The rows as CSV (UTF-8 with a byte-order mark, CRLF). With `semicolons`, as a spreadsheet set
    /// to Ukrainian reads it: fields separated by `;` and the average grade with a decimal comma.
    /// Text cells are inert (``CSVWriter/cell(_:separator:)``): a hromada named `=HYPERLINK(…)` stays text.
    public static func csv(_ rows: [Row], semicolons: Bool = false) -> String {
        let separator: Character = semicolons ? ";" : ","
        func field(_ s: String) -> String { CSVWriter.cell(s, separator: separator) }
        func grade(_ g: Double) -> String {
            let text = String(format: "%.2f", g)
            return semicolons ? text.replacingOccurrences(of: ".", with: ",") : text
        }
        let names = ["centre", "course", "hromada", "enrolled", "in_progress", "completed", "certified", "average_grade"]
        var out = "\u{FEFF}" + names.joined(separator: String(separator)) + "\r\n"
        for r in rows {
            out += [field(r.centre), field(r.course), field(r.hromada), String(r.enrolled), String(r.inProgress), String(r.completed),
                    String(r.certified), r.averageGrade.map(grade) ?? ""].joined(separator: String(separator)) + "\r\n"
        }
        return out
    }
}
