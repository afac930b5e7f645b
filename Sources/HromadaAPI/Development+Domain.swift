public import Foundation
public import HromadaDomain

/// The development record's shapes made from the domain values the stores return: the one place a
/// plan, a record or a person becomes what the API writes.
extension Development.Person {
    public init(_ person: NamedPerson) {
        self.init(id: person.id, fullName: person.fullName, category: person.category, position: person.position)
    }
}

extension Development.HromadaName {
    public init(_ hromada: NamedHromada) {
        self.init(code: hromada.code, name: hromada.name)
    }
}

extension Development.Plan {
    public init(_ plan: DevelopmentPlan) {
        let current = plan.current
        self.init(
            id: plan.id, userID: plan.userID, year: plan.year, revision: current.revision, status: current.status, items: current.items,
            note: current.note, comment: current.comment, plannedCredits: plan.plannedCredits, approvedRevision: plan.approvedRevision,
            history: plan.history.map(Revision.init))
    }
}

extension Development.Plan.Revision {
    public init(_ r: DevelopmentPlan.Revision) {
        self.init(
            revision: r.revision, status: r.status, items: r.items, note: r.note, comment: r.comment, createdAt: r.createdAt,
            submittedAt: r.submittedAt, decidedAt: r.decidedAt, decidedBy: r.decidedBy.map(Development.Person.init))
    }
}

extension Development.PlanListing {
    /// A person of HR's list with the newest revision of their plan for the year, if they have one.
    public init(person: NamedPerson, hromada: NamedHromada, planID: UUID?, revision: Int?, status: Development.PlanState, submittedAt: Date?) {
        self.init(
            person: Development.Person(person), hromada: Development.HromadaName(hromada), planID: planID?.lowercasedText, revision: revision,
            status: status, submittedAt: submittedAt)
    }
}

extension Development.Record {
    public init(_ r: ExternalRecord) {
        let claim = r.claim
        self.init(
            id: r.id, person: Development.Person(r.person), hromada: Development.HromadaName(r.hromada), provider: claim.provider,
            title: claim.title, kind: claim.kind, startedOn: claim.startedOn, finishedOn: claim.finishedOn, year: r.year,
            hours: claim.hours, claimedCredits: claim.credits, certificateNumber: claim.certificateNumber, status: r.status,
            credits: r.credits, verdict: r.verdict, comment: r.comment, reason: r.reason,
            evidence: .init(fileName: r.evidence.fileName, contentType: r.evidence.contentType, size: r.evidence.size, signed: r.evidence.signed),
            createdAt: r.createdAt, decidedAt: r.decidedAt, decidedBy: r.decidedBy.map(Development.Person.init))
    }
}

extension Development.ReportRow {
    public init(person: NamedPerson, hromada: NamedHromada, targetCredits: Decimal, earnedCredits: Decimal, selfEducationShare: Decimal,
                met: Bool?, planStatus: Development.PlanState) {
        self.init(
            person: Development.Person(person), hromada: Development.HromadaName(hromada), targetCredits: targetCredits,
            earnedCredits: earnedCredits, selfEducationShare: selfEducationShare, met: met, planStatus: planStatus)
    }
}

extension Development.DueRow {
    public init(person: NamedPerson, hromada: NamedHromada, reason: Development.DueReason, dueOn: String, earnedCredits: Decimal, targetCredits: Decimal) {
        self.init(
            person: Development.Person(person), hromada: Development.HromadaName(hromada), reason: reason, dueOn: dueOn,
            earnedCredits: earnedCredits, targetCredits: targetCredits)
    }
}

extension Development.Standing {
    /// The year's standing as the API writes it, from the domain's computation.
    public init(_ s: HromadaDomain.Standing) {
        self.init(
            year: s.year, category: s.category.rawValue, targetCredits: s.targetCredits, earnedCredits: s.earnedCredits,
            selfEducationCredits: s.selfEducationCredits, selfEducationShare: s.selfEducationShare, met: s.met, firstYearDue: s.firstYearDue,
            plan: s.plan.map { PlanRef(id: $0.id, revision: $0.revision, status: $0.status) },
            items: s.items)
    }
}
