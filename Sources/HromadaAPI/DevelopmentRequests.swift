import Foundation
public import HromadaDomain

/// Request bodies of the development record's decisions, for the client to send and the server to read
/// (it adds the keys it accepts). `Development.PlanDraft` and `Development.RecordClaim` are the others.
extension Development {
    /// `POST /api/v1/plans/{id}/approve` and `/return`; the body may be left out to approve, and a
    /// comment is required to return.
    public struct PlanDecision: Codable, Sendable, Equatable {
        public var comment: String?
        public init(comment: String?) {
            self.comment = comment
        }
    }

    /// `POST /api/v1/external-records/{id}/recognise`. `credits` is whatever JSON was sent, so that the
    /// server can say what is wrong with it; without it, the learner's claim or the hours at the rate.
    public struct Recognition: Codable, Sendable, Equatable {
        public var credits: JSONValue?
        public var comment: String?
        public init(credits: JSONValue?, comment: String?) {
            self.credits = credits
            self.comment = comment
        }
    }

    /// `POST /api/v1/external-records/{id}/reject`.
    public struct Rejection: Codable, Sendable, Equatable {
        public var reason: String?
        public init(reason: String?) {
            self.reason = reason
        }
    }
}
