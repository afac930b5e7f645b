/// The layout of the printed certificate on an A4 landscape page, in points from the top left.
///
/// Top to bottom: the association, the title, the learner, the course, its volume and date;
/// then along the bottom the centre and signatory, the serial and digest, and the QR code; over
/// all of it, on a revoked certificate, the ``RevocationMark``.
/// Every piece of caller-supplied text is fitted to its box (shrunk, wrapped, and as a last
/// resort cut with an ellipsis), so nothing runs off the page whatever its length.
struct CertificatePage {
    static let width = 842.0
    static let height = 595.0
    static let contentLeft = 70.0
    static let contentRight = width - 70
    static let centreX = width / 2

    let print: CertificatePrint
    let labels: CertificateLabels
    let qr: QRMatrix
    let completedOn: String

    func draw(on canvas: Canvas) {
        drawFrame(canvas)
        drawHeading(canvas)
        drawLearnerAndCourse(canvas)
        drawSignatory(canvas)
        drawSerialAndDigest(canvas)
        drawQRCode(canvas)
        if let revocation = print.revocation {
            RevocationMark(revocation: revocation, labels: labels).draw(on: canvas)
        }
    }

    private var contentWidth: Double { Self.contentRight - Self.contentLeft }

    // MARK: Parts of the page

    private func drawFrame(_ canvas: Canvas) {
        let outer = 18.0, inner = 26.0
        canvas.strokeRectangle(x: outer, y: outer, width: Self.width - 2 * outer, height: Self.height - 2 * outer,
                               lineWidth: 2.5, colour: .navy)
        canvas.strokeRectangle(x: inner, y: inner, width: Self.width - 2 * inner, height: Self.height - 2 * inner,
                               lineWidth: 0.75, colour: .gold)
        for (x, y) in [(inner, inner), (Self.width - inner, inner), (inner, Self.height - inner), (Self.width - inner, Self.height - inner)] {
            canvas.diamond(centre: (x, y), radius: 4.5, colour: .gold)
        }
    }

    private func drawHeading(_ canvas: Canvas) {
        let association = canvas.fit(print.associationName.uppercased(), .sans(bold: true, colour: .navy),
                                     maxSize: 12, minSize: 7, width: contentWidth, maxHeight: 16)
        canvas.draw(association, x: Self.centreX, top: 50, boxHeight: 16, align: .centre)
        canvas.line(from: (Self.centreX - 45, 80), to: (Self.centreX + 45, 80), lineWidth: 1, colour: .gold)

        let title = canvas.fit(labels.title, .serif(bold: true, colour: .navy),
                               maxSize: 42, minSize: 20, width: contentWidth, maxHeight: 50)
        canvas.draw(title, x: Self.centreX, top: 90, boxHeight: 44, align: .centre)
        let subtitle = canvas.fit(labels.subtitle, .serif(italic: true, colour: .navy),
                                  maxSize: 17, minSize: 10, width: contentWidth, maxHeight: 22)
        canvas.draw(subtitle, x: Self.centreX, top: 140, boxHeight: 20, align: .centre)
    }

    private func drawLearnerAndCourse(_ canvas: Canvas) {
        let muted = TextStyle.sans(colour: .muted)
        canvas.draw(canvas.fit(labels.certifyThat, muted, maxSize: 11, minSize: 7, width: contentWidth, maxHeight: 14),
                    x: Self.centreX, top: 180, boxHeight: 14, align: .centre)

        // Down to 9 pt, three lines: the longest name the API takes (200 characters) fits whole.
        let name = canvas.fit(print.learnerName, .serif(bold: true),
                              maxSize: 30, minSize: 9, width: contentWidth, maxHeight: 40, leading: 1.15)
        canvas.draw(name, x: Self.centreX, top: 200, boxHeight: 40, align: .centre)

        canvas.draw(canvas.fit(print.participation ? labels.tookPart : labels.completedCourse, muted, maxSize: 11, minSize: 7, width: contentWidth, maxHeight: 14),
                    x: Self.centreX, top: 248, boxHeight: 14, align: .centre)

        let quoted = labels.decimalSeparator == "," ? "«\(Canvas.plain(print.courseTitle))»" : "“\(Canvas.plain(print.courseTitle))”"
        let course = canvas.fit(quoted, .serif(bold: true, italic: true, colour: .navy),
                                maxSize: 19, minSize: 8, width: contentWidth - 40, maxHeight: 76, leading: 1.22)
        canvas.draw(course, x: Self.centreX, top: 270, boxHeight: 76, align: .centre)

        drawFacts(canvas, top: 356)
        canvas.line(from: (Self.contentLeft, 392), to: (Self.contentRight, 392), lineWidth: 0.5, colour: .gold)
    }

    /// "Обсяг: 30 год. · Кредити ЄКТС: 1,0 · Дата завершення: 20 листопада 2026 р." on one line.
    private func drawFacts(_ canvas: Canvas, top: Double) {
        let hours = labels.number(print.hours, minimumFractionDigits: 0)
        let facts: [(label: String, value: String)] = [
            (labels.hours, labels.hoursUnit.isEmpty ? hours : "\(hours) \(labels.hoursUnit)"),
            (labels.credits, labels.number(print.credits, minimumFractionDigits: 1)),
            (labels.completedOn, completedOn),
        ]
        var segments: [(String, TextStyle)] = []
        for (index, fact) in facts.enumerated() {
            if index > 0 { segments.append(("   •   ", .sans(colour: .gold))) }
            segments.append(("\(fact.label): ", .sans(colour: .muted)))
            segments.append((fact.value, .sans(bold: true)))
        }
        var size = 12.0
        func totalWidth() -> Double { segments.reduce(0) { $0 + canvas.width($1.0, $1.1, size: size) } }
        while size > 6, totalWidth() > contentWidth { size -= 0.25 }
        var x = Self.centreX - totalWidth() / 2
        for (text, style) in segments {
            canvas.use(style, size: size)
            canvas.show(text, x: x, baseline: top + size)
            x += canvas.width(text)
        }
    }

    private static let qrSide = 110.0
    private static let qrTop = 410.0
    private static let bottomTop = 412.0

    private func drawSignatory(_ canvas: Canvas) {
        let left = Self.contentLeft, width = 270.0
        let centre = canvas.fit(print.centreName, .sans(bold: true, colour: .navy),
                                maxSize: 11, minSize: 7, width: width, maxHeight: 40, leading: 1.2)
        canvas.draw(centre, x: left, top: Self.bottomTop, boxHeight: 40, align: .left, fromTop: true)

        canvas.line(from: (left, 486), to: (left + 210, 486), lineWidth: 0.6, colour: .muted)
        let name = canvas.fit(print.signatoryName, .serif(bold: true), maxSize: 12.5, minSize: 7, width: width, maxHeight: 16)
        canvas.draw(name, x: left, top: 490, boxHeight: 16, align: .left)
        let position = canvas.fit(print.signatoryPosition, .sans(italic: true, colour: .muted),
                                  maxSize: 9.5, minSize: 6, width: width, maxHeight: 36, leading: 1.2)
        canvas.draw(position, x: left, top: 508, boxHeight: 36, align: .left, fromTop: true)
    }

    private func drawSerialAndDigest(_ canvas: Canvas) {
        let left = 375.0, width = Self.contentRight - Self.qrSide - 22 - left
        let label = TextStyle.sans(colour: .muted)
        canvas.draw(canvas.fit(labels.serial, label, maxSize: 8.5, minSize: 6, width: width, maxHeight: 11),
                    x: left, top: Self.bottomTop, boxHeight: 11, align: .left)
        let serial = canvas.fit(print.serial, .sans(bold: true, colour: .navy), maxSize: 14, minSize: 7, width: width, maxHeight: 18)
        canvas.draw(serial, x: left, top: Self.bottomTop + 13, boxHeight: 18, align: .left)

        canvas.draw(canvas.fit("SHA-256", label, maxSize: 8.5, minSize: 6, width: width, maxHeight: 11),
                    x: left, top: 470, boxHeight: 11, align: .left)
        // The digest is set in two halves of 32 digits so it reads in chunks and wraps at a fixed place.
        let hex = print.documentSHA256.lowercased()
        let halves = [String(hex.prefix(32)), String(hex.dropFirst(32))]
        var size = 9.0
        while size > 5, halves.contains(where: { canvas.width($0, .mono(), size: size) > width }) { size -= 0.25 }
        canvas.use(.mono(), size: size)
        for (index, half) in halves.enumerated() {
            canvas.show(half, x: left, baseline: 492 + Double(index) * size * 1.3)
        }
    }

    private func drawQRCode(_ canvas: Canvas) {
        let quietZone = 4  // modules of light margin on each side, as the QR standard asks
        let modules = Double(qr.size + 2 * quietZone)
        let module = Self.qrSide / modules
        let left = Self.contentRight - Self.qrSide, top = Self.qrTop
        var rects: [(x: Double, y: Double, width: Double, height: Double)] = []
        for row in 0..<qr.size {
            for run in qr.darkRuns(inRow: row) {
                rects.append((left + Double(quietZone + run.column) * module, top + Double(quietZone + row) * module,
                              Double(run.length) * module, module))
            }
        }
        canvas.fillRectangles([(left, top, Self.qrSide, Self.qrSide)], colour: .white)
        canvas.fillRectangles(rects, colour: .black)
        let caption = canvas.fit(labels.verify, .sans(colour: .muted), maxSize: 8.5, minSize: 6,
                                 width: Self.qrSide + 20, maxHeight: 11)
        canvas.draw(caption, x: left + Self.qrSide / 2, top: top + Self.qrSide + 2, boxHeight: 11, align: .centre)
    }
}
