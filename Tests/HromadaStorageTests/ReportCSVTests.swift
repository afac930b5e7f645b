import HromadaAPI
import HromadaDomain
import Testing
@testable import HromadaStorage

/// The completions report as CSV, as RFC 4180 has it and as a spreadsheet set to Ukrainian reads it.
struct ReportCSVTests {
    let rows = [
        ReportStore.Row(centre: "KYV", course: "council-deputy", hromada: "Бучанська; міська", enrolled: 4, inProgress: 1,
                        completed: 2, certified: 2, averageGrade: 86.5),
        ReportStore.Row(centre: "LVV", course: "council-deputy", hromada: "Жовква, міська", enrolled: 1, inProgress: 1,
                        completed: 0, certified: 0, averageGrade: nil),
    ]

    @Test func commasAndADecimalPointByDefault() {
        #expect(ReportStore.csv(rows) == "\u{FEFF}centre,course,hromada,enrolled,in_progress,completed,certified,average_grade\r\n"
            + "KYV,council-deputy,Бучанська; міська,4,1,2,2,86.50\r\nLVV,council-deputy,\"Жовква, міська\",1,1,0,0,\r\n")
    }

    @Test func semicolonsAndADecimalCommaForAUkrainianSpreadsheet() {
        #expect(ReportStore.csv(rows, semicolons: true) == "\u{FEFF}centre;course;hromada;enrolled;in_progress;completed;certified;average_grade\r\n"
            + "KYV;council-deputy;\"Бучанська; міська\";4;1;2;2;86,50\r\nLVV;council-deputy;Жовква, міська;1;1;0;0;\r\n")
    }

    /// A hromada whose name a spreadsheet would run as a formula reaches the report as text.
    @Test(arguments: ["=HYPERLINK(\"http://evil.example\",\"Клік\")", "+380441234567", "-2+3", "@SUM(A1:A2)", "\tприхована", "\r=1+1"])
    func formulaLikeCellsAreWrittenInert(_ name: String) {
        let row = ReportStore.Row(centre: "KYV", course: "c", hromada: name, enrolled: 1, inProgress: 0,
                                  completed: 0, certified: 0, averageGrade: nil)
        for semicolons in [false, true] {
            let line = ReportStore.csv([row], semicolons: semicolons).split(separator: "\r\n", omittingEmptySubsequences: false)[1]
            let separator: Character = semicolons ? ";" : ","
            // The third cell, unquoted: it must start with the apostrophe, never with the formula's first character.
            var cell = String(line.dropFirst("KYV".count + 1).dropFirst("c".count + 1))
            if cell.hasPrefix("\"") { cell = String(cell.dropFirst()) }
            #expect(cell.hasPrefix("'" + String(name.first!)), "\(name.debugDescription) -> \(line.debugDescription)")
            #expect(!line.contains(String(separator) + String(name.first!)))
        }
    }

    @Test func ordinaryTextIsLeftAlone() {
        #expect(CSVWriter.cell("Бучанська міська") == "Бучанська міська")
        #expect(CSVWriter.cell("a \"b\"") == "\"a \"\"b\"\"\"")
        #expect(CSVWriter.cell("=1", separator: ";") == "'=1")
    }
}
