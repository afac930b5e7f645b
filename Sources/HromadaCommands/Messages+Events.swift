import Foundation
import HromadaAPI
import HromadaDomain

/// What `hromada events`, `hromada event …` and `hromada check-in` say, in Ukrainian and English.
extension Messages {
    static func kindName(_ kind: Event.Kind) -> LocalizedText {
        switch kind {
        case .seminar: LocalizedText(uk: "семінар", en: "seminar")
        case .workshop: LocalizedText(uk: "тренінг", en: "workshop")
        case .webinar: LocalizedText(uk: "вебінар", en: "webinar")
        case .studyVisit: LocalizedText(uk: "навчальний візит", en: "study visit")
        case .internship: LocalizedText(uk: "стажування", en: "internship")
        case .conference: LocalizedText(uk: "конференція", en: "conference")
        }
    }

    static func eventStatus(_ status: Event.Status) -> LocalizedText {
        switch status {
        case .draft: LocalizedText(uk: "чернетка", en: "draft")
        case .published: LocalizedText(uk: "опубліковано", en: "published")
        case .cancelled: LocalizedText(uk: "скасовано", en: "cancelled")
        case .closed: LocalizedText(uk: "завершено", en: "closed")
        }
    }

    static func registrationStatus(_ r: EventRegistration.Status, position: Int?) -> LocalizedText {
        switch r {
        case .registered: LocalizedText(uk: "зареєстровано", en: "registered")
        case .waitlisted: LocalizedText(uk: "у листі очікування (місце \(position ?? 0))", en: "on the waiting list (place \(position ?? 0))")
        case .cancelled: LocalizedText(uk: "скасовано", en: "cancelled")
        }
    }

    static let noEvents = LocalizedText(uk: "Подій за цими умовами немає.", en: "No events match.")
    static func events(_ n: Int) -> LocalizedText { count(n, uk: ("подія", "події", "подій"), en: ("event", "events")) }
    static func seats(_ e: Event) -> LocalizedText {
        LocalizedText(uk: "\(e.seats.registered)/\(e.capacity), очікують \(e.seats.waitlisted)", en: "\(e.seats.registered)/\(e.capacity), \(e.seats.waitlisted) waiting")
    }
    static func badEventID(_ text: String) -> LocalizedText {
        LocalizedText(uk: "«\(text.prefix(60))» не є ідентифікатором події (його показує hromada events).",
                      en: "'\(text.prefix(60))' is not an event id (hromada events shows them).")
    }

    static func registered(_ r: EventRegistration, title: String) -> LocalizedText {
        switch r.status {
        case .registered:
            LocalizedText(uk: "Вас зареєстровано на «\(title)».", en: "You are registered for “\(title)”.")
        case .waitlisted:
            LocalizedText(uk: "Місць немає: ви в листі очікування, місце \(r.position ?? 0). Коли хтось скасує реєстрацію, місце перейде до першого в листі.",
                          en: "No seats left: you are on the waiting list, place \(r.position ?? 0). When someone cancels, the first waiting takes the seat.")
        case .cancelled:
            LocalizedText(uk: "Реєстрацію скасовано.", en: "The registration is cancelled.")
        }
    }
    static let registrationCancelled = LocalizedText(
        uk: "Вашу реєстрацію скасовано; якщо хтось чекав, місце вже перейшло до нього.",
        en: "Your registration is cancelled; if someone was waiting, the seat is theirs now.")
    static func checkedIn(session: Int, at: Date) -> LocalizedText {
        LocalizedText(uk: "Вас відмічено на занятті \(session) (\(KyivCalendar.dateTime(at, .uk))).",
                      en: "You are checked in to session \(session) (\(KyivCalendar.dateTime(at, .en))).")
    }
    static let noOpenSession = LocalizedText(
        uk: "Зараз жодне заняття цієї події не відкрите для відмітки: вкажіть --session N.",
        en: "No session of this event is open for check-in now: give --session N.")
    static func badCode(_ text: String) -> LocalizedText {
        LocalizedText(uk: "«\(text.prefix(20))» не схоже на код: це шість цифр з екрана в залі.",
                      en: "'\(text.prefix(20))' does not look like a code: it is the six digits on the screen in the room.")
    }

    static func eventCreated(_ e: Event) -> LocalizedText {
        LocalizedText(uk: "Чернетку «\(e.title)» створено (\(e.id.lowercasedText)). Опублікуйте її: hromada event publish \(e.id.lowercasedText)",
                      en: "The draft “\(e.title)” is created (\(e.id.lowercasedText)). Publish it: hromada event publish \(e.id.lowercasedText)")
    }
    static func eventMoved(_ e: Event) -> LocalizedText {
        LocalizedText(uk: "«\(e.title)»: \(eventStatus(e.status).uk).", en: "“\(e.title)”: \(eventStatus(e.status).en).")
    }
    static func eventClosed(_ c: EventClosing) -> LocalizedText {
        if c.closing.alreadyClosed {
            return LocalizedText(uk: "Подію вже було завершено: нічого не змінилося.", en: "The event was already closed: nothing changed.")
        }
        return LocalizedText(
            uk: "Подію завершено: години й кредити зараховано — \(count(c.closing.credited, uk: ("особа", "особи", "осіб"), en: ("person", "people")).uk); сертифікатів: \(c.closing.certificates).",
            en: "The event is closed: hours and credits went to \(count(c.closing.credited, uk: ("особа", "особи", "осіб"), en: ("person", "people")).en); certificates: \(c.closing.certificates).")
    }
    static func listRegistered(_ r: EventRegistrationReport) -> LocalizedText {
        LocalizedText(uk: "Зареєстровано: \(r.registered), у листі очікування: \(r.waitlisted).",
                      en: "Registered: \(r.registered), on the waiting list: \(r.waitlisted).")
    }
    static func attendanceSet(_ r: AttendanceReport) -> LocalizedText {
        LocalizedText(uk: "Заняття \(r.session): присутні \(r.present.count) (додано \(r.added), прибрано \(r.removed)).",
                      en: "Session \(r.session): \(r.present.count) present (\(r.added) added, \(r.removed) removed).")
    }
    static func badFile(_ file: String, _ why: String) -> LocalizedText {
        LocalizedText(uk: "Файл \(file) не прочитано: \(why).", en: "The file \(file) could not be read: \(why).")
    }
    static func checkInScreen(session: Int, title: String) -> LocalizedText {
        LocalizedText(uk: "Відмітка на занятті \(session) — \(title)", en: "Check-in, session \(session) — \(title)")
    }
    static func checkInHint(_ id: String, session: Int) -> LocalizedText {
        LocalizedText(uk: "Введіть у себе: hromada check-in \(id) КОД --session \(session)",
                      en: "Type on your own: hromada check-in \(id) CODE --session \(session)")
    }
    static func secondsLeft(_ n: Int) -> LocalizedText {
        LocalizedText(uk: "Код зміниться за \(n) с · Ctrl-C — вийти", en: "The code changes in \(n) s · Ctrl-C to quit")
    }
}
