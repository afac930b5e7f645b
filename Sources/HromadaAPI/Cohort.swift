public import Foundation
public import HromadaDomain

/// A cohort as its centre sees it (`GET /api/v1/cohorts/{id}`, and the answer to `POST /api/v1/cohorts`):
/// one course, the days it is open (`YYYY-MM-DD`, Kyiv days), and every member's progress.
public struct Cohort: Codable, Sendable, Equatable {
    public struct Member: Codable, Sendable, Equatable {
        @LowercasedUUID public var userID: UUID
        public var email: String
        public var fullName: String
        /// The member's hromada by name.
        public var hromada: String
        @LowercasedUUID public var enrolmentID: UUID
        public var status: Enrolment.Status
        public var lessonsCompleted: Int
        public var lessonsTotal: Int
        @Nullable public var completedAt: Date?

        public init(userID: UUID, email: String, fullName: String, hromada: String, enrolmentID: UUID, status: Enrolment.Status,
                    lessonsCompleted: Int, lessonsTotal: Int, completedAt: Date?) {
            self.userID = userID
            self.email = email
            self.fullName = fullName
            self.hromada = hromada
            self.enrolmentID = enrolmentID
            self.status = status
            self.lessonsCompleted = lessonsCompleted
            self.lessonsTotal = lessonsTotal
            self.completedAt = completedAt
        }

        enum CodingKeys: String, CodingKey {
            case email, hromada, status
            case userID = "user_id", fullName = "full_name", enrolmentID = "enrolment_id"
            case lessonsCompleted = "lessons_completed", lessonsTotal = "lessons_total", completedAt = "completed_at"
        }
    }

    @LowercasedUUID public var id: UUID
    public var centre: String
    /// The course's slug.
    public var course: String
    public var title: String
    public var startsOn: String
    public var endsOn: String
    public var members: [Member]

    public init(id: UUID, centre: String, course: String, title: String, startsOn: String, endsOn: String, members: [Member]) {
        self.id = id
        self.centre = centre
        self.course = course
        self.title = title
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.members = members
    }

    enum CodingKeys: String, CodingKey {
        case id, centre, course, title, members
        case startsOn = "starts_on", endsOn = "ends_on"
    }
}

/// The answer to `POST /api/v1/cohorts/{id}/members`: how many people the list created (each
/// invited), how many it enrolled and how many were enrolled already. A list with any wrong line is
/// refused whole (422 with every line), so `errors` is empty in an answer; `dry_run` is true when
/// nothing was kept (`?dry_run=true`), and absent otherwise.
public struct CohortMembersResult: Codable, Sendable, Equatable {
    public var created: Int
    public var enrolled: Int
    public var alreadyEnrolled: Int
    public var errors: [String]
    /// True in the answer to a dry run; absent otherwise.
    public var dryRun: Bool?

    public init(created: Int, enrolled: Int, alreadyEnrolled: Int, errors: [String] = [], dryRun: Bool? = nil) {
        self.created = created
        self.enrolled = enrolled
        self.alreadyEnrolled = alreadyEnrolled
        self.errors = errors
        self.dryRun = dryRun
    }

    enum CodingKeys: String, CodingKey {
        case created, enrolled, errors
        case alreadyEnrolled = "already_enrolled", dryRun = "dry_run"
    }
}

/// One row of `GET /api/v1/reports/completions`: per centre, course and hromada, the enrolments made in
/// the period that are not withdrawn, by state; `average_grade` is null (written, not left out) while
/// nobody has a grade.
public struct CompletionReportRow: Codable, Sendable, Equatable {
    public var centre: String
    public var course: String
    public var hromada: String
    public var enrolled: Int
    public var inProgress: Int
    public var completed: Int
    public var certified: Int
    @Nullable public var averageGrade: Double?

    public init(centre: String, course: String, hromada: String, enrolled: Int, inProgress: Int, completed: Int, certified: Int,
                averageGrade: Double?) {
        self.centre = centre
        self.course = course
        self.hromada = hromada
        self.enrolled = enrolled
        self.inProgress = inProgress
        self.completed = completed
        self.certified = certified
        self.averageGrade = averageGrade
    }

    enum CodingKeys: String, CodingKey {
        case centre, course, hromada, enrolled, completed, certified
        case inProgress = "in_progress", averageGrade = "average_grade"
    }
}
