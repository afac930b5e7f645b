import Foundation
import Hummingbird
import HromadaAPI
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// Revoking and re-issuing a certificate: the issuing centre's administrators and the association
/// admin. The reason is a public code; the optional note stays with the centre and the audit log.
extension CertificateController {
    /// A revocation as asked for: its code and the cleaned note.
    struct Revocation {
        var code: RevocationReason
        var note: String?
    }

    var revocationEndpoints: [Endpoint] {
        [
            .post("/certificates/{serial}/revoke", revoke),
            .post("/certificates/{serial}/reissue", reissue),
        ]
    }

    /// A retry with the same Idempotency-Key gets the first answer, not "already revoked".
    @Sendable func revoke(_ request: Request, _ context: AppContext) async throws -> Response {
            let (caller, c, revocation, raw) = try await administered(request, context, reissue: false)
            let serial = c.serial
            let keys = services.keys, issuer = services.issuer, requestID = context.requestID
            return try await Idempotency(pool: services.pool).run(request: request, userID: caller.id, body: raw) { db in
                guard try CertificateStore.revoke(db, ring: keys, serial: serial, code: revocation.code, note: revocation.note, by: caller.id,
                                                  issuer: issuer) else {
                    let status = try CertificateStore.find(db, serial: serial)?.status ?? c.status
                    throw HromadaError(.certificateNotRevocable, detail: .init(
                        uk: "Сертифікат \(serial) має стан «\(status)» і не може бути відкликаний.",
                        en: "Certificate \(serial) is \(status) and cannot be revoked."))
                }
                try AuditLog.append(db, .init(actor: caller.id, action: "certificate.revoke", subjectType: "certificate", subjectID: serial,
                                              centre: c.centre, details: Self.auditDetails(revocation)), requestID: requestID)
                // The administrator's view: the public one with the document, and the note.
                var view = try Self.publicView(db, serial: serial, given: c.document.map(CertificateVerifier.digestPrefix))
                view.revocationNote = revocation.note
                return try .json(view)
            }
    }

    /// Re-issue (e.g. after correcting the learner's name): the old one is revoked as `superseded`
    /// (with the note), the enrolment gets a new serial signed with today's data.
    @Sendable func reissue(_ request: Request, _ context: AppContext) async throws -> Response {
            let (caller, c, revocation, raw) = try await administered(request, context, reissue: true)
            let serial = c.serial
            if let registration = c.eventRegistrationID {
                return try await performReissue(request, caller: caller, c: c, revocation: revocation, raw: raw, requestID: context.requestID,
                                                reserve: { try CertificateStore.reserveAgain($0, eventRegistrationID: registration) },
                                                sign: { try CertificateStore.signPending($0, ring: $1, issuer: $2, eventRegistrationID: registration) })
            }
            if let programme = c.programmeEnrolmentID {
                return try await performReissue(request, caller: caller, c: c, revocation: revocation, raw: raw, requestID: context.requestID,
                                                reserve: { try CertificateStore.reserveAgain($0, programmeEnrolmentID: programme) },
                                                sign: { try CertificateStore.signPending($0, ring: $1, issuer: $2, programmeEnrolmentID: programme) })
            }
            guard let enrolmentID = c.enrolmentID else { throw HromadaError(.internalError, reason: "certificate \(serial) certifies nothing") }
            return try await performReissue(request, caller: caller, c: c, revocation: revocation, raw: raw, requestID: context.requestID,
                                            noneDue: .init(uk: "Запис на курс не завершено або вже має чинний сертифікат.",
                                                           en: "The enrolment is not completed or already holds a live certificate."),
                                            reserve: { db in
                                                try CertificateStore.reserve(db, enrolmentID: enrolmentID)
                                                return try CertificateStore.forEnrolment(db, enrolmentID: enrolmentID)
                                            },
                                            sign: { try CertificateStore.signPending($0, ring: $1, issuer: $2, enrolmentID: enrolmentID) })
    }

    /// The steps of every re-issue, in one transaction under the request's idempotency key: the old
    /// certificate revoked as `superseded` (its centre's lists re-signed), a new serial reserved for
    /// what it certified (`reserve`: the course enrolment, the event registration or the programme
    /// enrolment), signed (`sign`), audited. `noneDue` says why when no new certificate is due.
    func performReissue(
        _ request: Request, caller: User, c: CertificateStore.Stored, revocation: Revocation, raw: [UInt8], requestID: String,
        noneDue: LocalizedText = .init(uk: "Уже є чинний сертифікат.", en: "A live certificate is there already."),
        reserve: @escaping @Sendable (PGConnection) throws -> CertificateStore.Stored?,
        sign: @escaping @Sendable (PGConnection, KeyRing, CertificateStore.Issuer) throws -> [String]
    ) async throws -> Response {
        let keys = services.keys, issuer = services.issuer, serial = c.serial
        return try await Idempotency(pool: services.pool).run(request: request, userID: caller.id, body: raw) { db in
            if c.status == "issued" {
                _ = try CertificateStore.revoke(db, ring: keys, serial: serial, code: .superseded, note: revocation.note, by: caller.id,
                                                issuer: issuer)
            } else if c.status == "pending" {
                throw HromadaError(.certificatePending)
            }
            guard let fresh = try reserve(db), fresh.serial != serial else {
                throw HromadaError(.certificateNotRevocable, detail: noneDue)
            }
            _ = try sign(db, keys, issuer)
            var details = Self.auditDetails(revocation)
            details["new_serial"] = fresh.serial
            try AuditLog.append(db, .init(actor: caller.id, action: "certificate.reissue", subjectType: "certificate", subjectID: serial,
                                          centre: c.centre, details: details), requestID: requestID)
            guard let signed = try CertificateStore.find(db, serial: fresh.serial) else { throw HromadaError(.notFound) }
            return try .json(try CertificateSummary(signed, withNote: true), status: .created)
        }
    }

    static func auditDetails(_ revocation: Revocation) -> [String: String] {
        var details = ["reason_code": revocation.code.rawValue]
        if let note = revocation.note { details["note"] = note }
        return details
    }

    /// For revoking and re-issuing: the caller, who must administer the issuing centre (others who may see
    /// the learner get 403, the rest 404), the certificate, the revocation asked for, and the body's bytes
    /// (for `Idempotency-Key`). The body is checked first, so a wrong one is 422 whoever sends it.
    func administered(
        _ request: Request, _ context: AppContext, reissue: Bool
    ) async throws -> (User, CertificateStore.Stored, Revocation, [UInt8]) {
        let caller = try await auth.user(request)
        let (body, raw) = try await services.body.decodeKeepingBytes(RevocationRequest.self, from: request)
        let revocation = try Self.revocation(body, reissue: reissue)
        let serial = try Self.serial(context)
        guard let c = try await services.pool.withConnection({ try CertificateStore.find($0, serial: serial) }) else { throw HromadaError(.notFound) }
        guard caller.principal.administers(centre: c.centre) else {
            throw Policy.decide(.readUser(c.owner), for: caller.principal) == .allowed ? HromadaError(.forbidden) : HromadaError(.notFound)
        }
        return (caller, c, revocation, raw)
    }

    /// The body's code and note, or 422 naming each field that is wrong. A re-issue is always
    /// `superseded`: its code may be left out, and no other is accepted.
    static func revocation(_ body: RevocationRequest, reissue: Bool) throws -> Revocation {
        var problems: [HromadaError.FieldProblem] = []
        let listed = RevocationReason.listed
        if body.reason != nil {
            problems.append(.init(field: "reason", message: .init(
                uk: "вільний текст причини більше не приймається: вкажіть reason_code (\(listed)) і, за потреби, note — її бачить лише центр",
                en: "a free-text reason is no longer accepted: give reason_code (\(listed)) and, if needed, a note, which only the centre sees")))
        }
        var code: RevocationReason?
        switch body.reasonCode {
        case nil where reissue:
            code = .superseded
        case nil:
            problems.append(.init(field: "reason_code", message: .init(uk: "вкажіть код причини: \(listed)", en: "give the reason code: \(listed)")))
        case let text?:
            code = RevocationReason(rawValue: text)
            if code == nil {
                problems.append(.init(field: "reason_code", message: .init(
                    uk: "невідомий код «\(text.prefix(40))»; можливі: \(listed)", en: "unknown code '\(text.prefix(40))'; one of: \(listed)")))
            } else if reissue && code != .superseded {
                problems.append(.init(field: "reason_code", message: .init(
                    uk: "перевиданий сертифікат відкликається з кодом superseded", en: "a re-issued certificate is revoked as superseded")))
            }
        }
        var note: String?
        if let text = body.note {
            switch TextRules.clean(text, field: "note", maxLength: RevocationReason.noteLimit, allowEmpty: true) {
            case .success(let cleaned): note = cleaned.isEmpty ? nil : cleaned
            case .failure(let problem): problems.append(problem)
            }
        }
        guard problems.isEmpty, let code else { throw HromadaError.validation(problems) }
        return Revocation(code: code, note: note)
    }
}
