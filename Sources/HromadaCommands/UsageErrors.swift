import ArgumentParser
import Foundation
import HromadaDomain

/// A command line the parser refused, told in the person's language with what they probably meant:
/// `hromada cours` → "Невідома команда «cours». Можливо, ви мали на увазі: course, courses?" (exit 2).
enum UsageErrors {
    /// The command path the arguments name (`["users", "list"]`), its type, and the first word that
    /// names no command where one was expected.
    static func walk(_ arguments: [String]) -> (path: [String], command: any ParsableCommand.Type, unknown: String?) {
        var command: any ParsableCommand.Type = HromadaCommand.self
        var path: [String] = []
        var skipValue = false
        for word in arguments {
            if skipValue { skipValue = false; continue }
            if word.hasPrefix("-") {
                // The shared options that take a value, written apart from it.
                skipValue = ["--server", "--lang"].contains(word)
                continue
            }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { break }
            guard let next = subcommands.first(where: { $0._commandName == word }) else {
                return (path, command, word == "help" ? nil : word)
            }
            command = next
            path.append(word)
        }
        return (path, command, nil)
    }

    /// Names close to `word`: a few letters apart, or one beginning the other (`cours` → course, courses).
    static func suggestions(for word: String, among names: [String]) -> [String] {
        let lower = word.lowercased()
        let scored = names.compactMap { name -> (String, Int)? in
            let d = distance(lower, name.lowercased())
            let prefix = name.hasPrefix(lower) || lower.hasPrefix(name)
            return d <= max(2, min(3, name.count / 3)) || (prefix && min(lower.count, name.count) >= 3) ? (name, d) : nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
    }

    /// The long options a command takes, read from its help.
    static func options(of command: any ParsableCommand.Type) -> [String] {
        let help = HromadaCommand.helpMessage(for: command, columns: 200)
        var found: [String] = []
        for match in help.matches(of: /--[a-z][a-z0-9-]*/) where !found.contains(String(match.output)) {
            found.append(String(match.output))
        }
        return found
    }

    /// The sentence for `error`, thrown by the parser for `arguments`.
    static func sentence(for error: any Error, arguments: [String]) -> LocalizedText {
        let (path, command, unknown) = walk(arguments)
        let shown = (["hromada"] + path).joined(separator: " ")
        let helpLine = LocalizedText(uk: " Довідка: \(shown) --help", en: " Help: \(shown) --help")
        func with(_ text: LocalizedText, _ maybe: [String]) -> LocalizedText {
            let guess = maybe.isEmpty ? LocalizedText(uk: "", en: "")
                : LocalizedText(uk: " Можливо, ви мали на увазі: \(maybe.joined(separator: ", "))?", en: " Did you mean: \(maybe.joined(separator: ", "))?")
            return LocalizedText(uk: text.uk + guess.uk + helpLine.uk, en: text.en + guess.en + helpLine.en)
        }
        if let unknown {
            let names = command.configuration.subcommands.map { $0._commandName }
            return with(LocalizedText(uk: "Невідома команда «\(unknown)» для \(shown).", en: "Unknown command '\(unknown)' for \(shown)."),
                        suggestions(for: unknown, among: names))
        }
        let english = HromadaCommand.message(for: error)
        if let m = english.firstMatch(of: /Unknown option '(-[^']*)'/) {
            let option = String(m.1)
            return with(LocalizedText(uk: "Невідомий параметр \(option) для \(shown).", en: "Unknown option \(option) for \(shown)."),
                        suggestions(for: option, among: options(of: command)))
        }
        if let m = english.firstMatch(of: /Missing expected argument '([^']*)'/) {
            return with(LocalizedText(uk: "Бракує аргументу \(m.1).", en: "The argument \(m.1) is missing."), [])
        }
        if let m = english.firstMatch(of: /Missing value for '([^' ]*)/) {
            return with(LocalizedText(uk: "Після \(m.1) бракує значення.", en: "\(m.1) needs a value."), [])
        }
        if let m = english.firstMatch(of: /The value '([^']*)' is invalid for '([^' ]*)[^']*'/) {
            let allowed = english.contains("one of") ? english.split(separator: "one of", maxSplits: 1).last.map {
                $0.matches(of: /'([^']*)'/).map { String($0.1) }
            } ?? [] : []
            let list = allowed.joined(separator: ", ")
            return with(LocalizedText(
                uk: "Значення «\(m.1)» не підходить для \(m.2)" + (allowed.isEmpty ? "." : "; можливі: \(list)."),
                en: "The value '\(m.1)' does not fit \(m.2)" + (allowed.isEmpty ? "." : "; it takes one of: \(list).")), [])
        }
        if let m = english.firstMatch(of: /[Uu]nexpected arguments?:? (.*)$/) {
            let words = String(m.1).replacingOccurrences(of: "'", with: "")
            return with(LocalizedText(uk: "Зайві аргументи для \(shown): \(words).", en: "Arguments \(shown) does not take: \(words)."), [])
        }
        if let m = english.firstMatch(of: /The option '([^']*)' does not take any value/) {
            return with(LocalizedText(uk: "Параметр \(m.1) не бере значення.", en: "The option \(m.1) takes no value."), [])
        }
        return with(LocalizedText(uk: "Неправильний виклик команди (\(english)).", en: "The command line is wrong (\(english))."), [])
    }

    /// `--lang X` or `--lang=X` when X is neither Ukrainian nor English: the sentence refusing it.
    static func unsupportedLanguage(_ arguments: [String]) -> LocalizedText? {
        var value: String?
        for (i, word) in arguments.enumerated() {
            if word == "--lang", i + 1 < arguments.count { value = arguments[i + 1] }
            if word.hasPrefix("--lang=") { value = String(word.dropFirst(7)) }
        }
        guard let value, !["uk", "en"].contains(where: { value.lowercased().hasPrefix($0) }) else { return nil }
        return LocalizedText(
            uk: "Мова «\(value)» не підтримується: --lang uk (українська) або --lang en (англійська).",
            en: "The language '\(value)' is not supported: --lang uk (Ukrainian) or --lang en (English)."
        )
    }

    /// The language the arguments ask for (`--lang`), else the environment's, for saying what went wrong.
    static func language(_ arguments: [String]) -> Language {
        var flag: String?
        for (i, word) in arguments.enumerated() {
            if word == "--lang", i + 1 < arguments.count { flag = arguments[i + 1] }
            if word.hasPrefix("--lang=") { flag = String(word.dropFirst(7)) }
        }
        return Terminal.language(flag: flag)
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = a[i - 1] == b[j - 1] ? previous : min(previous, row[j], row[j - 1]) + 1
                previous = current
            }
        }
        return row[b.count]
    }
}

extension HromadaCommand {
    /// The client's entry point: the command line parsed and run; a line the parser refuses is one
    /// sentence in the person's language with a guess at what was meant (exit 2), help in their language.
    public static func runInLanguage(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        // The parser's own dumps (the manual pages are made from --experimental-dump-help) and completion
        // scripts, as the parser writes them.
        if arguments.contains(where: { $0.hasPrefix("--experimental") || $0.hasPrefix("--generate-completion") }) {
            await main(arguments)
            Foundation.exit(0)
        }
        let lang = UsageErrors.language(arguments)
        if let refused = UsageErrors.unsupportedLanguage(arguments) {
            Terminal.error(refused.text(lang))
            Foundation.exit(2)
        }
        // --help, help COMMAND, or a command that only groups others: the help, in the language chosen.
        func help(_ error: any Error) -> Never {
            let (path, command, _) = UsageErrors.walk(arguments.first == "help" ? Array(arguments.dropFirst()) : arguments)
            // Unwrapped (the parser's full message wraps at 80 columns whatever it is asked), so that each
            // "English / Українська" line can be split; wrapped again below for the terminal.
            let asked = arguments.isEmpty || arguments.first == "help" || arguments.contains("--help") || arguments.contains("-h")
                || !command.configuration.subcommands.isEmpty
            let raw = asked ? helpMessage(for: command, columns: 10_000) : fullMessage(for: error)
            let text = HelpText.localized(raw, lang, path: path)
            print(Terminal.wrapped(text, for: STDOUT_FILENO))
            Foundation.exit(0)
        }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            if error is CleanExit { help(error) }
            Terminal.error(UsageErrors.sentence(for: error, arguments: arguments).text(lang))
            Foundation.exit(2)
        }
        // --help and `help COMMAND` parse as the parser's own help command, which would print in English.
        if String(describing: type(of: command)) == "HelpCommand" { help(CleanExit.helpRequest()) }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if error is CleanExit { help(error) }
            exit(withError: error)
        }
        Foundation.exit(0)
    }
}
