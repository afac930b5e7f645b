/// The one error model of the project.
///
/// A `HromadaError` carries a stable machine-readable ``Code`` that clients rely on, optional
/// per-field or per-line problems, and a private `reason` meant for logs only. The HTTP layer
/// maps codes to statuses and localised titles; it never sends `reason` to a client.
/// Two errors are equal when their codes are equal, so tests compare them directly.
public struct HromadaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every code the server sends. `ErrorCatalog` gives each its HTTP status and titles, and the
    /// OpenAPI document lists them all (checked by `ErrorCodeTests`); the raw value is what goes on
    /// the wire, so a case is never renamed, only added.
    public enum Code: String, CaseIterable, Sendable, Codable {
        // Malformed or refused requests, whatever the route.
        case malformedRequest = "malformed_request"
        case validationFailed = "validation_failed"
        case unauthenticated
        case invalidCredentials = "invalid_credentials"
        case forbidden
        case notFound = "not_found"
        case methodNotAllowed = "method_not_allowed"
        case conflict
        case payloadTooLarge = "payload_too_large"
        case unsupportedMediaType = "unsupported_media_type"
        case notAcceptable = "not_acceptable"
        case tooManyRequests = "too_many_requests"
        case idempotencyKeyReused = "idempotency_key_reused"

        // People and courses.
        case emailTaken = "email_taken"
        /// An activation or password-reset token that is unknown, used, replaced or expired: 410.
        case tokenExpired = "token_expired"
        case courseNotYours = "course_not_yours"
        case versionExists = "version_exists"
        case programmeNotYours = "programme_not_yours"

        // Learning: enrolments, cohorts and quiz attempts.
        case enrolmentWithdrawn = "enrolment_withdrawn"
        case cohortNotStarted = "cohort_not_started"
        case cohortEnded = "cohort_ended"
        case attemptsExhausted = "attempts_exhausted"
        case attemptOverdue = "attempt_overdue"
        case attemptClosed = "attempt_closed"
        case attemptNotSubmitted = "attempt_not_submitted"

        // Certificates.
        case invalidSerial = "invalid_serial"
        case certificatePending = "certificate_pending"
        case certificateNotRevocable = "certificate_not_revocable"

        // Events: registration and check-in.
        /// Outside the event's registration window, or the event is not open for registration: 409.
        case registrationClosed = "registration_closed"
        /// A check-in outside its session's window (15 minutes before the start to the end): 409.
        case checkInClosed = "check_in_closed"
        /// A wrong or stale check-in code: 422.
        case checkInCodeInvalid = "check_in_code_invalid"

        // The professional-development record.
        /// A plan revision that is not a draft cannot be submitted.
        case planNotDraft = "plan_not_draft"
        /// Only a submitted plan revision can be approved or returned.
        case planNotSubmitted = "plan_not_submitted"
        /// An external record already recognised, rejected or withdrawn.
        case recordNotPending = "record_not_pending"

        // The server itself.
        case databaseUnavailable = "database_unavailable"
        /// A bounded queue (password hashing) is full: 503 with `Retry-After`.
        case serverBusy = "server_busy"
        case serializationFailure = "serialization_failure"
        case internalError = "internal_error"
    }

    /// One problem with one field of a request body.
    public struct FieldProblem: Error, Sendable, Equatable {
        public var field: String
        public var message: LocalizedText
        public init(field: String, message: LocalizedText) {
            self.field = field
            self.message = message
        }
    }

    /// One problem with one line of an uploaded file (CSV, pack).
    public struct LineProblem: Sendable, Equatable {
        public var line: Int
        public var message: LocalizedText
        /// For problems in a file of several (a course pack): which file, and where on the line.
        public var path: String?
        public var column: Int?
        public init(line: Int, message: LocalizedText, path: String? = nil, column: Int? = nil) {
            self.line = line
            self.message = message
            self.path = path
            self.column = column
        }
    }

    public let code: Code
    /// Optional client-facing detail, already safe to show (no SQL, no internals).
    public var detail: LocalizedText?
    public var fieldProblems: [FieldProblem]
    public var lineProblems: [LineProblem]
    /// Seconds a client should wait before retrying (429, 503).
    public var retryAfter: Int?
    /// For logs only.
    let reason: String
    let file: String
    let line: Int

    public init(
        _ code: Code,
        detail: LocalizedText? = nil,
        fieldProblems: [FieldProblem] = [],
        lineProblems: [LineProblem] = [],
        retryAfter: Int? = nil,
        reason: String = "",
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.detail = detail
        self.fieldProblems = fieldProblems
        self.lineProblems = lineProblems
        self.retryAfter = retryAfter
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (lhs: HromadaError, rhs: HromadaError) -> Bool { lhs.code == rhs.code }

    /// For logs: code, reason and where it was raised. Never sent to a client.
    public var description: String {
        "HromadaError(\(code.rawValue)\(reason.isEmpty ? "" : ": \(reason)") at \(file):\(line))"
    }

    public static func validation(_ problems: [FieldProblem]) -> HromadaError {
        HromadaError(.validationFailed, fieldProblems: problems)
    }

    public static func validation(field: String, _ message: LocalizedText) -> HromadaError {
        HromadaError(.validationFailed, fieldProblems: [FieldProblem(field: field, message: message)])
    }
}
