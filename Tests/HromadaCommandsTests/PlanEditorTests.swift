import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
import HromadaPacks
import Synchronization
import Testing
@testable import HromadaCommands

/// `hromada plan edit` without `--file`: the programme in the person's editor. The editors here are
/// small shell scripts standing in for a person at vi (Tests/e2e/development_e2e.py drives the same
/// flow in a terminal against a real server); the server is a closure that records what it was sent.
struct PlanEditorTests {
    /// A folder with an editor script that writes `versions[n]` on its n-th run (the last one again
    /// after that; `nil` leaves the file as it is) and keeps a copy of each file it was given.
    final class Editor {
        let folder: String
        init(_ versions: [String?], exit status: Int = 0) throws {
            folder = NSTemporaryDirectory() + "plan-editor-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var script = "#!/bin/sh\nn=$(cat '\(folder)/count' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '\(folder)/count'\ncp \"$1\" '\(folder)/seen-'$n\n"
            for (i, version) in versions.enumerated() {
                let test = i == versions.count - 1 ? "[ $n -ge \(i + 1) ]" : "[ $n = \(i + 1) ]"
                if let version {
                    try Data(version.utf8).write(to: URL(fileURLWithPath: "\(folder)/v\(i + 1)"))
                    script += "if \(test); then cat '\(folder)/v\(i + 1)' > \"$1\"; fi\n"
                }
            }
            script += "exit \(status)\n"
            try Data(script.utf8).write(to: URL(fileURLWithPath: "\(folder)/edit.sh"))
            chmod("\(folder)/edit.sh", 0o755)
        }
        /// Run by `sh`, never executed itself: tests run in parallel, and a script being written while
        /// another test's editor is spawned can be held open for writing in that child, so executing it
        /// would fail with "text file busy" (status 126: it did, once, in a run of these suites).
        var environment: [String: String] { ["EDITOR": "/bin/sh \(folder)/edit.sh"] }
        var runs: Int { Int((try? String(contentsOfFile: "\(folder)/count", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "0") ?? 0 }
        func seen(_ n: Int) -> String { (try? String(contentsOfFile: "\(folder)/seen-\(n)", encoding: .utf8)) ?? "" }
        deinit { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// What the stand-in server was sent, and the plan it answers.
    final class Server: Sendable {
        let sent = Mutex<[Development.PlanDraft]>([])
        func save(_ draft: Development.PlanDraft) throws -> Received<Development.Plan> {
            sent.withLock { $0.append(draft) }
            return try PlanEditorTests.plan(items: draft.items, note: draft.note ?? "")
        }
    }

    static func plan(items: [PlanItem], note: String, approved: Int? = nil) throws -> Received<Development.Plan> {
        let itemsJSON = String(decoding: try JSONEncoder().encode(items), as: UTF8.self)
        let noteJSON = String(decoding: try JSONEncoder().encode(note), as: UTF8.self)
        let json = """
            {"id":"7b2f9c1e-0c3a-4d7e-9a41-5d2f1c3b9e10","user_id":"1f0c2b7a-3e4d-4c5b-8a69-7d8e9f0a1b2c","year":2026,"revision":\(approved.map { $0 + 1 } ?? 1),
             "status":"draft","items":\(itemsJSON),"note":\(noteJSON),"comment":null,"planned_credits":1,"approved_revision":\(approved.map(String.init) ?? "null"),"history":[]}
            """
        let value = try JSONDecoder.api.decode(Development.Plan.self, from: Data(json.utf8))
        return Received(value: value, json: .null)
    }

    static let good = "note: Бюджет\nitems:\n  - kind: course\n    course: local-budget\n    title: Місцевий бюджет\n    planned_credits: 0.9\n  - {kind: external, title: Вебінар, planned_credits: 0.1, self_education: true}\n"

    /// The prompts the editor asked, answered from a list (its last answer repeated).
    final class Asked: Sendable {
        let prompts = Mutex<[String]>([])
        var count: Int { prompts.withLock { $0.count } }
        var all: [String] { prompts.withLock { $0 } }
    }

    func editor(_ e: Editor, answers: [Bool] = [true]) -> (PlanEditor, Asked) {
        let asked = Asked()
        var editor = PlanEditor(lang: .en, environment: e.environment)
        editor.again = { prompt in
            asked.prompts.withLock { a in a.append(prompt); return answers[min(a.count - 1, answers.count - 1)] }
        }
        return (editor, asked)
    }

    @Test func theFileReadsBackToTheSameItemsWhateverTheTitlesHold() throws {
        let titles = ["Бюджет: доходи # і видатки", "\"Цитата\" і \\ риска", "- з дефіса", "Обʼєднання 'громад'", "true", "0.5", "null"]
        let items = titles.enumerated().map { PlanItem(kind: .external, title: $1, plannedCredits: Decimal(string: "0.\($0 + 1)")!, selfEducation: $0 % 2 == 0) }
            + [PlanItem(kind: .course, course: "local-budget", title: "Курс", plannedCredits: Decimal(string: "0.25")!)]
        let text = PlanFile.render(items: items, note: "Нотатка: #1", header: ["a comment: not read back", "second line"])
        let parsed = try PlanFile.parse(text).get()
        #expect(parsed.note == "Нотатка: #1")
        #expect(parsed.items.map(\.title) == items.map(\.title))
        #expect(parsed.items.map(\.plannedCredits) == items.map(\.plannedCredits))
        #expect(parsed.items.map(\.selfEducation) == items.map(\.selfEducation))
        #expect(parsed.items.last?.course == "local-budget")
        #expect(text.hasPrefix("# a comment: not read back\n# second line\n\nnote: "))
        // A control character (which the server refuses) is written escaped, never raw into the
        // person's editor, and read back as itself, so it is refused with its line.
        let hostile = PlanFile.render(items: [PlanItem(kind: .external, title: "рядок\nдругий \u{1B}[2J", plannedCredits: 1)], note: "")
        #expect(!hostile.contains("\u{1B}") && hostile.contains("\\u001B") && hostile.contains("\\n"))
        guard case .failure(let failure) = PlanFile.parse(hostile) else { Issue.record("read without a mistake"); return }
        #expect(failure.problems.map(\.line) == [3] && failure.problems[0].message.en.contains("control characters"))
        let empty = try PlanFile.parse(PlanFile.render(items: [], note: "")).get()
        #expect(empty.items.isEmpty && empty.note == "")
    }

    @Test func closingTheFileAsItWasOpenedOrEmptySendsNothing() async throws {
        let server = Server()
        for versions in [[nil], ["\n\n"], ["# only a comment\n"]] as [[String?]] {
            let e = try Editor(versions)
            let (editor, asked) = self.editor(e)
            let outcome = try await editor.edit(year: 2026, current: nil) { try server.save($0) }
            guard case .unchanged = outcome else { Issue.record("\(versions): \(outcome)"); continue }
            #expect(e.runs == 1 && asked.count == 0)
        }
        #expect(server.sent.withLock { $0.isEmpty })
    }

    @Test func theCurrentPlanIsOpenedWithTheHeaderAndTheEditIsSent() async throws {
        let server = Server()
        let e = try Editor([Self.good])
        let (editor, _) = self.editor(e)
        let current = try Self.plan(items: [PlanItem(kind: .event, title: "Семінар", plannedCredits: 1)], note: "Старе", approved: 2)
        let outcome = try await editor.edit(year: 2026, current: current.value) { try server.save($0) }
        guard case .saved(let plan) = outcome else { Issue.record("\(outcome)"); return }
        #expect(plan.items.count == 2)
        let opened = e.seen(1)
        #expect(opened.contains("# The individual programme of professional development for 2026."))
        #expect(opened.contains("# Approved revision 2 stays as it is"))
        #expect(opened.contains("  - kind: event\n    title: \"Семінар\"\n    planned_credits: 1\n"))
        #expect(opened.contains("note: \"Старе\""))
        #expect(server.sent.withLock { $0 } == [Development.PlanDraft(items: try PlanFile.parse(Self.good).get().items, note: "Бюджет")])
    }

    @Test func aMistakeReopensTheFileWithItListedAtItsLineAndTheTextKept() async throws {
        let server = Server()
        let bad = "note: x\nitems:\n  - kind: lecture\n    title: T\n    planned_credits: 1\n"
        let e = try Editor([bad, Self.good])
        let (editor, asked) = self.editor(e)
        let outcome = try await editor.edit(year: 2026, current: nil) { try server.save($0) }
        guard case .saved = outcome else { Issue.record("\(outcome)"); return }
        #expect(e.runs == 2 && asked.all == ["Edit again? [Y/n] "])
        // The second run opened the person's own text under a header naming the mistake by the
        // line it has in that very file.
        let second = e.seen(2).components(separatedBy: "\n")
        let mistake = try #require(second.first { $0.contains("items[0].kind") })
        let number = try #require(Int(mistake.split(separator: "line ").last?.split(separator: ":").first ?? ""))
        #expect(second[number - 1] == "  - kind: lecture", "\(mistake) in\n\(e.seen(2))")
        #expect(e.seen(2).hasSuffix(bad))
        #expect(server.sent.withLock { $0.count } == 1)

        // Closing the reopened file unchanged gives up, as `kubectl edit` does: nothing is sent.
        let givingUp = try Editor([bad, nil])
        let (again, _) = self.editor(givingUp)
        let gaveUp = try await again.edit(year: 2026, current: nil) { try server.save($0) }
        guard case .unchanged = gaveUp else { Issue.record("\(gaveUp)"); return }
        #expect(givingUp.runs == 2 && server.sent.withLock { $0.count } == 1)
    }

    @Test func whatTheServerRefusesIsShownAndEditedAgain() async throws {
        let e = try Editor([Self.good])
        let (editor, asked) = self.editor(e, answers: [true, false])
        let calls = Mutex(0)
        let outcome = try await editor.edit(year: 2026, current: nil) { _ in
            calls.withLock { $0 += 1 }
            throw ClientError.problem(ProblemDetails(type: "about:blank", title: "Unprocessable", status: 422, detail: "The programme has mistakes.",
                                                     code: .validationFailed, errors: [.init(field: "items[0].course", message: "no such course")], requestID: nil))
        }
        guard case .abandoned = outcome else { Issue.record("\(outcome)"); return }
        #expect(calls.withLock { $0 } == 2 && asked.count == 2)
        #expect(e.seen(2).contains("#   items[0].course: no such course"))
    }

    @Test func answeringNoOrAFailingEditorSavesNothing() async throws {
        let server = Server()
        let e = try Editor(["items: x\n"])
        let (editor, asked) = self.editor(e, answers: [false])
        let outcome = try await editor.edit(year: 2026, current: nil) { try server.save($0) }
        guard case .abandoned = outcome else { Issue.record("\(outcome)"); return }
        #expect(asked.count == 1 && e.runs == 1)

        let failing = try Editor([Self.good], exit: 3)
        let (second, _) = self.editor(failing)
        await #expect(throws: CLIFailure.self) { _ = try await second.edit(year: 2026, current: nil) { try server.save($0) } }
        #expect(server.sent.withLock { $0.isEmpty })
    }

    @Test func theHeaderFitsAnEightyColumnTerminalInBothLanguages() throws {
        let current = try Self.plan(items: [], note: "", approved: 12).value
        for lang in [Language.uk, .en] {
            let header = PlanEditor.commented(PlanEditor(lang: lang, environment: [:]).header(year: 2026, current: current, mistakes: []))
            let lines = header.split(separator: "\n")
            #expect(lines.count >= 7 && lines.allSatisfy { $0.hasPrefix("#") })
            #expect(lines.allSatisfy { $0.count <= 80 }, "\(lang): \(lines.filter { $0.count > 80 })")
        }
    }

    @Test func theEditorIsVisualThenEditorThenTheSystemsOwn() {
        #expect(PlanEditor.command(["VISUAL": "code --wait", "EDITOR": "nano"]) == "code --wait")
        #expect(PlanEditor.command(["VISUAL": " ", "EDITOR": "nano"]) == "nano")
        #expect(["editor", "vi"].contains(PlanEditor.command([:])))
    }
}
