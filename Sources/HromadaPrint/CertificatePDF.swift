import CCairo

/// The printable copy of a certificate: an A4 landscape PDF drawn with Cairo.
///
/// Text is set with Cairo's font API over fontconfig in DejaVu Serif, Sans and Sans Mono, which
/// embeds subsets of those fonts with their Unicode mapping, so Ukrainian text prints and also
/// copies out of the PDF as text. The QR code comes from libqrencode (level M).
///
/// `render` is blocking CPU work (about 10 ms in a release build, twice that for the first call
/// in a process): call it off Swift's cooperative pool. Each call draws on its own Cairo surface
/// and context, so calls may run on many threads at once; fontconfig's one-time start is guarded
/// by ``FontSetup``. The same input gives the same bytes: the PDF's creation date is the
/// completion date, not the clock.
public enum CertificatePDF {
    public static func render(_ p: CertificatePrint) throws(CertificatePrintError) -> [UInt8] {
        let labels = CertificateLabels.forLanguage(p.language)
        let completedOn = try validate(p, labels: labels)
        try FontSetup.check()
        let qr = try QRMatrix(encoding: p.verificationURL)

        let sink = ByteSink()
        let surface = try PDFSurface(writingTo: sink, width: CertificatePage.width, height: CertificatePage.height)
        surface.setMetadata(CAIRO_PDF_METADATA_TITLE, labels.title.capitalisedFirst + " " + p.serial
                                                      + (p.revocation == nil ? "" : " — " + RevocationMark.title))
        surface.setMetadata(CAIRO_PDF_METADATA_AUTHOR, p.centreName)
        surface.setMetadata(CAIRO_PDF_METADATA_SUBJECT, p.courseTitle)
        surface.setMetadata(CAIRO_PDF_METADATA_CREATOR, "Hromada")
        surface.setMetadata(CAIRO_PDF_METADATA_CREATE_DATE, p.completedOn + "T00:00:00")

        do {
            let canvas = try Canvas(surface: surface.handle)
            CertificatePage(print: p, labels: labels, qr: qr, completedOn: completedOn).draw(on: canvas)
            try canvas.checkStatus("drawing the certificate")
        }
        try surface.finish()
        return sink.bytes
    }

    /// Checks what the page cannot do without; returns the completion date formatted for the page.
    private static func validate(_ p: CertificatePrint, labels: CertificateLabels) throws(CertificatePrintError) -> String {
        var required = [("learnerName", p.learnerName), ("courseTitle", p.courseTitle),
                        ("serial", p.serial), ("verificationURL", p.verificationURL)]
        if let r = p.revocation { required += [("revocation.date", r.date), ("revocation.reason", r.reason)] }
        for (field, value) in required where Canvas.plain(value).isEmpty {
            throw CertificatePrintError(.invalidField, reason: "\(field) is empty")
        }
        for (field, value) in [("hours", p.hours), ("credits", p.credits)] where !value.isFinite || value < 0 || value > 100_000 {
            throw CertificatePrintError(.invalidField, reason: "\(field) must be a non-negative number, got \(value)")
        }
        guard p.documentSHA256.utf8.count == 64, p.documentSHA256.allSatisfy(\.isHexDigit) else {
            throw CertificatePrintError(.invalidField, reason: "documentSHA256 must be 64 hex digits")
        }
        guard let date = labels.date(p.completedOn) else {
            throw CertificatePrintError(.invalidField, reason: "completedOn must be a date as YYYY-MM-DD, got '\(p.completedOn)'")
        }
        return date
    }
}

extension String {
    /// "СЕРТИФІКАТ" → "Сертифікат".
    fileprivate var capitalisedFirst: String { prefix(1).uppercased() + dropFirst().lowercased() }
}
