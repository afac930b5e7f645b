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
}
