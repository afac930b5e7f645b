import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

/// `hromada report development`: the year of every person in scope, or the summary by group.
extension HromadaCommand.Report {
    struct DevelopmentReport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "development",
            abstract: "Professional development of a year: per person or by group / Професійний розвиток за рік.",
            discussion: """
                Without --summary: one row per person (earned credits, self-education share, met, programme).
                With --summary: per hromada, raion, oblast or centre (--by, default oblast) the officials who
                met the year and who did not, as bars that fit the terminal, and those without an approved
                programme. --csv prints CSV (UTF-8 with a BOM) as the server gives it; with --semicolons, as a
                spreadsheet set to Ukrainian reads it. --json prints the rows (with --summary: {year, by, items}).
                --summary --pdf saves the summary as an A4 report (a bar per group, then the table) to --output
                (default development-YEAR-by-GROUP.pdf in this folder).
                Examples: hromada report development --summary --by raion
                          hromada report development --summary --by oblast --pdf --output summary.pdf
                          hromada report development --year 2026 --hromada Бучанська --csv > buchanska.csv
                """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var scope: HromadaCommand.HR.Scope
        @Option(help: "Calendar year (default: this year).") var year: Int?
        @Flag(help: "Groups instead of people.") var summary = false
        @Option(help: "With --summary: hromada, raion, oblast or centre.") var by: String?
        @Flag(help: "Print CSV.") var csv = false
        @Flag(help: "With --csv: fields separated by ; and a decimal comma.") var semicolons = false
        @Flag(help: "With --summary: save the A4 PDF report.") var pdf = false
        @Option(help: "With --pdf: the file to write.") var output: String?
        @Flag(help: "Print JSON.") var json = false

        static let groupings = ["hromada", "raion", "oblast", "centre"]

        func validate() throws {
            if by != nil && !summary { throw CLIFailure(.usage, Messages.summaryOnlyOption) }
            if semicolons && !csv { throw CLIFailure(.usage, Messages.semicolonsWithCSV) }
            if pdf && !summary { throw CLIFailure(.usage, Messages.pdfWithSummary) }
            if output != nil && !pdf { throw CLIFailure(.usage, Messages.outputWithPDF) }
            if pdf && (csv || json) { throw CLIFailure(.usage, Messages.onePDFFormat) }
            if let by, !Self.groupings.contains(by) {
                throw CLIFailure(.usage, LocalizedText(uk: "--by: hromada, raion, oblast або centre.", en: "--by: hromada, raion, oblast or centre."))
            }
        }

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                try validate()
                let (client, _) = try global.client(requireToken: true)
                let grouping = summary ? (by ?? "oblast") : nil
                if pdf, let grouping {
                    let bytes = try await client.developmentSummaryPDF(year: year, by: grouping, scope: scope.value)
                    let file = output ?? "development-\(year ?? KyivCalendar.year(of: Date()))-by-\(grouping).pdf"
                    guard FileManager.default.createFile(atPath: file, contents: bytes) else { throw CLIFailure(.error, Messages.notWritten(file)) }
                    print(Messages.pdfSaved(file).text(lang))
                    return
                }
                if csv {
                    let data = try await client.developmentCSV(year: year, summaryBy: grouping, semicolons: semicolons, scope: scope.value)
                    FileHandle.standardOutput.write(Data(InertText.text(String(decoding: data, as: UTF8.self), keepingCR: true).utf8))
                    return
                }
                let width = Table.terminalWidth
                if let grouping {
                    let answer = try await client.developmentSummary(year: year, by: grouping, scope: scope.value)
                    if json { try Terminal.printJSON(answer.json); return }
                    print(Self.render(answer.value, lang: lang, width: width))
                    return
                }
                let rows = try await client.developmentReport(year: year, scope: scope.value)
                if json { try Terminal.printJSON(rows.map(\.json)); return }
                if rows.isEmpty { print(Messages.emptyReport.text(lang)); return }
                let headers = lang == .uk ? ["Особа", "Громада", "ЄКТС", "Норма", "Самоосвіта %", "Виконано", "Програма"]
                    : ["Person", "Hromada", "ECTS", "Target", "Self-education %", "Met", "Programme"]
                print(Table(headers: headers, rows: rows.map { r in
                    [r.person.fullName, r.hromada.name, Standing.shown(r.earnedCredits), Standing.shown(r.targetCredits),
                     Standing.shown(r.selfEducationShare), r.met.map { $0 ? "✓" : "✗" } ?? "—", Messages.planStatus(r.planStatus).text(lang)]
                }).render(width: width))
                print(Messages.people(rows.count).text(lang))
            }
        }

        /// The summary as the terminal shows it: a heading, a legend, one bar per group.
        static func render(_ s: Development.Summary, lang: Language, width: Int) -> String {
            let heading = LocalizedText(uk: "Професійний розвиток у \(s.year) році — \(Messages.groupingName(s.by).uk.lowercased())",
                                        en: "Professional development in \(s.year) — by \(s.by)").text(lang)
            guard !s.items.isEmpty else { return heading + "\n" + Messages.emptyReport.text(lang) }
            let lines = Bars.summary(s.items, width: width) {
                Messages.summaryLine(met: $0.met, officials: $0.officials, withoutPlan: $0.withoutApprovedPlan).text(lang)
            }
            return ([heading, Messages.summaryLegend.text(lang)] + lines).joined(separator: "\n")
        }
    }
}
