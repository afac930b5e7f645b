import Foundation
import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaCrypto
import HromadaDomain
import HromadaPacks
import HromadaPrint
import HromadaStorage
import HromadaPostgres
import NIOPosix

/// Certificates: the learner's list, downloads, public verification, revocation and the trust anchors.
struct CertificateController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [
            .get("/me/certificates", signedIn(mine)),
            .get("/certificates/{serial}") { request, context in try .json(try await publicView(request, context)) },
            .root(.get, "/c/{serial}", page),
            .get("/certificates/{serial}/document", document),
            .get("/certificates/{serial}/signature", signature),
            .get("/certificates/{serial}/pdf", pdf),
            .get("/cohorts/{id}/certificates.zip", signedIn(cohortZIP)),
        ] + revocationEndpoints + [
            .post("/certificates/verify", verify),
            .get("/trust/root.pem") { _, _ in
                guard let root = try await services.pool.withConnection({ try CertificateAuthorityStore.root($0) }) else { throw HromadaError(.notFound) }
                return text(root.certificatePEM, type: "application/x-pem-file")
            },
            .get("/trust/root-crl.pem") { _, _ in
                guard let crl = try await services.pool.withConnection({ try CertificateAuthorityStore.crl($0) }) else { throw HromadaError(.notFound) }
                return text(crl, type: "application/x-pem-file")
            },
            .get("/trust/centres/{code}/revoked.json") { _, context in
                let list = try await revocationList(context)
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: list.document)))
            },
            .get("/trust/centres/{code}/revoked.json.p7s") { _, context in
                let list = try await revocationList(context)
                return Response(status: .ok, headers: [.contentType: "application/pkcs7-signature"], body: .init(byteBuffer: ByteBuffer(bytes: list.signature)))
            },
        ]
    }

    @Sendable func mine(_ signedIn: SignedIn) async throws -> Response {
        let caller = signedIn.caller
        let items = try await services.pool.withConnection { try CertificateStore.ofUser($0, userID: caller.id) }
        return try .json(try Page(items.map { try CertificateSummary($0) }, Query(request: signedIn.request)) { $0.serial })
    }

    /// The verification page a QR code opens: HTML, in the language of its `lang` parameter (its
    /// language switch) or else the reader's `Accept-Language`.
    @Sendable func page(_ request: Request, _ context: AppContext) async throws -> Response {
        let query = Query(request: request)
        let language = query.string("lang").flatMap { Language(rawValue: $0.lowercased()) } ?? context.language
        let association = services.configuration.association, digest = query.string("d")
        do {
            let view = try await publicView(request, context)
            return html(VerificationPage.render(view, association: association, digest: digest, language: language), status: .ok)
        } catch let error as HromadaError where error.code == .notFound || error.code == .invalidSerial {
            return html(VerificationPage.notFound(association: association, digest: digest, language: language), status: .notFound)
        } catch let error as HromadaError where error.code == .tooManyRequests {
            var response = html(VerificationPage.tooMany(association: association, digest: digest, language: language), status: .tooManyRequests)
            response.headers[.retryAfter] = String(error.retryAfter ?? 60)
            return response
        }
    }

    @Sendable func document(_ request: Request, _ context: AppContext) async throws -> Response {
        let c = try await owned(request, context)
        guard let document = c.document else { throw pending() }
        return Self.file(document, type: "application/json", disposition: "attachment", name: "\(c.serial).json")
    }

    @Sendable func signature(_ request: Request, _ context: AppContext) async throws -> Response {
        let c = try await owned(request, context)
        guard let signature = c.signature else { throw pending() }
        return Self.file(signature, type: "application/pkcs7-signature", disposition: "attachment", name: "\(c.serial).json.p7s")
    }

    /// A certificate's file as a download (`attachment`) or to show (`inline`).
    static func file(_ bytes: [UInt8], type: String, disposition: String, name: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .contentDisposition: "\(disposition); filename=\"\(name)\""],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The printed copy; a revoked certificate's is crossed out with the date and the public reason.
    @Sendable func pdf(_ request: Request, _ context: AppContext) async throws -> Response {
        let c = try await owned(request, context)
        guard let document = c.document else { throw pending() }
        let revoked = c.status == "revoked" ? c.revokedAt.map { (at: $0, reason: c.revocationCode) } : nil
        let pdf = try await services.blocking.runIfActive { [publicURL = services.issuer.publicURL] in
            try Self.pdf(document: document, publicURL: publicURL, revoked: revoked)
        }
        return Self.file(pdf, type: "application/pdf", disposition: "inline", name: "\(c.serial).pdf")
    }

    /// Every issued certificate of a cohort (document, signature, PDF) in one ZIP, for the centre.
    @Sendable func cohortZIP(_ signedIn: SignedIn) async throws -> Response {
        let id = try signedIn.context.id()
        guard let centre = try await services.pool.withConnection({ try CohortStore.centre($0, id: id) }),
              Policy.decide(.manageCohort(centre: centre), for: signedIn.caller.principal) == .allowed
        else { throw HromadaError(.notFound) }
        let certificates = try await services.pool.withConnection { try CertificateStore.issued($0, cohortID: id) }
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

    /// Anyone checks a document and its signature: rate-limited per client address.
    @Sendable func verify(_ request: Request, _ context: AppContext) async throws -> Response {
        let (document, signature) = try await verifyInput(request)
        let rate = services.configuration.verifyRate, address = context.remoteAddress
        let result = try await services.pool.withConnection {
            try CertificateVerifier.verify($0, document: document, signature: signature, rate: rate, address: address)
        }
        return try .json(result)
    }

    /// The printed copy of a signed document: everything on it comes from the document's own bytes,
    /// but for the revocation mark when `revoked` (in the document's language, the time on the Kyiv clock).
    static func pdf(document: [UInt8], publicURL: String, revoked: (at: Date, reason: RevocationReason?)? = nil) throws -> [UInt8] {
        guard case .object(let d) = try JSONDecoder().decode(JSONValue.self, from: Data(document)) else { throw HromadaError(.internalError) }
        func o(_ v: JSONValue?) -> [String: JSONValue] { if case .object(let x)? = v { x } else { [:] } }
        func s(_ v: JSONValue?) -> String { if case .string(let t)? = v { t } else { "" } }
        func n(_ v: JSONValue?) -> Double { if case .number(let x)? = v { x } else { 0 } }
        // A participation certificate names its event, a programme certificate its programme, where a
        // course certificate (no `kind`) names its course.
        let participation = s(d["kind"]) == "event"
        let learner = o(d["learner"]), course = o(d[d["kind"] == nil ? "course" : s(d["kind"])]), issuer = o(d["issuer"])
        let serial = s(d["serial"])
        let language = Language(rawValue: s(course["language"])) ?? .uk
        let print = CertificatePrint(
            language: s(course["language"]), learnerName: s(learner["name"]), courseTitle: s(course["title"]),
            hours: n(course["hours"]), credits: n(course["credits"]), completedOn: s(d["completed_on"]),
            centreName: s(o(issuer["centre"])["name"]), signatoryName: s(o(issuer["signatory"])["name"]),
            signatoryPosition: s(o(issuer["signatory"])["position"]), associationName: s(issuer["association"]),
            serial: serial, documentSHA256: SHA256.hex(document),
            verificationURL: "\(publicURL)/c/\(serial)?d=\(CertificateVerifier.digestPrefix(document))",
            revocation: revoked.map {
                .init(date: KyivCalendar.dateTime($0.at, language),
                      reason: $0.reason?.label.text(language) ?? (language == .uk ? "не зазначено" : "not given"))
            }, participation: participation)
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
            throw HromadaError(.invalidSerial, detail: .init(
                uk: "«\(serial.prefix(40))» не є правильним номером сертифіката (перевірте контрольні цифри).",
                en: "'\(serial.prefix(40))' is not a valid certificate serial (check digits do not match)."))
        }
        return serial
    }

    func pending() -> HromadaError {
        HromadaError(.certificatePending, detail: .init(
            uk: "Сертифікат ще підписується; спробуйте за кілька секунд.", en: "The certificate is being signed; try again in a few seconds."),
            retryAfter: 2)
    }

    /// The certificate when the caller is its learner or administers their centre.
    func owned(_ request: Request, _ context: AppContext) async throws -> CertificateStore.Stored {
        let caller = try await auth.user(request)
        let serial = try Self.serial(context)
        guard let c = try await services.pool.withConnection({ try CertificateStore.find($0, serial: serial) }) else { throw HromadaError(.notFound) }
        try Policy.require(.readUser(c.owner), for: caller.principal)
        return c
    }

    /// The public view of the request's serial, counted against the client address's verification
    /// rate in the same round trip as the certificate's row; a caller who administers the issuing
    /// centre (by bearer token) also sees the revocation's note.
    func publicView(_ request: Request, _ context: AppContext) async throws -> PublicCertificate {
        let serial = try Self.serial(context)
        let given = Query(request: request).string("d")
        let rate = services.configuration.verifyRate, address = context.remoteAddress
        let token = Authenticator.bearerToken(request)
        return try await services.pool.withConnection { db in
            var statements = [CertificateStore.findStatement(serial: serial)]
            if let rate { statements.append(rate.hit(address: address)) }
            var rows = try db.pipeline(statements)
            if let rate { try rate.admit(rows.removeLast()) }
            guard let c = try rows[0].first.map(CertificateStore.stored) else { throw HromadaError(.notFound) }
            var view = try Self.publicView(db, c, given: given)
            if let token, c.status == "revoked", let caller = try SessionStore.user(db, token: token),
               caller.principal.administers(centre: c.centre) {
                view.revocationNote = c.revocationNote
            }
            return view
        }
    }

    /// The verification view of `serial` as this connection sees it (in a write's transaction too).
    static func publicView(_ db: PGConnection, serial: String, given: String?) throws -> PublicCertificate {
        guard let c = try CertificateStore.find(db, serial: serial) else { throw HromadaError(.notFound) }
        return try publicView(db, c, given: given)
    }

    static func publicView(_ db: PGConnection, _ c: CertificateStore.Stored, given: String?) throws -> PublicCertificate {
        guard let document = c.document, let signature = c.signature else { throw HromadaError(.notFound) }
        let verification = try CertificateVerifier.verify(db, document: document, signature: signature)
        var result = verification
        let expected = CertificateVerifier.digestPrefix(document)
        let matched = given.map { !$0.isEmpty && constantTimeEquals(Array($0.utf8), Array(expected.utf8)) } ?? false
        if let given, !given.isEmpty, !matched { result.verdict = .tampered }
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(document))
        // Revoked also when the key that signed it was (found in review: `valid` beside `signer_revoked`).
        let revoked = c.status == "revoked" || verification.verdict == .signerRevoked || verification.verdict == .revoked
        return PublicCertificate(serial: c.serial, status: revoked ? .revoked : .valid,
                                 centre: .init(code: c.centre, name: Self.centreName(json) ?? c.centre), verification: result,
                                 digestMatched: matched, document: matched ? json : nil)
    }

    /// The issuing centre's name as the signed document gives it.
    static func centreName(_ document: JSONValue) -> String? {
        guard case .object(let d) = document, case .object(let issuer)? = d["issuer"], case .object(let centre)? = issuer["centre"],
              case .string(let name)? = centre["name"] else { return nil }
        return name
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
        let body = try await services.body.decode(CertificateVerificationRequest.self, from: request)
        var problems: [HromadaError.FieldProblem] = []
        let document = body.document.flatMap { Data(base64Encoded: $0) }
        let signature = body.signature.flatMap { Data(base64Encoded: $0) }
        if document == nil { problems.append(.init(field: "document", message: .init(uk: "потрібен документ у base64", en: "the document is required, base64-encoded"))) }
        if signature == nil { problems.append(.init(field: "signature", message: .init(uk: "потрібен підпис у base64", en: "the signature is required, base64-encoded"))) }
        guard problems.isEmpty, let document, let signature else { throw HromadaError.validation(problems) }
        return (Array(document), Array(signature))
    }

    /// The centre's signed list, counted against the client address's verification rate in the same round trip.
    func revocationList(_ context: AppContext) async throws -> (document: [UInt8], signature: [UInt8], nextUpdate: Date) {
        let code = context.parameters.get("code") ?? ""
        let rate = services.configuration.verifyRate, address = context.remoteAddress
        let list = try await services.pool.withConnection { db in
            var statements = [CertificateStore.revocationListStatement(centre: code)]
            if let rate { statements.append(rate.hit(address: address)) }
            var rows = try db.pipeline(statements)
            if let rate { try rate.admit(rows.removeLast()) }
            return try CertificateStore.revocationList(rows[0])
        }
        guard let list else { throw HromadaError(.notFound) }
        return list
    }

    func text(_ body: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    func html(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
