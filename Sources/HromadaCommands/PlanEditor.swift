import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
import HromadaPacks

/// `hromada plan edit` without `--file`: the year's programme opened as YAML in the person's own
/// editor, as `git commit` and `kubectl edit` do. Nothing is sent until the file reads back without
/// a mistake; a mistake (in the file, or one the server finds, such as a course that does not
/// exist) reopens the editor with the mistakes on top as comments and the text as it was left.
/// Leaving the file unchanged, emptying it, answering no, or the editor failing saves nothing.
struct PlanEditor {
    enum Outcome {
        case saved(Received<Development.Plan>)
        /// The file was closed as it was opened (or emptied): nothing sent.
        case unchanged
        /// A mistake was left in the file and the person chose not to edit again.
        case abandoned
    }

    let lang: Language
    let environment: [String: String]
    /// Asks whether to edit again after a mistake; `true` for yes (Enter alone means yes).
    var again: @Sendable (String) -> Bool = { prompt in
        guard let answer = Terminal.ask(prompt)?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        // Not `н`: in the Ukrainian layout it sits where `y` is, but in Ukrainian it is `ні`, no.
        return answer.isEmpty || ["y", "yes", "т", "так"].contains(answer)
    }

    /// The editor: `$VISUAL`, then `$EDITOR`, then Debian's `editor` alternative, then `vi`.
    static func command(_ environment: [String: String]) -> String {
        for key in ["VISUAL", "EDITOR"] {
            if let value = environment[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/editor") ? "editor" : "vi"
    }

    func edit(year: Int, current: Development.Plan?, save: (Development.PlanDraft) async throws -> Received<Development.Plan>) async throws -> Outcome {
        // $TMPDIR, else /tmp (NSTemporaryDirectory), in a folder of its own.
        var template = Array((NSTemporaryDirectory() + "hromada-plan-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CLIFailure(.usage, Messages.unreadableFile(NSTemporaryDirectory())) }
        let directory = String(cString: made) // mode 0700: the draft is nobody else's to read
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/plan-\(year).yaml"
        var body = PlanFile.render(items: current?.items ?? [], note: current?.note ?? "")
        var mistakes: [String] = []
        while true {
            let written = Self.commented(header(year: year, current: current, mistakes: mistakes)) + body
            guard FileManager.default.createFile(atPath: path, contents: Data(written.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CLIFailure(.usage, Messages.unreadableFile(path))
            }
            let status = Self.run(Self.command(environment), path: path)
            guard status == 0 else {
                throw CLIFailure(.usage, LocalizedText(uk: "Редактор завершився з кодом \(status); нічого не збережено.",
                                                       en: "The editor exited with status \(status); nothing was saved."))
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw CLIFailure(.usage, Messages.unreadableFile(path))
            }
            if text == written || Self.withoutHeader(text).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .unchanged }
            body = Self.withoutHeader(text)
            switch PlanFile.parse(body) {
            case .failure(let failure):
                // Lines counted in the file as it will be reopened, below a header that lists them.
                let offset = header(year: year, current: current, mistakes: failure.problems.map { _ in "" }).count + 1
                mistakes = failure.problems.map {
                    LocalizedText(uk: "рядок \($0.line + offset): \($0.message.uk)", en: "line \($0.line + offset): \($0.message.en)").text(lang)
                }
            case .success(let parsed):
                do {
                    return .saved(try await save(.init(items: parsed.items, note: parsed.note)))
                } catch ClientError.problem(let problem) where problem.status == 422 || problem.status == 400 {
                    mistakes = [problem.detail ?? problem.title] + (problem.errors ?? []).map { [$0.field, $0.message].compactMap { $0 }.joined(separator: ": ") }
                }
            }
            mistakes = mistakes.map { $0.replacingOccurrences(of: "\n", with: " ") }
            for mistake in mistakes { Terminal.error(mistake) }
            guard again(LocalizedText(uk: "Редагувати ще раз? [Т/н] ", en: "Edit again? [Y/n] ").text(lang)) else { return .abandoned }
        }
    }

    /// The comment block at the top of the file: what it is and how to write it, then the last try's mistakes.
    func header(year: Int, current: Development.Plan?, mistakes: [String]) -> [String] {
        // Lines that fit an 80-column terminal with their "# ".
        var texts = [
            LocalizedText(uk: "Індивідуальна програма підвищення кваліфікації на \(year) рік.",
                          en: "The individual programme of professional development for \(year)."),
            LocalizedText(uk: "Збережіть файл і закрийте редактор — чернетку буде записано;\nнезмінений чи порожній файл нічого не змінює. Рядки з # не зберігаються.",
                          en: "Save the file and close the editor to write the draft; an unchanged\nor empty file changes nothing. Lines starting with # are not kept."),
            LocalizedText(uk: "kind: course (і course: назва курсу в каталозі), event або external;\nplanned_credits: ЄКТС, до двох знаків після коми;\nself_education: true для самоосвіти.",
                          en: "kind: course (with course: the catalogue's slug), event or external;\nplanned_credits: ECTS, up to two decimal places;\nself_education: true for self-education."),
        ]
        if let current, let approved = current.approvedRevision {
            texts.append(LocalizedText(uk: "Затверджена редакція \(approved) не зміниться: збереження почне нову,\nяку затверджують знову.",
                                       en: "Approved revision \(approved) stays as it is: saving starts a new one,\nto be approved again."))
        }
        var lines = texts.flatMap { $0.text(lang).components(separatedBy: "\n") }
        if !mistakes.isEmpty {
            lines.append("")
            lines.append(LocalizedText(uk: "Помилки, виправте їх:", en: "Mistakes to mend:").text(lang))
            lines += mistakes.map { "  " + $0 }
        }
        return lines
    }

    static func commented(_ lines: [String]) -> String {
        lines.map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n") + "\n\n"
    }

    /// `text` without the comment lines and blank lines it starts with (the header this editor wrote).
    static func withoutHeader(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let first = lines.first, first.hasPrefix("#") || first.trimmingCharacters(in: .whitespaces).isEmpty { lines = lines.dropFirst() }
        return lines.joined(separator: "\n")
    }

    /// Runs `command FILE` through `/bin/sh`, so `EDITOR="code --wait"` works as it does for git.
    /// The editor shares the terminal and its process group; this process ignores Ctrl-C and
    /// Ctrl-\ meanwhile (the editor gets them with their default meaning), as git does.
    static func run(_ command: String, path: String) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGQUIT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let oldInt = signal(SIGINT, SIG_IGN), oldQuit = signal(SIGQUIT, SIG_IGN)
        defer { signal(SIGINT, oldInt); signal(SIGQUIT, oldQuit) }
        let argv = ["/bin/sh", "-c", command + " \"$1\"", "hromada-editor", path]
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, &attributes, &cArgs, environ) == 0 else { return 127 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
