public import Foundation
public import HromadaDomain

// The request bodies of the learning, assessment, certificate, course and cohort routes, once for the
// server (which decodes them, refusing unknown keys) and the terminal client (which encodes them).
// As in `AccountRequests.swift`, fields the server requires are optional in the type, so that a
// missing one is answered by name (422) rather than as a body that does not decode; the
// initialisers take what a client must send.

/// `POST /api/v1/auth/login`.
public struct LoginRequest: Codable, Sendable, Equatable {
    public var email: String?
    public var password: String?
    public init(email: String, password: String) {
        self.email = email
        self.password = password
    }
}

/// `POST /api/v1/certificates/verify` as JSON: the signed document and its detached signature, each in
/// base64 (the route also takes them as two multipart parts).
public struct CertificateVerificationRequest: Codable, Sendable, Equatable {
    public var document: String?
    public var signature: String?
    public init(document: Data, signature: Data) {
        self.document = document.base64EncodedString()
        self.signature = signature.base64EncodedString()
    }
}

/// `POST /api/v1/certificates/{serial}/revoke` and `…/reissue`: the public reason code and a note
/// only the centre sees. `reason`, the free text of the API's first version, is here only so that the
/// server can refuse it by name; no client sends it.
public struct RevocationRequest: Codable, Sendable, Equatable {
    public var reasonCode: String?
    public var note: String?
    public var reason: String?
    public init(reasonCode: RevocationReason, note: String?) {
        self.reasonCode = reasonCode.rawValue
        self.note = note
    }
    enum CodingKeys: String, CodingKey {
        case note, reason
        case reasonCode = "reason_code"
    }
}

/// `POST /api/v1/enrolments/{id}/lessons/{lesson}/complete`: empty for now, or when a lesson read
/// offline was finished (RFC 3339, checked against the clock and the enrolment by the server).
public struct LessonCompletionRequest: Codable, Sendable, Equatable {
    public var completedAt: String?
    public init(completedAt: String?) { self.completedAt = completedAt }
    enum CodingKeys: String, CodingKey { case completedAt = "completed_at" }
}

/// `PUT /api/v1/attempts/{id}/answers`: answers by question id; `null` clears one. All or nothing.
public struct AnswersRequest: Codable, Sendable, Equatable {
    public var answers: [String: JSONValue]?
    public init(answers: [String: JSONValue]) { self.answers = answers }
}

/// `POST /api/v1/attempts/{id}/grades`: a trainer's points for one essay, and a comment.
public struct GradeRequest: Codable, Sendable, Equatable {
    public var questionID: String?
    public var points: Double?
    public var comment: String?
    public init(questionID: String, points: Double, comment: String?) {
        self.questionID = questionID
        self.points = points
        self.comment = comment
    }
    enum CodingKeys: String, CodingKey { case points, comment, questionID = "question_id" }
}

/// `POST /api/v1/courses/{slug}/regrade`: the attempts of quiz `quiz_id` made on release
/// `from_version`, scored again under the key of `to_version`.
public struct RegradeRequest: Codable, Sendable, Equatable {
    public var fromVersion: String?
    public var toVersion: String?
    public var quizID: String?
    public init(fromVersion: String, toVersion: String, quizID: String) {
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.quizID = quizID
    }
    enum CodingKeys: String, CodingKey {
        case fromVersion = "from_version", toVersion = "to_version", quizID = "quiz_id"
    }
}

/// People named by email: a course's or a programme's trainers (`PUT …/trainers`, the whole list), a
/// cohort's new members (`POST /api/v1/cohorts/{id}/members` as JSON), an event's registrations by a
/// centre (`POST /api/v1/events/{id}/registrations`).
public struct EmailList: Codable, Sendable, Equatable {
    public var emails: [String]?
    public init(emails: [String]) { self.emails = emails }
}

/// `POST /api/v1/cohorts`: a cohort of a centre (the caller's when left out) for one course, open
/// from `starts_on` to `ends_on` (`YYYY-MM-DD`, Kyiv days).
public struct CohortCreation: Codable, Sendable, Equatable {
    public var centre: String?
    public var course: String?
    public var title: String?
    public var startsOn: String?
    public var endsOn: String?
    public init(centre: String?, course: String, title: String, startsOn: String, endsOn: String) {
        self.centre = centre
        self.course = course
        self.title = title
        self.startsOn = startsOn
        self.endsOn = endsOn
    }
    enum CodingKeys: String, CodingKey {
        case centre, course, title
        case startsOn = "starts_on", endsOn = "ends_on"
    }
}
