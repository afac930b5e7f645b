import Foundation
import HromadaDomain
import FoundationNetworking

/// A quiz attempt as the server shows it: the questions as drawn for it (opaque choice ids), the
/// saved answers and, once submitted, the score and the review the quiz allows.
public struct Attempt: Decodable, Sendable {
    public struct Choice: Decodable, Sendable {
        public var id: String
        public var text: String
    }

    public struct Question: Decodable, Sendable {
        public var id: String
        /// single, multiple, true_false, short, numeric, matching, ordering, essay or description.
        public var type: String
        public var text: String
        public var points: Double
        public var options: [Choice]?
        public var left: [Choice]?
        public var right: [Choice]?
        public var items: [Choice]?
    }

    public struct ReviewItem: Decodable, Sendable {
        public var questionID: String
        public var points: Double
        public var score: Double?
        /// correct, partial, incorrect, unanswered or needs_grading.
        public var outcome: String
        public var feedback: [String]
        public var comment: String?
        enum CodingKeys: String, CodingKey { case points, score, outcome, feedback, comment, questionID = "question_id" }
    }

    public var id: String
    public var quizID: String
    public var quizTitle: String
    public var number: Int
    /// in_progress, needs_grading, finished or abandoned.
    public var state: String
    public var deadline: String?
    /// Seconds left by the server's clock when it answered; nil when untimed or closed.
    public var secondsLeft: Double?
    public var submittedAt: String?
    /// 0 means unlimited.
    public var attemptsAllowed: Int
    public var questions: [Question]
    public var answers: [String: JSONValue]
    public var score: Double?
    public var maxScore: Double?
    public var percent: Double?
    public var passed: Bool?
    public var passPercent: Double?
    public var review: [ReviewItem]?
    /// The answer exactly as the server sent it, for `--json`.
    public var json: JSONValue = .null

    enum CodingKeys: String, CodingKey {
        case id, number, state, deadline, questions, answers, score, percent, passed, review
        case quizID = "quiz_id"
        case quizTitle = "quiz_title"
        case secondsLeft = "seconds_left"
        case submittedAt = "submitted_at"
        case attemptsAllowed = "attempts_allowed"
        case maxScore = "max_score"
        case passPercent = "pass_percent"
    }

    public var isOpen: Bool { state == "in_progress" }
}

/// What an answer save returns: the merged answers and the time left.
public struct SavedAnswers: Decodable, Sendable {
    public var id: String
    public var state: String
    public var secondsLeft: Double?
    public var answers: [String: JSONValue]
    enum CodingKeys: String, CodingKey { case id, state, answers, secondsLeft = "seconds_left" }
}

/// One submitted attempt waiting for a trainer.
public struct GradingItem: Decodable, Sendable {
    public struct Learner: Decodable, Sendable {
        public var id: String
        public var fullName: String
        public var centre: String
        enum CodingKeys: String, CodingKey { case id, centre, fullName = "full_name" }
    }
    public struct Essay: Decodable, Sendable {
        public var questionID: String
        public var text: String
        public var points: Double
        public var answer: String?
        public var awarded: Double?
        public var comment: String?
        enum CodingKeys: String, CodingKey { case text, points, answer, awarded, comment, questionID = "question_id" }
    }
    public var attemptID: String
    public var course: String
    public var version: String
    public var quizID: String
    public var quizTitle: String
    public var learner: Learner
    public var submittedAt: String?
    public var essays: [Essay]
    /// The item exactly as the server sent it, for `--json`.
    public var json: JSONValue = .null
    enum CodingKeys: String, CodingKey {
        case course, version, learner, essays
        case attemptID = "attempt_id"
        case quizID = "quiz_id"
        case quizTitle = "quiz_title"
        case submittedAt = "submitted_at"
    }
}

public struct GradingPage: Decodable, Sendable {
    public var items: [GradingItem]
    public var nextCursor: String?
    enum CodingKeys: String, CodingKey { case items, nextCursor = "next_cursor" }
}

/// What a regrade changed.
public struct RegradeReport: Decodable, Sendable {
    public struct Change: Decodable, Sendable {
        public var attemptID: String
        public var enrolmentID: String
        public var userID: String
        public var oldPercent: Double?
        public var newPercent: Double?
        public var oldPassed: Bool?
        public var newPassed: Bool?
        enum CodingKeys: String, CodingKey {
            case attemptID = "attempt_id"
            case enrolmentID = "enrolment_id"
            case userID = "user_id"
            case oldPercent = "old_percent"
            case newPercent = "new_percent"
            case oldPassed = "old_passed"
            case newPassed = "new_passed"
        }
    }
    public var course: String
    public var quizID: String
    public var fromVersion: String
    public var toVersion: String
    public var attemptsRegraded: Int
    public var changes: [Change]
    public var newlyCompleted: [String]
    public var toReview: [String]
    /// The report exactly as the server sent it, for `--json`.
    public var json: JSONValue = .null
    enum CodingKeys: String, CodingKey {
        case course, changes
        case quizID = "quiz_id"
        case fromVersion = "from_version"
        case toVersion = "to_version"
        case attemptsRegraded = "attempts_regraded"
        case newlyCompleted = "newly_completed"
        case toReview = "to_review"
    }
}

extension APIClient {
    /// Starts an attempt, or resumes the one in progress (`created` is false then).
    public func startAttempt(enrolmentID: String, quizID: String) async throws -> (attempt: Attempt, created: Bool) {
        let (data, response) = try await send("POST", "/api/v1/enrolments/\(enrolmentID)/quizzes/\(Self.segment(quizID))/attempts")
        return (try Self.attempt(from: data, "POST attempts"), response.statusCode == 201)
    }

    /// An attempt; one past its deadline comes back closed (the server closes it on reading).
    public func attempt(_ id: String) async throws -> Attempt {
        let (data, _) = try await send("GET", "/api/v1/attempts/\(Self.segment(id))")
        return try Self.attempt(from: data, "GET attempt")
    }

    /// Saves answers (a `.null` clears one). All or nothing.
    public func saveAnswers(_ attemptID: String, _ answers: [String: JSONValue]) async throws -> SavedAnswers {
        try await call("PUT", "/api/v1/attempts/\(Self.segment(attemptID))/answers", json: ["answers": answers])
    }

    /// Hands the attempt in. Idempotent: a second submit returns the first result.
    public func submit(_ attemptID: String) async throws -> Attempt {
        let (data, _) = try await send("POST", "/api/v1/attempts/\(Self.segment(attemptID))/submit")
        return try Self.attempt(from: data, "submit")
    }

    /// One page of the grading queue, oldest first.
    public func gradingQueue(course: String?, limit: Int, cursor: String?) async throws -> GradingPage {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "limit", value: String(limit))]
            + [("course", course), ("cursor", cursor)].compactMap { k, v in v.map { URLQueryItem(name: k, value: $0) } }
        let path = "/api/v1/grading?" + (components.percentEncodedQuery ?? "")
        let (data, _) = try await send("GET", path)
        do {
            var page = try Self.decoder.decode(GradingPage.self, from: data)
            struct Raw: Decodable { var items: [JSONValue] }
            let raw = try Self.decoder.decode(Raw.self, from: data).items
            for i in page.items.indices where raw.indices.contains(i) { page.items[i].json = raw[i] }
            return page
        } catch {
            throw ClientError.invalidResponse("unexpected answer to GET \(path)")
        }
    }

    /// A trainer's points (and comment) for one essay; returns the attempt afterwards.
    public func grade(_ attemptID: String, questionID: String, points: Double, comment: String?) async throws -> Attempt {
        struct Body: Encodable {
            var question_id: String
            var points: Double
            var comment: String?
        }
        let (data, _) = try await send("POST", "/api/v1/attempts/\(Self.segment(attemptID))/grades",
                                       json: Body(question_id: questionID, points: points, comment: comment))
        return try Self.attempt(from: data, "grade")
    }

    /// Re-scores the submitted attempts of a quiz made on release `from` under the key of release `to`.
    public func regrade(slug: String, from: String, to: String, quizID: String) async throws -> RegradeReport {
        let (data, _) = try await send("POST", "/api/v1/courses/\(Self.segment(slug))/regrade",
                                       json: ["from_version": from, "to_version": to, "quiz_id": quizID])
        do {
            var report = try Self.decoder.decode(RegradeReport.self, from: data)
            report.json = try Self.decoder.decode(JSONValue.self, from: data)
            return report
        } catch {
            throw ClientError.invalidResponse("unexpected answer to regrade")
        }
    }

    static func attempt(from data: Data, _ what: String) throws -> Attempt {
        do {
            var attempt = try decoder.decode(Attempt.self, from: data)
            attempt.json = try decoder.decode(JSONValue.self, from: data)
            return attempt
        } catch {
            throw ClientError.invalidResponse("unexpected answer to \(what)")
        }
    }

    /// A path segment with anything but unreserved characters percent-encoded.
    public static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
