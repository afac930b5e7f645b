import Foundation
import HromadaAPI
import HromadaDomain

/// The question before a new attempt at a quiz already passed: a new attempt uses one of those
/// allowed and starts its timer at once, so it is never started by running the command again by habit.
struct RetakeQuestion {
    let lang: Language
    let toStderr: Bool

    /// Whether the person wants a new attempt. Anything but yes (an empty line, the end of the input)
    /// starts nothing.
    func ask(_ quiz: Enrolment.QuizState, slug: String) -> Bool {
        let notice = Messages.alreadyPassed(quiz, slug: slug).text(lang)
        if toStderr { Terminal.error(notice) } else { print(Terminal.wrapped(notice, for: STDOUT_FILENO)) }
        let line = LineInput(echo: !Terminal.stdinIsTerminal).read(Messages.startAnother.text(lang))
        if let line, Self.isYes(line) { return true }
        let nothing = Messages.noNewAttempt(slug, quiz.id).text(lang)
        if toStderr { Terminal.error(nothing) } else { print(Terminal.wrapped(nothing, for: STDOUT_FILENO)) }
        return false
    }

    static func isYes(_ line: String) -> Bool {
        ["т", "так", "y", "yes"].contains(line.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

/// Ctrl-C during a quiz: the answers are saved already, so it leaves as `q` does, with the line that
/// says how to go on (exit 130, as an interrupted command).
///
/// A plain signal handler, not a dispatch source: on Linux a dispatch source sees the signal only on
/// the threads that block it. The handler may only call async-signal-safe functions, so the line is
/// kept ready as C bytes; a replaced line is not freed (the handler may be reading it), a few hundred
/// bytes per saved answer.
final class QuizInterrupt: Sendable {
    static func install() -> QuizInterrupt {
        signal(SIGINT) { _ in
            var newline: UInt8 = 10
            _ = write(2, &newline, 1)
            if let line = interruptLine {
                _ = write(2, line, strlen(line))
                _ = write(2, &newline, 1)
            }
            _exit(130)
        }
        return QuizInterrupt()
    }

    func set(_ text: String) { interruptLine = strdup(text) }

    func remove() { signal(SIGINT, SIG_DFL) }
}

/// The line Ctrl-C prints: written by the quiz, read by the signal handler (a pointer-sized store).
nonisolated(unsafe) private var interruptLine: UnsafeMutablePointer<CChar>?
