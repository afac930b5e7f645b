import Foundation
import HromadaAPI
import HromadaDomain

/// What `hromada quiz`, `hromada grading` and `hromada regrade` say, in Ukrainian and English.
extension Messages {
    // MARK: Starting

    static func notEnrolled(_ slug: String) -> LocalizedText {
        LocalizedText(uk: "Ви не записані на курс \(slug). Запишіться: hromada enrol \(slug)",
                      en: "You are not enrolled in \(slug). Enrol first: hromada enrol \(slug)")
    }
    static func noSuchQuiz(_ quiz: String, slug: String, known: [String]) -> LocalizedText {
        let list = known.joined(separator: ", ")
        return LocalizedText(uk: "У курсі \(slug) немає тесту \(quiz). Тести курсу: \(list).",
                             en: "The course \(slug) has no quiz \(quiz). Its quizzes: \(list).")
    }
    static func seeProgress(_ slug: String) -> LocalizedText {
        LocalizedText(uk: "Свій результат дивіться: hromada progress \(slug)", en: "See your result: hromada progress \(slug)")
    }
    static func attemptStarted(_ number: Int, allowed: Int) -> LocalizedText {
        allowed > 0
            ? LocalizedText(uk: "Розпочато спробу \(number) з \(allowed).", en: "Attempt \(number) of \(allowed) started.")
            : LocalizedText(uk: "Розпочато спробу \(number).", en: "Attempt \(number) started.")
    }
    static func attemptResumed(_ number: Int, answered: Int, of total: Int) -> LocalizedText {
        LocalizedText(uk: "Продовжуємо спробу \(number): збережено відповіді на \(answered) з \(questions(total).uk).",
                      en: "Resuming attempt \(number): \(answered) of \(questions(total).en) answered.")
    }
    static func questions(_ n: Int) -> LocalizedText {
        count(n, uk: ("питання", "питання", "питань"), en: ("question", "questions"))
    }
    static let keys = LocalizedText(
        uk: "Enter — пропустити, b або н — назад, - — стерти відповідь, q або Ctrl-C — вийти (відповіді збережено).",
        en: "Enter skips, b goes back, - clears the answer, q or Ctrl-C quits (answers are saved).")

    /// Before a new attempt at a quiz already passed.
    static func alreadyPassed(_ quiz: Enrolment.QuizState, slug: String) -> LocalizedText {
        let grade = quiz.grade.map { String(format: " (%.2f%%)", $0) } ?? ""
        let next = quiz.attemptsUsed + 1
        let which = quiz.attemptsAllowed > 0
            ? (uk: "спробою \(next) з \(quiz.attemptsAllowed)", en: "attempt \(next) of \(quiz.attemptsAllowed)")
            : (uk: "спробою \(next)", en: "attempt \(next)")
        return LocalizedText(
            uk: "Тест «\(quiz.title)» уже складено\(grade). Нова спроба стане \(which.uk) і одразу запустить таймер, якщо тест обмежено в часі.",
            en: "You have already passed “\(quiz.title)”\(grade). A new attempt would be \(which.en) and starts its timer at once if the quiz is timed."
        )
    }
    static let startAnother = LocalizedText(uk: "Почати нову спробу? (т/Н) ", en: "Start a new attempt? (y/N) ")
    static func noNewAttempt(_ slug: String, _ quiz: String) -> LocalizedText {
        LocalizedText(
            uk: "Нову спробу не розпочато; нічого не змінено. Результати: hromada progress \(slug). Без запитання: hromada quiz \(slug) \(quiz) --yes",
            en: "No new attempt was started; nothing changed. Results: hromada progress \(slug). Without the question: hromada quiz \(slug) \(quiz) --yes"
        )
    }

    // MARK: Asking

    static func questionHeader(_ n: Int, of total: Int, points: String, left: String?) -> LocalizedText {
        let time = left.map { (uk: " · залишилось \($0)", en: " · \($0) left") }
        return LocalizedText(uk: "── Питання \(n) з \(total) · \(points)\(time?.uk ?? "") ──",
                             en: "── Question \(n) of \(total) · \(points)\(time?.en ?? "") ──")
    }
    static func points(_ x: Double) -> LocalizedText {
        guard x == x.rounded(), let n = Int(exactly: x) else {
            return LocalizedText(uk: "\(HromadaCommand.Courses.number(x)) бала", en: "\(HromadaCommand.Courses.number(x)) points")
        }
        return count(n, uk: ("бал", "бали", "балів"), en: ("point", "points"))
    }
    static func underAMinute(_ left: String) -> LocalizedText {
        LocalizedText(uk: "⚠ Залишилося менше хвилини (\(left))! Зараховано буде те, що збережено до кінця часу.",
                      en: "⚠ Less than a minute left (\(left))! What is saved before the time is up counts.")
    }
    static func saved(_ answer: String) -> LocalizedText {
        LocalizedText(uk: "Збережена відповідь: \(answer)", en: "Saved answer: \(answer)")
    }
    static let promptSingle = LocalizedText(uk: "Номер варіанта: ", en: "Option number: ")
    static let promptMultiple = LocalizedText(uk: "Номери варіантів через кому (напр. 1,3): ", en: "Option numbers, comma-separated (e.g. 1,3): ")
    static let promptTrueFalse = LocalizedText(uk: "Так чи ні? (т/н, 1/2; назад — b): ", en: "True or false? (y/n, 1/2): ")
    static let promptOrdering = LocalizedText(uk: "Номери в правильному порядку (напр. 3 1 2): ", en: "The numbers in the right order (e.g. 3 1 2): ")
    static let promptShort = LocalizedText(uk: "Відповідь: ", en: "Answer: ")
    static let promptNumeric = LocalizedText(uk: "Число: ", en: "Number: ")
    static let promptEssay = LocalizedText(uk: "Текст есе (завершіть порожнім рядком):", en: "Your essay (end with an empty line):")
    static let matchingHint = LocalizedText(
        uk: "Для кожного пункту вкажіть номер відповідника зі списку вище (Enter — лишити як є):",
        en: "For each item give the number of its match in the list above (Enter keeps it as it is):")
    static let trueWord = LocalizedText(uk: "так", en: "true")
    static let falseWord = LocalizedText(uk: "ні", en: "false")
    static let firstQuestion = LocalizedText(uk: "Це перше питання.", en: "This is the first question.")
    static func badNumber(_ max: Int) -> LocalizedText {
        LocalizedText(uk: "Потрібен номер від 1 до \(max).", en: "A number from 1 to \(max) is needed.")
    }
    static let badNumbers = LocalizedText(uk: "Потрібні номери варіантів, кожен один раз.", en: "Option numbers are needed, each once.")
    static func badOrder(_ max: Int) -> LocalizedText {
        LocalizedText(uk: "Потрібні всі номери від 1 до \(max), кожен один раз.", en: "Every number from 1 to \(max) is needed, each once.")
    }
    static let badBool = LocalizedText(uk: "Відповідайте т (так) або н (ні).", en: "Answer y (true) or n (false).")
    static let badDecimal = LocalizedText(uk: "Потрібне число, наприклад 12 або 2,5.", en: "A number is needed, e.g. 12 or 2.5.")
    static func refused(_ message: String) -> LocalizedText {
        LocalizedText(uk: "Відповідь не прийнято: \(message)", en: "The answer was not accepted: \(message)")
    }

    // MARK: Finishing

    static func summary(answered: Int, total: Int, unanswered: [Int]) -> LocalizedText {
        if unanswered.isEmpty {
            return LocalizedText(uk: "Ви відповіли на всі \(questions(total).uk).", en: "You answered all \(questions(total).en).")
        }
        let list = unanswered.map(String.init).joined(separator: ", ")
        return LocalizedText(uk: "Відповіді: \(answered) з \(total). Без відповіді: \(list).",
                             en: "Answered: \(answered) of \(total). Unanswered: \(list).")
    }
    static func timeLeft(_ left: String) -> LocalizedText {
        LocalizedText(uk: "Залишилось часу: \(left).", en: "Time left: \(left).")
    }
    static let confirmSubmit = LocalizedText(
        uk: "Подати спробу? Після цього відповіді змінити не можна. (т — подати, н — повернутися, номер — до питання, q — вийти): ",
        en: "Submit the attempt? Answers cannot be changed afterwards. (y submits, n goes back, a number opens that question, q quits): ")
    static func paused(_ slug: String, _ quiz: String, answered: Int, total: Int) -> LocalizedText {
        LocalizedText(uk: "Відповіді збережено (\(answered) з \(total)); спробу не подано. Продовжити: hromada quiz \(slug) \(quiz)",
                      en: "Answers saved (\(answered) of \(total)); the attempt is not submitted. To go on: hromada quiz \(slug) \(quiz)")
    }
    static func retrying(_ seconds: Int) -> LocalizedText {
        LocalizedText(uk: "Немає зв'язку із сервером; пробую ще раз за \(seconds) с…", en: "No connection to the server; trying again in \(seconds) s…")
    }
    static func connectionLost(_ slug: String, _ quiz: String, answered: Int, total: Int) -> LocalizedText {
        LocalizedText(uk: "Зв'язок із сервером втрачено. Збережені відповіді (\(answered) з \(total)) не загубляться, остання — не збережена; час спроби йде на сервері. Коли зв'язок повернеться: hromada quiz \(slug) \(quiz)",
                      en: "The connection to the server is lost. The saved answers (\(answered) of \(total)) are kept, the last one is not saved; the attempt's time runs on the server. When the connection is back: hromada quiz \(slug) \(quiz)")
    }
    static let timeUp = LocalizedText(uk: "Час вийшов: спробу завершено з відповідями, збереженими до кінця часу.",
                                      en: "Time is up: the attempt was closed with the answers saved before the deadline.")
    static let closedElsewhere = LocalizedText(uk: "Цю спробу вже подано (можливо, в іншому вікні).",
                                               en: "This attempt has already been submitted (perhaps in another window).")

    // MARK: Results

    static func resultLine(score: String, max: String, percent: String, passed: Bool, pass: String) -> LocalizedText {
        passed
            ? LocalizedText(uk: "Результат: \(score) з \(max) (\(percent)) — складено (поріг \(pass)).",
                            en: "Result: \(score) of \(max) (\(percent)) — passed (pass mark \(pass)).")
            : LocalizedText(uk: "Результат: \(score) з \(max) (\(percent)) — не складено (поріг \(pass)).",
                            en: "Result: \(score) of \(max) (\(percent)) — not passed (pass mark \(pass)).")
    }
    static let awaitingTrainer = LocalizedText(
        uk: "Спробу подано. Есе перевірить тренер; результат зʼявиться після перевірки.",
        en: "The attempt is submitted. A trainer will grade the essays; the result follows.")
    static let abandoned = LocalizedText(
        uk: "Час вийшов, а цей тест не зараховує спробу після завершення часу.",
        en: "Time ran out, and this quiz does not count an attempt once its time is up.")
    static let scoreOnly = LocalizedText(uk: "Цей тест показує лише загальний результат.", en: "This quiz shows the overall result only.")
    static func attemptsUsed(_ used: Int, of allowed: Int) -> LocalizedText {
        LocalizedText(uk: "Використано спроб: \(used) з \(allowed).", en: "Attempts used: \(used) of \(allowed).")
    }
    static func outcome(_ outcome: Attempt.ReviewItem.Outcome) -> LocalizedText {
        switch outcome {
        case .correct: LocalizedText(uk: "✓ правильно", en: "✓ correct")
        case .partial: LocalizedText(uk: "◐ частково", en: "◐ partly correct")
        case .incorrect: LocalizedText(uk: "✗ неправильно", en: "✗ incorrect")
        case .unanswered: LocalizedText(uk: "– без відповіді", en: "– unanswered")
        case .needsGrading: LocalizedText(uk: "… чекає на перевірку", en: "… awaiting a trainer")
        }
    }
    static func trainerComment(_ text: String) -> LocalizedText {
        LocalizedText(uk: "Коментар тренера: \(text)", en: "Trainer's comment: \(text)")
    }
    static func stateName(_ state: Attempt.State) -> LocalizedText {
        switch state {
        case .inProgress: LocalizedText(uk: "триває", en: "in progress")
        case .needsGrading: LocalizedText(uk: "чекає на перевірку", en: "awaiting grading")
        case .finished: LocalizedText(uk: "завершено", en: "finished")
        case .abandoned: LocalizedText(uk: "не зараховано", en: "abandoned")
        }
    }

    // MARK: Grading

    static func attemptState(_ state: Attempt.State) -> LocalizedText {
        let name = stateName(state)
        return LocalizedText(uk: "Стан спроби: \(name.uk).", en: "Attempt state: \(name.en).")
    }
    static func queueCount(_ n: Int) -> LocalizedText {
        let attempts = count(n, uk: ("спроба", "спроби", "спроб"), en: ("attempt", "attempts"))
        let verb = n % 10 == 1 && n % 100 != 11 ? "чекає" : "чекають"
        return LocalizedText(uk: "\(attempts.uk) \(verb) на перевірку", en: "\(attempts.en) awaiting grading")
    }
    static let queueEmpty = LocalizedText(uk: "Немає спроб, що чекають на перевірку.", en: "No attempts are waiting for grading.")
    static func noAttemptWithPrefix(_ prefix: String) -> LocalizedText {
        LocalizedText(uk: "У черзі немає спроби, що починається з \(prefix); вкажіть повний ідентифікатор.",
                      en: "No attempt in the queue starts with \(prefix); give the full id.")
    }
    static func ambiguousPrefix(_ prefix: String) -> LocalizedText {
        LocalizedText(uk: "З \(prefix) починається кілька спроб; додайте ще символів.",
                      en: "Several attempts start with \(prefix); add more characters.")
    }
    static let noEssays = LocalizedText(uk: "У цій спробі немає есе.", en: "This attempt has no essays.")
    static let noAnswer = LocalizedText(uk: "(без відповіді)", en: "(no answer)")
    static let learnerAnswer = LocalizedText(uk: "Відповідь слухача:", en: "The learner's answer:")
    static func awarded(_ points: String, of max: String) -> LocalizedText {
        LocalizedText(uk: "оцінено: \(points) з \(max)", en: "graded: \(points) of \(max)")
    }
    static let notGraded = LocalizedText(uk: "ще не оцінено", en: "not graded yet")
    static func gradeHint(_ attempt: String, _ question: String) -> LocalizedText {
        LocalizedText(uk: "Оцінити: hromada grading grade \(attempt) \(question) БАЛИ --comment \"…\"",
                      en: "To grade: hromada grading grade \(attempt) \(question) POINTS --comment \"…\"")
    }
    static func graded(_ question: String, _ points: String, of max: String) -> LocalizedText {
        LocalizedText(uk: "Есе \(question) оцінено: \(points) з \(max).", en: "Essay \(question) graded: \(points) of \(max).")
    }
    static func badPoints(_ text: String) -> LocalizedText {
        LocalizedText(uk: "Бали «\(text)» — не число; приклад: 4 або 2,5.", en: "The points '\(text)' are not a number; e.g. 4 or 2.5.")
    }

    // MARK: Regrading

    static func regraded(_ n: Int, changed: Int) -> LocalizedText {
        let attempts = count(n, uk: ("спробу", "спроби", "спроб"), en: ("attempt", "attempts"))
        return LocalizedText(uk: "Переоцінено \(attempts.uk); змінено результатів: \(changed).",
                             en: "Regraded \(attempts.en); results changed: \(changed).")
    }
    static func newlyCompleted(_ ids: [String]) -> LocalizedText {
        LocalizedText(uk: "Завершили курс завдяки переоцінці (\(ids.count)): \(ids.joined(separator: ", "))",
                      en: "Completed the course thanks to the regrade (\(ids.count)): \(ids.joined(separator: ", "))")
    }
    static func toReview(_ ids: [String]) -> LocalizedText {
        LocalizedText(uk: "Курс завершено, але тест тепер не складено — перегляньте (\(ids.count)): \(ids.joined(separator: ", "))",
                      en: "Completed, but the quiz is no longer passed — to review (\(ids.count)): \(ids.joined(separator: ", "))")
    }
}
