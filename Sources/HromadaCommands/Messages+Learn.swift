import Foundation
import HromadaDomain

/// What `hromada learn`, `course download`, `sync` and `progress` say.
extension Messages {
    /// A time as the learner reads it: local, to the minute.
    static func when(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    static func lessons(_ n: Int) -> LocalizedText { count(n, uk: ("урок", "уроки", "уроків"), en: ("lesson", "lessons")) }
    static func marks(_ n: Int) -> LocalizedText {
        count(n, uk: ("позначку уроку", "позначки уроків", "позначок уроків"), en: ("lesson completion", "lesson completions"))
    }

    static func unreachableNoCopy(_ slug: String) -> LocalizedText {
        LocalizedText(uk: "Сервер недоступний, а завантаженої копії курсу \(slug) немає: коли буде зв'язок, виконайте hromada course download \(slug).",
                      en: "The server cannot be reached and there is no downloaded copy of \(slug): when online, run hromada course download \(slug).")
    }
    static func noCopy(_ slug: String) -> LocalizedText {
        LocalizedText(uk: "Завантаженої копії курсу \(slug) немає: виконайте hromada course download \(slug).",
                      en: "There is no downloaded copy of \(slug): run hromada course download \(slug).")
    }
    static func readingCopy(_ at: Date) -> LocalizedText {
        LocalizedText(uk: "Сервер недоступний: читаю копію, завантажену \(when(at)). Позначки уроків надішлю, щойно буде зв'язок.",
                      en: "The server cannot be reached: reading the copy downloaded \(when(at)). Lesson completions will be sent once online.")
    }
    static let offlineNotice = LocalizedText(uk: "Без зв'язку: читаю завантажену копію; позначки надішлю пізніше.",
                                             en: "Offline: reading the downloaded copy; completions will be sent later.")
    static func alreadyComplete(_ at: Date) -> LocalizedText {
        LocalizedText(uk: "Урок уже позначено пройденим (\(when(at))).", en: "This lesson is already complete (\(when(at))).")
    }
    static let markedComplete = LocalizedText(uk: "Урок позначено пройденим.", en: "Lesson marked complete.")
    static let markedOffline = LocalizedText(uk: "Урок позначено пройденим без зв'язку; надішлю, щойно сервер відповість (hromada sync).",
                                             en: "Lesson marked complete offline; it will be sent once the server answers (hromada sync).")
    static let notMarked = LocalizedText(uk: "Не вдалося позначити урок.", en: "The lesson could not be marked.")
    static let lastLesson = LocalizedText(uk: "Це останній урок курсу.", en: "This is the course's last lesson.")
    static func finalTestNext(_ slug: String, _ quiz: String, title: String) -> LocalizedText {
        LocalizedText(uk: "Це останній урок курсу. Далі — тест «\(title)»: hromada quiz \(slug) \(quiz)",
                      en: "This is the course's last lesson. Next, the test “\(title)”: hromada quiz \(slug) \(quiz)")
    }
    static func outlineQuizzes(_ slug: String) -> LocalizedText {
        LocalizedText(uk: "Тести (hromada quiz \(slug) ID):", en: "Quizzes (hromada quiz \(slug) ID):")
    }
    static func takeQuiz(_ slug: String, _ quiz: String) -> LocalizedText {
        LocalizedText(uk: "Пройти тест: hromada quiz \(slug) \(quiz) (id — у дужках)", en: "Take a quiz: hromada quiz \(slug) \(quiz) (the id is in brackets)")
    }
    static let firstLesson = LocalizedText(uk: "Це перший урок курсу.", en: "This is the course's first lesson.")
    static func outlinePrompt(_ n: Int) -> LocalizedText {
        LocalizedText(uk: "Зміст: введіть номер уроку (1–\(n)) і Enter; Esc — назад.", en: "Outline: type a lesson number (1–\(n)) and Enter; Esc goes back.")
    }
    static let queuedLegend = LocalizedText(uk: "✓* — позначено без зв'язку, ще не надіслано.", en: "✓* — marked offline, not yet sent.")
    static let pagerKeys = LocalizedText(uk: "↑↓/пробіл гортати  n наступний  p попередній  o зміст  c пройдено  q вихід",
                                         en: "↑↓/space scroll  n next  p previous  o outline  c complete  q quit")
    static let outlineKeys = LocalizedText(uk: "цифри й Enter — відкрити урок  Esc — назад  q — вихід", en: "digits and Enter open a lesson  Esc back  q quit")

    static func synced(_ n: Int) -> LocalizedText {
        let marks = marks(n)
        // The participle agrees with no count when it comes first: "зроблені без зв'язку позначки" would
        // need 1 позначку / 2 позначки / 5 позначок of its own.
        return LocalizedText(uk: "Надіслано \(marks.uk) (зроблено без зв'язку).", en: "Sent \(marks.en) made offline.")
    }
    static let nothingToSync = LocalizedText(uk: "Надсилати нічого: усі позначки вже на сервері.", en: "Nothing to send: every completion is on the server.")
    static func syncUnreachable(_ n: Int) -> LocalizedText {
        // Nominative here ("1 позначка … чекає"), not the accusative of "надіслано 1 позначку".
        let waiting = count(n, uk: ("позначка уроку", "позначки уроків", "позначок уроків"), en: ("lesson completion", "lesson completions"))
        let one = n % 10 == 1 && n % 100 != 11
        return LocalizedText(uk: "Сервер недоступний; \(waiting.uk) \(one ? "чекає" : "чекають") на надсилання.",
                             en: "The server cannot be reached; \(waiting.en) \(n == 1 ? "is" : "are") waiting to be sent.")
    }
    static func downloaded(title: String, version: String, lessons n: Int, files: Int, folder: String) -> LocalizedText {
        let l = lessons(n), f = count(files, uk: ("файл", "файли", "файлів"), en: ("file", "files"))
        return LocalizedText(uk: "Завантажено «\(title)» (версія \(version)): \(l.uk), \(f.uk) — у \(folder).",
                             en: "Downloaded “\(title)” (version \(version)): \(l.en), \(f.en) — in \(folder).")
    }
}
