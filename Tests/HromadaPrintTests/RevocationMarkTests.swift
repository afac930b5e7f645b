import Foundation
import HromadaPrint
import Testing

/// A revoked certificate's printed copy is crossed out (issue 26: it downloaded as a clean PDF).
@Suite struct RevocationMarkTests {
    static let revocation = CertificatePrint.Revocation(date: "7 грудня 2026, 06:01 (за київським часом)", reason: "видано помилково")

    @Test func aRevokedCertificateCarriesTheMarkWithItsDateAndReason() throws {
        var print = CertificatePrint.sample
        print.revocation = Self.revocation
        let workspace = try Workspace("revoked")
        defer { workspace.remove() }
        let pdf = try workspace.write(try CertificatePDF.render(print), to: "certificate.pdf")
        let text = try Self.markText(pdf)
        for expected in ["ВІДКЛИКАНО / REVOKED", "Відкликано 7 грудня 2026, 06:01 (за київським часом) Причина: видано помилково",
                         // What it crosses is still there to read.
                         "Ковальчук Олена Петрівна", "UA-KYV-2026-000123-29"] {
            #expect(text.contains(Self.unspaced(expected)), "missing “\(expected)” in: \(text)")
        }
        let info = String(decoding: try ExternalTool.pdfinfo.run([pdf]), as: UTF8.self)
        #expect(info.contains("ВІДКЛИКАНО / REVOKED"), "\(info)")
        // Still one A4 landscape page, the mark inside the frame, and the QR code still scans.
        try ExternalTool.pdftoppm.run(["-png", "-r", "50", "-singlefile", pdf, workspace.path("page-50")])
        let preview = try pngSize(Data(contentsOf: URL(fileURLWithPath: workspace.path("page-50.png"))))
        #expect(abs(preview.width - 585) <= 1 && abs(preview.height - 413) <= 1, "\(preview)")
        try expectEverythingInsideTheFrame(pdf)
        try ExternalTool.pdftoppm.run(["-png", "-r", "150", "-singlefile", pdf, workspace.path("page-150")])
        let decoded = try ExternalTool.zbarimg.run(["--raw", "-q", workspace.path("page-150.png")])
        #expect(String(decoding: decoded, as: UTF8.self).trimmingCharacters(in: .newlines) == print.verificationURL)
    }

    @Test func theMarkSpeaksTheCertificatesLanguage() throws {
        var print = CertificatePrint.sample
        print.language = "en"
        print.revocation = .init(date: "7 December 2026, 06:01 (Kyiv time)", reason: "obtained by fraud")
        let workspace = try Workspace("revoked-en")
        defer { workspace.remove() }
        let pdf = try workspace.write(try CertificatePDF.render(print), to: "certificate.pdf")
        let text = try Self.markText(pdf)
        #expect(text.contains(Self.unspaced("ВІДКЛИКАНО / REVOKED Revoked on 7 December 2026, 06:01 (Kyiv time) Reason: obtained by fraud")),
                "\(text)")
    }

    @Test func aValidCertificateHasNoMark() throws {
        let workspace = try Workspace("valid")
        defer { workspace.remove() }
        let pdf = try workspace.write(try CertificatePDF.render(.sample), to: "certificate.pdf")
        let text = try Self.markText(pdf)
        #expect(!text.contains("ВІДКЛИКАНО") && !text.contains("REVOKED") && !text.contains("Відкликано"))
        var revoked = CertificatePrint.sample
        revoked.revocation = Self.revocation
        #expect(try CertificatePDF.render(revoked) != CertificatePDF.render(.sample))
    }

    /// The page's text in the order it was drawn, without white space: pdftotext breaks the
    /// diagonal lines of the mark at places of its own (`-raw` keeps their order).
    static func markText(_ pdf: String) throws -> String {
        unspaced(String(decoding: try ExternalTool.pdftotext.run(["-raw", pdf, "-"]), as: UTF8.self))
    }

    static func unspaced(_ text: String) -> String { text.filter { !$0.isWhitespace } }

    @Test func aRevocationWithoutADateIsRefused() {
        var print = CertificatePrint.sample
        print.revocation = .init(date: " ", reason: "видано помилково")
        #expect(throws: CertificatePrintError(.invalidField, reason: "")) { try CertificatePDF.render(print) }
    }
}
