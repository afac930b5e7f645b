public import Foundation

/// Every authorisation decision of the project is made here and nowhere else.
///
/// Handlers describe what the caller wants to do as an ``Action`` and ask ``Policy/decide(_:for:)``.
/// Rows a caller may not even know exist yield ``Decision/hidden`` (answered as 404), actions a caller
/// may know about but not perform yield ``Decision/forbidden`` (403).
public enum Policy {
    /// A person as authorisation sees them: who they are, which centre they belong to and, when
    /// known, the code of their hromada (whose HR unit keeps their record).
    public struct Subject: Sendable, Equatable {
        public let userID: UUID
        public let centre: String
        public let hromada: String?
        public init(userID: UUID, centre: String, hromada: String? = nil) {
            self.userID = userID
            self.centre = centre
            self.hromada = hromada
        }
    }

    /// Whose development records a caller may list and report on.
    public enum Scope: Sendable, Equatable {
        case everyone
        case centre(String)
        case hromada(String)
    }

    public enum Action: Sendable, Equatable {
        /// Read a person's profile, enrolments, CPD record.
        case readUser(Subject)
        /// Create a person in `centre` holding `roles`.
        case createUser(centre: String, roles: Set<Role>)
        /// Import people into `centre` from CSV.
        case importUsers(centre: String)
        /// List the people of `centre`.
        case listUsers(centre: String)
        /// Publish a course pack (a new slug: any trainer or the admin).
        case publishCourse
        /// Publish another version of an existing course: its trainers and the association admin only.
        case publishVersion(courseTrainer: Bool)
        /// Read a course's answer keys (the release ZIP, its quizzes, manifest and question banks):
        /// its trainers and the association admin only.
        case readAnswerKeys(courseTrainer: Bool)
        /// See who a course's trainers are: its trainers and the association admin.
        case readTrainers(courseTrainer: Bool)
        /// Name a course's trainers: the association admin only.
        case manageTrainers
        /// Read the audit log.
        case readAudit
        /// Read the server's metrics (`GET /metrics` on the API's listener).
        case readMetrics
        /// Create a cohort in `centre`, add its members, read its progress.
        case manageCohort(centre: String)
        /// Read completion reports of `centre` (nil: every centre).
        case readReports(centre: String?)
        /// Take a quiz in an enrolment: only the enrolment's own learner.
        case takeQuiz(owner: Subject)
        /// See an attempt: its learner, their centre's admins, the association admin, and the course's trainers.
        case readAttempt(owner: Subject, courseTrainer: Bool)
        /// Grade essays and regrade quizzes of a course: its trainers and the association admin.
        case gradeCourse(courseTrainer: Bool)
        /// Grade or regrade attempts of `owner`: as ``gradeCourse(courseTrainer:)``, but never one's own.
        case gradeAttempt(owner: UUID, courseTrainer: Bool)
        /// Send a person a new invitation, deactivate or reactivate them: the admin, or their centre's
        /// admin when the person holds only roles a centre admin may grant; never one's own account.
        case manageAccount(Subject, roles: Set<Role>)
        /// List the outgoing mail of `centre`'s people (nil: everyone's, the admin's only).
        case readOutbox(centre: String?)
        /// Create, edit, publish, cancel and close `centre`'s events, see and manage their registrations:
        /// that centre's admins and the association admin. Anyone else is not shown the event's
        /// management (404), as another centre's cohort.
        case manageEvent(centre: String)
        /// Open a session's check-in code and mark its list: as ``manageEvent(centre:)``, and the trainers
        /// of the event's centre.
        case runEventSession(centre: String)
        /// Give someone the `hr` role for a hromada: the admin, or the admin of the centre that
        /// serves the hromada (`served`: the hromada lies in the centre's region).
        case appointHR(centre: String, served: Bool)
        /// Approve or return a person's plan, recognise or reject their external learning, set their
        /// accommodations: their hromada's HR unit, their centre's admin, the admin; never one's own.
        case keepRecord(Subject)
        /// List plans and external records, read development reports: HR, centre admins, the admin,
        /// each within ``Policy/scope(for:)``.
        case readDevelopment
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        /// The caller may know the thing exists but not do this: 403.
        case forbidden
        /// The caller may not know the thing exists: 404.
        case hidden
    }

    /// Roles that a centre admin may hand out inside their own centre. `trainer`, `centre_admin` and
    /// `admin` are the association admin's to grant: a trainer may publish courses and read answer keys.
    /// `hr` only for a hromada the centre serves (``Action/appointHR(centre:served:)``).
    public static let rolesGrantableByCentreAdmin: Set<Role> = [.learner, .hr]

    /// The people whose development records `principal` may list: nil for those who may list none.
    public static func scope(for principal: Principal) -> Scope? {
        if principal.isAdmin { return .everyone }
        if principal.roles.contains(.centreAdmin) { return .centre(principal.centre) }
        if principal.roles.contains(.hr), let hromada = principal.hromada { return .hromada(hromada) }
        return nil
    }

    public static func decide(_ action: Action, for principal: Principal) -> Decision {
        switch action {
        case .readUser(let subject):
            if subject.userID == principal.userID || principal.administers(centre: subject.centre)
                || principal.keepsRecords(ofHromada: subject.hromada) {
                return .allowed
            }
            return .hidden
        case .createUser(let centre, let roles):
            if principal.isAdmin { return .allowed }
            if principal.administers(centre: centre), roles.isSubset(of: rolesGrantableByCentreAdmin) {
                return .allowed
            }
            return .forbidden
        case .importUsers(let centre), .listUsers(let centre):
            return principal.administers(centre: centre) ? .allowed : .forbidden
        case .publishCourse:
            return principal.roles.contains(.trainer) || principal.isAdmin ? .allowed : .forbidden
        case .publishVersion(let courseTrainer), .readAnswerKeys(let courseTrainer), .readTrainers(let courseTrainer):
            return principal.isAdmin || (courseTrainer && principal.roles.contains(.trainer)) ? .allowed : .forbidden
        case .manageTrainers:
            return principal.isAdmin ? .allowed : .forbidden
        case .readAudit:
            return principal.isAdmin ? .allowed : .forbidden
        case .readMetrics:
            return principal.isAdmin ? .allowed : .forbidden
        case .manageCohort(let centre):
            return principal.administers(centre: centre) ? .allowed : .forbidden
        case .readReports(let centre):
            if principal.isAdmin { return .allowed }
            guard let centre else { return .forbidden }
            return principal.administers(centre: centre) ? .allowed : .forbidden
        case .takeQuiz(let owner):
            if owner.userID == principal.userID { return .allowed }
            return decide(.readUser(owner), for: principal) == .allowed ? .forbidden : .hidden
        case .readAttempt(let owner, let courseTrainer):
            if courseTrainer && principal.roles.contains(.trainer) { return .allowed }
            return decide(.readUser(owner), for: principal)
        case .gradeCourse(let courseTrainer):
            if principal.isAdmin || (courseTrainer && principal.roles.contains(.trainer)) { return .allowed }
            return .forbidden
        case .gradeAttempt(let owner, let courseTrainer):
            if owner == principal.userID { return .forbidden }
            return decide(.gradeCourse(courseTrainer: courseTrainer), for: principal)
        case .manageAccount(let subject, let roles):
            guard decide(.readUser(subject), for: principal) == .allowed else { return .hidden }
            if subject.userID == principal.userID { return .forbidden }
            if principal.isAdmin { return .allowed }
            return principal.administers(centre: subject.centre) && roles.isSubset(of: rolesGrantableByCentreAdmin) ? .allowed : .forbidden
        case .readOutbox(let centre):
            if principal.isAdmin { return .allowed }
            guard let centre else { return .forbidden }
            return principal.administers(centre: centre) ? .allowed : .forbidden
        case .manageEvent(let centre):
            return principal.administers(centre: centre) ? .allowed : .hidden
        case .runEventSession(let centre):
            if principal.administers(centre: centre) || (principal.roles.contains(.trainer) && principal.centre == centre) { return .allowed }
            return .hidden
        case .appointHR(let centre, let served):
            if principal.isAdmin { return .allowed }
            return principal.administers(centre: centre) && served ? .allowed : .forbidden
        case .keepRecord(let subject):
            guard decide(.readUser(subject), for: principal) == .allowed else { return .hidden }
            if subject.userID == principal.userID { return .forbidden }
            return .allowed
        case .readDevelopment:
            return scope(for: principal) == nil ? .forbidden : .allowed
        }
    }

    /// Throws the matching error unless the action is allowed.
    public static func require(_ action: Action, for principal: Principal) throws {
        switch decide(action, for: principal) {
        case .allowed: return
        case .forbidden: throw HromadaError(.forbidden, reason: "policy refused \(action)")
        case .hidden: throw HromadaError(.notFound, reason: "policy hid \(action)")
        }
    }
}
