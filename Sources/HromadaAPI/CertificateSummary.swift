public import Foundation
public import HromadaDomain

/// A certificate in its learner's list (`GET /api/v1/me/certificates`), and a re-issued one as its
/// centre's administrator gets it back.
public struct CertificateSummary: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Reserved with the completion, being signed.
        case pending
        case issued, revoked
    }

    public var serial: String
    public var status: Status
    @Nullable public var issuedAt: Date?
    @Nullable public var revokedAt: Date?
    @Nullable public var revocationCode: RevocationReason?
    /// The centre's note: only in the views of those who administer the issuing centre, where it
    /// is there (null without a note); absent otherwise.
    public var revocationNote: String??
    /// SHA-256 (hex) of the signed document.
    @Nullable public var digest: String?
    /// The completed enrolment it certifies; null for an event's participation certificate.
    public var enrolmentID: UUID?
    /// The event registration a participation certificate certifies; null for a course certificate.
    public var eventRegistrationID: UUID?

    public init(serial: String, status: Status, issuedAt: Date?, revokedAt: Date?, revocationCode: RevocationReason?,
                revocationNote: String?? = nil, digest: String?, enrolmentID: UUID?, eventRegistrationID: UUID? = nil) {
        self.serial = serial
        self.status = status
        self.issuedAt = issuedAt
        self.revokedAt = revokedAt
        self.revocationCode = revocationCode
        self.revocationNote = revocationNote
        self.digest = digest
        self.enrolmentID = enrolmentID
        self.eventRegistrationID = eventRegistrationID
    }

    enum CodingKeys: String, CodingKey {
        case serial, status, digest
        case issuedAt = "issued_at"
        case revokedAt = "revoked_at"
        case revocationCode = "revocation_code"
        case revocationNote = "revocation_note"
        case enrolmentID = "enrolment_id"
        case eventRegistrationID = "event_registration_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        serial = try c.decode(String.self, forKey: .serial)
        status = try c.decode(Status.self, forKey: .status)
        _issuedAt = try c.decode(Nullable<Date>.self, forKey: .issuedAt)
        _revokedAt = try c.decode(Nullable<Date>.self, forKey: .revokedAt)
        _revocationCode = try c.decode(Nullable<RevocationReason>.self, forKey: .revocationCode)
        if c.contains(.revocationNote) {
            revocationNote = .some(try c.decodeNil(forKey: .revocationNote) ? nil : try c.decode(String.self, forKey: .revocationNote))
        }
        _digest = try c.decode(Nullable<String>.self, forKey: .digest)
        enrolmentID = try c.decodeIfPresent(LowercasedUUID.self, forKey: .enrolmentID)?.wrappedValue
        eventRegistrationID = try c.decodeIfPresent(LowercasedUUID.self, forKey: .eventRegistrationID)?.wrappedValue
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(serial, forKey: .serial)
        try c.encode(status, forKey: .status)
        try c.encode(_issuedAt, forKey: .issuedAt)
        try c.encode(_revokedAt, forKey: .revokedAt)
        try c.encode(_revocationCode, forKey: .revocationCode)
        if let note = revocationNote { try c.encode(note, forKey: .revocationNote) }
        try c.encode(_digest, forKey: .digest)
        try c.encode(enrolmentID.map(LowercasedUUID.init(wrappedValue:)), forKey: .enrolmentID)
        try c.encode(eventRegistrationID.map(LowercasedUUID.init(wrappedValue:)), forKey: .eventRegistrationID)
    }
}
