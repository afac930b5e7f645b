import COpenSSL
public import Foundation
import HromadaDomain

/// The files of the offline root ceremony: the server writes a ``RootRequest`` (a centre's CSR and/or
/// what the next root CRL must say), a machine holding the root key answers it with a
/// ``RootResponse`` (``RootCeremony/sign(request:rootKey:root:crlDays:now:)``), and the server checks
/// the answer (``RootCeremony/check(response:request:requestBytes:root:now:)``) before installing it.
/// The root key never reaches the server and the centre's key never leaves it.
public enum RootCeremony {
    /// The files' JSON: snake_case keys, sorted, indented, so an operator can read what is signed.
    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array((try? e.encode(value)) ?? Data()) + [10]
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], what: String) throws -> T {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        do { return try d.decode(type, from: Data(bytes)) } catch {
            throw ConfigurationError("This file is not \(what).")
        }
    }

    /// Whole-second UTC timestamps, as the CRL keeps them.
    public static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    static func date(_ text: String) throws -> Date {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        guard let d = f.date(from: text) else { throw ConfigurationError("The request has a date that is not RFC 3339: \(text).") }
        return d
    }

    /// What the offline machine made, as text for its operator and bytes for the file.
    public struct Signed: Sendable {
        public var response: RootResponse
        public var bytes: [UInt8]
        /// One line per thing signed, to read out at the ceremony.
        public var summary: [String]
    }

    /// Answers `request` (the file's bytes) with the root key: the centre certificate for the
    /// request's CSR (if any) and the root CRL it describes, `nextUpdate` `crlDays` after `now`.
    /// Needs no database. Refuses a request made for another root, a root key that is not the root
    /// certificate's, and a CSR not signed by its own key.
    public static func sign(request bytes: [UInt8], rootKey: PrivateKey, root: Certificate, crlDays: Int = 90, now: Date = Date()) throws -> Signed {
        let request = try RootRequest.read(bytes)
        guard root.belongs(to: rootKey) else {
            throw ConfigurationError("The root key does not belong to the root certificate given with --root-cert.")
        }
        guard request.root.fingerprint == root.fingerprint else {
            throw ConfigurationError("""
                This request was made for another root (SHA-256 \(request.root.fingerprint)); the root given is \(root.fingerprint).
                """)
        }
        guard (1...366).contains(crlDays) else { throw ConfigurationError("--crl-days must be between 1 and 366.") }
        var summary: [String] = []
        var certificatePEM: String?
        if let csrPEM = request.csr {
            let csr = try CertificateSigningRequest(pem: csrPEM)
            // The root certifies centres of its own association only.
            let organisation = Certificate.text(of: X509_get_subject_name(root.x509), nid: NID_organizationName)
            guard csr.subject.organisation == organisation, !csr.subject.commonName.isEmpty else {
                throw ConfigurationError("The CSR names the organisation «\(csr.subject.organisation)», not the root's «\(organisation)».")
            }
            let cert = try CertificateAuthority.makeSigner(request: csr, root: root, rootKey: rootKey)
            certificatePEM = cert.pem
            summary.append("Centre \(request.centre ?? "?") (\(cert.commonName)): signing certificate \(cert.serialHex), valid until \(timestamp(cert.notAfter)).")
        }
        let revoked = try request.crl.revoked.map { CertificateAuthority.Revoked(serialHex: $0.serial, date: try date($0.revokedAt)) }
        let crl = try CertificateAuthority.makeCRL(root: root, rootKey: rootKey, revoked: revoked, number: request.crl.number,
                                                   now: now, days: crlDays)
        summary.append("Root CRL number \(request.crl.number) with \(revoked.count) revoked centre certificate(s), next update \(timestamp(now.addingTimeInterval(TimeInterval(crlDays) * 86400))).")
        let response = RootResponse(format: RootResponse.format, requestId: request.id, requestSha256: SHA256.hex(bytes),
                                    certificate: certificatePEM, crl: crl)
        return Signed(response: response, bytes: encode(response), summary: summary)
    }

    /// What a response brings, once checked.
    public struct Checked: Sendable {
        public var certificate: Certificate?
        public var crl: RevocationListInfo
        public var crlPEM: String
    }

    /// Checks that `response` answers `request` (whose file was `requestBytes`) and that everything in
    /// it was signed by `root`: the certificate is a document signer for the request's own key, the
    /// CRL has the requested number and exactly the requested revoked serials and is still current.
    /// Each refusal is one sentence.
    public static func check(response: RootResponse, request: RootRequest, requestBytes: [UInt8], root: Certificate, now: Date = Date()) throws -> Checked {
        guard response.requestSha256 == SHA256.hex(requestBytes), response.requestId == request.id else {
            throw ConfigurationError("This response answers another request, not request \(request.id).")
        }
        var certificate: Certificate?
        if let csrPEM = request.csr {
            guard let pem = response.certificate else {
                throw ConfigurationError("The response has no centre certificate, but the request asked for one.")
            }
            guard let cert = try? Certificate(pem: pem), cert.isDocumentSigner(issuedBy: root) else {
                throw ConfigurationError("The centre certificate in this response is not signed by the association root this server trusts.")
            }
            guard cert.isFor(try CertificateSigningRequest(pem: csrPEM)) else {
                throw ConfigurationError("The centre certificate in this response is not for the key this server's request was made with.")
            }
            certificate = cert
        } else if response.certificate != nil {
            throw ConfigurationError("The response has a centre certificate, but the request asked for none.")
        }
        let crl = try RevocationListInfo(pem: response.crl, root: root)
        guard crl.signedByRoot else {
            throw ConfigurationError("The root CRL in this response is not signed by the association root this server trusts.")
        }
        guard crl.number == request.crl.number else {
            throw ConfigurationError("The root CRL in this response has number \(crl.number), not the \(request.crl.number) requested.")
        }
        guard crl.revokedSerials == request.crl.revoked.map({ $0.serial.uppercased() }).sorted() else {
            throw ConfigurationError("The root CRL in this response does not list the revoked centre certificates the request named.")
        }
        guard crl.nextUpdate > now else {
            throw ConfigurationError("The root CRL in this response is out of date already (next update \(timestamp(crl.nextUpdate))).")
        }
        return Checked(certificate: certificate, crl: crl, crlPEM: response.crl)
    }
}

/// A server's request to the offline root (`hromada-root-request/1`).
public struct RootRequest: Codable, Sendable, Equatable {
    public static let format = "hromada-root-request/1"

    public enum Action: String, Codable, Sendable { case addCentre = "add-centre", rotate, crl }

    /// Which root the server trusts: only that root may answer.
    public struct Root: Codable, Sendable, Equatable {
        public var serial: String
        public var fingerprint: String
        public init(serial: String, fingerprint: String) {
            self.serial = serial
            self.fingerprint = fingerprint
        }
    }

    public struct RevokedEntry: Codable, Sendable, Equatable {
        public var serial: String
        /// RFC 3339, whole seconds, UTC.
        public var revokedAt: String
        public init(serial: String, revokedAt: Date) {
            self.serial = serial
            self.revokedAt = RootCeremony.timestamp(revokedAt)
        }
    }

    /// The root CRL to sign: its number and every revoked centre certificate.
    public struct CRLOrder: Codable, Sendable, Equatable {
        public var number: Int
        public var revoked: [RevokedEntry]
        public init(number: Int, revoked: [RevokedEntry]) {
            self.number = number
            self.revoked = revoked
        }
    }

    public var format: String
    /// A random identifier, the request's nonce.
    public var id: String
    public var createdAt: String
    public var action: Action
    public var root: Root
    public var centre: String?
    /// PKCS#10 (PEM) for the centre's new key, made on the server; add-centre and rotate only.
    public var csr: String?
    public var crl: CRLOrder

    public init(id: String = UUID().uuidString.lowercased(), createdAt: Date = Date(), action: Action, root: Root,
                centre: String?, csr: String?, crl: CRLOrder) {
        self.format = Self.format
        self.id = id
        self.createdAt = RootCeremony.timestamp(createdAt)
        self.action = action
        self.root = root
        self.centre = centre
        self.csr = csr
        self.crl = crl
    }

    /// The file's bytes.
    public var bytes: [UInt8] { RootCeremony.encode(self) }

    public static func read(_ bytes: [UInt8]) throws -> RootRequest {
        let r = try RootCeremony.decode(RootRequest.self, bytes, what: "a Hromada root request (made by `hromada-server ca request`)")
        guard r.format == format else { throw ConfigurationError("This request's format is \(r.format), not \(format).") }
        guard (r.csr == nil) == (r.action == .crl) else { throw ConfigurationError("This request's action and CSR do not agree.") }
        return r
    }
}

/// The offline root's answer (`hromada-root-response/1`).
public struct RootResponse: Codable, Sendable, Equatable {
    public static let format = "hromada-root-response/1"
    public var format: String
    public var requestId: String
    /// SHA-256 (hex) of the request file's exact bytes.
    public var requestSha256: String
    /// The centre's signing certificate (PEM), for add-centre and rotate.
    public var certificate: String?
    /// The root CRL (PEM).
    public var crl: String

    public init(format: String = Self.format, requestId: String, requestSha256: String, certificate: String?, crl: String) {
        self.format = format
        self.requestId = requestId
        self.requestSha256 = requestSha256
        self.certificate = certificate
        self.crl = crl
    }

    public var bytes: [UInt8] { RootCeremony.encode(self) }

    public static func read(_ bytes: [UInt8]) throws -> RootResponse {
        let r = try RootCeremony.decode(RootResponse.self, bytes, what: "a Hromada root response (made by `hromada-server ca sign`)")
        guard r.format == format else { throw ConfigurationError("This response's format is \(r.format), not \(format).") }
        return r
    }
}
