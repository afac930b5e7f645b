import ArgumentParser
import Foundation
import HromadaDomain
import HromadaPacks
import HromadaTerminal

extension HromadaCommand.Pack {
    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a pack's lessons and quizzes as a learner sees them, offline / Переглянути курс очима слухача.",
            discussion: """
                Validates the folder first (problems are printed as by `hromada pack validate`, exit 1), then
                prints the outline, every lesson rendered for the terminal and every quiz drawn as for one
                attempt: questions in the attempt's order, options shuffled as the quiz says, no keys.
                --answers also marks the keys, for the trainer. Pipe it to `less -R` to page.
                Example: hromada pack preview courses/council-deputy --quiz quiz-status
                """
        )
        @Argument(help: "The pack folder (holding course.yaml).") var folder: String
        @Option(help: "Only this lesson (its id).") var lesson: String?
        @Option(help: "Only this quiz (its id).") var quiz: String?
        @Flag(help: "Mark the answer keys.") var answers = false
        @Option(help: "Seed of the quiz draw (the same seed draws the same attempt).") var seed: UInt64?
        @Option(help: "Width in columns (default: the terminal's, else 80).") var width: Int?
        @Option(help: "Language: uk or en.") var lang: String?

        func run() async throws {
            let language = Terminal.language(flag: lang)
            try await guarded(language) {
                let url = URL(fileURLWithPath: folder)
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
                    throw CLIFailure(.error, LocalizedText(uk: "\(folder): такої теки немає.", en: "\(folder): no such folder."))
                }
                let result = PackValidator.validate(PackFiles.directory(url))
                guard let course = result.course else {
                    for d in result.diagnostics { Terminal.error("\(folder.hasSuffix("/") ? folder : folder + "/")\(d.text(language))") }
                    throw CLIFailure(.error, Messages.packSummary(folder: folder, result: result))
                }
                if let lesson, !course.lessons.contains(where: { $0.id == lesson }) {
                    throw CLIFailure(.error, LocalizedText(uk: "У курсі немає уроку «\(lesson)».", en: "The course has no lesson '\(lesson)'."))
                }
                if let quiz, !course.quizzes.contains(where: { $0.id == quiz }) {
                    throw CLIFailure(.error, LocalizedText(uk: "У курсі немає тесту «\(quiz)».", en: "The course has no quiz '\(quiz)'."))
                }
                let columns = max(20, width ?? Pager.terminalSize()?.columns ?? 80)
                let renderer = TerminalRenderer(width: columns, colors: Pager.colors)
                var out: [String] = []
                if lesson == nil && quiz == nil {
                    out += renderer.render("# \(Self.escaped(course.title))\n\n\(Self.escaped(course.summary))")
                    out.append("")
                    for (n, module) in course.modules.enumerated() {
                        out += renderer.render("\(n + 1). **\(Self.escaped(module.title))**")
                        for item in module.items {
                            switch item {
                            case .lesson(let id):
                                let l = course.lessons.first { $0.id == id }
                                out += renderer.render("   - \(Self.escaped(l?.title ?? id)) (\(LocalizedText(uk: "урок", en: "lesson").text(language)), \(l?.minutes ?? 0) \(LocalizedText(uk: "хв", en: "min").text(language)))")
                            case .quiz(let id):
                                let q = course.quizzes.first { $0.id == id }
                                out += renderer.render("   - \(Self.escaped(q?.title ?? id)) (\(LocalizedText(uk: "тест", en: "quiz").text(language)))")
                            }
                        }
                    }
                }
                for l in course.lessons where (lesson == nil && quiz == nil) || l.id == lesson {
                    out += ["", String(repeating: "━", count: columns)]
                    out += renderer.render(l.markdown)
                }
                for q in course.quizzes where (lesson == nil && quiz == nil) || q.id == quiz {
                    out += ["", String(repeating: "━", count: columns)]
                    out += render(q, renderer: renderer, language: language)
                }
                for line in out { print(line) }
            }
        }

        /// A quiz as one attempt shows it: its settings, then each drawn question with numbered choices.
        func render(_ quiz: Quiz, renderer: TerminalRenderer, language: Language) -> [String] {
            let paper = AttemptPaper.draw(quiz, seed: seed ?? UInt64.random(in: 1...UInt64.max))
            let byID = Dictionary(quiz.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let limit = quiz.timeLimitMinutes.map { LocalizedText(uk: "\($0) хв", en: "\($0) min").text(language) }
                ?? LocalizedText(uk: "без обмеження часу", en: "no time limit").text(language)
            let tries = quiz.maxAttempts == 0 ? LocalizedText(uk: "спроб без обмеження", en: "unlimited attempts").text(language)
                : Messages.count(quiz.maxAttempts, uk: ("спроба", "спроби", "спроб"), en: ("attempt", "attempts")).text(language)
            var out = renderer.render("## \(Self.escaped(quiz.title))\n\n"
                + LocalizedText(uk: "Прохідний бал \(Int(quiz.passPercent))%, \(limit), \(tries).",
                                en: "Pass mark \(Int(quiz.passPercent))%, \(limit), \(tries).").text(language))
            let scored = paper.entries.filter { byID[$0.question]?.kind != .description }.count
            var number = 0
            for entry in paper.entries {
                guard let q = byID[entry.question] else { continue }
                out.append("")
                if q.kind == .description {
                    out += renderer.render(q.text)
                    continue
                }
                number += 1
                let points = Messages.count(Int(q.points.rounded()), uk: ("бал", "бали", "балів"), en: ("point", "points")).text(language)
                out += renderer.render("**" + LocalizedText(uk: "Питання \(number) з \(scored)", en: "Question \(number) of \(scored)").text(language)
                                       + "** (\(points)) · `\(q.id)`\n\n" + q.text)
                out += choices(q, entry).flatMap { renderer.render($0) }
                if answers { out += renderer.render("> " + key(q, language: language)) }
            }
            return out
        }

        func choices(_ q: Question, _ entry: AttemptPaper.Entry) -> [String] {
            func text(_ ref: String, in list: [String]) -> String {
                Int(ref.dropFirst()).flatMap { list.indices.contains($0 - 1) ? list[$0 - 1] : nil } ?? ref
            }
            switch q.kind {
            case .single, .multiple:
                return entry.options.enumerated().map { n, c in
                    "\(n + 1). " + Self.escaped(q.options.first { $0.id == c.ref }?.text ?? c.ref)
                }
            case .matching:
                let left = entry.left.enumerated().map { n, c in "\(n + 1). " + Self.escaped(text(c.ref, in: q.pairs.map(\.left))) }
                let right = entry.right.enumerated().map { n, c in
                    "\(Character(Unicode.Scalar(UInt8(97 + n % 26)))) " + Self.escaped(text(c.ref, in: q.pairs.map(\.right)))
                }
                return [left.joined(separator: "  \n"), right.joined(separator: "  \n")]
            case .ordering:
                return entry.items.enumerated().map { n, c in "\(n + 1). " + Self.escaped(text(c.ref, in: q.items)) }
            case .trueFalse:
                return [LocalizedText(uk: "Так чи ні?", en: "True or false?").text(Terminal.language(flag: lang))]
            default:
                return []
            }
        }

        /// The key, for `--answers`.
        func key(_ q: Question, language: Language) -> String {
            let label = LocalizedText(uk: "Ключ", en: "Key").text(language)
            switch q.kind {
            case .single, .multiple:
                return label + ": " + q.options.filter { $0.weight > 0 }.map { Self.escaped($0.text) }.joined(separator: "; ")
            case .trueFalse:
                return label + ": " + (q.trueFalseAnswer == true ? LocalizedText(uk: "так", en: "true") : LocalizedText(uk: "ні", en: "false")).text(language)
            case .short:
                return label + ": " + q.textAnswers.filter { $0.weight > 0 }.map { Self.escaped($0.text) }.joined(separator: "; ")
            case .numeric:
                return label + ": " + q.numericAnswers.filter { $0.weight > 0 }.map { a in
                    if let v = a.value { return a.tolerance > 0 ? "\(JCS.number(v)) ± \(JCS.number(a.tolerance))" : JCS.number(v) }
                    return "\(a.min.map(JCS.number) ?? "…")–\(a.max.map(JCS.number) ?? "…")"
                }.joined(separator: "; ")
            case .matching:
                return label + ": " + q.pairs.filter { !$0.left.isEmpty }.map { Self.escaped($0.left) + " → " + Self.escaped($0.right) }.joined(separator: "; ")
            case .ordering:
                return label + ": " + q.items.map(Self.escaped).joined(separator: " → ")
            case .essay, .description:
                return LocalizedText(uk: "Есе оцінює тренер.", en: "Essays are graded by a trainer.").text(language)
            }
        }

        /// Text from a pack's YAML shown as Markdown without its own characters acting as markup.
        static func escaped(_ text: String) -> String {
            var out = ""
            for c in text {
                if "\\`*_[]#<>|".contains(c) { out.append("\\") }
                out.append(c)
            }
            return out
        }
    }
}
