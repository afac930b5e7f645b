import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

extension HromadaCommand {
    struct QuizCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quiz",
            abstract: "Take a quiz of a course / Пройти тест курсу.",
            discussion: """
                Starts an attempt, or resumes the one in progress at its first unanswered question, and asks \
                one question at a time. Answer with an option's number; several numbers with commas (1,3); \
                т/н, y/n or 1/2 for true or false; the numbers in order for ordering (3 1 2); a number for \
                each left-hand item of a matching question; a line of text for short and numeric answers; \
                an essay ends with an empty line.
                Enter skips, b (or н, except on true/false) goes back, - clears the answer, q quits. Every \
                answer is saved at once, so closing the terminal loses nothing. The time left is shown with \
                each question. Before submitting you see what is unanswered and confirm (т/y). Ctrl-C leaves \
                as q does, saying how to go on.
                A quiz already passed is not started again without a question: a new attempt uses one of \
                those allowed and starts its timer, so it is asked for (т/y) unless --yes is given.
                Answers may come from a pipe, one line each; if the input ends before the confirmation, the \
                attempt stays open with its answers saved.
                --json prints the attempt at the end: submitted, closed by time, or as saved.
                Example: hromada quiz council-deputy quiz-status
                Example: printf '2\\n1,3\\nт\\n\\nт\\n' | hromada quiz council-deputy quiz-status
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The course's slug.") var slug: String
        @Argument(help: "The quiz's id (hromada progress SLUG --json lists them).") var quiz: String
        @Flag(help: "Start a new attempt at a quiz already passed without asking / Без запитання.") var yes = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let page: Page<Enrolment> = try await client.callAll("/api/v1/me/enrolments")
                let mine = page.items.filter { $0.course.slug == slug }
                guard let enrolment = mine.first(where: { $0.withdrawnAt == nil }) ?? mine.first else {
                    throw CLIFailure(.error, Messages.notEnrolled(slug))
                }
                guard enrolment.quizzes.contains(where: { $0.id == quiz }) else {
                    throw CLIFailure(.error, Messages.noSuchQuiz(quiz, slug: slug, known: enrolment.quizzes.map(\.id)))
                }
                let enrolmentID = enrolment.id
                // Passed already and nothing in progress: a new attempt is asked for, never started by habit.
                if let state = enrolment.quizzes.first(where: { $0.id == quiz }), state.passed, !yes {
                    let open = try await client.attempts(enrolmentID: enrolmentID, quizID: quiz).contains { $0.state == .inProgress }
                    if !open, !RetakeQuestion(lang: lang, toStderr: json).ask(state, slug: slug) { return }
                }
                let started: (attempt: Received<Attempt>, created: Bool)
                do {
                    started = try await client.startAttempt(enrolmentID: enrolmentID, quizID: quiz)
                } catch ClientError.problem(let p) where p.code == .attemptsExhausted {
                    let text = [p.title, p.detail].compactMap { $0 }.joined(separator: ". ")
                    throw CLIFailure(.error, LocalizedText(uk: text + " " + Messages.seeProgress(slug).uk,
                                                           en: text + " " + Messages.seeProgress(slug).en))
                }
                var session = QuizSession(client: client, lang: lang, attempt: started.attempt, slug: slug, toStderr: json)
                let interrupt = QuizInterrupt.install()
                defer { interrupt.remove() }
                let end = try await session.run(created: started.created, interrupt: interrupt)
                if json { try Terminal.printJSON(end.json) }
            }
        }
    }
}

/// One sitting of a quiz: asks the questions in turn, saves every answer at once, submits on request.
struct QuizSession {
    let client: APIClient
    let lang: Language
    let slug: String
    var attempt: Received<Attempt>
    var countdown: Countdown
    let say: (String) -> Void
    let input = LineInput(echo: !Terminal.stdinIsTerminal)

    init(client: APIClient, lang: Language, attempt: Received<Attempt>, slug: String, toStderr: Bool) {
        self.client = client
        self.lang = lang
        self.slug = slug
        self.attempt = attempt
        countdown = Countdown(secondsLeft: attempt.secondsLeft)
        if toStderr {
            say = { line in Terminal.error(line) }
        } else {
            say = { line in print(Terminal.wrapped(line, for: STDOUT_FILENO)) }
        }
    }

    /// Indices of the questions that take an answer (descriptions do not).
    var answerable: [Int] { attempt.questions.indices.filter { attempt.questions[$0].type != .description } }
    func isAnswered(_ index: Int) -> Bool { attempt.answers[attempt.questions[index].id].map { $0 != .null } ?? false }
    var firstUnanswered: Int? { answerable.first { !isAnswered($0) } }
    /// Closed by its deadline: abandoned, or handed in at the deadline itself.
    var closedByDeadline: Bool { attempt.state == .abandoned || (attempt.deadline != nil && attempt.submittedAt == attempt.deadline) }

    /// Runs the sitting; returns the attempt as it ends: submitted, closed by time, or open with its answers saved.
    mutating func run(created: Bool, interrupt: QuizInterrupt? = nil) async throws -> Received<Attempt> {
        let numbers = answerable
        // What Ctrl-C says, kept as the answers are saved.
        func note() {
            let line = Messages.paused(slug, attempt.quizID, answered: answerable.filter(isAnswered).count, total: answerable.count).text(lang)
            interrupt?.set(Terminal.wrapped(line, for: STDERR_FILENO))
        }
        note()
        say(attempt.quizTitle)
        say((created ? Messages.attemptStarted(attempt.number, allowed: attempt.attemptsAllowed)
            : Messages.attemptResumed(attempt.number, answered: numbers.filter(isAnswered).count, of: numbers.count)).text(lang))
        say(Messages.keys.text(lang))
        var index = firstUnanswered ?? attempt.questions.count
        // Show the descriptions just before it: they introduce what follows.
        while index > 0, index < attempt.questions.count, attempt.questions[index - 1].type == .description { index -= 1 }
        var backwards = false
        // Set when a question was opened from the summary: after it, back to the summary.
        var fromSummary = false
        while true {
            if countdown.remaining == 0 {
                // By our estimate the time is up; the server's clock decides.
                attempt = try await client.attempt(attempt.id)
                guard attempt.isOpen else { return finish(Messages.timeUp) }
                countdown = Countdown(secondsLeft: attempt.secondsLeft)
            }
            if index >= attempt.questions.count {
                switch confirm() {
                case .submit:
                    attempt = try await client.submit(attempt.id)
                    return finish(closedByDeadline ? Messages.timeUp : nil)
                case .open(let question, let single):
                    index = question
                    fromSummary = single
                case .again:
                    break
                case .quit:
                    return pause()
                }
                continue
            }
            let question = attempt.questions[index]
            if question.type == .description {
                if !backwards { say("\n" + question.text.trimmingCharacters(in: .whitespacesAndNewlines)) }
                if backwards && index == 0 { backwards = false } else { index += backwards ? -1 : 1 }
                continue
            }
            backwards = false
            show(question, number: (numbers.firstIndex(of: index) ?? 0) + 1, of: numbers.count)
            let next = fromSummary ? attempt.questions.count : index + 1
            fromSummary = false
            switch ask(question) {
            case .skip:
                index = next
            case .back:
                if index <= (numbers.first ?? 0) {
                    say(Messages.firstQuestion.text(lang))
                } else {
                    index -= 1
                    backwards = true
                }
            case .quit:
                return pause()
            case .answer(let value):
                do {
                    let saved = try await saveRetrying(question.id, value)
                    attempt.answers = saved.answers
                    countdown = Countdown(secondsLeft: saved.secondsLeft)
                    note()
                    index = next
                } catch ClientError.problem(let p) where p.code == .attemptOverdue {
                    attempt = try await client.attempt(attempt.id)
                    return finish(Messages.timeUp)
                } catch ClientError.problem(let p) where p.code == .attemptClosed {
                    // Closed by the server's sweep at the deadline, or submitted from elsewhere.
                    let timedOut = countdown.remaining == 0
                    attempt = try await client.attempt(attempt.id)
                    return finish(timedOut || closedByDeadline ? Messages.timeUp : Messages.closedElsewhere)
                } catch ClientError.problem(let p) where p.code == .validationFailed {
                    say(Messages.refused(p.errors?.first?.message ?? p.detail ?? p.title).text(lang))
                }
            }
        }
    }

    /// Says why the attempt ended (unless submitted) and prints its result.
    func finish(_ reason: LocalizedText?) -> Received<Attempt> {
        if let reason { say(reason.text(lang)) }
        AttemptReport(lang: lang, say: say).result(attempt.value)
        return attempt
    }

    /// Saves one answer; when the server cannot be reached, tries again a few times (a dropped
    /// mobile connection often comes back within seconds), then stops with the way back: what was
    /// saved stays saved, and running the command again resumes the attempt here.
    func saveRetrying(_ questionID: String, _ value: JSONValue) async throws -> SavedAnswers {
        var delay = 1
        while true {
            do {
                return try await client.saveAnswers(attempt.id, [questionID: value])
            } catch ClientError.unreachable {
                guard delay <= 4 else {
                    let numbers = answerable
                    throw CLIFailure(.unreachable, Messages.connectionLost(slug, attempt.quizID, answered: numbers.filter(isAnswered).count, total: numbers.count))
                }
                say(Messages.retrying(delay).text(lang))
                try? await Task.sleep(for: .seconds(delay))
                delay *= 2
            }
        }
    }

    /// Leaves the attempt open with its answers saved.
    func pause() -> Received<Attempt> {
        let numbers = answerable
        say("")
        say(Messages.paused(slug, attempt.quizID, answered: numbers.filter(isAnswered).count, total: numbers.count).text(lang))
        return attempt
    }

    // MARK: Showing and asking

    func show(_ q: Attempt.Question, number: Int, of total: Int) {
        let left = countdown.remaining
        say("")
        say(Messages.questionHeader(number, of: total, points: Messages.points(q.points).text(lang),
                                    left: left.map(Countdown.format)).text(lang))
        if let left, left < 60 { say(Messages.underAMinute(Countdown.format(left)).text(lang)) }
        say(q.text.trimmingCharacters(in: .whitespacesAndNewlines))
        let listed: [String] = switch q.type {
        case .single, .multiple: (q.options ?? []).map(\.text)
        case .ordering: (q.items ?? []).map(\.text)
        case .matching: (q.right ?? []).map(\.text)
        case .trueFalse: [Messages.trueWord.text(lang), Messages.falseWord.text(lang)]
        case .short, .numeric, .essay, .description: []
        }
        for (i, text) in listed.enumerated() { say("  \(i + 1)) \(text)") }
        if let saved = attempt.answers[q.id], saved != .null {
            say(Messages.saved(AnswerText.describe(saved, for: q, lang: lang)).text(lang))
        }
    }

    enum Step {
        case answer(JSONValue)
        case skip, back, quit
    }

    /// Reads lines until one is an answer `q` takes, or a command.
    func ask(_ q: Attempt.Question) -> Step {
        if q.type == .matching { return askMatching(q) }
        if q.type == .essay { say(Messages.promptEssay.text(lang)) }
        let prompt: LocalizedText = switch q.type {
        case .single: Messages.promptSingle
        case .multiple: Messages.promptMultiple
        case .trueFalse: Messages.promptTrueFalse
        case .ordering: Messages.promptOrdering
        case .numeric: Messages.promptNumeric
        case .essay: LocalizedText(uk: "> ", en: "> ")
        case .short, .matching, .description: Messages.promptShort
        }
        while true {
            guard let line = input.read(prompt.text(lang)) else { return .quit }
            switch Command(line, trueFalse: q.type == .trueFalse) {
            case .skip?: return .skip
            case .back?: return .back
            case .quit?: return .quit
            case .clear?: return .answer(.null)
            case nil: break
            }
            if q.type == .essay {
                var lines = [line]
                while let more = input.read("> "), !more.isEmpty { lines.append(more) }
                return .answer(.string(lines.joined(separator: "\n")))
            }
            switch AnswerText.parse(line, for: q) {
            case .success(let value): return .answer(value)
            case .failure(let problem): say(problem.message.text(lang))
            }
        }
    }

    /// A number for each left-hand item. Enter keeps that item's saved match (or leaves it unmatched).
    func askMatching(_ q: Attempt.Question) -> Step {
        let right = q.right ?? []
        var saved: [String: JSONValue] = [:]
        if case .object(let map)? = attempt.answers[q.id] { saved = map }
        say(Messages.matchingHint.text(lang))
        var pairs: [String: JSONValue] = [:]
        for (i, item) in (q.left ?? []).enumerated() {
            let current = saved[item.id].map { " [\(AnswerText.describe($0, among: right))]" } ?? ""
            while true {
                guard let line = input.read("  \(i + 1). \(item.text)\(current) → ") else { return .quit }
                let command = Command(line, trueFalse: false)
                if command == .quit { return .quit }
                if command == .back { return .back }
                if command == .clear { return .answer(.null) }
                if command == .skip {
                    pairs[item.id] = saved[item.id]
                    break
                }
                guard let n = Int(line.trimmingCharacters(in: .whitespaces)), right.indices.contains(n - 1) else {
                    say(Messages.badNumber(right.count).text(lang))
                    continue
                }
                pairs[item.id] = .string(right[n - 1].id)
                break
            }
        }
        return pairs.isEmpty || pairs == saved ? .skip : .answer(.object(pairs))
    }

    enum Decision {
        case submit, again, quit
        /// Open that question; `single`: only it, then back to the summary.
        case open(Int, single: Bool)
    }

    /// What is answered, the time left, and whether to submit.
    func confirm() -> Decision {
        let numbers = answerable
        let unanswered = numbers.indices.filter { !isAnswered(numbers[$0]) }.map { $0 + 1 }
        say("")
        say(Messages.summary(answered: numbers.count - unanswered.count, total: numbers.count, unanswered: unanswered).text(lang))
        if let left = countdown.remaining { say(Messages.timeLeft(Countdown.format(left)).text(lang)) }
        guard let line = input.read(Messages.confirmSubmit.text(lang)) else { return .quit }
        let word = line.trimmingCharacters(in: .whitespaces).lowercased()
        if ["т", "так", "y", "yes"].contains(word) { return .submit }
        if ["н", "ні", "n", "no", "b", "<", "назад", "back"].contains(word) {
            return .open(firstUnanswered ?? numbers.first ?? 0, single: false)
        }
        if Command(word, trueFalse: false) == .quit { return .quit }
        if let n = Int(word), numbers.indices.contains(n - 1) { return .open(numbers[n - 1], single: true) }
        return .again
    }
}

/// What a line means before it is read as an answer.
enum Command: Equatable {
    case skip, back, quit, clear

    /// On a true/false question `н` is "ні" (false), not "назад".
    init?(_ line: String, trueFalse: Bool) {
        switch line.trimmingCharacters(in: .whitespaces).lowercased() {
        case "": self = .skip
        case "b", "<", "назад", "back": self = .back
        case "н" where !trueFalse: self = .back
        case "q", "в", "вийти", "quit": self = .quit
        case "-": self = .clear
        default: return nil
        }
    }
}

/// Reads the person's lines; when they come from a pipe, echoes them after the prompt so a transcript reads as a dialogue.
struct LineInput {
    let echo: Bool

    func read(_ prompt: String) -> String? {
        fflush(nil)
        FileHandle.standardError.write(Data(Terminal.wrapped(prompt, for: STDERR_FILENO).utf8))
        guard let line = readLine(strippingNewline: true) else {
            FileHandle.standardError.write(Data("\n".utf8))
            return nil
        }
        if echo { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        return line
    }
}

/// The time left, counted down on this machine's monotonic clock from the server's `seconds_left`.
struct Countdown {
    private let endsAt: Double?

    init(secondsLeft: Double?) {
        endsAt = secondsLeft.map { ProcessInfo.processInfo.systemUptime + $0 }
    }

    /// Seconds left (never below 0); nil when the attempt has no time limit.
    var remaining: Double? { endsAt.map { max(0, ($0 - ProcessInfo.processInfo.systemUptime).rounded(.down)) } }

    /// 9:05, 39:58, 1:02:03.
    static func format(_ seconds: Double) -> String {
        let s = Int(seconds)
        let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, sec) : String(format: "%d:%02d", m, sec)
    }
}

/// Typed answers to JSON and back to what the person typed.
enum AnswerText {
    struct Problem: Error { let message: LocalizedText }

    static func parse(_ line: String, for q: Attempt.Question) -> Result<JSONValue, Problem> {
        let text = line.trimmingCharacters(in: .whitespaces)
        func numbers(_ count: Int) -> [Int]? {
            let parts = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " })
            let values = parts.compactMap { Int($0) }
            guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ (1...count).contains($0) }),
                  Set(values).count == values.count else { return nil }
            return values
        }
        switch q.type {
        case .single:
            let options = q.options ?? []
            guard let n = Int(text), options.indices.contains(n - 1) else { return .failure(.init(message: Messages.badNumber(options.count))) }
            return .success(.string(options[n - 1].id))
        case .multiple:
            let options = q.options ?? []
            guard let picked = numbers(options.count) else { return .failure(.init(message: Messages.badNumbers)) }
            return .success(.array(picked.map { .string(options[$0 - 1].id) }))
        case .trueFalse:
            switch text.lowercased() {
            case "т", "так", "y", "yes", "t", "true", "1", "п", "правда": return .success(.bool(true))
            case "н", "ні", "n", "no", "f", "false", "2", "неправда": return .success(.bool(false))
            default: return .failure(.init(message: Messages.badBool))
            }
        case .ordering:
            let items = q.items ?? []
            guard let order = numbers(items.count), order.count == items.count else {
                return .failure(.init(message: Messages.badOrder(items.count)))
            }
            return .success(.array(order.map { .string(items[$0 - 1].id) }))
        case .numeric:
            let plain = text.replacingOccurrences(of: ",", with: ".").filter { !$0.isWhitespace && $0 != "\u{202F}" && $0 != "\u{A0}" }
            guard let x = Double(plain), x.isFinite else { return .failure(.init(message: Messages.badDecimal)) }
            return .success(.number(x))
        case .short, .matching, .essay, .description:
            return .success(.string(text))
        }
    }

    /// A saved answer as the person would have typed it: "2", "1, 3", "так", "3 1 2", "1→2, 2→3", the text.
    static func describe(_ answer: JSONValue, for q: Attempt.Question, lang: Language) -> String {
        func number(_ id: JSONValue, in choices: [Attempt.Choice]?) -> String { describe(id, among: choices ?? []) }
        switch (q.type, answer) {
        case (.single, _): return number(answer, in: q.options)
        case (.multiple, .array(let ids)): return ids.map { number($0, in: q.options) }.joined(separator: ", ")
        case (.ordering, .array(let ids)): return ids.map { number($0, in: q.items) }.joined(separator: " ")
        case (_, .bool(let b)): return (b ? Messages.trueWord : Messages.falseWord).text(lang)
        case (_, .number(let x)): return HromadaCommand.Courses.number(x)
        case (.matching, .object(let map)):
            return (q.left ?? []).enumerated().compactMap { i, left in
                map[left.id].map { "\(i + 1)→\(number($0, in: q.right))" }
            }.joined(separator: ", ")
        case (_, .string(let s)):
            let flat = s.replacingOccurrences(of: "\n", with: " ")
            return flat.count > 80 ? String(flat.prefix(79)) + "…" : flat
        default: return "?"
        }
    }

    /// The number (from 1) under which `id` is listed.
    static func describe(_ id: JSONValue, among choices: [Attempt.Choice]) -> String {
        guard case .string(let s) = id, let i = choices.firstIndex(where: { $0.id == s }) else { return "?" }
        return String(i + 1)
    }
}
