import Foundation
import HromadaAPI
import HromadaDomain
import HromadaStorage

/// The letters of accounts, in the person's language, plain text and HTML, with the association's
/// name. They carry a one-time link and never a password.
struct AccountMail {
    let association: String
    let publicURL: String

    init(configuration: ServerConfiguration) {
        association = configuration.association
        publicURL = String(configuration.publicURL.reversed().drop { $0 == "/" }.reversed())
    }

    /// `{HROMADA_PUBLIC_URL}/activate?t=TOKEN`.
    func activationLink(_ token: String) -> String { "\(publicURL)/activate?t=\(token)" }
    /// `{HROMADA_PUBLIC_URL}/password-reset?t=TOKEN`.
    func resetLink(_ token: String) -> String { "\(publicURL)/password-reset?t=\(token)" }

    /// A moment as people in Ukraine read it: `07.12.2026 14:30`, Kyiv time.
    static func kyivTime(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Europe/Kyiv") ?? .gmt
        f.dateFormat = "dd.MM.yyyy HH:mm"
        return f.string(from: date)
    }

    func invitation(_ user: User, language: Language, centreName: String?, link: String, expiresAt: Date) -> OutboxStore.Message {
        let until = Self.kyivTime(expiresAt)
        let uk = language == .uk
        let inviter = centreName ?? association
        let subject = uk ? "Запрошення до навчання — \(association)" : "Invitation to learn — \(association)"
        let lead = uk ? "\(inviter) запрошує вас до навчання на платформі «\(association)»."
                      : "\(inviter) invites you to learn on the platform of \(association)."
        let action = uk ? "Щоб увійти, задайте свій пароль за цим посиланням:" : "To sign in, choose your password at this link:"
        let validity = uk ? "Посилання одноразове і діє до \(until) за київським часом."
                          : "The link works once, until \(until) Kyiv time."
        let after = uk ? "Далі входьте з адресою \(user.email) і своїм паролем (у терміналі: hromada login)."
                       : "Then sign in with \(user.email) and your password (in a terminal: hromada login)."
        let ignore = uk ? "Якщо ви не чекали цього листа, просто проігноруйте його." : "If you did not expect this message, just ignore it."
        return message(user, .invitation, language, subject: subject, greeting: greeting(user, language),
                       paragraphs: [lead, action], link: link, after: [validity, after, ignore])
    }

    func passwordReset(_ user: User, language: Language, link: String, expiresAt: Date) -> OutboxStore.Message {
        let until = Self.kyivTime(expiresAt)
        let uk = language == .uk
        let subject = uk ? "Відновлення пароля — \(association)" : "Resetting your password — \(association)"
        let lead = uk ? "Хтось (можливо, ви) попросив змінити пароль вашого облікового запису \(user.email) на платформі «\(association)»."
                      : "Someone (perhaps you) asked to change the password of your account \(user.email) on the platform of \(association)."
        let action = uk ? "Щоб задати новий пароль, відкрийте посилання:" : "To choose a new password, open this link:"
        let validity = uk ? "Посилання одноразове і діє годину, до \(until) за київським часом. Коли пароль буде змінено, усі ваші входи завершаться."
                          : "The link works once, for an hour, until \(until) Kyiv time. Once the password is changed, every session you have is ended."
        let ignore = uk ? "Якщо ви не просили змінити пароль, проігноруйте цей лист: пароль лишиться тим самим."
                        : "If you did not ask to change your password, ignore this message: it stays as it is."
        return message(user, .passwordReset, language, subject: subject, greeting: greeting(user, language),
                       paragraphs: [lead, action], link: link, after: [validity, ignore])
    }

    func greeting(_ user: User, _ language: Language) -> String {
        language == .uk ? "Вітаємо, \(user.fullName)!" : "Hello, \(user.fullName)!"
    }

    func message(_ user: User, _ kind: OutboxStore.Kind, _ language: Language, subject: String, greeting: String,
                 paragraphs: [String], link: String, after: [String]) -> OutboxStore.Message {
        let text = ([greeting] + paragraphs + [link] + after + ["— \(association)"]).joined(separator: "\n\n") + "\n"
        let e = HTMLText.escape
        let html = """
            <!doctype html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8"><title>\(e(subject))</title></head>
            <body style="font-family:sans-serif;max-width:40rem;color:#222">
            <p>\(e(greeting))</p>
            \(paragraphs.map { "<p>\(e($0))</p>" }.joined(separator: "\n"))
            <p><a href="\(e(link))">\(e(link))</a></p>
            \(after.map { "<p>\(e($0))</p>" }.joined(separator: "\n"))
            <p>— \(e(association))</p>
            </body></html>

            """
        return OutboxStore.Message(userID: user.id, centre: user.centre, recipient: user.email, recipientName: user.fullName,
                                   kind: kind, language: language, subject: subject, text: text, html: html)
    }
}
