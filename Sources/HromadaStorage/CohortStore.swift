public import Foundation
public import HromadaAPI
public import HromadaDomain
public import HromadaPostgres

/// SQL for cohorts and their members.
public enum CohortStore {
    public static func create(
        _ db: PGConnection, centre: String, slug: String, title: String, startsOn: String, endsOn: String, by: UUID
    ) throws -> UUID {
        guard try UserStore.centreExists(db, code: centre) else {
            throw HromadaError.validation(field: "centre", .init(uk: "немає такого регіонального центру", en: "there is no such regional centre"))
        }
        // A course with drafts only is not one yet: to a centre it is as unknown as a slug never published.
        guard try !db.execute("SELECT 1 FROM course_versions WHERE slug = \(slug) AND \(CourseStore.released) LIMIT 1").isEmpty else {
            throw HromadaError.validation(field: "course", .init(uk: "немає такого курсу", en: "there is no such course"))
        }
        return try db.execute("""
            INSERT INTO cohorts (centre, slug, title, starts_on, ends_on, created_by)
            VALUES (\(centre), \(slug), \(title), \(startsOn)::date, \(endsOn)::date, \(by)) RETURNING id
            """)[0].decode("id")
    }

    /// The cohort's centre, for authorisation, or nil when there is no such cohort.
    public static func centre(_ db: PGConnection, id: UUID) throws -> String? {
        try db.execute("SELECT centre FROM cohorts WHERE id = \(id)").first.map { try $0.decode("centre") }
    }

    /// What adding members did (the answer, ``CohortMembersResult``, is made of it by the server).
    public struct AddResult: Sendable {
        public var created = 0
        public var enrolled = 0
        public var alreadyEnrolled = 0
        public var errors: [String] = []
        /// The people created (without a password: the caller queues their invitations). Not on the wire.
        public var createdUsers: [User] = []
    }

    /// Enrols people in the cohort's course. `people` are known by email, or carry details to create
    /// them as learners of the cohort's centre. Everyone is checked before anything changes; any
    /// problem throws with every line, and the caller's transaction stores nothing.
    public static func addMembers(
        _ db: PGConnection, cohortID: UUID, people: [(line: Int, email: String, details: NewUser?)], allowOtherCentres: Bool
    ) throws -> AddResult {
        let row = try db.execute("SELECT centre, slug FROM cohorts WHERE id = \(cohortID) FOR UPDATE")[0]
        let centre: String = try row.decode("centre"), slug: String = try row.decode("slug")
        var problems: [HromadaError.LineProblem] = []
        var plan: [(line: Int, user: User?, details: NewUser?)] = []
        // The hromadas of new people, by code or exact name, as everywhere a hromada is written.
        let choices = try TerritoryStore.resolve(db, all: people.compactMap(\.details?.hromada))
        for person in people {
            let existing = try UserStore.find(db, email: person.email)
            if let existing {
                if existing.centre != centre && !allowOtherCentres {
                    problems.append(.init(line: person.line, message: .init(
                        uk: "\(person.email) належить до іншого регіонального центру (\(existing.centre))",
                        en: "\(person.email) belongs to another regional centre (\(existing.centre))")))
                    continue
                }
                // As on self-enrolment, only learners are enrolled (found in review: a trainer-only
                // account was enrolled through a cohort).
                guard existing.roles.contains(.learner) else {
                    problems.append(.init(line: person.line, message: .init(
                        uk: "\(person.email) не має ролі слухача; записати на курс можна лише слухача",
                        en: "\(person.email) does not have the learner role; only learners can be enrolled")))
                    continue
                }
                plan.append((person.line, existing, nil))
            } else if var details = person.details {
                switch choices[details.hromada] {
                case .found(let ref)?:
                    (details.hromada, details.hromadaCode) = (ref.name, ref.code)
                    plan.append((person.line, nil, details))
                case let choice?:
                    let m = choice.message(written: details.hromada)!
                    problems.append(.init(line: person.line, message: .init(uk: "hromada: \(m.uk)", en: "hromada: \(m.en)")))
                case nil:
                    break
                }
            } else {
                problems.append(.init(line: person.line, message: .init(
                    uk: "\(person.email) ще не зареєстровано; надішліть CSV з даними цієї особи",
                    en: "\(person.email) is not registered yet; send a CSV with the person's details")))
            }
        }
        if !problems.isEmpty { throw HromadaError(.validationFailed, lineProblems: problems) }
        var result = AddResult()
        for entry in plan {
            var user = entry.user
            if user == nil, var details = entry.details {
                details.centre = centre
                user = try UserStore.create(db, details, passwordHash: nil)
                result.created += 1
                result.createdUsers.append(user!)
            }
            guard let user else { continue }
            guard let (enrolmentID, created) = try EnrolmentStore.enrol(db, userID: user.id, slug: slug) else { continue }
            let attached = try db.execute("""
                UPDATE enrolments SET cohort_id = \(cohortID) WHERE id = \(enrolmentID) AND cohort_id IS NULL RETURNING id
                """)
            if created || !attached.isEmpty { result.enrolled += 1 } else { result.alreadyEnrolled += 1 }
        }
        return result
    }

    public static func find(_ db: PGConnection, id: UUID) throws -> Cohort? {
        guard let c = try db.execute("""
            SELECT id, centre, slug, title, starts_on::text AS starts_on, ends_on::text AS ends_on FROM cohorts WHERE id = \(id)
            """).first else { return nil }
        let members = try db.execute("""
            SELECT u.id AS user_id, u.email, u.full_name, h.name AS hromada, e.id AS enrolment_id, e.status, e.completed_at,
                   (SELECT count(*) FROM lesson_progress p JOIN course_lessons l ON l.version_id = e.version_id AND l.id = p.lesson_id
                     WHERE p.enrolment_id = e.id)::int AS done,
                   (SELECT count(*) FROM course_lessons l WHERE l.version_id = e.version_id)::int AS total
            FROM enrolments e JOIN users u ON u.id = e.user_id JOIN hromadas h ON h.id = u.hromada_id
            WHERE e.cohort_id = \(id) ORDER BY u.full_name, u.id
            """).map {
            Cohort.Member(userID: try $0.decode("user_id"), email: try $0.decode("email"), fullName: try $0.decode("full_name"),
                          hromada: try $0.decode("hromada"), enrolmentID: try $0.decode("enrolment_id"),
                          status: try $0.decode("status"),
                          lessonsCompleted: try $0.decode("done"), lessonsTotal: try $0.decode("total"),
                          completedAt: try $0.decode(Date?.self, "completed_at"))
        }
        return Cohort(id: try c.decode("id"), centre: try c.decode("centre"), course: try c.decode("slug"), title: try c.decode("title"),
                      startsOn: try c.decode("starts_on"), endsOn: try c.decode("ends_on"), members: members)
    }

    /// Throws `cohort_not_started` when the enrolment belongs to a cohort that has not opened yet (Kyiv time).
    public static func requireOpen(_ db: PGConnection, enrolmentID: UUID) throws {
        try requireOpen(rows: db.execute(notStartedStatement(enrolmentID: enrolmentID)))
    }

    /// The statement behind ``requireOpen(_:enrolmentID:)``, for a pipeline: a row when the
    /// enrolment's cohort has not started yet.
    public static func notStartedStatement(enrolmentID: UUID) -> SQL {
        """
        SELECT c.starts_on::text AS starts_on FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id
        WHERE e.id = \(enrolmentID) AND c.starts_on > (now() AT TIME ZONE 'Europe/Kyiv')::date
        """
    }

    /// Throws `cohort_not_started` when ``notStartedStatement(enrolmentID:)`` found a row.
    public static func requireOpen(rows: [PGRow]) throws {
        if let row = rows.first {
            let date: String = try row.decode("starts_on")
            throw HromadaError(.cohortNotStarted, detail: .init(
                uk: "Навчання цієї групи починається \(date).", en: "This cohort starts on \(date)."))
        }
    }
}
