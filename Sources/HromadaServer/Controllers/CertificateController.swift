import Foundation
import HTTPTypes
import Hummingbird
import HromadaCrypto
import HromadaDomain
import HromadaPacks
import HromadaPrint
import HromadaStorage

/// Certificates: the learner's list, downloads, public verification, revocation and the trust anchors.
struct CertificateController {
    let services: AppServices
    var auth: Authenticator { Authenticator(pool: services.pool) }

    struct RevokeBody: RequestBody {
        static let keys: Set<String> = ["reason"]
        var reason: String?
    }

    struct VerifyBody: RequestBody {
        static let keys: Set<String> = ["document", "signature"]
        var document: String?
        var signature: String?
    }

    /// A certificate in the learner's list.
    struct Summary: Encodable {
        var serial: String
        var status: String
        @Nullable var issuedAt: Date?
        @Nullable var revokedAt: Date?
        @Nullable var revocationReason: String?
        @Nullable var digest: String?
        @LowercasedUUID var enrolmentID: UUID
        enum CodingKeys: String, CodingKey {
            case serial, status, digest
            case issuedAt = "issued_at"
            case revokedAt = "revoked_at"
            case revocationReason = "revocation_reason"
            case enrolmentID = "enrolment_id"
        }
        init(_ c: CertificateStore.Stored) {
            serial = c.serial
            status = c.status
            issuedAt = c.issuedAt
            revokedAt = c.revokedAt
            revocationReason = c.revocationReason
            digest = c.digest
            enrolmentID = c.enrolmentID
        }
    }

    /// What anyone may see of a certificate: the verdict, and the document only with the right `d`.
    struct PublicView: Encodable {
        var serial: String
        var status: String
        var verification: CertificateVerifier.Result
        /// True when `d` matched the document's digest: then `document` is the full signed document.
        var digestMatched: Bool
        var document: JSONValue?
        /// Without the right `d`: the course and dates, and the learner's name masked.
        var masked: [String: String]?
        enum CodingKeys: String, CodingKey {
            case serial, status, verification, document, masked
            case digestMatched = "digest_matched"
        }
    }

    func register(_ routes: inout Routes) {
        routes.get("/api/v1/me/certificates") { request, _ in
            let caller = try await auth.user(request)
            let items = try await services.pool.withConnection { try CertificateStore.ofUser($0, userID: caller.id) }
            return try .json(try Page(items.map(Summary.init), Query(request: request)) { $0.serial })
        }
        routes.get("/api/v1/certificates/{serial}") { request, context in
            let (view, _) = try await publicView(request, context)
            return try .json(view)
        }
        routes.get("/c/{serial}") { request, context in
            let language = context.language
            do {
                let (view, _) = try await publicView(request, context)
                return html(VerificationPage.render(view, language: language), status: .ok)
            } catch let error as HromadaError where error.code == .notFound || error.code == "invalid_serial" {
                return html(VerificationPage.notFound(language: language), status: .notFound)
            }
        }
        routes.get("/api/v1/certificates/{serial}/document") { request, context in
            let c = try await owned(request, context)
            guard let document = c.document else { throw pending() }
            return Response(status: .ok, headers: [.contentType: "application/json",
                                                   .contentDisposition: "attachment; filename=\"\(c.serial).json\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
        routes.get("/api/v1/certificates/{serial}/signature") { request, context in
            let c = try await owned(request, context)
            guard let signature = c.signature else { throw pending() }
            return Response(status: .ok, headers: [.contentType: "application/pkcs7-signature",
                                                   .contentDisposition: "attachment; filename=\"\(c.serial).json.p7s\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: signature)))
        }
        routes.get("/api/v1/certificates/{serial}/pdf") { request, context in
            let c = try await owned(request, context)
            guard let document = c.document else { throw pending() }
            let pdf = try await services.blocking.runIfActive { [publicURL = services.issuer.publicURL] in
                try Self.pdf(document: document, publicURL: publicURL)
            }
            return Response(status: .ok, headers: [.contentType: "application/pdf",
                                                   .contentDisposition: "inline; filename=\"\(c.serial).pdf\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
        }
        routes.get("/api/v1/cohorts/{id}/certificates.zip") { request, context in
            let caller = try await auth.user(request)
            guard let id = context.parameters.get("id").flatMap(UUID.init(text:)),
                  let centre = try await services.pool.withConnection({ try CohortStore.centre($0, id: id) }),
                  Policy.decide(.manageCohort(centre: centre), for: caller.principal) == .allowed
            else { throw HromadaError(.notFound) }
            let certificates = try await services.pool.withConnection { db in
                try db.execute("SELECT c.serial FROM certificates c JOIN enrolments e ON e.id = c.enrolment_id WHERE e.cohort_id = \(id) AND c.status = 'issued' ORDER BY c.serial")
                    .compactMap { try CertificateStore.find(db, serial: try $0.decode("serial")) }
            }
            let publicURL = services.issuer.publicURL
            let zip = try await services.blocking.runIfActive {
                var files: [String: [UInt8]] = [:]
                for c in certificates {
                    guard let document = c.document, let signature = c.signature else { continue }
                    files["\(c.serial).json"] = document
                    files["\(c.serial).json.p7s"] = signature
                    files["\(c.serial).pdf"] = try Self.pdf(document: document, publicURL: publicURL)
                }
                return try PackFiles(files: files).zipped(paths: files.keys.sorted())
            }
            return Response(status: .ok, headers: [.contentType: "application/zip",
                                                   .contentDisposition: "attachment; filename=\"cohort-\(id.lowercasedText)-certificates.zip\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: zip)))
        }
        routes.post("/api/v1/certificates/{serial}/revoke") { request, context in
            // A retry with the same Idempotency-Key gets the first answer, not "already revoked".
            let (caller, c, reason, raw) = try await administered(request, context)
            let serial = c.serial
            let keys = services.keys, requestID = context.requestID
            return try await Idempotency(pool: services.pool).run(request: request, userID: caller.id, body: raw) { db in
                guard try CertificateStore.revoke(db, ring: keys, serial: serial, reason: reason, by: caller.id) else {
                    let status = try CertificateStore.find(db, serial: serial)?.status ?? c.status
                    throw HromadaError("certificate_not_revocable", detail: .init(
                        uk: "Сертифікат \(serial) має стан «\(status)» і не може бути відкликаний.",
                        en: "Certificate \(serial) is \(status) and cannot be revoked."))
                }
                try AuditLog.append(db, .init(actor: caller.id, action: "certificate.revoke", subjectType: "certificate", subjectID: serial,
                                              centre: c.centre, details: ["reason": reason]), requestID: requestID)
                return try .json(try Self.publicView(db, serial: serial, given: c.document.map(CertificateVerifier.digestPrefix)).0)
            }
        }
        routes.post("/api/v1/certificates/{serial}/reissue") { request, context in
            // Re-issue (e.g. after correcting the learner's name): the old one is revoked with the reason,
            // the enrolment gets a new serial signed with today's data.
            let (caller, c, reason, raw) = try await administered(request, context)
            let serial = c.serial
            let keys = services.keys, issuer = services.issuer, requestID = context.requestID
            return try await Idempotency(pool: services.pool).run(request: request, userID: caller.id, body: raw) { db in
                if c.status == "issued" {
                    _ = try CertificateStore.revoke(db, ring: keys, serial: serial, reason: "Перевидано / re-issued: \(reason)", by: caller.id)
                } else if c.status == "pending" {
                    throw HromadaError("certificate_pending")
                }
                try CertificateStore.reserve(db, enrolmentID: c.enrolmentID)
                guard let fresh = try CertificateStore.forEnrolment(db, enrolmentID: c.enrolmentID), fresh.serial != serial else {
                    throw HromadaError("certificate_not_revocable", detail: .init(
                        uk: "Запис на курс не завершено або вже має чинний сертифікат.", en: "The enrolment is not completed or already holds a live certificate."))
                }
                _ = try CertificateStore.signPending(db, ring: keys, issuer: issuer, enrolmentID: c.enrolmentID)
                try AuditLog.append(db, .init(actor: caller.id, action: "certificate.reissue", subjectType: "certificate", subjectID: serial,
                                              centre: c.centre, details: ["reason": reason, "new_serial": fresh.serial]), requestID: requestID)
                guard let signed = try CertificateStore.find(db, serial: fresh.serial) else { throw HromadaError(.notFound) }
                return try .json(Summary(signed), status: .created)
            }
        }
        routes.post("/api/v1/certificates/verify") { request, _ in
            let (document, signature) = try await verifyInput(request)
            let result = try await services.pool.withConnection {
                try CertificateVerifier.verify($0, document: document, signature: signature)
            }
            return try .json(result)
        }
        routes.get("/api/v1/trust/root.pem") { _, _ in
            guard let root = try await services.pool.withConnection({ try CertificateAuthorityStore.root($0) }) else { throw HromadaError(.notFound) }
            return text(root.certificatePEM, type: "application/x-pem-file")
        }
        routes.get("/api/v1/trust/root-crl.pem") { _, _ in
            guard let crl = try await services.pool.withConnection({ try CertificateAuthorityStore.crl($0) }) else { throw HromadaError(.notFound) }
            return text(crl, type: "application/x-pem-file")
        }
        routes.get("/api/v1/trust/centres/{code}/revoked.json") { _, context in
            let list = try await revocationList(context)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: list.document)))
        }
        routes.get("/api/v1/trust/centres/{code}/revoked.json.p7s") { _, context in
            let list = try await revocationList(context)
            return Response(status: .ok, headers: [.contentType: "application/pkcs7-signature"], body: .init(byteBuffer: ByteBuffer(bytes: list.signature)))
        }
    }

    /// The printed copy of a signed document: everything on it comes from the document's own bytes.
    static func pdf(document: [UInt8], publicURL: String) throws -> [UInt8] {
        guard case .object(let d) = try JSONDecoder().decode(JSONValue.self, from: Data(document)) else { throw HromadaError(.internalError) }
        func o(_ v: JSONValue?) -> [String: JSONValue] { if case .object(let x)? = v { x } else { [:] } }
        func s(_ v: JSONValue?) -> String { if case .string(let t)? = v { t } else { "" } }
        func n(_ v: JSONValue?) -> Double { if case .number(let x)? = v { x } else { 0 } }
        let learner = o(d["learner"]), course = o(d["course"]), issuer = o(d["issuer"])
        let serial = s(d["serial"])
        let print = CertificatePrint(
            language: s(course["language"]), learnerName: s(learner["name"]), courseTitle: s(course["title"]),
            hours: n(course["hours"]), credits: n(course["credits"]), completedOn: s(d["completed_on"]),
            centreName: s(o(issuer["centre"])["name"]), signatoryName: s(o(issuer["signatory"])["name"]),
            signatoryPosition: s(o(issuer["signatory"])["position"]), associationName: s(issuer["association"]),
            serial: serial, documentSHA256: SHA256.hex(document),
            verificationURL: "\(publicURL)/c/\(serial)?d=\(CertificateVerifier.digestPrefix(document))")
        do {
            return try CertificatePDF.render(print)
        } catch {
            throw HromadaError(.internalError, reason: "PDF of \(serial): \(error)")
        }
    }

    static func serial(_ context: AppContext) throws -> String {
        let serial = context.parameters.get("serial") ?? ""
        // Check digits first: a mistyped serial never reaches the database.
        guard CertificateSerial.isValid(serial) else {
            throw HromadaError("invalid_serial", detail: .init(
                uk: "«\(serial.prefix(40))» не є правильним номером сертифіката (перевірте контрольні цифри).",
                en: "'\(serial.prefix(40))' is not a valid certificate serial (check digits do not match)."))
        }
        return serial
    }

    func pending() -> HromadaError {
        HromadaError("certificate_pending", detail: .init(
            uk: "Сертифікат ще підписується; спробуйте за кілька секунд.", en: "The certificate is being signed; try again in a few seconds."),
            retryAfter: 2)
    }

    /// For revoking and re-issuing: the caller, who must administer the issuing centre (others who may see
    /// the learner get 403, the rest 404), the certificate, the body's reason (3–500 characters), and
    /// the body's bytes (for `Idempotency-Key`).
    func administered(_ request: Request, _ context: AppContext) async throws -> (User, CertificateStore.Stored, String, [UInt8]) {
        let caller = try await auth.user(request)
        let (body, raw) = try await services.body.decodeKeepingBytes(RevokeBody.self, from: request)
        let reason = (body.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...500).contains(reason.count) else {
            throw HromadaError.validation(field: "reason", .init(uk: "вкажіть причину (від 3 до 500 символів)", en: "give a reason (3 to 500 characters)"))
        }
        let serial = try Self.serial(context)
        guard let c = try await services.pool.withConnection({ try CertificateStore.find($0, serial: serial) }) else { throw HromadaError(.notFound) }
        guard caller.principal.administers(centre: c.centre) else {
            throw Policy.decide(.readUser(c.owner), for: caller.principal) == .allowed ? HromadaError(.forbidden) : HromadaError(.notFound)
        }
        return (caller, c, reason, raw)
    }

    /// The certificate when the caller is its learner or administers their centre.
    func owned(_ request: Request, _ context: AppContext) async throws -> CertificateStore.Stored {
        let caller = try await auth.user(request)
        let serial = try Self.serial(context)
        guard let c = try await services.pool.withConnection({ try CertificateStore.find($0, serial: serial) }) else { throw HromadaError(.notFound) }
        try Policy.require(.readUser(c.owner), for: caller.principal)
        return c
    }

    func publicView(_ request: Request, _ context: AppContext, digest: String? = nil) async throws -> (PublicView, CertificateStore.Stored) {
        let serial = try Self.serial(context)
        let given = digest ?? Query(request: request).string("d")
        return try await services.pool.withConnection { try Self.publicView($0, serial: serial, given: given) }
    }

    /// The verification view of `serial` as this connection sees it (in a write's transaction too).
    static func publicView(_ db: PGConnection, serial: String, given: String?) throws -> (PublicView, CertificateStore.Stored) {
        guard let c = try CertificateStore.find(db, serial: serial), let document = c.document, let signature = c.signature else {
            throw HromadaError(.notFound)
        }
        let verification = try CertificateVerifier.verify(db, document: document, signature: signature)
        var result = verification
        let expected = CertificateVerifier.digestPrefix(document)
        let matched = given.map { !$0.isEmpty && constantTimeEquals(Array($0.utf8), Array(expected.utf8)) } ?? false
        if let given, !given.isEmpty, !matched { result.verdict = .tampered }
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(document))
        // Revoked also when the key that signed it was (found in review: `valid` beside `signer_revoked`).
        let revoked = c.status == "revoked" || verification.verdict == .signerRevoked || verification.verdict == .revoked
        var view = PublicView(serial: serial, status: revoked ? "revoked" : "valid", verification: result,
                              digestMatched: matched, document: nil, masked: nil)
        if matched {
            view.document = json
        } else {
            view.masked = Self.masked(json)
        }
        return (view, c)
    }

    /// The document with personal data masked: initials of the learner's name, course and dates kept.
    static func masked(_ document: JSONValue) -> [String: String] {
        guard case .object = document else { return [:] }
        func field(_ path: [String]) -> String? {
            var node: JSONValue? = document
            for key in path { if case .object(let o)? = node { node = o[key] } else { return nil } }
            if case .string(let s)? = node { return s }
            if case .number(let n)? = node { return JCS.number(n) }
            return nil
        }
        let name = field(["learner", "name"]) ?? ""
        let initials = name.split(separator: " ").map { "\($0.prefix(1))." }.joined(separator: " ")
        var out: [String: String] = ["learner": initials]
        for (key, path) in [("course", ["course", "title"]), ("hours", ["course", "hours"]), ("centre", ["issuer", "centre", "name"]),
                            ("completed_on", ["completed_on"]), ("issued_at", ["issued_at"])] {
            if let value = field(path) { out[key] = value }
        }
        return out
    }

    func verifyInput(_ request: Request) async throws -> ([UInt8], [UInt8]) {
        // The media type is matched without regard to case; the boundary is kept as sent (browsers
        // send mixed-case ones).
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            // The boundary is checked before the body is read; the parse runs on the CPU threads.
            _ = try Multipart.boundary(type)
            let body = try await services.body.bytes(request)
            let parts = try await services.blocking.runIfActive { try Multipart.parse(body, contentType: type) }
            guard let document = parts["document"], let signature = parts["signature"] else {
                throw HromadaError.validation(field: "document", .init(uk: "потрібні частини document і signature", en: "the parts document and signature are required"))
            }
            return (document, signature)
        }
        let body = try await services.body.decode(VerifyBody.self, from: request)
        var problems: [HromadaError.FieldProblem] = []
        let document = body.document.flatMap { Data(base64Encoded: $0) }
        let signature = body.signature.flatMap { Data(base64Encoded: $0) }
        if document == nil { problems.append(.init(field: "document", message: .init(uk: "потрібен документ у base64", en: "the document is required, base64-encoded"))) }
        if signature == nil { problems.append(.init(field: "signature", message: .init(uk: "потрібен підпис у base64", en: "the signature is required, base64-encoded"))) }
        guard problems.isEmpty, let document, let signature else { throw HromadaError.validation(problems) }
        return (Array(document), Array(signature))
    }

    func revocationList(_ context: AppContext) async throws -> (document: [UInt8], signature: [UInt8], nextUpdate: Date) {
        let code = context.parameters.get("code") ?? ""
        guard let list = try await services.pool.withConnection({ try CertificateStore.revocationList($0, centre: code) }) else {
            throw HromadaError(.notFound)
        }
        return list
    }

    func text(_ body: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    func html(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
