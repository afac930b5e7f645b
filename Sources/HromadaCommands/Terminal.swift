import Foundation
import HromadaDomain

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
        FileHandle.standardError.write(Data((message + "\n").utf8))
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
