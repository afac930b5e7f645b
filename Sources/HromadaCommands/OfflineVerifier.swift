import Foundation
import HromadaAPI
import HromadaCrypto
import HromadaDomain
import HromadaPacks

/// The offline check: the signature and chain through libcrypto, then the centre's signed list of revocations.
enum OfflineVerifier {
    struct Outcome {
        var result: CertificateVerification
        /// Why the revocation status could not be settled, when it could not.
        var note: LocalizedText?
        var listDates = ListDates()
    }

    /// When the lists believed were made: the centre's revoked.json (`this_update`) and the root's CRL.
    struct ListDates: Equatable {
        var revoked: Date?
        var crl: Date?
    }

    static func verify(
        document: [UInt8], signature: [UInt8], facts: CertificateFacts, root: Certificate, crl: String?,
        revocationList: ([UInt8], [UInt8])?, now: Date = Date()
    ) -> Outcome {
        var outcome = decide(document: document, signature: signature, facts: facts, root: root, crl: crl,
                             revocationList: revocationList, now: now)
        // The root's CRL, when the root signed it, and the centre's list, when it was believed.
        if let crl, let info = try? RevocationListInfo(pem: crl, root: root), info.signedByRoot { outcome.listDates.crl = info.thisUpdate }
        return outcome
    }

    static func decide(
        document: [UInt8], signature: [UInt8], facts: CertificateFacts, root: Certificate, crl: String?,
        revocationList: ([UInt8], [UInt8])?, now: Date
    ) -> Outcome {
        let crls = crl.map { [$0] } ?? []
        let check = CMSSignature.verify(content: document, signature: signature, roots: [root], crls: crls, issuedAt: facts.issuedAt)
        var result = CertificateVerification(verdict: .init(check.verdict), serial: facts.serial, chain: [
            .init(role: .root, subject: root.commonName, serial: root.serialHex, notAfter: root.notAfter),
        ] + (check.signer.map { [.init(role: .centre, subject: $0.commonName, serial: $0.serialHex, notAfter: $0.notAfter)] } ?? []))
        if case .expiredChain(let then) = check.verdict { result.validAtIssuance = then }
        // A centre's key vouches for its own centre only: the signer's certificate names the centre
        // (its common name) that the document must name as its issuer.
        if check.verdict != .tampered, check.verdict != .unknownIssuer, let signer = check.signer,
           let centre = facts.centre, signer.commonName != centre {
            result.verdict = .tampered
            result.validAtIssuance = nil
            return Outcome(result: result, note: Messages.signedByAnotherCentre(signer.commonName, document: centre))
        }
        guard check.verdict == .valid else { return Outcome(result: result) }
        // Without both lists, revocation cannot be ruled out: status_unknown, as the contract has it
        // ("the revocation list is stale or missing"), with what was shown good and what is missing.
        let missing = Messages.listsMissing(crl: crl == nil, revoked: revocationList == nil)
        guard let (list, listSignature) = revocationList else {
            result.verdict = .statusUnknown
            return Outcome(result: result, note: missing)
        }

        // The list is believed only when the same root vouches for its signer.
        let listCheck = CMSSignature.verify(content: list, signature: listSignature, roots: [root], crls: crls)
        guard listCheck.verdict == .valid else {
            result.verdict = .statusUnknown
            return Outcome(result: result, note: Messages.listNotTrusted(CertificateVerification.Verdict(listCheck.verdict).rawValue))
        }
        // ...and only when it is the certificate's own centre that signed it.
        if let listSigner = listCheck.signer?.commonName, let signer = check.signer?.commonName, listSigner != signer {
            result.verdict = .statusUnknown
            return Outcome(result: result, note: Messages.listSignedByAnotherCentre(listSigner, certificate: signer))
        }
        guard case .object(let fields)? = try? JSONDecoder().decode(JSONValue.self, from: Data(list)),
              case .string(let centre)? = fields["centre"], case .array(let entries)? = fields["revoked"] else {
            result.verdict = .statusUnknown
            return Outcome(result: result, note: Messages.listUnreadable)
        }
        if let own = facts.centreCode, own != centre {
            result.verdict = .statusUnknown
            return Outcome(result: result, note: Messages.listOfOtherCentre(centre, certificate: own))
        }
        // From here the list is believed: the answer is as fresh as it is.
        var dates = ListDates()
        if case .string(let made)? = fields["this_update"] { dates.revoked = try? Date(made, strategy: .iso8601) }
        // A serial on the list is revoked for good, however old the list.
        for case .object(let entry) in entries {
            guard case .string(let serial)? = entry["serial"], serial == facts.serial else { continue }
            result.verdict = .revoked
            // The list is the centre's own, signed: its entries are well formed (else the entry says revoked, no more).
            if case .string(let at)? = entry["revoked_at"], let revokedAt = APIDate.parse(at),
               case .string(let code)? = entry["reason_code"], let reason = RevocationReason(rawValue: code) {
                result.revocation = .init(revokedAt: revokedAt, reasonCode: reason)
            }
            return Outcome(result: result, listDates: dates)
        }
        if case .string(let next)? = fields["next_update"], let due = try? Date(next, strategy: .iso8601), due < now {
            result.verdict = .statusUnknown
            return Outcome(result: result, note: Messages.listStale(next), listDates: dates)
        }
        if crl == nil {
            result.verdict = .statusUnknown
            return Outcome(result: result, note: missing, listDates: dates)
        }
        return Outcome(result: result, listDates: dates)
    }
}

