import HromadaDomain

/// A small valid pack to start a new course from (`hromada pack new SLUG`): one module, two
/// lessons, a module quiz and a final test drawing from a GIFT bank.
public enum PackTemplate {
    /// What the starter manifest says until its author writes their own (``PackValidator/placeholders(_:)``).
    public static let placeholderSummary = "Короткий опис курсу для каталогу: для кого він і чого навчить."
    public static let placeholderAuthor = "Ім'я Автора"
    public static let placeholderTag = "чернетка"

    /// `text` as a YAML double-quoted scalar (found in review: written bare, a title such as `A: B`
    /// made the manifest invalid): a JSON string is one, escapes and all.
    static func quoted(_ text: String) -> String {
        String(decoding: JCS.encode(.string(text)), as: UTF8.self)
    }

    public static func files(slug: String, title: String) -> [String: String] {
        [
            "course.yaml": """
                format: hromada-pack/1
                slug: \(slug)
                version: 0.1.0
                language: uk
                title: \(quoted(title))
                summary: >
                  Короткий опис курсу для каталогу: для кого він і чого навчить.
                audience: [official, deputy]
                hours: 6
                programme: short-term
                authors:
                  - name: Ім'я Автора
                tags: [чернетка]
                modules:
                  - id: basics
                    title: Основи
                    items:
                      - lesson: lessons/01-intro.md
                      - lesson: lessons/02-practice.md
                      - quiz: quizzes/check.yaml
                      - quiz: quizzes/final.yaml
                completion:
                  lessons: all
                  quizzes: [final]
                certificate: true

                """,
            "lessons/01-intro.md": """
                ---
                id: intro
                title: Вступ
                minutes: 10
                ---
                # Вступ

                Напишіть тут, навіщо цей курс посадовим особам і депутатам і чого слухач
                навчиться. Markdown: **жирний**, *курсив*, списки, таблиці, [посилання](https://zakon.rada.gov.ua).

                """,
            "lessons/02-practice.md": """
                ---
                id: practice
                title: Практика
                minutes: 15
                ---
                # Практика

                1. Опишіть ситуацію з життя громади.
                2. Покажіть, як її розвʼязати за законом.

                """,
            "quizzes/check.yaml": """
                id: check
                title: Самоперевірка
                pass_percent: 60
                max_attempts: 0
                review: after_submit
                questions:
                  - id: first-question
                    type: single
                    text: Хто затверджує бюджет громади?
                    options:
                      - { text: Рада, correct: true, feedback: "Так: бюджет затверджує рада." }
                      - { text: Староста }
                  - id: second-question
                    type: true_false
                    text: Рішення ради оприлюднюють.
                    answer: true

                """,
            "quizzes/final.yaml": """
                id: final
                title: Підсумковий тест
                pass_percent: 70
                max_attempts: 3
                time_limit_minutes: 20
                when_time_expires: autosubmit
                grading: highest
                shuffle_questions: true
                shuffle_options: true
                draw: 2
                review: score_only
                import:
                  - quizzes/bank.gift

                """,
            "quizzes/bank.gift": """
                // Банк питань підсумкового тесту (формат Moodle GIFT).

                ::council-approves-budget:: Хто затверджує місцевий бюджет? {=рада ~виконавчий комітет ~староста}

                ::decisions-published:: Рішення ради оприлюднюють. {T}

                ::ects-hours:: Скільки годин становить 1 кредит ЄКТС? {#30:0}

                """,
        ]
    }
}
