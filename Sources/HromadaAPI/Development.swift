public import Foundation
public import HromadaDomain

/// The professional-development record as the client reads it (spec/development.md). Credits are
/// `Decimal`, read from the JSON number's text, never summed in floating point.
public enum Development {
    /// A person's plan for a year as HR's lists and the reports show it: the newest revision's status,
    /// or `none` when there is no plan.
    public enum PlanState: String, Codable, Sendable, CaseIterable {
        case none, draft, submitted, approved, returned
        public init(_ status: DevelopmentPlan.Status?) { self = status.flatMap { PlanState(rawValue: $0.rawValue) } ?? .none }
    }

    /// Why a person is on the due list: the calendar year closes unmet (`year_end`), or the first-year
    /// window closes with nothing earned (`first_year`).
    public enum DueReason: String, Codable, Sendable, CaseIterable {
        case yearEnd = "year_end", firstYear = "first_year"
    }

    /// A person and their hromada as the lists and reports name them.
    public struct Person: Codable, Sendable, Equatable {
        @LowercasedUUID public var id: UUID
        public var fullName: String
        public var category: String?
        public var position: String?
        enum CodingKeys: String, CodingKey { case id, category, position, fullName = "full_name" }
    }

    public struct HromadaName: Codable, Sendable, Equatable {
        /// Null for a person whose hromada is not matched to the codifier yet.
        @Nullable public var code: String?
        public var name: String
        public init(code: String?, name: String) {
            self._code = Nullable(wrappedValue: code)
            self.name = name
        }
    }

    /// `GET /api/v1/me/development/{year}`.
    public struct Standing: Codable, Sendable, Equatable {
        /// One credit of the year: the domain's item as it is (its source typed: course, event, external).
        public typealias Item = HromadaDomain.Standing.Item
        public struct PlanRef: Codable, Sendable, Equatable {
            public var id: String
            public var revision: Int
            public var status: DevelopmentPlan.Status
        }
        public var year: Int
        public var category: String
        public var targetCredits: Decimal
        public var earnedCredits: Decimal
        public var selfEducationCredits: Decimal
        public var selfEducationShare: Decimal
        /// Null for a deputy, who has no target.
        @Nullable public var met: Bool?
        @Nullable public var firstYearDue: String?
        @Nullable public var plan: PlanRef?
        public var items: [Item]
        enum CodingKeys: String, CodingKey {
            case year, category, met, plan, items
            case targetCredits = "target_credits", earnedCredits = "earned_credits", selfEducationCredits = "self_education_credits"
            case selfEducationShare = "self_education_share", firstYearDue = "first_year_due"
        }
    }

    /// An individual programme: its newest revision and every revision before it.
    public struct Plan: Codable, Sendable, Equatable {
        public struct Revision: Codable, Sendable, Equatable {
            public var revision: Int
            public var status: DevelopmentPlan.Status
            public var items: [PlanItem]
            public var note: String
            @Nullable public var comment: String?
            public var createdAt: Date
            @Nullable public var submittedAt: Date?
            @Nullable public var decidedAt: Date?
            @Nullable public var decidedBy: Person?
            enum CodingKeys: String, CodingKey {
                case revision, status, items, note, comment
                case createdAt = "created_at", submittedAt = "submitted_at", decidedAt = "decided_at", decidedBy = "decided_by"
            }
        }
        @LowercasedUUID public var id: UUID
        @LowercasedUUID public var userID: UUID
        public var year: Int
        public var revision: Int
        public var status: DevelopmentPlan.Status
        public var items: [PlanItem]
        public var note: String
        @Nullable public var comment: String?
        public var plannedCredits: Decimal
        @Nullable public var approvedRevision: Int?
        public var history: [Revision]
        enum CodingKeys: String, CodingKey {
            case id, year, revision, status, items, note, comment, history
            case userID = "user_id", plannedCredits = "planned_credits", approvedRevision = "approved_revision"
        }
    }

    /// `PUT /api/v1/me/plans/{year}`.
    public struct PlanDraft: Codable, Sendable, Equatable {
        public var items: [PlanItem]
        public var note: String?
        public init(items: [PlanItem], note: String?) {
            self.items = items
            self.note = note
        }
    }

    /// A person in HR's list of plans (`GET /api/v1/plans`).
    public struct PlanListing: Codable, Sendable, Equatable {
        public var person: Person
        public var hromada: HromadaName
        @Nullable public var planID: String?
        @Nullable public var revision: Int?
        /// `none` without a plan for the year.
        public var status: PlanState
        @Nullable public var submittedAt: Date?
        enum CodingKeys: String, CodingKey { case person, hromada, revision, status, planID = "plan_id", submittedAt = "submitted_at" }
    }

    /// The `record` part of `POST /api/v1/me/external-records`: the domain's draft as it is (the server
    /// checks the JSON field by field into it, ``ExternalRecordDraft/validate(_:)``; the client encodes it).
    public typealias RecordClaim = ExternalRecordDraft

    /// An external learning record with its evidence's description.
    public struct Record: Codable, Sendable, Equatable {
        public struct Evidence: Codable, Sendable, Equatable {
            public var fileName: String
            public var contentType: String
            public var size: Int
            public var signed: Bool
            enum CodingKeys: String, CodingKey { case size, signed, fileName = "file_name", contentType = "content_type" }
        }
        @LowercasedUUID public var id: UUID
        public var person: Person
        public var hromada: HromadaName
        public var provider: String
        public var title: String
        public var kind: ExternalRecordDraft.Kind
        public var startedOn: String
        public var finishedOn: String
        public var year: Int
        public var hours: Decimal
        @Nullable public var claimedCredits: Decimal?
        @Nullable public var certificateNumber: String?
        public var status: ExternalRecord.Status
        @Nullable public var credits: Decimal?
        /// The automatic check's verdict on certificate evidence.
        @Nullable public var verdict: String?
        @Nullable public var comment: String?
        @Nullable public var reason: String?
        public var evidence: Evidence
        public var createdAt: Date
        @Nullable public var decidedAt: Date?
        @Nullable public var decidedBy: Person?
        enum CodingKeys: String, CodingKey {
            case id, person, hromada, provider, title, kind, year, hours, status, credits, verdict, comment, reason, evidence
            case startedOn = "started_on", finishedOn = "finished_on", claimedCredits = "claimed_credits"
            case certificateNumber = "certificate_number", createdAt = "created_at", decidedAt = "decided_at", decidedBy = "decided_by"
        }
    }

    /// One person of `GET /api/v1/reports/development`.
    public struct ReportRow: Codable, Sendable, Equatable {
        public var person: Person
        public var hromada: HromadaName
        public var targetCredits: Decimal
        public var earnedCredits: Decimal
        public var selfEducationShare: Decimal
        @Nullable public var met: Bool?
        public var planStatus: PlanState
        enum CodingKeys: String, CodingKey {
            case person, hromada, met
            case targetCredits = "target_credits", earnedCredits = "earned_credits"
            case selfEducationShare = "self_education_share", planStatus = "plan_status"
        }
    }

    /// One deadline of `GET /api/v1/reports/development/due`.
    public struct DueRow: Codable, Sendable, Equatable {
        public var person: Person
        public var hromada: HromadaName
        public var reason: DueReason
        public var dueOn: String
        public var earnedCredits: Decimal
        public var targetCredits: Decimal
        enum CodingKeys: String, CodingKey {
            case person, hromada, reason
            case dueOn = "due_on", earnedCredits = "earned_credits", targetCredits = "target_credits"
        }
    }

    /// `PUT /api/v1/users/{id}/accommodations`: the body asks for `extra_time_percent` (0-200); the answer
    /// names the person too.
    public struct Accommodations: Codable, Sendable, Equatable {
        @LowercasedUUID public var userID: UUID
        public var extraTimePercent: Int
        public init(userID: UUID, extraTimePercent: Int) {
            self.userID = userID
            self.extraTimePercent = extraTimePercent
        }
        enum CodingKeys: String, CodingKey { case userID = "user_id", extraTimePercent = "extra_time_percent" }
    }

    /// `GET /api/v1/reports/development/summary`.
    public struct Summary: Codable, Sendable, Equatable {
        public struct Row: Codable, Sendable, Equatable {
            public var group: HromadaName
            public var people: Int
            public var officials: Int
            public var met: Int
            public var notMet: Int
            public var withoutApprovedPlan: Int
            public init(group: HromadaName, people: Int, officials: Int, met: Int, notMet: Int, withoutApprovedPlan: Int) {
                self.group = group
                self.people = people
                self.officials = officials
                self.met = met
                self.notMet = notMet
                self.withoutApprovedPlan = withoutApprovedPlan
            }
            enum CodingKeys: String, CodingKey {
                case group, people, officials, met
                case notMet = "not_met", withoutApprovedPlan = "without_approved_plan"
            }
        }
        public var year: Int
        /// `hromada`, `raion`, `oblast` or `centre`.
        public var by: String
        public var items: [Row]
        public init(year: Int, by: String, items: [Row]) {
            self.year = year
            self.by = by
            self.items = items
        }
    }
}
