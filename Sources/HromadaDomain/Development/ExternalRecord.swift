public import Foundation

/// Learning done elsewhere as it is kept: the learner's claim, HR's decision (or the automatic
/// check's) and a description of the evidence file.
public struct ExternalRecord: Sendable, Equatable {
    /// Waiting for HR (or for a certificate's check), decided either way, or taken back by its owner.
    public enum Status: String, Codable, Sendable, CaseIterable { case pending, recognised, rejected, withdrawn }

    public struct EvidenceFile: Sendable, Equatable {
        public var fileName: String
        public var contentType: String
        public var size: Int
        /// Whether a CMS signature came with it (certificate evidence).
        public var signed: Bool

        public init(fileName: String, contentType: String, size: Int, signed: Bool) {
            self.fileName = fileName
            self.contentType = contentType
            self.size = size
            self.signed = signed
        }
    }

    public var id: UUID
    /// The learner, as policy sees them.
    public var owner: Policy.Subject
    public var ownerName: String
    public var hromada: NamedHromada
    /// What the learner claimed; its `credits` are the claimed credits and its certificate number may
    /// come from the checked certificate.
    public var claim: ExternalRecordDraft
    public var year: Int
    public var status: Status
    /// The credits it counts for once recognised.
    public var credits: Decimal?
    /// The automatic check's verdict on certificate evidence.
    public var verdict: String?
    public var comment: String?
    public var reason: String?
    public var evidence: EvidenceFile
    public var createdAt: Date
    public var decidedAt: Date?
    /// Nil while pending, and for a record recognised by its certificate.
    public var decidedBy: NamedPerson?

    public init(id: UUID, owner: Policy.Subject, ownerName: String, hromada: NamedHromada, claim: ExternalRecordDraft, year: Int,
                status: Status, credits: Decimal?, verdict: String?, comment: String?, reason: String?, evidence: EvidenceFile,
                createdAt: Date, decidedAt: Date?, decidedBy: NamedPerson?) {
        self.id = id
        self.owner = owner
        self.ownerName = ownerName
        self.hromada = hromada
        self.claim = claim
        self.year = year
        self.status = status
        self.credits = credits
        self.verdict = verdict
        self.comment = comment
        self.reason = reason
        self.evidence = evidence
        self.createdAt = createdAt
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
    }

    /// The learner as the record names them.
    public var person: NamedPerson { NamedPerson(id: owner.userID, fullName: ownerName) }
}
