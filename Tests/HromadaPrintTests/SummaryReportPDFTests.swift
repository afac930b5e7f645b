import Foundation
import HromadaPrint
import Testing

/// The development summary as an A4 report (`GET /api/v1/reports/development/summary.pdf`): looked
/// at with poppler as a person would, its text read back and its bars counted in pixels.
@Suite struct SummaryReportPDFTests {
    static let rows = [
        SummaryReportPDF.Row(name: "Бучанський", code: "UA32080000000084076", people: 12, officials: 10, met: 7, notMet: 3, withoutApprovedPlan: 2),
        SummaryReportPDF.Row(name: "Миколаївський", code: "UA48060000000094390", people: 5, officials: 5, met: 0, notMet: 5, withoutApprovedPlan: 5),
        SummaryReportPDF.Row(name: "—", code: nil, people: 1, officials: 0, met: 0, notMet: 0, withoutApprovedPlan: 0),
    ]

    static func report(_ rows: [SummaryReportPDF.Row] = rows, language: String = "uk", by: String = "raion") -> SummaryReportPDF.Report {
        .init(year: 2026, by: by, language: language, asOf: "2026-12-07", rows: rows)
    }

    /// (met-green, not-met-orange) pixels of a page rendered at 40 dpi.
    static func barPixels(_ pdf: String, page: Int, _ workspace: Workspace) throws -> (met: Int, notMet: Int) {
        let ppm = try ExternalTool.pdftoppm.run(["-r", "40", "-f", "\(page)", "-l", "\(page)", pdf])
        // P6 header: magic, width, height, max, each ended by white space.
        var fields = 0, index = 0
        while fields < 4 {
            while ppm[index] == 0x20 || ppm[index] == 0x0A { index += 1 }
            while ppm[index] != 0x20 && ppm[index] != 0x0A { index += 1 }
            fields += 1
        }
        index += 1
        var met = 0, notMet = 0
        let bytes = [UInt8](ppm[index...])
        for i in stride(from: 0, to: bytes.count - 2, by: 3) {
            let (r, g, b) = (Int(bytes[i]), Int(bytes[i + 1]), Int(bytes[i + 2]))
            if abs(r - 41) < 12 && abs(g - 140) < 12 && abs(b - 84) < 12 { met += 1 }
            if abs(r - 217) < 12 && abs(g - 115) < 12 && abs(b - 41) < 12 { notMet += 1 }
        }
        return (met, notMet)
    }

    @Test func aUkrainianSummaryIsAnA4PageOfBarsThenTheTable() throws {
        let bytes = try SummaryReportPDF.render(Self.report())
        #expect(bytes.starts(with: Array("%PDF-".utf8)))
        let workspace = try Workspace("summary-uk")
        defer { workspace.remove() }
        let pdf = try workspace.write(bytes, to: "summary.pdf")
        let info = String(decoding: try ExternalTool.pdfinfo.run([pdf]), as: UTF8.self)
        #expect(info.contains("Pages:           2"), "\(info)")
        #expect(info.contains("595 x 842 pts (A4)"), "\(info)")
        let chart = squeezed(String(decoding: try ExternalTool.pdftotext.run(["-f", "1", "-l", "1", "-layout", pdf, "-"]), as: UTF8.self))
        #expect(chart.contains("Професійний розвиток посадових осіб у 2026 році"))
        #expect(chart.contains("За районами, станом на 2026-12-07"))
        #expect(chart.contains("виконали річну норму") && chart.contains("не виконали") && chart.contains("без затвердженої програми"))
        // pdftotext spaces the counts as it likes: compared without spaces.
        let bare = chart.replacingOccurrences(of: " ", with: "")
        #expect(chart.contains("Бучанський") && bare.contains("7/10·2") && bare.contains("0/5·5"))
        #expect(chart.contains("Сторінка 1"))
        let table = squeezed(String(decoding: try ExternalTool.pdftotext.run(["-f", "2", "-l", "2", "-layout", pdf, "-"]), as: UTF8.self))
        #expect(table.contains("Район Код Людей Посадових осіб Виконали Не виконали Без програми"), "\(table)")
        #expect(table.contains("Бучанський UA32080000000084076 12 10 7 3 2"), "\(table)")
        #expect(table.contains("Миколаївський UA48060000000094390 5 5 0 5 5"))
        #expect(table.contains("Сторінка 2"))
        // The bars: 7 of 10 met in green, 3 + 5 not met in orange, both on one scale.
        let pixels = try Self.barPixels(pdf, page: 1, workspace)
        #expect(pixels.met > 50 && pixels.notMet > 50, "\(pixels)")
        let ratio = Double(pixels.met) / Double(pixels.notMet)
        #expect(ratio > 0.6 && ratio < 1.2, "7 met against 8 not met: \(pixels)")
    }

    @Test func whenEveryoneMetThereIsNoOrangeAndEnglishHasEnglishWords() throws {
        let all = [SummaryReportPDF.Row(name: "Kyivska", code: "UA32000000000030281", people: 4, officials: 4, met: 4, notMet: 0, withoutApprovedPlan: 0)]
        let bytes = try SummaryReportPDF.render(Self.report(all, language: "en", by: "oblast"))
        let workspace = try Workspace("summary-en")
        defer { workspace.remove() }
        let pdf = try workspace.write(bytes, to: "summary.pdf")
        let text = squeezed(String(decoding: try ExternalTool.pdftotext.run(["-layout", pdf, "-"]), as: UTF8.self))
        #expect(text.contains("Professional development of officials in 2026") && text.contains("By oblast, as of 2026-12-07"))
        #expect(text.contains("met the year") && text.contains("Oblast Code People Officials Met Not met No programme"))
        let pixels = try Self.barPixels(pdf, page: 1, workspace)
        #expect(pixels.met > 50)
        // The legend's small square is the only orange.
        #expect(pixels.notMet < 30, "\(pixels)")
    }

    /// Every hromada of a large oblast: the chart and the table run over as many pages as they need,
    /// every page numbered, nothing drawn off the page.
    @Test func manyGroupsRunOverNumberedPagesAndStayOnThem() throws {
        let rows = (1...150).map {
            SummaryReportPDF.Row(name: "Громада з дуже довгою назвою номер \($0) Миколаївського району", code: String(format: "UA48%015d", $0),
                                 people: $0, officials: $0, met: $0 / 2, notMet: $0 - $0 / 2, withoutApprovedPlan: $0 % 7)
        }
        let bytes = try SummaryReportPDF.render(Self.report(rows, by: "hromada"))
        let workspace = try Workspace("summary-many")
        defer { workspace.remove() }
        let pdf = try workspace.write(bytes, to: "summary.pdf")
        let info = String(decoding: try ExternalTool.pdfinfo.run([pdf]), as: UTF8.self)
        let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
        #expect(pages >= 6, "\(info)")
        let text = String(decoding: try ExternalTool.pdftotext.run([pdf, "-"]), as: UTF8.self)
        #expect(text.contains("Сторінка \(pages)") && !text.contains("Сторінка \(pages + 1)"))
        #expect(text.contains("UA48000000000000150"))
        let html = String(decoding: try ExternalTool.pdftotext.run(["-bbox", pdf, "-"]), as: UTF8.self)
        let numbers = try NSRegularExpression(pattern: #"xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)""#)
        var words = 0
        for m in numbers.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let v = (1...4).map { Double((html as NSString).substring(with: m.range(at: $0)))! }
            #expect(v[0] >= 20 && v[2] <= 575 && v[1] >= 20 && v[3] <= 822, "\(v)")
            words += 1
        }
        #expect(words > 1000)
    }

    @Test func nobodyIsSaidAndTheSameInputGivesTheSameBytes() throws {
        let empty = try SummaryReportPDF.render(Self.report([]))
        let workspace = try Workspace("summary-empty")
        defer { workspace.remove() }
        let text = squeezed(String(decoding: try ExternalTool.pdftotext.run([try workspace.write(empty, to: "e.pdf"), "-"]), as: UTF8.self))
        #expect(text.contains("У звіті нікого немає."))
        #expect(try SummaryReportPDF.render(Self.report()) == SummaryReportPDF.render(Self.report()))
        #expect(throws: CertificatePrintError.self) { try SummaryReportPDF.render(Self.report(by: "village")) }
    }
}
