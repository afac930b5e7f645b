import Foundation
public import HromadaDomain

/// What anyone may see of a certificate by its serial (`GET /api/v1/certificates/{serial}`): that
/// it exists, its status, its centre and the verdict; the document only with the right `d`.
/// Without it nothing of the learner, the course or the dates of the course is shown, so walking
/// serials yields no more than that.
public struct PublicCertificate: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case valid, revoked
    }

    public struct Centre: Codable, Sendable, Equatable {
        public var code: String
        public var name: String

        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    public var serial: String
    public var status: Status
    public var centre: Centre
    public var verification: CertificateVerification
    /// True when `d` matched the document's digest: then `document` is the full signed document.
    public var digestMatched: Bool
    public var document: JSONValue?
    /// The centre's note on a revocation: only for those who administer the issuing centre.
    public var revocationNote: String?

    public init(serial: String, status: Status, centre: Centre, verification: CertificateVerification, digestMatched: Bool,
                document: JSONValue?, revocationNote: String? = nil) {
        self.serial = serial
        self.status = status
        self.centre = centre
        self.verification = verification
        self.digestMatched = digestMatched
        self.document = document
        self.revocationNote = revocationNote
    }

    enum CodingKeys: String, CodingKey {
        case serial, status, centre, verification, document
        case digestMatched = "digest_matched"
        case revocationNote = "revocation_note"
    }
}
