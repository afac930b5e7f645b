import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
import HromadaPacks
import HromadaTerminal
import Testing
@testable import HromadaCommands

/// `hromada development`, `plan`, `record`, `records`, `hr …` and `report development`: what they take
/// from the command line, what they draw and what they say, in both languages. Against a real server:
/// ClientDevelopmentTests (the calls) and Tests/e2e/development_e2e.py (the commands in a terminal).
struct DevelopmentCommandTests {
    static func standing(_ json: String) throws -> Development.Standing {
        try JSONDecoder.api.decode(Development.Standing.self, from: Data(json.utf8))
    }

    static let met = """
        {"year":2026,"category":"official","target_credits":1,"earned_credits":1.0,"self_education_credits":0.1,
         "self_education_share":10,"met":true,"first_year_due":null,"plan":{"id":"p1","revision":1,"status":"approved"},
         "items":[{"source":"course","title":"Місцевий бюджет","date":"2026-02-10","hours":27,"credits":0.9,"self_education":false,"evidence":{"certificate_serial":"KYV-2026-000001"}},
                  {"source":"external","title":"Вебінар","date":"2026-03-01","hours":3,"credits":0.1,"self_education":true,"evidence":{"external_record_id":"r1"}}]}
        """

    @Test func theCommandsParseAsDocumented() throws {
        let development = try #require(try HromadaCommand.parseAsRoot(["development", "2025", "--json"]) as? HromadaCommand.DevelopmentCommand)
        #expect(development.year == 2025 && development.json)
        #expect((try HromadaCommand.parseAsRoot(["development"]) as? HromadaCommand.DevelopmentCommand)?.year == nil)
        let edit = try #require(try HromadaCommand.parseAsRoot(["plan", "edit", "2026", "--file", "plan.yaml"]) as? HromadaCommand.PlanCommand.Edit)
        #expect(edit.year == 2026 && edit.file == "plan.yaml")
        #expect(try HromadaCommand.parseAsRoot(["plan", "show"]) is HromadaCommand.PlanCommand.Show)
        #expect(try HromadaCommand.parseAsRoot(["plan", "submit", "2026"]) is HromadaCommand.PlanCommand.Submit)
        let add = try #require(try HromadaCommand.parseAsRoot([
            "record", "add", "--file", "w.pdf", "--provider", "Prometheus", "--title", "Вебінар", "--kind", "self_education",
            "--started", "2026-03-01", "--finished", "2026-03-01", "--hours", "3", "--credits", "0,1",
        ]) as? HromadaCommand.RecordCommand.Add)
        let claim = try add.claim()
        #expect(claim.hours == 3 && claim.credits == Decimal(string: "0.1")! && claim.kind == .selfEducation && claim.startedOn == "2026-03-01")
        #expect(try HromadaCommand.parseAsRoot(["records", "--year", "2026"]) is HromadaCommand.RecordsCommand)
        let plans = try #require(try HromadaCommand.parseAsRoot(["hr", "plans", "--status", "submitted", "--hromada", "Бучанська"]) as? HromadaCommand.HR.Plans)
        #expect(plans.status == "submitted" && plans.scope.value.hromada == "Бучанська")
        #expect((try HromadaCommand.parseAsRoot(["hr", "return", "abc", "--comment", "ні"]) as? HromadaCommand.HR.Return)?.comment == "ні")
        #expect((try HromadaCommand.parseAsRoot(["hr", "approve", "abc"]) as? HromadaCommand.HR.Approve)?.comment == nil)
        #expect((try HromadaCommand.parseAsRoot(["hr", "records"]) as? HromadaCommand.HR.Records)?.status == "pending")
        #expect((try HromadaCommand.parseAsRoot(["hr", "recognise", "abc", "--credits", "0.5"]) as? HromadaCommand.HR.Recognise)?.credits == "0.5")
        #expect((try HromadaCommand.parseAsRoot(["hr", "reject", "abc", "--reason", "ні"]) as? HromadaCommand.HR.Reject)?.reason == "ні")
        let report = try #require(try HromadaCommand.parseAsRoot(["report", "development", "--summary", "--by", "raion", "--csv"]) as? HromadaCommand.Report.DevelopmentReport)
        #expect(report.summary && report.by == "raion" && report.csv)
        // What the server would refuse is refused before a request.
        // Without --file the programme is edited in the person's editor (PlanEditorTests).
        #expect((try HromadaCommand.parseAsRoot(["plan", "edit"]) as? HromadaCommand.PlanCommand.Edit)?.file == nil)
        #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["hr", "return", "abc"]) }
        #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["hr", "reject", "abc"]) }
        #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["report", "development", "--by", "raion"]) }
        #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["report", "development", "--summary", "--by", "village"]) }
        #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["report", "development", "--semicolons"]) }
        let pdf = try #require(try HromadaCommand.parseAsRoot(["report", "development", "--summary", "--pdf", "--output", "s.pdf"]) as? HromadaCommand.Report.DevelopmentReport)
        #expect(pdf.pdf && pdf.output == "s.pdf")
        for wrong in [["--pdf"], ["--summary", "--output", "s.pdf"], ["--summary", "--pdf", "--csv"], ["--summary", "--pdf", "--json"]] {
            #expect(throws: (any Error).self) { try HromadaCommand.parseAsRoot(["report", "development"] + wrong) }
        }
    }

    @Test(arguments: [("3", "3"), ("0,1", "0.1"), ("0.25", "0.25"), (" 12.5 ", "12.5")])
    func numbersAreReadExactlyWithAPointOrAComma(_ text: String, _ expected: String) throws {
        #expect(try Typed.decimal(text, option: "--hours") == Decimal(string: expected)!)
    }

    @Test(arguments: ["", "1e3", "-1", "0.1.2", "nan", "1 000", "0,12345"])
    func whatIsNotANumberIsRefused(_ text: String) {
        #expect(throws: CLIFailure.self) { try Typed.decimal(text, option: "--hours") }
    }

    @Test func recordOptionsAreCheckedBeforeAnythingIsSent() throws {
        for wrong in [["--kind", "holiday"], ["--started", "1.3.2026"], ["--hours", "три"]] {
            var args = ["record", "add", "--file", "w.pdf", "--provider", "P", "--title", "T", "--kind", "training",
                        "--started", "2026-03-01", "--finished", "2026-03-01", "--hours", "3"]
            let at = args.firstIndex(of: wrong[0])!
            args[at + 1] = wrong[1]
            let add = try #require(try HromadaCommand.parseAsRoot(args) as? HromadaCommand.RecordCommand.Add)
            #expect(throws: CLIFailure.self) { try add.claim() }
        }
        #expect(throws: CLIFailure.self) { try Typed.id("not-an-id") }
    }

    @Test func aPlanFileIsReadWithItsNumbersExact() throws {
        let text = """
            note: Бюджет і самоосвіта
            items:
              - kind: course
                course: local-budget
                title: Місцевий бюджет
                planned_credits: 0.9
              - {kind: external, title: "Вебінар", planned_credits: 0.1, self_education: true}
            """
        let parsed = try PlanFile.parse(text).get()
        #expect(parsed.note == "Бюджет і самоосвіта")
        #expect(parsed.items.map(\.plannedCredits).reduce(0, +) == 1)
        #expect(parsed.items.last == PlanItem(kind: .external, title: "Вебінар", plannedCredits: Decimal(string: "0.1")!, selfEducation: true))
    }

    @Test func aPlanFilesMistakesAreNamedWithTheirLines() {
        func problems(_ text: String) -> [PlanFile.Problem] {
            if case .failure(let f) = PlanFile.parse(text) { return f.problems }
            return []
        }
        let wrongItem = problems("items:\n  - kind: course\n    title: Бюджет\n    planned_credits: 1\n  - kind: lecture\n    title: Х\n    planned_credits: 0.333\n")
        #expect(wrongItem.map(\.line) == [5, 5] && wrongItem.first?.message.en.hasPrefix("items[1].") == true)
        #expect(wrongItem.first?.message.uk.contains("course, event або external") == true)
        #expect(problems("items: []\nnotes: x\n").first?.message.en.contains("unknown key 'notes'") == true)
        #expect(problems("note: x\n").first?.message.uk == "у програмі немає items")
        #expect(problems("items: x\n").first?.message.en == "items must be a list")
        #expect(problems("items:\n  - &a {kind: event, title: T, planned_credits: 1}\n  - *a\n").count == 1)
        #expect(problems("items: [\n").count == 1)
    }

    @Test func theBarTowardsTheTargetFitsTheWidth() {
        for width in [20, 40, 80, 200] {
            for earned in ["0", "0.45", "1", "2.5"] {
                let bar = Bars.progress(Decimal(string: earned)!, of: 1, width: width)
                #expect(TerminalRenderer.visibleWidth(bar) <= width, "\(width) \(earned): \(bar)")
            }
        }
        #expect(Bars.progress(Decimal(string: "0.5")!, of: 1, width: 17) == "[█████·····] 50 %")
        #expect(Bars.progress(2, of: 1, width: 16) == "[████████] 200 %")
        #expect(Bars.progress(0, of: 1, width: 15) == "[·········] 0 %")
    }

    @Test func theYearIsDrawnWithItsItemsBySource() throws {
        let text = HromadaCommand.DevelopmentCommand.render(try Self.standing(Self.met), lang: .uk, width: 60)
        #expect(text.contains("2026 рік — посадова особа"))
        #expect(text.contains("Кредити ЄКТС: 1.0 з 1.0 — річну норму виконано."))
        #expect(text.contains("[" + String(repeating: "█", count: 52) + "] 100 %"))
        #expect(text.contains("Курси платформи (1)") && text.contains("Зовнішнє навчання (визнане) (1)"))
        #expect(text.split(separator: "\n").allSatisfy { TerminalRenderer.visibleWidth(String($0)) <= 60 })
        let english = HromadaCommand.DevelopmentCommand.render(try Self.standing(Self.met), lang: .en, width: 60)
        #expect(english.contains("ECTS credits: 1.0 of 1.0 — the year is met.") && english.contains("Self-education: 0.1 ECTS (10.0 %"))
        // All from courses: enough credits, the year not met, and why.
        let courses = Self.met.replacingOccurrences(of: "\"met\":true", with: "\"met\":false")
        #expect(HromadaCommand.DevelopmentCommand.render(try Self.standing(courses), lang: .en, width: 80).contains("Self-education is short"))
        // A deputy: no target, no bar.
        let deputy = #"{"year":2026,"category":"deputy","target_credits":0,"earned_credits":0,"self_education_credits":0,"self_education_share":0,"met":null,"first_year_due":null,"plan":null,"items":[]}"#
        let d = HromadaCommand.DevelopmentCommand.render(try Self.standing(deputy), lang: .uk, width: 80)
        #expect(d.contains("Для депутатів річної норми немає") && !d.contains("[") && d.contains("Цього року ще нічого не зараховано."))
    }

    @Test func theSummaryIsABarPerGroupThatFitsTheWidth() {
        let rows = [
            Development.Summary.Row(group: .init(code: "UA32080000000084076", name: "Бучанський"), people: 12, officials: 10, met: 7, notMet: 3, withoutApprovedPlan: 2),
            Development.Summary.Row(group: .init(code: "UA48060000000043717", name: "Миколаївський район з дуже довгою назвою"), people: 5, officials: 5, met: 0, notMet: 5, withoutApprovedPlan: 5),
            Development.Summary.Row(group: .init(code: nil, name: "—"), people: 1, officials: 0, met: 0, notMet: 0, withoutApprovedPlan: 0),
        ]
        // Narrow: the counts go under each bar, and still nothing is wider than the terminal.
        for width in [38, 50] {
            let text = HromadaCommand.Report.DevelopmentReport.render(.init(year: 2026, by: "raion", items: rows), lang: .uk, width: width)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.count == 8 && lines[3].hasPrefix("  7 з 10"), "\(width):\n\(text)")
            #expect(lines.dropFirst(2).allSatisfy { TerminalRenderer.visibleWidth($0) <= width }, "\(width):\n\(text)")
        }
        for width in [80, 132] {
            let text = HromadaCommand.Report.DevelopmentReport.render(.init(year: 2026, by: "raion", items: rows), lang: .uk, width: width)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.count == 5 && lines[0] == "Професійний розвиток у 2026 році — район")
            #expect(lines.dropFirst(2).allSatisfy { TerminalRenderer.visibleWidth($0) <= width }, "\(width):\n\(text)")
            // The largest group's bar is the longest; 7 of 10 met is 70 % of it.
            let full = lines[2].filter { $0 == "█" || $0 == "░" }.count
            #expect(lines[2].filter { $0 == "█" }.count == Int((Double(full) * 0.7).rounded()))
            #expect(lines[3].filter { $0 == "░" }.count == full / 2 && !lines[3].contains("█"))
            #expect(lines[2].hasSuffix("7 з 10, без затвердженої програми: 2"))
        }
        let english = HromadaCommand.Report.DevelopmentReport.render(.init(year: 2026, by: "raion", items: rows), lang: .en, width: 80)
        #expect(english.contains("Professional development in 2026 — by raion") && english.contains("7 of 10, no approved plan: 2"))
        #expect(HromadaCommand.Report.DevelopmentReport.render(.init(year: 2026, by: "oblast", items: []), lang: .en, width: 80).hasSuffix("Nobody is in the report."))
    }

    @Test func anIdTypedIntoAnotherCommandIsNeverCut() {
        let id = "6f6565a6-dfed-4f8b-b865-83fc753085ca"
        let table = Table(headers: ["Назва", "Стан", "Id"], rows: [["Вебінар про доступність для громад", "очікує рішення", id]], fixed: [2])
        let text = table.render(width: 60)
        #expect(text.contains(id) && text.contains("…"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 60 })
    }

    /// Every sentence of these commands exists in both languages, and they are not one text twice.
    @Test func everySentenceIsInUkrainianAndInEnglish() {
        var texts: [LocalizedText] = [
            Messages.yearHeading(2026, category: "official"), Messages.yearHeading(2026, category: "deputy"),
            Messages.credits(earned: "0.5", target: "1.0", met: false), Messages.credits(earned: "1.0", target: "1.0", met: true),
            Messages.credits(earned: "0.5", target: "0.0", met: nil), Messages.selfEducation("0.1", share: "10.0"), Messages.selfEducationShort,
            Messages.firstYearDue("2026-09-01"), Messages.planLine(revision: 2, status: .approved), Messages.noPlan, Messages.nothingEarned,
            Messages.planSaved(2026, revision: 1, items: 2, credits: "1.0"), Messages.planSubmitted(2026, revision: 1),
            Messages.planFileProblem("plan.yaml", line: 3, LocalizedText(uk: "помилка", en: "mistake")), Messages.unreadableFile("w.pdf"),
            Messages.recordAdded("Вебінар", status: .pending, verdict: nil), Messages.recordAdded("Вебінар", status: .pending, verdict: "tampered"),
            Messages.recordAdded("Вебінар", status: .recognised, verdict: "valid"), Messages.badDecimal("--hours"), Messages.badDay("--started"),
            Messages.badID("x"), Messages.noRecords, Messages.planDecided("Олена", approved: true), Messages.planDecided("Олена", approved: false),
            Messages.recordRecognised("Вебінар", name: "Олена", credits: "0.1"), Messages.recordRejected("Вебінар", name: "Олена"),
            Messages.summaryLegend, Messages.summaryLine(met: 1, officials: 2, withoutPlan: 0), Messages.summaryOnlyOption,
            Messages.semicolonsWithCSV, Messages.emptyReport, Messages.pdfWithSummary, Messages.outputWithPDF, Messages.onePDFFormat,
            Messages.pdfSaved("s.pdf"), Messages.notWritten("s.pdf"),
        ]
        texts += Development.PlanState.allCases.map { Messages.planStatus($0) }
        texts += Standing.Source.allCases.map(Messages.sourceName)
        texts += ExternalRecordDraft.Kind.allCases.map(Messages.recordKind)
        texts += ExternalRecord.Status.allCases.map(Messages.recordStatus)
        texts += HromadaCommand.Report.DevelopmentReport.groupings.map(Messages.groupingName)
        for text in texts {
            #expect(!text.uk.isEmpty && !text.en.isEmpty && text.uk != text.en, "\(text)")
            #expect(text.uk.contains { ("а"..."я").contains($0) || "іїєґ".contains($0) }, "\(text.uk)")
        }
        #expect(Set(texts.map(\.uk)).count == Set(texts.map(\.en)).count)
    }

    /// Every new command's help has an example.
    @Test func everyCommandsHelpHasAnExample() {
        let commands: [any ParsableCommand.Type] = [
            HromadaCommand.DevelopmentCommand.self, HromadaCommand.PlanCommand.Show.self, HromadaCommand.PlanCommand.Edit.self,
            HromadaCommand.PlanCommand.Submit.self, HromadaCommand.RecordCommand.Add.self, HromadaCommand.RecordCommand.Withdraw.self,
            HromadaCommand.RecordsCommand.self, HromadaCommand.HR.Plans.self, HromadaCommand.HR.Approve.self, HromadaCommand.HR.Return.self,
            HromadaCommand.HR.Records.self, HromadaCommand.HR.Recognise.self, HromadaCommand.HR.Reject.self,
            HromadaCommand.Report.DevelopmentReport.self,
        ]
        for command in commands {
            #expect(command.configuration.discussion.contains("Example"), "\(command)")
            #expect(command.configuration.abstract.contains(" / "), "\(command): both languages")
        }
    }
}
