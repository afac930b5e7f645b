import Foundation
import HromadaDomain
import HromadaPacks
import HromadaTerminal

/// Reading from and writing to the person at the terminal.
enum Terminal {
    static func language(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        for candidate in [flag, environment["HROMADA_LANG"], environment["LC_ALL"], environment["LANG"]] {
            guard let value = candidate?.lowercased(), !value.isEmpty else { continue }
            if value.hasPrefix("en") { return .en }
            if value.hasPrefix("uk") { return .uk }
        }
        return .uk
    }

    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data((wrapped(message, for: STDERR_FILENO) + "\n").utf8))
    }

    /// `text` with each line broken at spaces to fit the terminal behind `fd`, so a long sentence
    /// is not cut in the middle of a word by the terminal; unchanged when `fd` is not a terminal.
    /// Continuation lines keep the line's leading spaces.
    static func wrapped(_ text: String, for fd: Int32) -> String {
        var size = winsize()
        guard isatty(fd) == 1, ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 else { return text }
        let width = Int(size.ws_col)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard TerminalRenderer.visibleWidth(String(line)) > width else { return String(line) }
            let indent = String(line.prefix { $0 == " " })
            var out: [String] = []
            var current = ""
            for word in line.split(separator: " ") {
                let candidate = current.isEmpty ? indent + word : current + " " + word
                if TerminalRenderer.visibleWidth(candidate) > width, !current.isEmpty {
                    out.append(current)
                    current = indent + word
                } else {
                    current = candidate
                }
            }
            // A prompt's trailing space stays, so what is typed does not touch it.
            out.append(current + (line.hasSuffix(" ") ? " " : ""))
            return out.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Prints `prompt` and reads one line.
    static func ask(_ prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        return readLine(strippingNewline: true)
    }

    /// Prints `prompt` and reads one line without echoing it when standard input is a terminal.
    /// Echo is turned off before the prompt appears, so nothing typed after it is ever shown,
    /// and without flushing, so nothing typed early is lost.
    static func askSecret(_ prompt: String) -> String? {
        guard stdinIsTerminal else {
            FileHandle.standardError.write(Data(prompt.utf8))
            return readLine(strippingNewline: true)
        }
        var old = termios()
        tcgetattr(STDIN_FILENO, &old)
        var quiet = old
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &old)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        FileHandle.standardError.write(Data(prompt.utf8))
        return readLine(strippingNewline: true)
    }

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
