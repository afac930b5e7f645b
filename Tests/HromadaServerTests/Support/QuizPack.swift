import Foundation
import HromadaPacks

/// A one-lesson course pack around quizzes written in a test, zipped for `POST /api/v1/course-packs`.
enum QuizPack {
    static func zip(
        slug: String = "quiz-lab", version: String = "1.0.0", quizzes: [String: String], completionQuizzes: [String]? = nil,
        certificate: Bool = false
    ) throws -> [UInt8] {
        let files = files(slug: slug, version: version, quizzes: quizzes, completionQuizzes: completionQuizzes, certificate: certificate)
        return try PackFiles(files: files).zipped(paths: files.keys)
    }

    /// The pack's files, before zipping.
    static func files(
        slug: String = "quiz-lab", version: String = "1.0.0", quizzes: [String: String], completionQuizzes: [String]? = nil,
        certificate: Bool = false
    ) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let ids = quizzes.keys.sorted()
        files["course.yaml"] = Array("""
            format: hromada-pack/1
            slug: \(slug)
            version: \(version)
            language: uk
            title: Лабораторія тестів
            summary: Курс для перевірки тестів.
            audience: [official]
            hours: 6
            programme: short-term
            modules:
              - id: m
                title: Модуль
                items:
                  - lesson: lessons/l.md
            \(ids.map { "      - quiz: quizzes/\($0).yaml" }.joined(separator: "\n"))
            completion:
              lessons: none
              quizzes: [\((completionQuizzes ?? ids).joined(separator: ", "))]
            certificate: \(certificate)

            """.utf8)
        files["lessons/l.md"] = Array("---\nid: l\ntitle: Урок\nminutes: 5\n---\nТекст.\n".utf8)
        for (id, yaml) in quizzes { files["quizzes/\(id).yaml"] = Array(yaml.utf8) }
        return files
    }

    /// Every scored type of the contract's table, options shuffled. 13 points in all.
    static let table = """
        id: table
        title: Таблиця оцінювання
        pass_percent: 60
        max_attempts: 0
        grading: highest
        shuffle_questions: true
        shuffle_options: true
        review: after_submit
        questions:
          - { id: intro, type: description, text: "Прочитайте уважно." }
          - id: s1
            type: single
            text: Хто ухвалює бюджет?
            options:
              - { text: Рада, correct: true, feedback: "Так, рада." }
              - { text: Голова, feedback: "Ні, голова лише підписує." }
          - id: s2
            type: single
            points: 2
            text: Скільки читань має проєкт бюджету?
            options:
              - { text: Два, correct: true }
              - { text: Одне, weight: 50 }
              - { text: Жодного, weight: -100 }
          - id: m1
            type: multiple
            points: 2
            text: Що є доходами загального фонду?
            options:
              - { text: ПДФО, correct: true }
              - { text: Єдиний податок, correct: true }
              - { text: Гранти установ }
          - { id: tf, type: true_false, text: "Староста є депутатом ради.", answer: false, feedback: "Загальний відгук." }
          - { id: sh, type: short, text: "Головний фінансовий план громади?", answers: [Місцевий бюджет] }
          - { id: nu, type: numeric, text: "Скільки годин у кредиті ЄКТС?", answer: 30, tolerance: 0.5 }
          - { id: ra, type: numeric, text: "Число від 1 до 5", min: 1, max: 5 }
          - id: ma
            type: matching
            points: 3
            text: Поєднайте орган і повноваження
            pairs:
              - { left: Рада, right: Затверджує бюджет }
              - { left: Виконком, right: Готує проєкт }
              - { left: Староста, right: Представляє село }
          - id: or
            type: ordering
            partial: true
            text: Упорядкуйте етапи
            items: [Складання, Розгляд, Виконання, Звітування]

        """

    static func essay(review: String = "after_submit") -> String {
        """
        id: essay
        title: Есе
        pass_percent: 50
        max_attempts: 2
        grading: highest
        review: \(review)
        questions:
          - { id: tf, type: true_false, text: "Рада — представницький орган.", answer: true }
          - { id: e1, type: essay, points: 4, text: "Опишіть громадський бюджет." }

        """
    }

    static func timed(_ expiry: String, maxAttempts: Int = 0) -> String {
        """
        id: timed
        title: На час
        pass_percent: 50
        max_attempts: \(maxAttempts)
        time_limit_minutes: 10
        when_time_expires: \(expiry)
        grading: last
        review: score_only
        questions:
          - { id: a, type: true_false, text: "Так?", answer: true }
          - { id: b, type: true_false, text: "Ні?", answer: false }

        """
    }
}

/// Reading an attempt as a client does: ids by the texts shown.
struct AttemptPage {
    let json: [String: any Sendable]

    var id: String { json["id"] as? String ?? "" }
    var questions: [[String: any Sendable]] { json["questions"] as? [[String: any Sendable]] ?? [] }

    func question(_ id: String) -> [String: any Sendable] { questions.first { $0["id"] as? String == id } ?? [:] }

    /// The id of the choice of `question` in `list` (`options`, `left`, `right`, `items`) showing `text`.
    func choice(_ question: String, _ text: String, in list: String = "options") -> String {
        let choices = self.question(question)[list] as? [[String: any Sendable]] ?? []
        return choices.first { $0["text"] as? String == text }?["id"] as? String ?? "missing:\(text)"
    }
}
