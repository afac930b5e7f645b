import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaPostgres
import HromadaStorage
import NIOPosix

/// External learning: the learner's upload, HR's decisions, the evidence.
extension DevelopmentController {
    /// At most 10 MiB of evidence, plus the record and the signature parts and the form's framing.
    static let maxEvidence = 10 * 1024 * 1024
    static let maxUpload = maxEvidence + 1024 * 1024 + 64 * 1024

    /// `multipart/form-data` (parsed by ``Multipart``, the project's own linear reader: vapor's
    /// multipart-kit was measured at 3-5 s per MiB in debug builds, and this route takes 10 MiB) with a
    /// `record` part (JSON), an `evidence` part (PDF, PNG, JPEG or a certificate JSON) and, for a
    /// certificate, its `evidence_signature` (`.p7s`). The kind of file is told by its bytes, not by
    /// what the client says it is.
    @Sendable func addRecord(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data") else {
            throw HromadaError(.unsupportedMediaType, detail: .init(
                uk: "Надішліть multipart/form-data з частинами record і evidence.",
                en: "Send multipart/form-data with the parts record and evidence."))
        }
        _ = try Multipart.boundary(type)
        let body = try await services.body.bytes(request, limit: Self.maxUpload)
        let parts = try await services.blocking.runIfActive { try Multipart.parse(body, contentType: type) }
        var problems: [HromadaError.FieldProblem] = []
        for name in Set(parts.keys).subtracting(["record", "evidence", "evidence_signature"]).sorted() {
            problems.append(.init(field: name, message: .init(uk: "невідома частина", en: "unknown part")))
        }
        guard let recordPart = parts["record"] else { throw HromadaError.validation([.required("record")] + problems) }
        guard let evidence = parts["evidence"], !evidence.isEmpty else { throw HromadaError.validation([.required("evidence")] + problems) }
        if evidence.count > Self.maxEvidence {
            throw HromadaError(.payloadTooLarge, detail: .init(uk: "Файл підтвердження може мати щонайбільше 10 МіБ.", en: "The evidence may be at most 10 MiB."))
        }
        let json: JSONValue
        do { json = try JSONDecoder().decode(JSONValue.self, from: Data(recordPart)) } catch {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "record", message: .init(uk: "має бути JSON", en: "must be JSON"))])
        }
        let draft = try ExternalRecordDraft.validate(json).get()
        guard let kind = EvidenceKind(evidence) else {
            throw HromadaError.validation(field: "evidence", .init(
                uk: "має бути PDF, PNG, JPEG або JSON сертифіката", en: "must be a PDF, PNG, JPEG or a certificate JSON"))
        }
        let signature = parts["evidence_signature"]
        if kind == .certificate && signature == nil {
            problems.append(.init(field: "evidence_signature", message: .init(
                uk: "JSON сертифіката надсилають разом із його підписом .p7s", en: "a certificate JSON comes with its .p7s signature")))
        }
        if kind != .certificate && signature != nil {
            problems.append(.init(field: "evidence_signature", message: .init(uk: "підпис лише для JSON сертифіката", en: "a signature goes only with a certificate JSON")))
        }
        if !problems.isEmpty { throw HromadaError.validation(problems) }
        let file = ExternalRecordStore.Evidence(fileName: kind.fileName, contentType: kind.contentType, bytes: evidence, signature: signature)
        let requestID = context.requestID
        let record = try await services.pool.transaction { db in
            let check = try signature.map {
                try EvidenceCheck.run(db, document: evidence, signature: $0, holder: caller.id, holderName: caller.fullName)
            }
            let record = try ExternalRecordStore.create(db, userID: caller.id, draft: draft, evidence: file, check: check)
            var details = ["status": record.status.rawValue, "kind": draft.kind.rawValue]
            if let verdict = check?.verdict { details["verdict"] = verdict.rawValue }
            try AuditLog.append(db, .init(actor: caller.id, action: "external_record.create", subjectType: "external_record",
                                          subjectID: record.id.lowercasedText, centre: caller.centre, details: details), requestID: requestID)
            return record
        }
        return try .json(Development.Record(record), status: .created)
    }

    enum EvidenceKind: Equatable {
        case pdf, png, jpeg, certificate

        init?(_ bytes: [UInt8]) {
            if bytes.starts(with: Array("%PDF-".utf8)) { self = .pdf }
            else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { self = .png }
            else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { self = .jpeg }
            else if bytes.first == UInt8(ascii: "{"), (try? JSONSerialization.jsonObject(with: Data(bytes))) is [String: Any] { self = .certificate }
            else { return nil }
        }

        var contentType: String {
            switch self {
            case .pdf: "application/pdf"
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            case .certificate: "application/json"
            }
        }

        var fileName: String {
            switch self {
            case .pdf: "evidence.pdf"
            case .png: "evidence.png"
            case .jpeg: "evidence.jpg"
            case .certificate: "certificate.json"
            }
        }
    }

    @Sendable func myRecords(_ signedIn: SignedIn) async throws -> Response {
        let query = Query(request: signedIn.request)
        let year = try Self.queryYear(query)
        let records = try await services.pool.withConnection { try ExternalRecordStore.mine($0, userID: signedIn.caller.id, year: year) }
        return try .json(try Page(records.map(Development.Record.init), query) { $0.id.lowercasedText })
    }

    @Sendable func listRecords(_ signedIn: SignedIn) async throws -> Response {
        let query = Query(request: signedIn.request)
        try Policy.require(.readDevelopment, for: signedIn.caller.principal)
        let status = query.string("status")
        if let status, !["pending", "recognised", "rejected", "withdrawn"].contains(status) {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(field: "status", message: .init(
                uk: "має бути pending, recognised, rejected або withdrawn", en: "must be pending, recognised, rejected or withdrawn"))])
        }
        let year = try Self.queryYear(query)
        let limit = try query.limit()
        let after = try query.cursor()
        let rows = try await services.pool.withConnection { db in
            let filter = try filter(db, query, caller: signedIn.caller)
            return try ExternalRecordStore.list(db, filter: filter, status: status, year: year, after: after, limit: limit + 1)
        }
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { Query.cursor(for: $0.id) } : nil
        return try .json(Page(items: page.map(Development.Record.init), nextCursor: next))
    }

    /// The record, if the caller may see its owner (404 otherwise).
    func visibleRecord(_ db: PGConnection, _ id: UUID, caller: User) throws -> ExternalRecord {
        guard let record = try ExternalRecordStore.find(db, id: id) else { throw HromadaError(.notFound) }
        try Policy.require(.readUser(record.owner), for: caller.principal)
        return record
    }

    @Sendable func record(_ signedIn: SignedIn) async throws -> Response {
        let id = try signedIn.context.id()
        return try .json(Development.Record(try await services.pool.withConnection { try visibleRecord($0, id, caller: signedIn.caller) }))
    }

    /// The evidence file (or its signature): the person, their HR unit, their centre, the admin. Sent
    /// as an attachment with its sniffed type, never rendered inline by a browser.
    func evidence(_ signedIn: SignedIn, signature: Bool) async throws -> Response {
        let id = try signedIn.context.id()
        let file = try await services.pool.withConnection { db in
            _ = try visibleRecord(db, id, caller: signedIn.caller)
            return try ExternalRecordStore.evidence(db, id: id, signature: signature)
        }
        guard let file else { throw HromadaError(.notFound) }
        return Response(status: .ok, headers: [
            .contentType: file.contentType,
            .contentDisposition: "attachment; filename=\"\(file.fileName)\"",
            .init("X-Content-Type-Options")!: "nosniff",
            .cacheControl: "private, no-store",
        ], body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    @Sendable func recognise(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let id = try context.id()
        let body = try await services.body.decode(Development.Recognition.self, from: request)
        var credits: Decimal?
        if let value = body.credits, value != .null {
            credits = try Credits.parse(value, field: "credits", max: 1000)!.mapError { HromadaError.validation([$0]) }.get()
        }
        var comment: String?
        if let text = body.comment, !text.isEmpty {
            comment = try TextRules.clean(text, field: "comment", maxLength: 2000).mapError { HromadaError.validation([$0]) }.get()
        }
        let (requestID, asked, note) = (context.requestID, credits, comment)
        let record = try await services.pool.transaction { db in
            let found = try visibleRecord(db, id, caller: caller)
            try Policy.require(.keepRecord(found.owner), for: caller.principal)
            // Without credits: the learner's own claim, else the hours at the association's rate.
            let settings = try SettingsStore.read(db)
            let given = asked ?? found.claim.credits ?? settings.credits(hours: found.claim.hours)
            let record = try ExternalRecordStore.recognise(db, id: id, credits: given, comment: note, by: caller.id)
            try AuditLog.append(db, .init(actor: caller.id, action: "external_record.recognise", subjectType: "external_record",
                                          subjectID: id.lowercasedText, centre: found.owner.centre, details: ["credits": "\(given)"]),
                                requestID: requestID)
            return record
        }
        return try .json(Development.Record(record))
    }

    @Sendable func reject(_ signedIn: SignedIn) async throws -> Response {
        let (caller, request, context) = (signedIn.caller, signedIn.request, signedIn.context)
        let id = try context.id()
        let body = try await services.body.decode(Development.Rejection.self, from: request)
        guard let text = body.reason, !text.isEmpty else { throw HromadaError.validation([.required("reason")]) }
        let reason = try TextRules.clean(text, field: "reason", maxLength: 2000).mapError { HromadaError.validation([$0]) }.get()
        let requestID = context.requestID
        let record = try await services.pool.transaction { db in
            let found = try visibleRecord(db, id, caller: caller)
            try Policy.require(.keepRecord(found.owner), for: caller.principal)
            let record = try ExternalRecordStore.reject(db, id: id, reason: reason, by: caller.id)
            try AuditLog.append(db, .init(actor: caller.id, action: "external_record.reject", subjectType: "external_record",
                                          subjectID: id.lowercasedText, centre: found.owner.centre), requestID: requestID)
            return record
        }
        return try .json(Development.Record(record))
    }

    /// The learner takes back a pending record; others who may see it are refused (403).
    @Sendable func withdraw(_ signedIn: SignedIn) async throws -> Response {
        let (caller, context) = (signedIn.caller, signedIn.context)
        let id = try context.id()
        let requestID = context.requestID
        let record = try await services.pool.transaction { db in
            let found = try visibleRecord(db, id, caller: caller)
            guard found.owner.userID == caller.id else { throw HromadaError(.forbidden, reason: "only the learner withdraws a record") }
            let record = try ExternalRecordStore.withdraw(db, id: id)
            try AuditLog.append(db, .init(actor: caller.id, action: "external_record.withdraw", subjectType: "external_record",
                                          subjectID: id.lowercasedText, centre: caller.centre), requestID: requestID)
            return record
        }
        return try .json(Development.Record(record))
    }
}
