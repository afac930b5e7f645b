public import Foundation
public import HromadaAPI
public import HromadaDomain
import FoundationNetworking

extension APIClient {
    /// Starts an attempt, or resumes the one in progress (`created` is false then).
    public func startAttempt(enrolmentID: UUID, quizID: String) async throws -> (attempt: Received<Attempt>, created: Bool) {
        let path = "/api/v1/enrolments/\(enrolmentID.lowercasedText)/quizzes/\(Self.segment(quizID))/attempts"
        let (data, response) = try await send("POST", path)
        return (try Self.decode(Received<Attempt>.self, from: data, "POST attempts"), response.statusCode == 201)
    }

    /// The attempts at one quiz of an enrolment, oldest first (one past its deadline listed closed).
    public func attempts(enrolmentID: UUID, quizID: String) async throws -> [AttemptSummary] {
        let path = "/api/v1/enrolments/\(enrolmentID.lowercasedText)/quizzes/\(Self.segment(quizID))/attempts"
        return try await callAll(path, as: Page<AttemptSummary>.self).items
    }

    /// An attempt; one past its deadline comes back closed (the server closes it on reading).
    public func attempt(_ id: UUID) async throws -> Received<Attempt> {
        let (data, _) = try await send("GET", "/api/v1/attempts/\(id.lowercasedText)")
        return try Self.decode(Received<Attempt>.self, from: data, "GET attempt")
    }

    /// Saves answers (a `.null` clears one). All or nothing.
    public func saveAnswers(_ attemptID: UUID, _ answers: [String: JSONValue]) async throws -> SavedAnswers {
        try await call("PUT", "/api/v1/attempts/\(attemptID.lowercasedText)/answers", json: AnswersRequest(answers: answers))
    }

    /// Hands the attempt in. Idempotent: a second submit returns the first result.
    public func submit(_ attemptID: UUID) async throws -> Received<Attempt> {
        let (data, _) = try await send("POST", "/api/v1/attempts/\(attemptID.lowercasedText)/submit")
        return try Self.decode(Received<Attempt>.self, from: data, "submit")
    }

    /// One page of the grading queue, oldest first.
    public func gradingQueue(course: String?, limit: Int, cursor: String?) async throws -> Page<Received<GradingItem>> {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "limit", value: String(limit))]
            + [("course", course), ("cursor", cursor)].compactMap { k, v in v.map { URLQueryItem(name: k, value: $0) } }
        let path = "/api/v1/grading?" + (components.percentEncodedQuery ?? "")
        let (data, _) = try await send("GET", path)
        return try Self.decode(Page<Received<GradingItem>>.self, from: data, "GET \(path)")
    }

    /// A trainer's points (and comment) for one essay; returns the attempt afterwards.
    public func grade(_ attemptID: UUID, questionID: String, points: Double, comment: String?) async throws -> Received<Attempt> {
        let (data, _) = try await send("POST", "/api/v1/attempts/\(attemptID.lowercasedText)/grades",
                                       json: GradeRequest(questionID: questionID, points: points, comment: comment))
        return try Self.decode(Received<Attempt>.self, from: data, "grade")
    }

    /// Re-scores the submitted attempts of a quiz made on release `from` under the key of release `to`.
    public func regrade(slug: String, from: String, to: String, quizID: String) async throws -> Received<RegradeReport> {
        let (data, _) = try await send("POST", "/api/v1/courses/\(Self.segment(slug))/regrade",
                                       json: RegradeRequest(fromVersion: from, toVersion: to, quizID: quizID))
        return try Self.decode(Received<RegradeReport>.self, from: data, "regrade")
    }

    /// `data` read as `T`, or `invalidResponse` naming the request.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, _ what: String) throws -> T {
        do {
            return try decoder.decode(T.self, from: data)
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
