import HromadaAPI
import HromadaDomain
import HromadaStorage

extension CertificateSummary {
    /// A stored certificate as its learner's list shows it; `withNote` (for those who administer
    /// the issuing centre) adds the centre's note on a revocation, null when there is none.
    init(_ c: CertificateStore.Stored, withNote: Bool = false) throws {
        guard let status = Status(rawValue: c.status) else {
            throw HromadaError(.internalError, reason: "certificate \(c.serial) has status \(c.status)")
        }
        self.init(serial: c.serial, status: status, issuedAt: c.issuedAt, revokedAt: c.revokedAt,
                  revocationCode: c.revocationCode, revocationNote: withNote ? .some(c.revocationNote) : nil,
                  digest: c.digest, enrolmentID: c.enrolmentID, eventRegistrationID: c.eventRegistrationID)
    }
}
