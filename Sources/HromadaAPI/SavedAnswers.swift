public import Foundation
public import HromadaDomain

/// What an answer save returns: the attempt's merged answers and its clock.
public struct SavedAnswers: Codable, Sendable, Equatable {
    @LowercasedUUID public var id: UUID
    public var state: Attempt.State
    @Nullable public var deadline: Date?
    /// As in ``Attempt/secondsLeft``.
    @Nullable public var secondsLeft: Double?
    public var answers: [String: JSONValue]

    public init(id: UUID, state: Attempt.State, deadline: Date?, secondsLeft: Double?, answers: [String: JSONValue]) {
        self.id = id
        self.state = state
        self.deadline = deadline
        self.secondsLeft = secondsLeft
        self.answers = answers
    }

    enum CodingKeys: String, CodingKey { case id, state, answers, deadline, secondsLeft = "seconds_left" }

    /// The body with `answers` given as JSON text already written (PostgreSQL's own, passed
    /// through rather than decoded and encoded again) and the rest as ``Foundation/JSONEncoder/api``
    /// writes it. `answers` is the first key in sorted order, so the rest follows it.
    public static func json(id: UUID, state: Attempt.State, deadline: Date?, secondsLeft: Double?, answersJSON: String) throws -> [UInt8] {
        let rest = try JSONEncoder.api.encode(SavedAnswers(id: id, state: state, deadline: deadline, secondsLeft: secondsLeft, answers: [:]))
        let empty = Array(#"{"answers":{},"#.utf8)
        guard rest.starts(with: empty) else { throw EncodingError.invalidValue(rest, .init(codingPath: [], debugDescription: "answers not first")) }
        var bytes = Array(#"{"answers":"#.utf8)
        bytes += answersJSON.utf8
        bytes.append(UInt8(ascii: ","))
        bytes += rest.dropFirst(empty.count)
        return bytes
    }
}
