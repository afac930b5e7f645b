public import Foundation
public import HromadaDomain

/// An enrolment as `GET /api/v1/enrolments/{id}`, `GET /api/v1/me/enrolments` and
/// `POST /api/v1/courses/{slug}/enrolments` give it: the course version, each lesson with when it was
/// completed, each quiz with its best grade and attempts, and the certificate once there is one.
public struct Enrolment: Codable, Sendable, Equatable {
    /// Where the learner is: nothing done yet, under way, or every completion rule met.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case enrolled
        case inProgress = "in_progress"
        case completed
    }

    public struct CourseRef: Codable, Sendable, Equatable {
        public var slug: String
        public var title: String
        public var version: String

        public init(slug: String, title: String, version: String) {
            self.slug = slug
            self.title = title
            self.version = version
        }
    }

    public struct LessonState: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        @Nullable public var completedAt: Date?

        public init(id: String, title: String, completedAt: Date?) {
            self.id = id
            self.title = title
            self.completedAt = completedAt
        }

        enum CodingKeys: String, CodingKey { case id, title, completedAt = "completed_at" }
    }

    public struct QuizState: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        @Nullable public var grade: Double?
        public var passed: Bool
        public var attemptsUsed: Int
        /// 0: no limit.
        public var attemptsAllowed: Int

        public init(id: String, title: String, grade: Double?, passed: Bool, attemptsUsed: Int, attemptsAllowed: Int) {
            self.id = id
            self.title = title
            self.grade = grade
            self.passed = passed
            self.attemptsUsed = attemptsUsed
            self.attemptsAllowed = attemptsAllowed
        }

        /// Whether every allowed attempt has been used.
        public var attemptsExhausted: Bool { attemptsAllowed > 0 && attemptsUsed >= attemptsAllowed }

        enum CodingKeys: String, CodingKey {
            case id, title, grade, passed
            case attemptsUsed = "attempts_used"
            case attemptsAllowed = "attempts_allowed"
        }
    }

    /// The certificate of a completed enrolment (`pending` until it is signed, moments later).
    public struct CertificateRef: Codable, Sendable, Equatable {
        public var serial: String
        @Nullable public var issuedAt: Date?
        public var status: CertificateSummary.Status

        public init(serial: String, issuedAt: Date?, status: CertificateSummary.Status) {
            self.serial = serial
            self.issuedAt = issuedAt
            self.status = status
        }

        enum CodingKeys: String, CodingKey { case serial, status, issuedAt = "issued_at" }
    }

    @LowercasedUUID public var id: UUID
    @LowercasedUUID public var userID: UUID
    public var course: CourseRef
    public var status: Status
    public var enrolledAt: Date
    @Nullable public var completedAt: Date?
    @Nullable public var withdrawnAt: Date?
    public var lessons: [LessonState]
    public var quizzes: [QuizState]
    @Nullable public var certificate: CertificateRef?

    public init(id: UUID, userID: UUID, course: CourseRef, status: Status, enrolledAt: Date, completedAt: Date?, withdrawnAt: Date?,
                lessons: [LessonState], quizzes: [QuizState], certificate: CertificateRef?) {
        self.id = id
        self.userID = userID
        self.course = course
        self.status = status
        self.enrolledAt = enrolledAt
        self.completedAt = completedAt
        self.withdrawnAt = withdrawnAt
        self.lessons = lessons
        self.quizzes = quizzes
        self.certificate = certificate
    }

    enum CodingKeys: String, CodingKey {
        case id, course, status, lessons, quizzes, certificate
        case userID = "user_id"
        case enrolledAt = "enrolled_at"
        case completedAt = "completed_at"
        case withdrawnAt = "withdrawn_at"
    }
}
