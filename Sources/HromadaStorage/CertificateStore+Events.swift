public import Foundation
import HromadaCrypto
import HromadaDomain
public import HromadaPostgres

/// Participation certificates of events: reserved when the event is closed, signed by the same pass,
/// with the same serials (the event's centre's sequence for the year the event ended), verification,
/// printed copy and revocation as course certificates. The document says `"kind": "event"` and names
/// the event, its dates and the sessions attended.
extension CertificateStore {
    /// Reserves the registration's certificate from `centre`'s sequence for `year`, unless it holds a
    /// live one. Runs in the transaction that closes the event.
    public static func reserve(_ db: PGConnection, eventRegistrationID: UUID, userID: UUID, centre: String, year: Int) throws {
        try reserve(db, subject: "event_registration_id", id: eventRegistrationID, userID: userID, centre: centre, year: year)
    }

    /// Reserves a certificate of `subject` (the certificates column naming what it certifies) from
    /// `centre`'s sequence for `year`, unless that subject holds a live one.
    static func reserve(_ db: PGConnection, subject: String, id: UUID, userID: UUID, centre: String, year: Int) throws {
        guard try db.execute("""
            SELECT 1 FROM certificates WHERE \(unsafeSQL: subject) = \(id) AND status <> 'revoked'
            """).isEmpty else { return }
        try takeSerial(db, subject: subject, id: id, userID: userID, centre: centre, year: year)
    }

    /// The next serial of `centre`'s sequence for `year`, reserved as a pending certificate of
    /// `subject`: the one place a serial is taken, for courses, events and programmes alike.
    static func takeSerial(_ db: PGConnection, subject: String, id: UUID, userID: UUID, centre: String, year: Int) throws {
        let sequence = try db.execute("""
            INSERT INTO certificate_sequences (centre, year, last) VALUES (\(centre), \(year), 1)
            ON CONFLICT (centre, year) DO UPDATE SET last = certificate_sequences.last + 1 RETURNING last
            """)[0].decode(Int.self, "last")
        try db.execute("""
            INSERT INTO certificates (serial, \(unsafeSQL: subject), user_id, centre)
            VALUES (\(CertificateSerial.make(centre: centre, year: year, sequence: sequence)), \(id), \(userID), \(centre))
            """)
    }

    /// A re-issue: a new serial for the registration from its certificate's centre's sequence for this
    /// year in Kyiv, unless it holds a live one (then nothing). Returns the live certificate after.
    public static func reserveAgain(_ db: PGConnection, eventRegistrationID: UUID, now: Date = Date()) throws -> Stored? {
        try reserveAgain(db, subject: "event_registration_id", id: eventRegistrationID, now: now)
    }

    /// ``reserveAgain(_:eventRegistrationID:now:)`` for any subject column (`event_registration_id`,
    /// `programme_enrolment_id`): the last certificate's person and centre, this year's sequence.
    static func reserveAgain(_ db: PGConnection, subject: String, id: UUID, now: Date) throws -> Stored? {
        if let last = try db.execute("""
            SELECT user_id, centre FROM certificates WHERE \(unsafeSQL: subject) = \(id) ORDER BY reserved_at DESC LIMIT 1
            """).first {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = KyivCalendar.zone
            try reserve(db, subject: subject, id: id, userID: try last.decode("user_id"), centre: try last.decode("centre"),
                        year: calendar.component(.year, from: now))
        }
        return try db.execute("""
            SELECT \(storedColumns)
            FROM certificates c JOIN users u ON u.id = c.user_id
            WHERE c.\(unsafeSQL: subject) = \(id) AND c.status <> 'revoked'
            """).first.map(stored)
    }

    /// Signs the registration's pending participation certificate now (a re-issue); the serials signed.
    public static func signPending(_ db: PGConnection, ring: KeyRing, issuer: Issuer, eventRegistrationID: UUID, now: Date = Date()) throws -> [String] {
        var signer = Signer(ring: ring, now: now)
        try signPendingEvents(db, issuer: issuer, limit: 1, signer: &signer, registrationID: eventRegistrationID)
        return signer.signed
    }

    /// Signs up to `limit` pending participation certificates (of one registration, or any; the rows
    /// locked `SKIP LOCKED`).
    static func signPendingEvents(_ db: PGConnection, issuer: Issuer, limit: Int, signer: inout Signer, registrationID: UUID? = nil) throws {
        let only: SQL = registrationID.map { "AND c.event_registration_id = \($0)" } ?? ""
        let rows = try db.execute("""
            SELECT c.serial, c.centre, u.id AS user_id, u.full_name, u.category, u.position, h.name AS hromada,
                   e.id AS event_id, e.kind, e.title, e.language, e.programme, e.hours::float8 AS hours, e.credits::float8 AS credits,
                   e.min_attendance_percent,
                   ARRAY(SELECT s.n FROM event_sessions s WHERE s.event_id = e.id ORDER BY s.n)::text[] AS sessions,
                   ARRAY(SELECT extract(epoch FROM s.starts_at)::float8 FROM event_sessions s WHERE s.event_id = e.id ORDER BY s.n)::text[] AS starts,
                   ARRAY(SELECT extract(epoch FROM s.ends_at)::float8 FROM event_sessions s WHERE s.event_id = e.id ORDER BY s.n)::text[] AS ends,
                   ARRAY(SELECT a.n FROM event_attendance a WHERE a.event_id = e.id AND a.user_id = c.user_id ORDER BY a.n)::text[] AS attended,
                   ct.name AS centre_name, ct.signatory_name, ct.signatory_position
            FROM certificates c JOIN event_registrations r ON r.id = c.event_registration_id JOIN events e ON e.id = r.event_id
                 JOIN users u ON u.id = c.user_id JOIN hromadas h ON h.id = u.hromada_id JOIN centres ct ON ct.code = c.centre
            WHERE c.status = 'pending' AND c.event_registration_id IS NOT NULL \(only)
            ORDER BY c.reserved_at LIMIT \(limit) FOR UPDATE OF c SKIP LOCKED
            """)
        for row in rows {
            let serial: String = try row.decode("serial"), centre: String = try row.decode("centre")
            let numbers = try row.decodeArray("sessions").compactMap { Int($0) }
            let starts = try row.decodeArray("starts").compactMap(Double.init).map { Date(timeIntervalSince1970: $0) }
            let ends = try row.decodeArray("ends").compactMap(Double.init).map { Date(timeIntervalSince1970: $0) }
            let attended = Set(try row.decodeArray("attended").compactMap { Int($0) })
            let sessions: [JSONValue] = zip(numbers, zip(starts, ends)).map { n, times in
                .object(["n": .number(Double(n)), "starts_at": .string(KyivCalendar.rfc3339(times.0)),
                         "ends_at": .string(KyivCalendar.rfc3339(times.1)), "attended": .bool(attended.contains(n))])
            }
            let programme = try row.decode(String?.self, "programme")
            let document: JSONValue = .object([
                "type": .string("hromada-certificate/1"),
                "kind": .string("event"),
                "serial": .string(serial),
                "verify_url": .string("\(issuer.publicURL)/c/\(serial)"),
                "issuer": try issuerBlock(row, issuer: issuer, centre: centre),
                "learner": try learnerBlock(row),
                "event": .object([
                    "id": .string(try row.decode(UUID.self, "event_id").lowercasedText), "kind": .string(try row.decode("kind")),
                    "title": .string(try row.decode("title")), "language": .string(try row.decode("language")),
                    "programme": programme.map(JSONValue.string) ?? .null, "hours": .number(try row.decode("hours")),
                    "credits": .number(try row.decode("credits")), "sessions": .array(sessions),
                ]),
                "result": .object([
                    "sessions_attended": .array(attended.sorted().map { .number(Double($0)) }),
                    "attendance_percent": .number(numbers.isEmpty ? 0 : (Double(attended.count) * 1000 / Double(numbers.count)).rounded() / 10),
                    "min_attendance_percent": .number(Double(try row.decode(Int.self, "min_attendance_percent"))),
                    "passed": .bool(true),
                ]),
                "started_on": .string(kyivDate(starts.min() ?? signer.now)),
                "completed_on": .string(kyivDate(ends.max() ?? signer.now)),
                "issued_at": .string(signer.issuedAt),
                "revocation_list": .string("\(issuer.publicURL)/api/v1/trust/centres/\(centre)/revoked.json"),
            ])
            try signer.sign(db, serial: serial, centre: centre, document: document)
        }
    }
}
