public import Foundation

/// An individual programme: one per person and year, in revisions. The newest revision is the plan
/// as it stands; the newest approved one is the programme in force while a newer one waits.
public struct DevelopmentPlan: Sendable, Equatable {
    /// Where a revision stands: written by its owner (`draft`), waiting for HR (`submitted`), or decided.
    public enum Status: String, Codable, Sendable, CaseIterable { case draft, submitted, approved, returned }

    public struct Revision: Sendable, Equatable {
        public var revision: Int
        public var status: Status
        public var items: [PlanItem]
        public var note: String
        public var comment: String?
        public var createdAt: Date
        public var submittedAt: Date?
        public var decidedAt: Date?
        public var decidedBy: NamedPerson?

        public init(revision: Int, status: Status, items: [PlanItem], note: String, comment: String?, createdAt: Date,
                    submittedAt: Date?, decidedAt: Date?, decidedBy: NamedPerson?) {
            self.revision = revision
            self.status = status
            self.items = items
            self.note = note
            self.comment = comment
            self.createdAt = createdAt
            self.submittedAt = submittedAt
            self.decidedAt = decidedAt
            self.decidedBy = decidedBy
        }
    }

    public var id: UUID
    public var userID: UUID
    public var year: Int
    /// Every revision, oldest first; never empty.
    public var history: [Revision]

    public init(id: UUID, userID: UUID, year: Int, history: [Revision]) {
        precondition(!history.isEmpty, "a plan has at least one revision")
        self.id = id
        self.userID = userID
        self.year = year
        self.history = history
    }

    /// The newest revision.
    public var current: Revision { history[history.count - 1] }

    /// The credits the newest revision's items plan for the year.
    public var plannedCredits: Decimal { current.items.reduce(Decimal(0)) { $0 + $1.plannedCredits } }

    /// The newest approved revision, if any.
    public var approvedRevision: Int? { history.last { $0.status == .approved }?.revision }
}
