public import Foundation
public import HromadaAPI
public import HromadaDomain

/// The files of a certificate the learner (or their centre's administrator) may download.
public enum CertificateFile: String, Sendable, CaseIterable {
    /// `badge`: the certificate as an Open Badges 3.0 credential (a VC-JWT).
    case document, signature, pdf, badge

    /// The file name it is saved under.
    public func fileName(serial: String) -> String {
        switch self {
        case .document: "\(serial).json"
        case .signature: "\(serial).json.p7s"
        case .pdf: "\(serial).pdf"
        case .badge: "\(serial).jwt"
        }
    }

    var accept: String {
        switch self {
        case .document: "application/json"
        case .signature: "application/pkcs7-signature"
        case .pdf: "application/pdf"
        case .badge: "application/vc+jwt"
        }
    }
}

extension APIClient {
    /// The signed-in learner's certificates, oldest first.
    public func myCertificates() async throws -> [Received<CertificateSummary>] {
        try await callAll("/api/v1/me/certificates", as: Page<Received<CertificateSummary>>.self).items
    }

    /// The exact bytes of one of a certificate's files.
    public func certificateFile(_ serial: String, _ file: CertificateFile) async throws -> Data {
        let (data, _) = try await send("GET", "/api/v1/certificates/\(Self.segment(serial))/\(file.rawValue)", accept: file.accept, raw: true)
        return data
    }

    /// Verifies a document and its detached signature on the server (public: no sign-in needed).
    public func verifyCertificate(document: Data, signature: Data) async throws -> CertificateVerification {
        try await call("POST", "/api/v1/certificates/verify",
                       json: CertificateVerificationRequest(document: document, signature: signature))
    }

    /// Revokes a certificate of a centre the signed-in person administers: the public reason code
    /// (issued_in_error, superseded, withdrawn, fraud) and an optional note only the centre sees.
    public func revokeCertificate(_ serial: String, reasonCode: RevocationReason, note: String?) async throws -> Received<PublicCertificate> {
        let path = "/api/v1/certificates/\(Self.segment(serial))/revoke"
        let (data, _) = try await send("POST", path, json: RevocationRequest(reasonCode: reasonCode, note: note))
        return try Self.decode(Received<PublicCertificate>.self, from: data, "POST \(path)")
    }

    /// The verdict on a certificate by its serial; its content only when `digest` matches.
    public func publicCertificate(_ serial: String, digest: String? = nil) async throws -> PublicCertificate {
        var path = "/api/v1/certificates/\(Self.segment(serial))"
        if let digest { path += "?d=" + Self.segment(digest) }
        return try await call("GET", path)
    }
}
