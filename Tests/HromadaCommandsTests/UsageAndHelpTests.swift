import ArgumentParser
import Foundation
import HromadaDomain
import Testing
@testable import HromadaCommands

/// A mistyped command line is one sentence in the person's language with a guess (exit 2, in
/// `runInLanguage`), and --help is in the language chosen. In the binary: Tests/e2e/foundation_e2e.py.
struct UsageAndHelpTests {
    static func refusal(_ arguments: [String]) -> LocalizedText? {
        do {
            _ = try HromadaCommand.parseAsRoot(arguments)
            return nil
        } catch {
            return UsageErrors.sentence(for: error, arguments: arguments)
        }
    }

    @Test func anUnknownCommandIsNamedWithWhatWasMeant() throws {
        let cours = try #require(Self.refusal(["cours"]))
        #expect(cours.uk.hasPrefix("Невідома команда «cours» для hromada. Можливо, ви мали на увазі: course, courses?"), "\(cours.uk)")
        #expect(cours.en.hasPrefix("Unknown command 'cours' for hromada. Did you mean: course, courses?"), "\(cours.en)")
        let enroll = try #require(Self.refusal(["enroll", "x"]))
        #expect(enroll.uk.contains("«enroll»") && enroll.uk.contains("enrol?") && enroll.uk.hasSuffix("Довідка: hromada --help"))
        let deep = try #require(Self.refusal(["users", "lsit"]))
        #expect(deep.uk.contains("«lsit» для hromada users") && deep.uk.contains("list"), "\(deep.uk)")
    }

    @Test func anUnknownOptionAndOtherMistakesAreSaidInBothLanguages() throws {
        let option = try #require(Self.refusal(["courses", "--jsn"]))
        #expect(option.uk.hasPrefix("Невідомий параметр --jsn для hromada courses. Можливо, ви мали на увазі: --json?"), "\(option.uk)")
        let missing = try #require(Self.refusal(["enrol"]))
        #expect(missing.uk.hasPrefix("Бракує аргументу <slug>.") && missing.en.contains("is missing"), "\(missing)")
        let value = try #require(Self.refusal(["outbox", "--status", "lost"]))
        #expect(value.uk.contains("«lost»") && value.uk.contains("pending") && !value.uk.contains("The value"), "\(value.uk)")
        let extra = try #require(Self.refusal(["whoami", "x", "y"]))
        #expect(extra.uk.contains("Зайві аргументи") && extra.uk.contains("x, y"), "\(extra.uk)")
        for text in [option, missing, value, extra] { #expect(text.uk.contains { HelpText.isCyrillic($0) }) }
    }

    @Test func aLanguageOtherThanUkrainianOrEnglishIsRefused() {
        #expect(UsageErrors.unsupportedLanguage(["courses", "--lang", "de"])?.uk.contains("Мова «de» не підтримується") == true)
        #expect(UsageErrors.unsupportedLanguage(["courses", "--lang=fr"]) != nil)
        #expect(UsageErrors.unsupportedLanguage(["courses", "--lang", "en"]) == nil && UsageErrors.unsupportedLanguage(["courses", "--lang", "uk_UA"]) == nil)
        #expect(UsageErrors.language(["x", "--lang", "en"]) == .en)
    }

    @Test func helpIsInTheLanguageChosen() {
        let raw = HromadaCommand.helpMessage(for: HromadaCommand.Enrol.self, columns: 10_000)
        let uk = HelpText.localized(raw, .uk, path: ["enrol"])
        #expect(uk.contains("ОПИС: Записатися на курс.") && uk.contains("ВИКОРИСТАННЯ:") && uk.contains("ПАРАМЕТРИ:"), "\(uk)")
        #expect(uk.contains("Вивести JSON.") && uk.contains("Показати довідку.") && !uk.contains("Print JSON") && !uk.contains("Enrolling twice"), "\(uk)")
        let en = HelpText.localized(raw, .en, path: ["enrol"])
        #expect(en.contains("OVERVIEW: Enrol in a course.") && !en.contains { HelpText.isCyrillic($0) }, "\(en)")
        let root = HelpText.localized(HromadaCommand.helpMessage(for: HromadaCommand.self, columns: 10_000), .uk, path: [])
        #expect(root.contains("КОМАНДИ:") && root.contains("  enrol") && root.contains("Записатися на курс.") && root.contains("Коди виходу"), "\(root)")
    }

    /// Every option and argument of every command has its Ukrainian: no English-only help line in a Ukrainian run.
    @Test func everyOptionsHelpHasItsUkrainian() {
        var missing: [String] = []
        func visit(_ command: any ParsableCommand.Type, _ path: [String]) {
            let help = HelpText.localized(HromadaCommand.helpMessage(for: command, columns: 10_000), .uk, path: path)
            var inOptions = false
            for line in help.split(separator: "\n") {
                if line.hasSuffix(":") && !line.hasPrefix(" ") { inOptions = ["АРГУМЕНТИ:", "ПАРАМЕТРИ:"].contains(String(line)); continue }
                let text = line.trimmingCharacters(in: .whitespaces)
                // A name alone on its line (its help follows on the next) has nothing to translate.
                let nameOnly = (text.hasPrefix("-") || text.hasPrefix("<")) && !text.contains("  ")
                if inOptions, !nameOnly, text.contains(where: { $0.isLetter }), !text.contains(where: HelpText.isCyrillic) {
                    missing.append((["hromada"] + path).joined(separator: " ") + ": " + line.trimmingCharacters(in: .whitespaces))
                }
            }
            for sub in command.configuration.subcommands { visit(sub, path + [sub._commandName]) }
        }
        visit(HromadaCommand.self, [])
        #expect(missing.isEmpty, "\(missing.joined(separator: "\n"))")
    }

    /// Every command that explains itself does so in Ukrainian too.
    @Test func everyDiscussionHasItsUkrainian() {
        var missing: [String] = []
        func visit(_ command: any ParsableCommand.Type, _ path: [String]) {
            let key = path.joined(separator: " ")
            if !command.configuration.discussion.isEmpty && HelpText.discussions[key] == nil { missing.append("hromada " + key) }
            for sub in command.configuration.subcommands { visit(sub, path + [sub._commandName]) }
        }
        visit(HromadaCommand.self, [])
        #expect(missing.isEmpty, "\(missing)")
        #expect(HelpText.discussions.keys.allSatisfy { key in
            key.isEmpty || UsageErrors.walk(key.split(separator: " ").map(String.init)).path.joined(separator: " ") == key
        }, "a Ukrainian discussion for a command that does not exist")
    }

    /// The JSON a command prints, as its help lists it (`--json prints {…}`), is the same list in both
    /// languages: found when `hromada course show` gained fields in English only.
    @Test func everyJSONFieldListIsTheSameInBothLanguages() throws {
        func list(_ text: String, after marker: String) -> String? {
            let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard let start = flat.range(of: marker), let open = flat[start.upperBound...].firstIndex(where: { $0 == "{" || $0 == "[" }) else { return nil }
            let rest = flat[open...]
            guard let end = rest.firstRange(of: /[\]}]\./) else { return nil }
            return String(rest[..<end.lowerBound]) + String(rest[end].dropLast())
        }
        var compared = 0
        var differing: [String] = []
        func visit(_ command: any ParsableCommand.Type, _ path: [String]) {
            let key = path.joined(separator: " ")
            if let english = list(command.configuration.discussion, after: "--json prints "), let uk = HelpText.discussions[key] {
                compared += 1
                let ukrainian = list(uk, after: "--json виводить ")
                if ukrainian != english { differing.append("hromada \(key): \(english) ≠ \(ukrainian ?? "none")") }
            }
            for sub in command.configuration.subcommands { visit(sub, path + [sub._commandName]) }
        }
        visit(HromadaCommand.self, [])
        #expect(compared > 20, "only \(compared) lists found: the markers changed?")
        #expect(differing.isEmpty, "\(differing.joined(separator: "\n"))")
    }
}
