import Foundation
import HromadaAPI
import HromadaClient
import HromadaCrypto
import HromadaDomain
import HromadaPacks

/// `hromada verify BADGE.jwt`: an Open Badges 3.0 credential (VC-JWT) checked against its centre's
/// keys (JWKS) and signed status list: offline with both given as files, or online from the server.
enum BadgeVerifier {
    struct Outcome {
        var verdict: CertificateVerification.Verdict
        var credential: OpenBadge.Credential?
        var note: LocalizedText?
    }

    /// The verdict on `jwt` with the centre's `jwks` and its signed `statusList` (each nil when missing).
    static func verify(jwt: String, jwks: [UInt8]?, statusList: String?, now: Date = Date()) -> Outcome {
        guard let jws = CompactJWS(jwt),
              let credential = try? JSONDecoder().decode(OpenBadge.Credential.self, from: Data(jws.payload)) else {
            return Outcome(verdict: .tampered, note: Messages.notABadge)
        }
        var outcome = Outcome(verdict: .tampered, credential: credential)
        guard let jwks, let set = try? JSONDecoder.api.decode(OpenBadge.JWKSet.self, from: Data(jwks)) else {
            outcome.verdict = .unknownIssuer
            outcome.note = Messages.badgeKeysMissing
            return outcome
        }
        // The header names the key; the algorithm is ES256 whatever the header says.
        guard let kid = jws.header.kid, let jwk = set.keys.first(where: { $0.kid == kid }), let key = publicKey(jwk) else {
            outcome.verdict = .unknownIssuer
            outcome.note = Messages.badgeKeyUnknown(jws.header.kid ?? "—")
            return outcome
        }
        guard jws.verifies(with: key) else { return outcome }
        if jwk.revoked == true {
            outcome.verdict = .signerRevoked
            return outcome
        }
        outcome.verdict = .statusUnknown
        guard let statusList else {
            outcome.note = Messages.badgeStatusMissing
            return outcome
        }
        // The list is believed only when one of the same centre's keys, not revoked, signed it, for
        // this badge's issuer and list, and it is still current.
        guard let listJWS = CompactJWS(statusList), let listKid = listJWS.header.kid,
              let listJWK = set.keys.first(where: { $0.kid == listKid && $0.revoked != true }), let listKey = publicKey(listJWK),
              listJWS.verifies(with: listKey),
              let list = try? JSONDecoder().decode(OpenBadge.StatusListCredential.self, from: Data(listJWS.payload)),
              list.issuer == credential.issuer.id, list.id == credential.credentialStatus.statusListCredential,
              list.credentialSubject.statusPurpose == "revocation",
              let bits = StatusBitstring(encoded: list.credentialSubject.encodedList), bits.count >= StatusBitstring.minimumLength,
              let index = Int(credential.credentialStatus.statusListIndex), index >= 0, index < bits.count else {
            outcome.note = Messages.badgeStatusUntrusted
            return outcome
        }
        guard let until = APIDate.parse(list.validUntil), until > now else {
            outcome.note = Messages.badgeStatusStale(list.validUntil)
            return outcome
        }
        outcome.verdict = bits[index] ? .revoked : .valid
        return outcome
    }

    static func publicKey(_ jwk: OpenBadge.JWK) -> PublicKey? {
        guard jwk.kty == "EC", jwk.crv == "P-256", let x = Base64URL.decode(jwk.x), let y = Base64URL.decode(jwk.y) else { return nil }
        return PublicKey(p256X: x, y: y)
    }

    /// What the report shows of a badge: the certificate's serial (the last part of its id), learner, course, centre.
    static func facts(_ credential: OpenBadge.Credential?) -> CertificateFacts {
        var facts = CertificateFacts(document: .null)
        guard let c = credential else { return facts }
        facts.serial = c.id.split(separator: "/").last.map(String.init)
        facts.learner = c.credentialSubject.name
        facts.course = c.credentialSubject.achievement.name
        facts.courseRef = c.credentialSubject.achievement.version ?? ""
        facts.centre = c.issuer.name
        facts.issued = c.validFrom
        return facts
    }
}

extension HromadaCommand.Verify {
    /// The report on the badge in `path`: offline with `--jwks` and `--status`, else from the server
    /// (the keys and list of the centre the badge names, by its issuer id's code).
    func badgeReport(_ path: String) async throws -> VerificationReport {
        let jwt = String(decoding: try Self.read(path), as: UTF8.self)
        let offline = jwks != nil || status != nil
        let keys: [UInt8]?, list: String?, checked: LocalizedText
        if offline {
            keys = try jwks.map { try Self.read($0) }
            list = try status.map { String(decoding: try Self.read($0), as: UTF8.self) }
            checked = Messages.checkedOffline([path] + [jwks, status].compactMap { $0 })
        } else {
            let client = try onlineClient()
            let claimed = CompactJWS(jwt).flatMap { try? JSONDecoder().decode(OpenBadge.Credential.self, from: Data($0.payload)) }
            guard let centre = claimed?.issuer.id.split(separator: "/").last.map(String.init),
                  centre.allSatisfy({ $0.isLetter && $0.isASCII }) else {
                return VerificationReport(result: .init(verdict: .tampered, serial: nil), facts: BadgeVerifier.facts(nil),
                                          checked: Messages.checkedOnline(client.server.absoluteString), mode: "online",
                                          note: Messages.notABadge)
            }
            keys = try? Array(await client.send("GET", "/api/v1/issuers/\(centre)/jwks.json", raw: true).0)
            list = try? String(decoding: await client.send("GET", "/api/v1/issuers/\(centre)/status/revocation",
                                                           accept: OpenBadge.mediaType, raw: true).0, as: UTF8.self)
            checked = Messages.checkedOnline(client.server.absoluteString)
        }
        let outcome = BadgeVerifier.verify(jwt: jwt, jwks: keys, statusList: list)
        let facts = BadgeVerifier.facts(outcome.credential)
        var report = VerificationReport(result: .init(verdict: outcome.verdict, serial: facts.serial), facts: facts, checked: checked,
                                        mode: offline ? "offline" : "online")
        report.revocationChecked = outcome.verdict == .valid || outcome.verdict == .revoked
        report.note = outcome.verdict == .revoked ? Messages.badgeRevoked : outcome.note
        return report
    }
}

extension Messages {
    static let badgeOptions = LocalizedText(
        uk: "--jwks і --status — лише для значка (файл .jwt); --serial, --root, --crl і --revoked — лише для сертифіката.",
        en: "--jwks and --status are for a badge (a .jwt file) only; --serial, --root, --crl and --revoked for a certificate only.")
    static let notABadge = LocalizedText(
        uk: "Файл не є значком Open Badges 3.0 (VC-JWT): його змінено або це інший документ.",
        en: "The file is not an Open Badges 3.0 badge (VC-JWT): it was changed, or it is another document.")
    static let badgeKeysMissing = LocalizedText(
        uk: "Немає ключів центру (--jwks jwks.json), тож підпис значка перевірити нічим.",
        en: "The centre's keys are missing (--jwks jwks.json), so there is nothing to check the badge's signature with.")
    static func badgeKeyUnknown(_ kid: String) -> LocalizedText {
        LocalizedText(uk: "Ключа «\(kid)», яким підписано значок, немає серед ключів центру.",
                      en: "The key '\(kid)' that signed the badge is not among the centre's keys.")
    }
    static let badgeStatusMissing = LocalizedText(
        uk: "Підпис значка правильний, але без списку стану центру (--status revocation.jwt) відкликання не виключено.",
        en: "The badge's signature is good, but revocation cannot be ruled out without the centre's status list (--status revocation.jwt).")
    static let badgeStatusUntrusted = LocalizedText(
        uk: "Список стану не підписано ключем центру цього значка або він не для цього значка, тож йому не можна вірити.",
        en: "The status list is not signed by this badge's centre, or is not this badge's list, so it cannot be trusted.")
    static func badgeStatusStale(_ until: String) -> LocalizedText {
        LocalizedText(uk: "Список стану застарів (дійсний до \(until)); візьміть свіжий.",
                      en: "The status list is stale (valid until \(until)); fetch a fresh one.")
    }
    static let badgeRevoked = LocalizedText(
        uk: "Біт цього значка в підписаному списку стану центру встановлено: сертифікат відкликано.",
        en: "This badge's bit is set in the centre's signed status list: the certificate was revoked.")
}
