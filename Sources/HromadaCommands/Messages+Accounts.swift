import Foundation
import HromadaAPI
import HromadaDomain

/// What `hromada activate` and `hromada users` say.
extension Messages {
    static let newPasswordPrompt = LocalizedText(uk: "Новий пароль (щонайменше 10 символів): ", en: "New password (at least 10 characters): ")
    static let repeatPasswordPrompt = LocalizedText(uk: "Повторіть пароль: ", en: "Repeat the password: ")
    static let noPassword = LocalizedText(uk: "Пароль не введено.", en: "No password was given.")
    static let passwordsDiffer = LocalizedText(
        uk: "Паролі не збігаються; нічого не змінено. Спробуйте ще раз.",
        en: "The passwords do not match; nothing was changed. Try again."
    )
    static let notAnInvitationLink = LocalizedText(
        uk: "Це не посилання із запрошення: дайте посилання з листа (…/activate?t=…) або лише токен після t=.",
        en: "This is not an invitation link: give the link from the letter (…/activate?t=…) or only the token after t=."
    )
    static let invitationExpired = LocalizedText(
        uk: "Посилання більше не діє (його вже використано, замінено новим або минуло 14 днів). Попросіть свій центр надіслати нове запрошення; якщо пароль уже задано — hromada login.",
        en: "The link no longer works (it was used, replaced by a newer one, or 14 days have passed). Ask your centre to send a new invitation; if you have already set a password, run hromada login."
    )
    static func activated(_ name: String, email: String) -> LocalizedText {
        LocalizedText(
            uk: "Пароль задано. Вітаємо, \(name)! Ви увійшли як \(email).",
            en: "Your password is set. Welcome, \(name)! You are signed in as \(email)."
        )
    }

    static let currentPasswordPrompt = LocalizedText(uk: "Поточний пароль: ", en: "Current password: ")
    static let passwordChanged = LocalizedText(
        uk: "Пароль змінено. Цей сеанс триває; інші ваші сеанси завершено.",
        en: "Your password is changed. This session goes on; your other sessions have ended."
    )
    static func resetRequested(_ email: String) -> LocalizedText {
        LocalizedText(
            uk: "Якщо \(email) належить активному обліковому запису, на цю адресу надіслано лист із посиланням (діє одну годину). Відкрийте його в браузері й задайте новий пароль.",
            en: "If \(email) belongs to an active account, a letter with a link (valid for one hour) is on its way to it. Open it in a browser and set a new password."
        )
    }

    static func accountStatus(_ status: AccountStatus) -> LocalizedText {
        switch status {
        case .invited: LocalizedText(uk: "запрошено", en: "invited")
        case .active: LocalizedText(uk: "активний", en: "active")
        case .deactivated: LocalizedText(uk: "вимкнено", en: "deactivated")
        }
    }

    static func noSuchPerson(_ who: String) -> LocalizedText {
        LocalizedText(
            uk: "Людину \(who) не знайдено серед людей центру (для іншого центру додайте --centre КОД).",
            en: "No person \(who) among the centre's people (for another centre add --centre CODE)."
        )
    }
    static func invitationSent(_ email: String, until: Date) -> LocalizedText {
        LocalizedText(
            uk: "Запрошення для \(email) поставлено в чергу; посилання діє до \(KyivCalendar.dateTime(until, .uk)), попереднє більше не діє.",
            en: "An invitation for \(email) is queued; the link works until \(KyivCalendar.dateTime(until, .en)) and the one before no longer does."
        )
    }
    static func deactivated(_ email: String) -> LocalizedText {
        LocalizedText(
            uk: "Обліковий запис \(email) вимкнено: увійти не можна, сеанси й посилання більше не діють; дані збережено.",
            en: "The account of \(email) is deactivated: no sign-in, its sessions and links have ended; its record is kept."
        )
    }
    static func reactivated(_ user: User) -> LocalizedText {
        user.status == .invited
            ? LocalizedText(uk: "Обліковий запис \(user.email) знову відкрито; пароля ще немає — надішліть запрошення: hromada users invite \(user.email).",
                            en: "The account of \(user.email) is open again; it has no password yet, so send an invitation: hromada users invite \(user.email).")
            : LocalizedText(uk: "Обліковий запис \(user.email) знову активний.", en: "The account of \(user.email) is active again.")
    }
    static func people(_ n: Int) -> LocalizedText {
        count(n, uk: ("людина", "людини", "людей"), en: ("person", "people"))
    }

    static func added(_ user: User) -> LocalizedText {
        user.status == .invited
            ? LocalizedText(uk: "Додано \(user.fullName) (\(user.email)) до центру \(user.centre); запрошення з посиланням для входу поставлено в чергу (діє 14 днів). Id: \(user.id.lowercasedText)",
                            en: "Added \(user.fullName) (\(user.email)) to centre \(user.centre); an invitation with a sign-in link is queued (valid for 14 days). Id: \(user.id.lowercasedText)")
            : LocalizedText(uk: "Додано \(user.fullName) (\(user.email)) до центру \(user.centre). Id: \(user.id.lowercasedText)",
                            en: "Added \(user.fullName) (\(user.email)) to centre \(user.centre). Id: \(user.id.lowercasedText)")
    }
    static func imported(_ result: UserImportResult) -> LocalizedText {
        let created = count(result.created, uk: ("людину", "людини", "людей"), en: ("person", "people"))
        let known = count(result.unchanged, uk: ("людина", "людини", "людей"), en: ("person", "people"))
        return LocalizedText(
            uk: "Додано \(created.uk), кожній поставлено в чергу запрошення; вже були: \(known.uk) (без змін).",
            en: "Added \(created.en), each with an invitation queued; already known: \(known.en) (unchanged)."
        )
    }
    static func inviteHint(_ email: String) -> LocalizedText {
        LocalizedText(uk: "Пароля ще немає. Нове запрошення: hromada users invite \(email)",
                      en: "No password yet. A new invitation: hromada users invite \(email)")
    }
    /// One person, a field a line.
    static func personCard(_ user: User, _ lang: Language) -> String {
        let labels = lang == .uk
            ? ["Імʼя", "Пошта", "Стан", "Центр", "Громада", "Посада", "Категорія", "Ролі", "Створено", "Id"]
            : ["Name", "Email", "Status", "Centre", "Hromada", "Position", "Category", "Roles", "Created", "Id"]
        let category = user.category == .deputy ? (lang == .uk ? "депутат" : "deputy") : (lang == .uk ? "посадова особа" : "official")
        let values = [user.fullName, user.email, accountStatus(user.status).text(lang), user.centre, user.hromada, user.position,
                      category, user.roles.map { roleName($0).text(lang) }.joined(separator: ", "),
                      KyivCalendar.dateTime(user.createdAt, lang), user.id.lowercasedText]
        let width = labels.map(\.count).max() ?? 0
        return zip(labels, values).map { $0.0 + ":" + String(repeating: " ", count: width - $0.0.count + 1) + $0.1 }.joined(separator: "\n")
    }
}
