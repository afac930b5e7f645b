import CCairo

/// The development summary as a report to look at (issue 22): A4 portrait, drawn with Cairo as the
/// certificates are. First a bar per group (oblast, raion, hromada or centre) of its officials: those
/// who met the year and those who did not, side by side on one scale, and under it a thin bar of
/// those without an approved programme; then the table of every count. Pages follow as the groups
/// need them; every page is numbered.
///
/// Blocking CPU work: call it off Swift's cooperative pool. The same input gives the same bytes (the
/// creation date is `asOf`, not the clock).
public enum SummaryReportPDF {
    public struct Row: Sendable, Equatable {
        public var name: String
        public var code: String?
        public var people: Int
        public var officials: Int
        public var met: Int
        public var notMet: Int
        public var withoutApprovedPlan: Int
        public init(name: String, code: String?, people: Int, officials: Int, met: Int, notMet: Int, withoutApprovedPlan: Int) {
            self.name = name
            self.code = code
            self.people = people
            self.officials = officials
            self.met = met
            self.notMet = notMet
            self.withoutApprovedPlan = withoutApprovedPlan
        }
    }

    public struct Report: Sendable, Equatable {
        public var year: Int
        /// `hromada`, `raion`, `oblast` or `centre`.
        public var by: String
        /// `uk` or `en`.
        public var language: String
        /// `YYYY-MM-DD`: the day the counts were taken.
        public var asOf: String
        public var rows: [Row]
        public init(year: Int, by: String, language: String, asOf: String, rows: [Row]) {
            self.year = year
            self.by = by
            self.language = language
            self.asOf = asOf
            self.rows = rows
        }
    }

    static let width = 595.0, height = 842.0, margin = 48.0

    public static func render(_ report: Report) throws(CertificatePrintError) -> [UInt8] {
        guard ["hromada", "raion", "oblast", "centre"].contains(report.by) else {
            throw CertificatePrintError(.invalidField, reason: "by must be hromada, raion, oblast or centre, got '\(report.by)'")
        }
        try FontSetup.check()
        let labels = SummaryLabels(language: report.language, by: report.by)
        let sink = ByteSink()
        let surface = try PDFSurface(writingTo: sink, width: width, height: height)
        surface.setMetadata(CAIRO_PDF_METADATA_TITLE, labels.title(report.year))
        surface.setMetadata(CAIRO_PDF_METADATA_CREATOR, "Hromada")
        surface.setMetadata(CAIRO_PDF_METADATA_CREATE_DATE, report.asOf + "T00:00:00")
        do {
            let canvas = try Canvas(surface: surface.handle)
            SummaryPages(report: report, labels: labels, canvas: canvas).draw()
            try canvas.checkStatus("drawing the summary")
        }
        try surface.finish()
        return sink.bytes
    }
}

/// The words of the report in its language.
struct SummaryLabels {
    let uk: Bool
    let by: String

    init(language: String, by: String) {
        uk = language != "en"
        self.by = by
    }

    func title(_ year: Int) -> String { uk ? "Професійний розвиток посадових осіб у \(year) році" : "Professional development of officials in \(year)" }

    var grouping: String {
        switch by {
        case "hromada": uk ? "за громадами" : "by hromada"
        case "raion": uk ? "за районами" : "by raion"
        case "centre": uk ? "за регіональними центрами" : "by regional centre"
        default: uk ? "за областями" : "by oblast"
        }
    }

    var group: String {
        switch by {
        case "hromada": uk ? "Громада" : "Hromada"
        case "raion": uk ? "Район" : "Raion"
        case "centre": uk ? "Центр" : "Centre"
        default: uk ? "Область" : "Oblast"
        }
    }

    func asOf(_ day: String) -> String { uk ? "станом на \(day)" : "as of \(day)" }
    var met: String { uk ? "виконали річну норму" : "met the year" }
    var notMet: String { uk ? "не виконали" : "did not meet it" }
    var withoutPlan: String { uk ? "без затвердженої програми" : "no approved programme" }
    var nobody: String { uk ? "У звіті нікого немає." : "Nobody is in the report." }
    var columns: [String] {
        uk ? [group, "Код", "Людей", "Посадових осіб", "Виконали", "Не виконали", "Без програми"]
            : [group, "Code", "People", "Officials", "Met", "Not met", "No programme"]
    }
    func page(_ n: Int) -> String { uk ? "Сторінка \(n)" : "Page \(n)" }
    var table: String { uk ? "Таблиця" : "Table" }
}

extension Colour {
    /// Officials who met the year.
    static let met = Colour(red: 0.16, green: 0.55, blue: 0.33)
    /// Officials who did not.
    static let notMet = Colour(red: 0.85, green: 0.45, blue: 0.16)
    /// Officials without an approved programme.
    static let withoutPlan = Colour(red: 0.55, green: 0.57, blue: 0.62)
    static let rule = Colour(red: 0.82, green: 0.84, blue: 0.88)
}

/// Lays the report out page by page.
struct SummaryPages {
    let report: SummaryReportPDF.Report
    let labels: SummaryLabels
    let canvas: Canvas

    var left: Double { SummaryReportPDF.margin }
    var right: Double { SummaryReportPDF.width - SummaryReportPDF.margin }
    var bottom: Double { SummaryReportPDF.height - SummaryReportPDF.margin }

    func draw() {
        var page = 1
        var y = heading()
        let rows = report.rows
        if rows.isEmpty {
            canvas.use(.sans(), size: 11)
            canvas.show(labels.nobody, x: left, baseline: y + 14)
            footer(page)
            return
        }
        // The chart: name, then the officials' bar split into met and not met, a thin bar under it of
        // those without an approved programme, the counts at the end. One scale for every group.
        let nameWidth = 150.0, countWidth = 70.0, rowHeight = 22.0
        let barLeft = left + nameWidth + 8, barWidth = right - countWidth - barLeft - 8
        let largest = Double(max(1, rows.map(\.officials).max() ?? 1))
        for row in rows {
            if y + rowHeight > bottom - 16 {
                footer(page)
                canvas.showPage()
                page += 1
                y = SummaryReportPDF.margin
            }
            let name = canvas.fit(row.name, .sans(), maxSize: 9, minSize: 7, width: nameWidth, maxHeight: 12)
            canvas.draw(name, x: left, top: y, boxHeight: 12, align: .left)
            let scale = barWidth / largest
            let met = Double(row.met) * scale, notMet = Double(row.notMet) * scale
            if met > 0 { canvas.fillRectangles([(barLeft, y + 1, met, 10)], colour: .met) }
            if notMet > 0 { canvas.fillRectangles([(barLeft + met, y + 1, notMet, 10)], colour: .notMet) }
            if row.withoutApprovedPlan > 0 {
                canvas.fillRectangles([(barLeft, y + 13, Double(row.withoutApprovedPlan) * scale, 4)], colour: .withoutPlan)
            }
            canvas.use(.sans(colour: .muted), size: 8)
            canvas.show("\(row.met) / \(row.officials) · \(row.withoutApprovedPlan)", x: right, baseline: y + 9, align: .right)
            y += rowHeight
        }
        // The table, on a page of its own.
        footer(page)
        canvas.showPage()
        page += 1
        y = SummaryReportPDF.margin
        let heading = canvas.fit(labels.table + " — " + labels.title(report.year) + ", " + labels.grouping, .sans(bold: true, colour: .navy),
                                 maxSize: 13, minSize: 9, width: right - left, maxHeight: 34)
        canvas.draw(heading, x: left, top: y, boxHeight: heading.height, align: .left, fromTop: true)
        y += heading.height + 10
        let widths = [130.0, 100, 36, 72, 50, 55, 56]
        y = tableRow(labels.columns, widths: widths, y: y, bold: true)
        for row in rows {
            if y + 14 > bottom - 16 {
                footer(page)
                canvas.showPage()
                page += 1
                y = tableRow(labels.columns, widths: widths, y: SummaryReportPDF.margin, bold: true)
            }
            y = tableRow([row.name, row.code ?? "—", "\(row.people)", "\(row.officials)", "\(row.met)", "\(row.notMet)", "\(row.withoutApprovedPlan)"],
                         widths: widths, y: y, bold: false)
        }
        footer(page)
    }

    /// The title, the grouping and the day, and the legend; returns where the chart starts.
    func heading() -> Double {
        var y = SummaryReportPDF.margin
        let title = canvas.fit(labels.title(report.year), .sans(bold: true, colour: .navy), maxSize: 18, minSize: 12,
                               width: right - left, maxHeight: 46)
        canvas.draw(title, x: left, top: y, boxHeight: title.height, align: .left, fromTop: true)
        y += title.height + 6
        canvas.use(.sans(colour: .muted), size: 10)
        canvas.show(labels.grouping.prefix(1).uppercased() + labels.grouping.dropFirst() + ", " + labels.asOf(report.asOf), x: left, baseline: y + 10)
        y += 24
        var x = left
        for (colour, text) in [(Colour.met, labels.met), (.notMet, labels.notMet), (.withoutPlan, labels.withoutPlan)] {
            canvas.fillRectangles([(x, y, 10, 10)], colour: colour)
            canvas.use(.sans(), size: 9)
            canvas.show(text, x: x + 14, baseline: y + 9)
            x += 14 + canvas.width(text) + 18
        }
        y += 18
        canvas.line(from: (left, y), to: (right, y), lineWidth: 0.5, colour: .rule)
        return y + 10
    }

    func tableRow(_ cells: [String], widths: [Double], y: Double, bold: Bool) -> Double {
        var x = left
        for (i, cell) in cells.enumerated() {
            let style = TextStyle.sans(bold: bold)
            let number = i >= 2
            let block = canvas.fit(cell, style, maxSize: 8, minSize: 6, width: widths[i] - 4, maxHeight: 10)
            canvas.draw(block, x: number ? x + widths[i] - 4 : x, top: y, boxHeight: 10, align: number ? .right : .left)
            x += widths[i]
        }
        canvas.line(from: (left, y + 13), to: (right, y + 13), lineWidth: 0.3, colour: .rule)
        return y + 14
    }

    func footer(_ page: Int) {
        canvas.use(.sans(colour: .muted), size: 8)
        canvas.show("Hromada · " + labels.title(report.year) + " · " + labels.page(page), x: right,
                    baseline: SummaryReportPDF.height - SummaryReportPDF.margin / 2, align: .right)
    }
}
