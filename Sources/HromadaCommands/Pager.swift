import Foundation
import HromadaDomain
import HromadaPacks
import HromadaTerminal

/// The full-screen lesson reader of `hromada learn`: the lesson rendered to the terminal's width,
/// scrolled a line or a page at a time, with the keys always shown on the last line.
///
/// Keys work in either keyboard layout: with the Ukrainian layout on, the key in the place of `n`
/// types `т`, so both are taken.
struct Pager {
    let reader: CourseReader
    let language: Language
    let width: Int?

    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Colours only on a terminal, never under NO_COLOR (https://no-color.org) or TERM=dumb.
    static var colors: Bool {
        let env = ProcessInfo.processInfo.environment
        return isatty(STDOUT_FILENO) == 1 && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
    }

    static func terminalSize() -> (rows: Int, columns: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return (Int(size.ws_row), Int(size.ws_col))
    }

    static func parseDate(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))) ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }

    enum Key: Equatable {
        case char(Character), up, down, pageUp, pageDown, enter, escape, backspace, other
    }

    /// The Ukrainian layout's letters in the places of the Latin keys the pager uses.
    static let layout: [Character: Character] = ["т": "n", "з": "p", "щ": "o", "с": "c", "й": "q", "и": "b", "о": "j", "л": "k"]

    enum Mode { case lesson, outline(typed: String) }

    func run(from start: Int) async throws {
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1 // a read returns after one byte
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        write("\u{1B}[?1049h\u{1B}[?25l") // the alternate screen, cursor hidden
        defer {
            write("\u{1B}[?25h\u{1B}[?1049l")
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        }

        var index = start
        var top = 0
        var mode = Mode.lesson
        var message = reader.isOffline ? Messages.offlineNotice.text(language) : ""
        var rendered: (index: Int, columns: Int, lines: [String])?

        while true {
            let size = Self.terminalSize() ?? (24, 80)
            let columns = max(20, min(width ?? size.columns, size.columns))
            let bodyRows = max(3, size.rows - 5)
            let body: [String]
            switch mode {
            case .lesson:
                if rendered?.index != index || rendered?.columns != columns {
                    let markdown: String
                    do {
                        markdown = try await reader.markdown(at: index)
                    } catch let failure as CLIFailure {
                        markdown = failure.message.text(language)
                    }
                    rendered = (index, columns, TerminalRenderer(width: columns, colors: Self.colors).render(markdown))
                    if reader.isOffline && message.isEmpty { message = Messages.offlineNotice.text(language) }
                }
                body = rendered?.lines ?? []
            case .outline(let typed):
                body = outline(columns: columns, typed: typed)
            }
            top = max(0, min(top, body.count - bodyRows))
            draw(body: body, top: top, rows: bodyRows, columns: columns, index: index, message: message, mode: mode)
            message = ""

            let key = Self.readKey()
            switch (mode, key) {
            case (_, .char("q")), (.lesson, .escape):
                return
            case (.lesson, .char(" ")), (.lesson, .pageDown):
                top += bodyRows - 1
            case (.lesson, .char("b")), (.lesson, .pageUp):
                top -= bodyRows - 1
            case (_, .down), (.lesson, .char("j")), (.lesson, .enter):
                top += 1
            case (_, .up), (.lesson, .char("k")):
                top -= 1
            case (.lesson, .char("n")):
                if index + 1 < reader.lessons.count { index += 1; top = 0 } else { message = reader.afterLastLesson.text(language) }
            case (.lesson, .char("p")):
                if index > 0 { index -= 1; top = 0 } else { message = Messages.firstLesson.text(language) }
            case (.lesson, .char("o")):
                mode = .outline(typed: "")
                top = 0
            case (.lesson, .char("c")):
                do {
                    message = try await reader.complete(at: index).text(language)
                } catch let failure as CLIFailure {
                    message = failure.message.text(language)
                } catch {
                    message = Messages.notMarked.text(language)
                }
            case (.outline, .escape), (.outline(""), .char("o")):
                mode = .lesson
            case (.outline(let typed), .char(let c)) where c.isASCII && c.isNumber && typed.count < 4:
                mode = .outline(typed: typed + String(c))
            case (.outline(let typed), .backspace):
                mode = .outline(typed: String(typed.dropLast()))
            case (.outline(let typed), .enter):
                if let n = Int(typed), (1...reader.lessons.count).contains(n) {
                    index = n - 1
                    top = 0
                    mode = .lesson
                } else {
                    message = Messages.outlinePrompt(reader.lessons.count).text(language)
                    mode = .outline(typed: "")
                }
            default:
                break
            }
        }
    }

    func outline(columns: Int, typed: String) -> [String] {
        var lines = [clip(Messages.outlinePrompt(reader.lessons.count).text(language), columns), ""]
        for (n, lesson) in reader.lessons.enumerated() {
            let mark = reader.completed[lesson.id] != nil ? (reader.queued.contains(lesson.id) ? "✓*" : "✓ ") : "  "
            lines.append(clip(String(format: "%3d. ", n + 1) + mark + " " + lesson.title, columns))
        }
        if reader.lessons.contains(where: { reader.queued.contains($0.id) }) {
            lines += ["", clip(Messages.queuedLegend.text(language), columns)]
        }
        // The quizzes, with the id hromada quiz takes.
        if !reader.quizzes.isEmpty {
            lines += ["", clip(Messages.outlineQuizzes(reader.slug).text(language), columns)]
            for quiz in reader.quizzes { lines.append(clip("     • \(quiz.title) [\(quiz.id)]", columns)) }
        }
        lines += ["", "> " + typed]
        return lines
    }

    func draw(body: [String], top: Int, rows: Int, columns: Int, index: Int, message: String, mode: Mode) {
        let bold = Self.colors ? "\u{1B}[1m" : "", dim = Self.colors ? "\u{1B}[2m" : "", reset = Self.colors ? "\u{1B}[0m" : ""
        var out = "\u{1B}[H\u{1B}[2J"
        let heading = reader.heading(index, language: language).split(separator: "\n").map(String.init)
        out += dim + clip(heading.first ?? "", columns) + reset + "\r\n"
        out += bold + clip(heading.last ?? "", columns) + reset + "\r\n"
        out += String(repeating: "─", count: columns) + "\r\n"
        let visible = Array(body.dropFirst(top).prefix(rows))
        for line in visible { out += line + reset + "\r\n" }
        out += String(repeating: "\r\n", count: rows - visible.count)
        let position = body.count > rows ? " \(min(100, (top + rows) * 100 / max(1, body.count)))%" : ""
        out += clip(message.isEmpty ? position : message, columns) + "\r\n"
        let keys = if case .outline = mode { Messages.outlineKeys } else { Messages.pagerKeys }
        out += dim + clip(keys.text(language), columns) + reset
        write(out)
    }

    func clip(_ text: String, _ columns: Int) -> String {
        guard TerminalRenderer.visibleWidth(text) > columns else { return text }
        var out = ""
        for c in text {
            if TerminalRenderer.visibleWidth(out + String(c)) > columns - 1 { break }
            out.append(c)
        }
        return out + "…"
    }

    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// One key press; escape sequences for arrows and Page Up/Down are read whole.
    static func readKey() -> Key {
        guard let first = readByte() else { return .char("q") } // input closed: leave
        switch first {
        case 0x1B:
            guard waitForInput(milliseconds: 30), readByte() == UInt8(ascii: "["), let code = readByte() else { return .escape }
            switch code {
            case UInt8(ascii: "A"): return .up
            case UInt8(ascii: "B"): return .down
            case UInt8(ascii: "5"): _ = readByte(); return .pageUp
            case UInt8(ascii: "6"): _ = readByte(); return .pageDown
            default: return .other
            }
        case 0x03, 0x04: return .char("q") // Ctrl-C, Ctrl-D
        case 0x0D, 0x0A: return .enter
        case 0x7F, 0x08: return .backspace
        case 0x00..<0x80: return .char(Character(Unicode.Scalar(first)))
        default:
            // A letter of another layout: the rest of its UTF-8 bytes.
            var bytes = [first]
            let count = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2
            while bytes.count < count, let b = readByte() { bytes.append(b) }
            guard let c = String(decoding: bytes, as: UTF8.self).lowercased().first else { return .other }
            return layout[c].map(Key.char) ?? .char(c)
        }
    }

    static func readByte() -> UInt8? {
        var byte: UInt8 = 0
        return read(STDIN_FILENO, &byte, 1) == 1 ? byte : nil
    }

    static func waitForInput(milliseconds: Int32) -> Bool {
        var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, milliseconds) > 0
    }
}
