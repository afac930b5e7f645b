import Foundation
import HromadaAPI
import HromadaDomain

/// What `hromada outbox`, `hromada cohort invitations` and `hromada certificate reissue` say.
extension Messages {
    static func letterKind(_ kind: OutboxMessage.Kind) -> LocalizedText {
        switch kind {
        case .invitation: LocalizedText(uk: "запрошення", en: "invitation")
        case .passwordReset: LocalizedText(uk: "скидання пароля", en: "password reset")
        }
    }

    static func letterStatus(_ status: OutboxMessage.Status) -> LocalizedText {
        switch status {
        case .pending: LocalizedText(uk: "у черзі", en: "waiting")
        case .sending: LocalizedText(uk: "надсилається", en: "being sent")
        case .sent: LocalizedText(uk: "надіслано", en: "sent")
        case .failed: LocalizedText(uk: "не вдалося", en: "given up")
        case .cancelled: LocalizedText(uk: "скасовано", en: "cancelled")
        }
    }

    static func noSuchCohort(_ id: String) -> LocalizedText {
        LocalizedText(uk: "Групу \(id) не знайдено серед груп вашого центру.", en: "No cohort \(id) among your centre's cohorts.")
    }

    static func newLinks(_ n: Int) -> LocalizedText {
        let links = count(n, uk: ("нове посилання", "нові посилання", "нових посилань"), en: ("new link", "new links"))
        return LocalizedText(
            uk: "\(links.uk); попередні посилання більше не діють. Для друку: додайте --csv і збережіть у файл.",
            en: "\(links.en); the links before no longer work. To print them: add --csv and save to a file."
        )
    }

    static func reissued(old: String, new: String) -> LocalizedText {
        LocalizedText(
            uk: "Сертифікат \(old) відкликано як замінений; новий: \(new). Завантажити: hromada certificate get \(new)",
            en: "Certificate \(old) is revoked as superseded; the new one is \(new). Download it: hromada certificate get \(new)"
        )
    }

    /// Times the server writes (`2026-12-07T04:01:52.123Z`).
    static var rfc3339: ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }
}
