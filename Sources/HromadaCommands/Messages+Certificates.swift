import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

/// What `hromada certificates`, `hromada certificate get` and `hromada verify` say, in Ukrainian and English.
extension Messages {
    // MARK: The list and downloads

    static func badSerial(_ serial: String) -> LocalizedText {
        let shown = String(serial.prefix(40))
        return LocalizedText(
            uk: "«\(shown)» не є правильним номером сертифіката: контрольні цифри не збігаються або формат не той (приклад: UA-KYV-2026-000123-29). Запит не надіслано.",
            en: "'\(shown)' is not a valid certificate serial: the check digits do not match or the form is wrong (example: UA-KYV-2026-000123-29). Nothing was sent.")
    }
    static let noCertificates = LocalizedText(
        uk: "У вас ще немає сертифікатів: їх видають після завершення курсу.",
        en: "You have no certificates yet: they are issued when you complete a course.")
    /// In place of a course's title: a participation certificate of an event.
    static let participation = LocalizedText(uk: "Участь у події", en: "Event participation")
    static func certificates(_ n: Int) -> LocalizedText {
        count(n, uk: ("сертифікат", "сертифікати", "сертифікатів"), en: ("certificate", "certificates"))
    }
    static let getHint = LocalizedText(
        uk: "Завантажити документ і підпис: hromada certificate get НОМЕР",
        en: "Download the document and signature: hromada certificate get SERIAL")
    static func certificateStatus(_ status: CertificateSummary.Status) -> LocalizedText {
        switch status {
        case .issued: LocalizedText(uk: "видано", en: "issued")
        case .revoked: LocalizedText(uk: "відкликано", en: "revoked")
        case .pending: LocalizedText(uk: "підписується", en: "being signed")
        }
    }
    static let savedFiles = LocalizedText(uk: "Збережено:", en: "Saved:")
    static let verifyOfflineHow = LocalizedText(
        uk: "Перевірити без сервера: потрібні три файли — root.pem (корінь довіри асоціації), root-crl.pem (відкликані ключі центрів) і revoked.json з підписом (відкликані сертифікати центру); без обох списків відповідь буде лише status_unknown:",
        en: "To check it without the server, three files are needed: root.pem (the association's root of trust), root-crl.pem (revoked centre keys) and revoked.json with its signature (the centre's revoked certificates); without both lists the answer can only be status_unknown:")
    static func revokedOn(_ serial: String, _ date: String, reason: String) -> LocalizedText {
        LocalizedText(uk: "\(serial) відкликано \(date): \(reason)", en: "\(serial) was revoked on \(date): \(reason)")
    }
    /// A revocation's code in the reader's words, the code itself in brackets.
    static func revocationReason(_ code: RevocationReason?) -> LocalizedText {
        guard let code else { return LocalizedText(uk: "", en: "") }
        return LocalizedText(uk: "\(code.label.uk) (\(code.rawValue))", en: "\(code.label.en) (\(code.rawValue))")
    }
    static func revoked(_ serial: String, _ code: RevocationReason) -> LocalizedText {
        LocalizedText(uk: "Сертифікат \(serial) відкликано: \(revocationReason(code).uk).",
                      en: "Certificate \(serial) is revoked: \(revocationReason(code).en).")
    }
    static let revocationNoteKept = LocalizedText(
        uk: "Примітку збережено лише для центру й журналу аудиту; публічним є тільки код причини.",
        en: "The note is kept for the centre and the audit log only; only the reason code is public.")
    static func certificateNotFound(_ serial: String) -> LocalizedText {
        LocalizedText(uk: "Сертифіката \(serial) немає (або він вам недоступний).",
                      en: "There is no certificate \(serial) (or it is not yours to see).")
    }
    static func cannotWrite(_ path: String) -> LocalizedText {
        LocalizedText(uk: "Не вдалося записати \(path).", en: "\(path) could not be written.")
    }

    // MARK: Verifying: usage and files

    static let needFileOrSerial = LocalizedText(
        uk: "Вкажіть файл сертифіката (SERIAL.json) або --serial НОМЕР.",
        en: "Give a certificate file (SERIAL.json) or --serial SERIAL.")
    static let serialWithFiles = LocalizedText(
        uk: "--serial перевіряє на сервері лише за номером: файли, --root, --crl і --revoked з ним не вказують.",
        en: "--serial checks on the server by the serial alone: give no files, --root, --crl or --revoked with it.")
    static let offlineNeedsRoot = LocalizedText(
        uk: "--crl і --revoked працюють лише офлайн: додайте --root root.pem.",
        en: "--crl and --revoked only work offline: add --root root.pem.")
    static let noServerToVerify = LocalizedText(
        uk: "Не вказано, як перевіряти: додайте --root root.pem (офлайн) або --server URL (на сервері).",
        en: "Nothing to check against: add --root root.pem (offline) or --server URL (on the server).")
    static func cannotRead(_ path: String) -> LocalizedText {
        LocalizedText(uk: "Не вдалося прочитати файл \(path).", en: "The file \(path) could not be read.")
    }
    static func notARootCertificate(_ path: String) -> LocalizedText {
        LocalizedText(uk: "\(path) не є сертифікатом у форматі PEM.", en: "\(path) is not a PEM certificate.")
    }

    // MARK: Verdicts

    /// The verdict in one line: the stable verdict word first, then what it means.
    static func verdictLine(_ v: CertificateVerification) -> LocalizedText {
        switch v.verdict {
        case .valid:
            return LocalizedText(uk: "valid — сертифікат справжній: підпис правильний, ланцюжок довіри веде до кореня асоціації.",
                                 en: "valid — the certificate is genuine: the signature is good and the chain leads to the association's root.")
        case .revoked:
            // A badge's status list says only that it was revoked, not why or when.
            let detail = v.revocation.map { "(\($0.reasonCode.rawValue), \(AttemptReport.localTime($0.revokedAt))) " } ?? ""
            return LocalizedText(uk: "revoked \(detail)— центр відкликав цей сертифікат.",
                                 en: "revoked \(detail)— the centre revoked this certificate.")
        case .signerRevoked:
            return LocalizedText(uk: "signer_revoked — ключ центру, яким підписано сертифікат, відкликано.",
                                 en: "signer_revoked — the centre key that signed this certificate has been revoked.")
        case .tampered:
            return LocalizedText(uk: "tampered — документ не відповідає підпису: його змінено або підпис не від нього.",
                                 en: "tampered — the document does not match the signature: it was changed, or the signature is not its own.")
        case .unknownIssuer:
            return LocalizedText(uk: "unknown_issuer — підпис не веде до кореня асоціації.",
                                 en: "unknown_issuer — the signature does not lead to the association's root.")
        case .expiredChain:
            return v.validAtIssuance == true
                ? LocalizedText(uk: "expired_chain (дійсний на момент видачі) — строк дії сертифіката підписувача відтоді минув.",
                                en: "expired_chain (valid at issuance) — the signer's certificate has expired since.")
                : LocalizedText(uk: "expired_chain — строк дії сертифіката підписувача минув.",
                                en: "expired_chain — the signer's certificate has expired.")
        case .statusUnknown:
            return LocalizedText(uk: "status_unknown — стан відкликання невідомий: список відкликаних застарів або його немає.",
                                 en: "status_unknown — the revocation status is unknown: the revocation list is stale or missing.")
        }
    }

    static let serialLabel = LocalizedText(uk: "Номер", en: "Serial")
    static let learnerLabel = LocalizedText(uk: "Слухач", en: "Learner")
    static let courseLabel = LocalizedText(uk: "Курс", en: "Course")
    static let centreLabel = LocalizedText(uk: "Центр", en: "Centre")
    static let issuedLabel = LocalizedText(uk: "Видано", en: "Issued")
    static let unconfirmed = LocalizedText(
        uk: "Ці дані взято з документа; підпис їх не підтверджує.",
        en: "These details come from the document; the signature does not confirm them.")
    static let maskedName = LocalizedText(
        uk: "Імʼя, курс і дати видно лише за посиланням із QR-коду на сертифікаті (або перевірте файли сертифіката).",
        en: "The name, course and dates are shown only through the link in the certificate's QR code (or check the certificate's files).")
    static func checkedOffline(_ files: [String]) -> LocalizedText {
        let list = files.joined(separator: ", ")
        return LocalizedText(uk: "Перевірено офлайн: \(list).", en: "Checked offline: \(list).")
    }
    static func checkedOnline(_ server: String) -> LocalizedText {
        LocalizedText(uk: "Перевірено на сервері \(server).", en: "Checked on the server \(server).")
    }
    /// Offline, the signature and chain are good but a list needed to rule out revocation was not given.
    static func listsMissing(crl: Bool, revoked: Bool) -> LocalizedText {
        let uk = [crl ? "список відкликаних ключів центрів від кореня (--crl root-crl.pem)" : nil,
                  revoked ? "список відкликаних сертифікатів центру (--revoked revoked.json)" : nil].compactMap { $0 }
        let en = [crl ? "the root's list of revoked centre keys (--crl root-crl.pem)" : nil,
                  revoked ? "the centre's list of revoked certificates (--revoked revoked.json)" : nil].compactMap { $0 }
        return LocalizedText(uk: "Підпис і ланцюжок до кореня правильні, але без переліку відкликаних відкликання не виключено; додайте " + uk.joined(separator: " і ") + ".",
                             en: "The signature and the chain to the root are good, but revocation cannot be ruled out without " + en.joined(separator: " and ") + ".")
    }

    // MARK: The centre's revocation list, offline

    static func listNotTrusted(_ verdict: String) -> LocalizedText {
        LocalizedText(uk: "Підпис списку відкликаних не підтверджено коренем (\(verdict)), тож йому не можна вірити.",
                      en: "The revocation list's signature is not confirmed by the root (\(verdict)), so it cannot be trusted.")
    }
    static let listUnreadable = LocalizedText(
        uk: "Список відкликаних не є документом revoked.json центру.",
        en: "The revocation list is not a centre's revoked.json document.")
    static func signedByAnotherCentre(_ signer: String, document: String) -> LocalizedText {
        LocalizedText(uk: "Документ підписав ключ центру «\(signer)», а виданим він називає центр «\(document)»: ключ одного центру не засвідчує сертифікати іншого.",
                      en: "The document was signed with the key of \(signer), but names \(document) as its issuer: one centre's key does not vouch for another's certificates.")
    }
    static func listSignedByAnotherCentre(_ list: String, certificate: String) -> LocalizedText {
        LocalizedText(uk: "Список відкликаних підписав ключ центру «\(list)», а сертифікат — «\(certificate)», тож списку не можна вірити.",
                      en: "The revocation list was signed with the key of \(list), the certificate with that of \(certificate), so the list cannot be trusted.")
    }
    static func listOfOtherCentre(_ list: String, certificate: String) -> LocalizedText {
        LocalizedText(uk: "Список відкликаних належить центру \(list), а сертифікат видав центр \(certificate).",
                      en: "The revocation list is centre \(list)'s, but the certificate was issued by centre \(certificate).")
    }
    static func listStale(_ nextUpdate: String) -> LocalizedText {
        LocalizedText(uk: "Список відкликаних застарів (мав оновитися \(AttemptReport.localTime(nextUpdate))): завантажте свіжий.",
                      en: "The revocation list is out of date (it was due for renewal at \(AttemptReport.localTime(nextUpdate))): download a fresh one.")
    }

    /// Offline: when each list used was made and how long ago, so the reader can judge how fresh the answer is.
    static func listAges(_ dates: OfflineVerifier.ListDates, now: Date) -> [LocalizedText] {
        var lines: [LocalizedText] = []
        if let made = dates.revoked {
            lines.append(LocalizedText(
                uk: "Список відкликаних сертифікатів центру (revoked.json) складено \(KyivCalendar.dateTime(made, .uk)), \(ago(now.timeIntervalSince(made)).uk).",
                en: "The centre's list of revoked certificates (revoked.json) was made \(KyivCalendar.dateTime(made, .en)), \(ago(now.timeIntervalSince(made)).en)."))
        }
        if let made = dates.crl {
            lines.append(LocalizedText(
                uk: "Список відкликаних ключів центрів (CRL кореня) складено \(KyivCalendar.dateTime(made, .uk)), \(ago(now.timeIntervalSince(made)).uk).",
                en: "The root's list of revoked centre keys (CRL) was made \(KyivCalendar.dateTime(made, .en)), \(ago(now.timeIntervalSince(made)).en)."))
        }
        if !lines.isEmpty {
            lines.append(LocalizedText(uk: "Відкликання, зроблені пізніше, у них не враховано: свіжі списки — на сервері в /api/v1/trust/.",
                                       en: "A revocation made after them is not in them: fresh lists are on the server under /api/v1/trust/."))
        }
        return lines
    }

    /// "5 хвилин тому", "3 години тому", "2 дні тому" (under a minute: "щойно").
    static func ago(_ seconds: TimeInterval) -> LocalizedText {
        let s = max(0, Int(seconds))
        if s < 60 { return LocalizedText(uk: "щойно", en: "just now") }
        let amount = s < 3600 ? count(s / 60, uk: ("хвилину", "хвилини", "хвилин"), en: ("minute", "minutes"))
            : s < 86400 ? count(s / 3600, uk: ("годину", "години", "годин"), en: ("hour", "hours"))
            : count(s / 86400, uk: ("день", "дні", "днів"), en: ("day", "days"))
        return LocalizedText(uk: "\(amount.uk) тому", en: "\(amount.en) ago")
    }
}
