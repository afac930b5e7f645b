/// The mark across a revoked certificate's page: "ВІДКЛИКАНО / REVOKED" in large red letters
/// along the diagonal that rises from the bottom left corner, framed like a rubber stamp, with the
/// date and the reason under it. It is drawn last, over a veil of white, so it reads over the
/// learner's name and the course it crosses, which stay legible beneath it.
struct RevocationMark {
    static let title = "ВІДКЛИКАНО / REVOKED"
    /// The stamp's inner width, along the diagonal; short enough that its corners stay inside the frame.
    static let width = 640.0

    let revocation: CertificatePrint.Revocation
    let labels: CertificateLabels

    func draw(on canvas: Canvas) {
        let (w, h) = (CertificatePage.width, CertificatePage.height)
        let diagonal = (w * w + h * h).squareRoot()
        canvas.turned(origin: (w / 2, h / 2), cos: w / diagonal, sin: -h / diagonal) {
            let style = TextStyle.sans(bold: true, colour: .revoked)
            let title = canvas.fit(Self.title, style, maxSize: 60, minSize: 20, width: Self.width, maxHeight: 64)
            // The date and the reason each on a line of its own, in one size.
            let lines = ["\(labels.revokedOn) \(revocation.date)", "\(labels.reason): \(revocation.reason)"]
            let fitted = lines.map { canvas.fit($0, style, maxSize: 16, minSize: 7, width: Self.width, maxHeight: 16 * 1.25) }
            let size = fitted.map(\.size).min()!
            let detail = TextBlock(style: style, size: size, lines: fitted.flatMap(\.lines), lineHeight: size * 1.3)
            let gap = 6.0, padding = 14.0
            let height = title.height + gap + detail.height
            let top = -height / 2
            let box = (x: -Self.width / 2 - padding, y: top - padding, width: Self.width + 2 * padding, height: height + 2 * padding)
            canvas.fillRectangles([box], colour: .veil)
            canvas.strokeRectangle(x: box.x, y: box.y, width: box.width, height: box.height, lineWidth: 4, colour: .revoked)
            canvas.strokeRectangle(x: box.x + 6, y: box.y + 6, width: box.width - 12, height: box.height - 12, lineWidth: 1.2, colour: .revoked)
            canvas.draw(title, x: 0, top: top, boxHeight: title.height, align: .centre)
            canvas.draw(detail, x: 0, top: top + title.height + gap, boxHeight: detail.height, align: .centre)
        }
    }
}
