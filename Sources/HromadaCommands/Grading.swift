import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

/// Commands for trainers: the queue of essays to grade, grading them, and regrading a quiz.
extension HromadaCommand {
    struct GradingCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grading",
            abstract: "Essays waiting for a trainer / Есе, що чекають на перевірку.",
            discussion: """
                Without a subcommand: the queue (list). Attempt ids may be shortened to the first \
                characters the list shows.
                Example: hromada grading
                Example: hromada grading show 3f1c2a9b
                Example: hromada grading grade 3f1c2a9b report-plan 4 --comment "Добрий план"
                """,
            subcommands: [List.self, Show.self, Grade.self],
            defaultSubcommand: List.self
        )
    }

    struct Regrade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regrade a quiz under a corrected answer key / Переоцінити тест за виправленим ключем.",
            discussion: """
                Re-scores the submitted attempts of the quiz made on release --from under the answer key of \
                release --to (question by question where ids match; essays keep their points). Quiz grades \
                and completion follow; nothing already earned is revoked, but completed enrolments whose quiz \
                is no longer passed are listed for review. Running it again changes nothing.
                --json prints {course, quiz_id, from_version, to_version, attempts_regraded, changes, newly_completed, to_review}.
                Example: hromada regrade council-deputy --from 1.2.0 --to 1.2.1 --quiz final
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The course's slug.") var slug: String
        @Option(help: "The release whose attempts are regraded.") var from: String
        @Option(help: "The release with the corrected key.") var to: String
        @Option(help: "The quiz's id.") var quiz: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let report = try await client.regrade(slug: slug, from: from, to: to, quizID: quiz)
                if json { try Terminal.printJSON(report.json); return }
                print("\(report.course) \(report.quizID): \(report.fromVersion) → \(report.toVersion)")
                print(Messages.regraded(report.attemptsRegraded, changed: report.changes.count).text(lang))
                if !report.changes.isEmpty {
                    let headers = lang == .uk ? ["Спроба", "Слухач", "Було", "Стало", "Складено"] : ["Attempt", "Learner", "Before", "After", "Passed"]
                    print(Table(headers: headers, rows: report.changes.map {
                        [String($0.attemptID.lowercasedText.prefix(8)), String($0.userID.lowercasedText.prefix(8)), AttemptReport.percent($0.oldPercent),
                         AttemptReport.percent($0.newPercent), AttemptReport.yesNo($0.oldPassed, lang) + " → " + AttemptReport.yesNo($0.newPassed, lang)]
                    }).render())
                }
                if !report.newlyCompleted.isEmpty { print(Messages.newlyCompleted(report.newlyCompleted.map(\.lowercasedText)).text(lang)) }
                if !report.toReview.isEmpty { print(Messages.toReview(report.toReview.map(\.lowercasedText)).text(lang)) }
            }
        }
    }
}

extension HromadaCommand.GradingCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List attempts waiting for grading / Черга на перевірку.",
            discussion: """
                Oldest first: attempts of the courses you teach (all of them for the association's administrator).
                --json prints [{attempt_id, course, version, quiz_id, quiz_title, learner: {id, full_name, centre}, submitted_at, essays: [{question_id, text, points, answer, awarded, comment}]}].
                Example: hromada grading list --course council-deputy
                """
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this course.") var course: String?
        @Option(help: "At most this many attempts.") var limit = 100
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                guard limit > 0 else { throw CLIFailure(.usage, LocalizedText(uk: "--limit має бути більшим за 0.", en: "--limit must be above 0.")) }
                let (client, _) = try global.client(requireToken: true)
                var items: [Received<GradingItem>] = []
                var cursor: String?
                repeat {
                    let page = try await client.gradingQueue(course: course, limit: min(500, limit - items.count), cursor: cursor)
                    items += page.items
                    cursor = page.nextCursor
                } while cursor != nil && items.count < limit
                if json { try Terminal.printJSON(items.map(\.json)); return }
                guard !items.isEmpty else { print(Messages.queueEmpty.text(lang)); return }
                let headers = lang == .uk
                    ? ["Спроба", "Курс", "Тест", "Слухач", "Подано", "Есе"]
                    : ["Attempt", "Course", "Quiz", "Learner", "Submitted", "Essays"]
                print(Table(headers: headers, rows: items.map { item in
                    let pending = item.essays.filter { $0.awarded == nil }.count
                    return [String(item.attemptID.lowercasedText.prefix(8)), item.course, item.quizID,
                            item.learner.fullName, AttemptReport.localTime(item.submittedAt),
                            lang == .uk ? "\(pending) з \(item.essays.count)" : "\(pending) of \(item.essays.count)"]
                }).render())
                print(Messages.queueCount(items.count).text(lang) + (cursor == nil ? "" : " …"))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an attempt's essays with the learner's answers / Показати есе спроби.",
            discussion: "--json prints the attempt as the API gives it.\nExample: hromada grading show 3f1c2a9b"
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Attempt id (or its first characters, for one in the queue).") var attempt: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let (id, item) = try await HromadaCommand.GradingCommand.resolve(attempt, client)
                let received = try await client.attempt(id)
                if json { try Terminal.printJSON(received.json); return }
                let a = received.value
                let report = AttemptReport(lang: lang, say: { print($0) })
                print("\(a.id.lowercasedText) · \(a.quizTitle) (\(a.quizID)) · № \(a.number) · \(Messages.stateName(a.state).text(lang))")
                if let item {
                    print("\(item.learner.fullName) (\(item.learner.centre)) · \(item.course) \(item.version) · \(AttemptReport.localTime(item.submittedAt))")
                }
                if a.state == .finished { report.scoreLine(a) }
                let essays = a.questions.filter { $0.type == .essay }
                if essays.isEmpty { print(Messages.noEssays.text(lang)); return }
                let review = Dictionary((a.review ?? []).map { ($0.questionID, $0) }, uniquingKeysWith: { x, _ in x })
                for (n, q) in essays.enumerated() {
                    let max = HromadaCommand.Courses.number(q.points)
                    let state = review[q.id]?.score.map { Messages.awarded(HromadaCommand.Courses.number($0), of: max) } ?? Messages.notGraded
                    print("\n── \(n + 1)/\(essays.count) · \(q.id) · \(Messages.points(q.points).text(lang)) · \(state.text(lang)) ──")
                    print(q.text.trimmingCharacters(in: .whitespacesAndNewlines))
                    print(Messages.learnerAnswer.text(lang))
                    if case .string(let text)? = a.answers[q.id], !text.isEmpty {
                        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { print("    " + line) }
                    } else {
                        print("    " + Messages.noAnswer.text(lang))
                    }
                    if let comment = review[q.id]?.comment, !comment.isEmpty { print(Messages.trainerComment(comment).text(lang)) }
                }
                let next = essays.first { review[$0.id]?.score == nil } ?? essays[0]
                print("\n" + Messages.gradeHint(item == nil ? a.id.lowercasedText : String(a.id.lowercasedText.prefix(8)), next.id).text(lang))
            }
        }
    }

    struct Grade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grade one essay / Оцінити есе.",
            discussion: """
                POINTS from 0 to the question's points (2.5 or 2,5). Grading again replaces the points and the \
                comment. When no essay is left the attempt is finished and the learner's grade follows.
                --json prints the attempt afterwards.
                Example: hromada grading grade 3f1c2a9b report-plan 4 --comment "Бракує способу збору запитань"
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Attempt id (or its first characters, for one in the queue).") var attempt: String
        @Argument(help: "The essay question's id (hromada grading show lists them).") var question: String
        @Argument(help: "Points awarded.") var points: String
        @Option(help: "A comment the learner will see.") var comment: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                guard let value = Double(points.replacingOccurrences(of: ",", with: ".")), value.isFinite else {
                    throw CLIFailure(.usage, Messages.badPoints(points))
                }
                let (client, _) = try global.client(requireToken: true)
                let (id, _) = try await HromadaCommand.GradingCommand.resolve(attempt, client)
                let received = try await client.grade(id, questionID: question, points: value, comment: comment)
                if json { try Terminal.printJSON(received.json); return }
                let a = received.value
                let max = a.questions.first { $0.id == question }.map { HromadaCommand.Courses.number($0.points) } ?? "?"
                print(Messages.graded(question, HromadaCommand.Courses.number(value), of: max).text(lang))
                print(Messages.attemptState(a.state).text(lang))
                if a.state == .finished { AttemptReport(lang: lang, say: { print($0) }).scoreLine(a) }
            }
        }
    }

    /// A full attempt id, or the one attempt in the queue whose id starts with `given`, with its queue entry
    /// (learner, course) when it is in the queue.
    static func resolve(_ given: String, _ client: APIClient) async throws -> (UUID, GradingItem?) {
        let prefix = given.lowercased()
        let full = UUID(uuidString: given)
        var matches: [GradingItem] = []
        var cursor: String?
        do {
            repeat {
                let page = try await client.gradingQueue(course: nil, limit: 500, cursor: cursor)
                matches += page.items.map(\.value).filter { $0.attemptID.lowercasedText.hasPrefix(prefix) }
                cursor = page.nextCursor
            } while cursor != nil && !(full != nil && !matches.isEmpty)
        } catch ClientError.problem(let p) where full != nil && p.status == 403 {
            // Not a trainer: the attempt may still be theirs to read.
        }
        if let full { return (full, matches.first) }
        guard prefix.count >= 4, let first = matches.first else { throw CLIFailure(.error, Messages.noAttemptWithPrefix(given)) }
        guard matches.count == 1 else { throw CLIFailure(.error, Messages.ambiguousPrefix(given)) }
        return (first.attemptID, first)
    }
}

/// How an attempt's result reads in the terminal.
struct AttemptReport {
    let lang: Language
    let say: (String) -> Void

    /// The result after submitting: score, pass or not, and the review the quiz allows.
    func result(_ a: Attempt) {
        say("")
        switch a.state {
        case .finished: scoreLine(a)
        case .needsGrading: say(Messages.awaitingTrainer.text(lang))
        case .abandoned: say(Messages.abandoned.text(lang))
        case .inProgress: say(Messages.stateName(a.state).text(lang))
        }
        if let review = a.review {
            let byID = Dictionary(a.questions.filter { $0.type != .description }.enumerated().map { ($1.id, ($0 + 1, $1)) },
                                  uniquingKeysWith: { x, _ in x })
            for item in review {
                let (n, q) = byID[item.questionID] ?? (0, nil)
                let score = item.score.map(HromadaCommand.Courses.number) ?? "—"
                let title = q.map { Self.clip($0.text, 70) } ?? item.questionID
                say("  \(n). \(Messages.outcome(item.outcome).text(lang)) · \(score)/\(HromadaCommand.Courses.number(item.points)) · \(title)")
                for line in item.feedback where !line.isEmpty { say("     › " + line) }
                if let comment = item.comment, !comment.isEmpty { say("     " + Messages.trainerComment(comment).text(lang)) }
            }
        } else if a.state == .finished {
            say(Messages.scoreOnly.text(lang))
        }
        if a.attemptsAllowed > 0 && !a.isOpen { say(Messages.attemptsUsed(a.number, of: a.attemptsAllowed).text(lang)) }
    }

    func scoreLine(_ a: Attempt) {
        guard let score = a.score, let max = a.maxScore, let percent = a.percent else { return }
        say(Messages.resultLine(score: HromadaCommand.Courses.number(score), max: HromadaCommand.Courses.number(max),
                                percent: Self.percent(percent), passed: a.passed ?? false,
                                pass: Self.percent(a.passPercent)).text(lang))
    }

    static func percent(_ p: Double?) -> String { p.map { HromadaCommand.Courses.number($0) + "%" } ?? "—" }

    static func yesNo(_ b: Bool?, _ lang: Language) -> String {
        b.map { ($0 ? LocalizedText(uk: "так", en: "yes") : LocalizedText(uk: "ні", en: "no")).text(lang) } ?? "—"
    }

    static func clip(_ text: String, _ width: Int) -> String {
        let flat = text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " ")
        return flat.count > width ? String(flat.prefix(width - 1)) + "…" : flat
    }

    /// An RFC 3339 time (from a signed document, say) as local "2026-05-04 14:03"; text that is no
    /// such time, its first 16 characters.
    static func localTime(_ text: String?) -> String {
        guard let text else { return "—" }
        guard let date = APIDate.parse(text) else { return String(text.prefix(16)) }
        return localTime(date)
    }

    /// A time as local "2026-05-04 14:03".
    static func localTime(_ date: Date?) -> String {
        guard let date else { return "—" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
