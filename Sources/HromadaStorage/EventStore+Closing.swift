public import Foundation
public import HromadaAPI
import HromadaDomain
public import HromadaPostgres

/// Closing an event: the ledger and the participation certificates.
extension EventStore {
    /// Closes the published event after its last session: everyone holding a seat whose attended
    /// sessions reach the minimum share gets the event's hours and credits in the CPD ledger (source
    /// `event`, the year its last session ended in Kyiv) and, where the event gives one, a participation
    /// certificate reserved from the event's centre's sequence (signed by the issuing pass). Under the
    /// event's row lock; closing again changes nothing (`alreadyClosed`), and the ledger's unique key on
    /// the registration credits nobody twice.
    public static func close(_ db: PGConnection, eventID: UUID, by actor: UUID, requestID: String?, now: Date = Date()) throws -> EventClosing.Counts {
        let event = try lock(db, eventID: eventID)
        if event.status == .closed { return .init(alreadyClosed: true, credited: 0, certificates: 0) }
        guard event.status == .published else {
            throw HromadaError(.conflict, detail: .init(uk: "Завершити можна лише опубліковану подію.", en: "Only a published event can be closed."))
        }
        let span = try db.execute("""
            SELECT count(*)::int AS sessions, max(ends_at) AS last_end FROM event_sessions WHERE event_id = \(eventID)
            """)[0]
        let sessions: Int = try span.decode("sessions"), lastEnd: Date = try span.decode("last_end")
        guard lastEnd <= now else {
            throw HromadaError(.conflict, detail: .init(
                uk: "Подію можна завершити після останнього заняття (\(KyivCalendar.dateTime(lastEnd, .uk))).",
                en: "The event can be closed after its last session (\(KyivCalendar.dateTime(lastEnd, .en)))."))
        }
        _ = try move(db, id: eventID, from: [.published], to: .closed)
        let details = try db.execute("""
            SELECT title, kind, hours::float8 AS hours, credits::float8 AS credits, min_attendance_percent, certificate FROM events WHERE id = \(eventID)
            """)[0]
        let minimum: Int = try details.decode("min_attendance_percent"), certificate: Bool = try details.decode("certificate")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = KyivCalendar.zone
        let year = calendar.component(.year, from: lastEnd)
        let attendees = try db.execute("""
            SELECT r.id, r.user_id,
                   (SELECT count(*)::int FROM event_attendance a WHERE a.event_id = r.event_id AND a.user_id = r.user_id) AS attended
            FROM event_registrations r WHERE r.event_id = \(eventID) AND r.status = 'registered' ORDER BY r.created_at
            """)
        var credited = 0, certificates = 0
        for row in attendees {
            let attended: Int = try row.decode("attended")
            guard sessions > 0, attended * 100 >= minimum * sessions else { continue }
            let registration: UUID = try row.decode("id"), user: UUID = try row.decode("user_id")
            let inserted = try db.execute("""
                INSERT INTO cpd_credits (source, event_registration_id, user_id, slug, version, title, year, hours, credits, earned_at)
                VALUES ('event', \(registration), \(user), \(eventID.lowercasedText), '', \(try details.decode(String.self, "title")), \(year),
                        \(try details.decode(Double.self, "hours")), \(try details.decode(Double.self, "credits")), \(lastEnd))
                ON CONFLICT DO NOTHING RETURNING user_id
                """)
            credited += inserted.count
            if certificate {
                try CertificateStore.reserve(db, eventRegistrationID: registration, userID: user, centre: event.centre, year: year)
                certificates += 1
            }
            // An attended event may be the last part of a programme of theirs.
            try ProgrammeStore.evaluate(db, userID: user)
        }
        try AuditLog.append(db, .init(actor: actor, action: "event.close", subjectType: "event", subjectID: eventID.lowercasedText, centre: event.centre,
                                      details: ["credited": String(credited), "certificates": String(certificates)]), requestID: requestID)
        return .init(alreadyClosed: false, credited: credited, certificates: certificates)
    }
}
