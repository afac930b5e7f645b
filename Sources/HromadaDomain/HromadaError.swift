/// The one error model of the project.
///
/// A `HromadaError` carries a stable machine-readable ``Code`` that clients rely on, optional
/// per-field or per-line problems, and a private `reason` meant for logs only. The HTTP layer
/// maps codes to statuses and localised titles; it never sends `reason` to a client.
/// Two errors are equal when their codes are equal, so tests compare them directly.
public struct HromadaError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }

        public static let malformedRequest: Code = "malformed_request"
        public static let validationFailed: Code = "validation_failed"
        public static let unauthenticated: Code = "unauthenticated"
        public static let invalidCredentials: Code = "invalid_credentials"
        public static let forbidden: Code = "forbidden"
        public static let notFound: Code = "not_found"
        public static let methodNotAllowed: Code = "method_not_allowed"
        public static let conflict: Code = "conflict"
        public static let payloadTooLarge: Code = "payload_too_large"
        public static let unsupportedMediaType: Code = "unsupported_media_type"
        public static let notAcceptable: Code = "not_acceptable"
        public static let tooManyRequests: Code = "too_many_requests"
        public static let databaseUnavailable: Code = "database_unavailable"
        /// A bounded queue (password hashing) is full: 503 with `Retry-After`.
        public static let serverBusy: Code = "server_busy"
        public static let serializationFailure: Code = "serialization_failure"
        public static let internalError: Code = "internal_error"
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
