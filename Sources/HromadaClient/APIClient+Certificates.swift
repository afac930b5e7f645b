import Foundation
import HromadaDomain

/// A certificate in the signed-in learner's list.
public struct CertificateSummary: Decodable, Sendable {
    public var serial: String
    /// pending (being signed), issued or revoked.
    public var status: String
    public var issuedAt: String?
    public var revokedAt: String?
    /// issued_in_error, superseded, withdrawn or fraud.
    public var revocationCode: String?
    /// SHA-256 (hex) of the signed document.
    public var digest: String?
    public var enrolmentID: String
    /// The item exactly as the server sent it, for `--json`.
    public var json: JSONValue = .null
    enum CodingKeys: String, CodingKey {
        case serial, status, digest
        case issuedAt = "issued_at"
        case revokedAt = "revoked_at"
        case revocationCode = "revocation_code"
        case enrolmentID = "enrolment_id"
    }
}

/// A verifier's answer: the same shape from the server and from an offline check.
public struct CertificateVerification: Codable, Sendable, Equatable {
    /// When and why (the public code: issued_in_error, superseded, withdrawn or fraud).
    public struct Revocation: Codable, Sendable, Equatable {
        public var revokedAt: String
        public var reasonCode: String
        public init(revokedAt: String, reasonCode: String) {
            self.revokedAt = revokedAt
            self.reasonCode = reasonCode
        }
        enum CodingKeys: String, CodingKey { case reasonCode = "reason_code", revokedAt = "revoked_at" }
    }

    public struct ChainLink: Codable, Sendable, Equatable {
        /// root or centre.
        public var role: String
        public var subject: String?
        /// The X.509 serial in hex.
        public var serial: String?
        public var notAfter: String?
        public init(role: String, subject: String? = nil, serial: String?, notAfter: String?) {
            self.role = role
            self.subject = subject
            self.serial = serial
            self.notAfter = notAfter
        }
        enum CodingKeys: String, CodingKey { case role, subject, serial, notAfter = "not_after" }
    }

    /// valid, revoked, signer_revoked, tampered, unknown_issuer, expired_chain or status_unknown.
    public var verdict: String
    // Absent values are written as null, as the API writes them (also for an offline check's --json).
    @Nullable public var serial: String?
    /// For expired_chain: whether the chain held when the certificate was issued.
    @Nullable public var validAtIssuance: Bool?
    @Nullable public var revocation: Revocation?
    public var chain: [ChainLink]

    public init(verdict: String, serial: String?, validAtIssuance: Bool? = nil, revocation: Revocation? = nil, chain: [ChainLink] = []) {
        self.verdict = verdict
        self.serial = serial
        self.validAtIssuance = validAtIssuance
        self.revocation = revocation
        self.chain = chain
    }

    enum CodingKeys: String, CodingKey {
        case verdict, serial, revocation, chain
        case validAtIssuance = "valid_at_issuance"
    }
}

/// What anyone may see of a certificate by its serial: without a matching digest only that it
/// exists, its status, its centre and the verdict.
public struct PublicCertificate: Decodable, Sendable {
    public struct Centre: Decodable, Sendable {
        public var code: String
        public var name: String
    }
    public var serial: String
    public var status: String
    public var centre: Centre
    public var verification: CertificateVerification
    /// True when the digest given matched: then `document` is the signed document.
    public var digestMatched: Bool
    public var document: JSONValue?
    /// The centre's note on a revocation: sent only to those who administer the issuing centre.
    public var revocationNote: String?
    /// The view exactly as the server sent it, for `--json`.
    public var json: JSONValue = .null
    enum CodingKeys: String, CodingKey {
        case serial, status, centre, verification, document
        case digestMatched = "digest_matched"
        case revocationNote = "revocation_note"
    }
}

/// The files of a certificate the learner (or their centre's administrator) may download.
public enum CertificateFile: String, Sendable, CaseIterable {
    case document, signature, pdf

    /// The file name it is saved under.
    public func fileName(serial: String) -> String {
        switch self {
        case .document: "\(serial).json"
        case .signature: "\(serial).json.p7s"
        case .pdf: "\(serial).pdf"
        }
    }

    var accept: String {
        switch self {
        case .document: "application/json"
        case .signature: "application/pkcs7-signature"
        case .pdf: "application/pdf"
        }
    }
}

extension APIClient {
    /// The signed-in learner's certificates, oldest first.
    public func myCertificates() async throws -> [CertificateSummary] {
        let data = try await allPages("/api/v1/me/certificates")
        do {
            struct Page: Decodable { var items: [CertificateSummary] }
            struct Raw: Decodable { var items: [JSONValue] }
            var items = try Self.decoder.decode(Page.self, from: data).items
            let raw = try Self.decoder.decode(Raw.self, from: data).items
            for i in items.indices where raw.indices.contains(i) { items[i].json = raw[i] }
            return items
        } catch {
            throw ClientError.invalidResponse("unexpected answer to GET /api/v1/me/certificates")
        }
    }

    /// The exact bytes of one of a certificate's files.
    public func certificateFile(_ serial: String, _ file: CertificateFile) async throws -> Data {
        let (data, _) = try await send("GET", "/api/v1/certificates/\(Self.segment(serial))/\(file.rawValue)", accept: file.accept, raw: true)
        return data
    }

    /// Verifies a document and its detached signature on the server (public: no sign-in needed).
    public func verifyCertificate(document: Data, signature: Data) async throws -> CertificateVerification {
        try await call("POST", "/api/v1/certificates/verify",
                       json: ["document": document.base64EncodedString(), "signature": signature.base64EncodedString()])
    }

    /// Revokes a certificate of a centre the signed-in person administers: the public reason code
    /// (issued_in_error, superseded, withdrawn, fraud) and an optional note only the centre sees.
    public func revokeCertificate(_ serial: String, reasonCode: String, note: String?) async throws -> PublicCertificate {
        var body: [String: String] = ["reason_code": reasonCode]
        if let note { body["note"] = note }
        let path = "/api/v1/certificates/\(Self.segment(serial))/revoke"
        let (data, _) = try await send("POST", path, json: body)
        do {
            var view = try Self.decoder.decode(PublicCertificate.self, from: data)
            view.json = try Self.decoder.decode(JSONValue.self, from: data)
            return view
        } catch {
            throw ClientError.invalidResponse("unexpected answer to POST \(path)")
        }
    }

    /// The verdict on a certificate by its serial; its content only when `digest` matches.
    public func publicCertificate(_ serial: String, digest: String? = nil) async throws -> PublicCertificate {
        var path = "/api/v1/certificates/\(Self.segment(serial))"
        if let digest { path += "?d=" + Self.segment(digest) }
        return try await call("GET", path)
    }
}
