import Foundation
import HromadaPrint
import Testing

extension CertificatePrint {
    static let sample = CertificatePrint(
        language: "uk",
        learnerName: "Ковальчук Олена Петрівна",
        courseTitle: "Бюджет громади: планування, виконання та звітність",
        hours: 30,
        credits: 1,
        completedOn: "2026-11-20",
        centreName: "Київський регіональний центр підвищення кваліфікації",
        signatoryName: "Іваненко Марія Степанівна",
        signatoryPosition: "Директорка регіонального центру",
        associationName: "Асоціація міст України",
        serial: "UA-KYV-2026-000123-29",
        documentSHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        verificationURL: "https://hromada.example.org/c/UA-KYV-2026-000123-29?d=n4bQgYhMfWWaL-qgxVrQFa"
    )
}

@Suite struct CertificatePDFTests {
    @Test func aUkrainianCertificateIsALandscapePDFWithRealTextAndAScannableQRCode() throws {
        let print = CertificatePrint.sample
        let bytes = try CertificatePDF.render(print)
        #expect(bytes.starts(with: Array("%PDF-".utf8)))

        let workspace = try Workspace("uk")
        defer { workspace.remove() }
        let pdf = try workspace.write(bytes, to: "certificate.pdf")

        try ExternalTool.pdftoppm.run(["-png", "-r", "50", "-singlefile", pdf, workspace.path("page-50")])
        let preview = try pngSize(Data(contentsOf: URL(fileURLWithPath: workspace.path("page-50.png"))))
        #expect(preview.width > preview.height)
        #expect(abs(preview.width - 585) <= 1 && abs(preview.height - 413) <= 1, "A4 landscape at 50 dpi, got \(preview)")

        let text = squeezed(String(decoding: try ExternalTool.pdftotext.run(["-layout", pdf, "-"]), as: UTF8.self))
        #expect(text.contains("Ковальчук Олена Петрівна"))
        #expect(text.contains(print.courseTitle))
        #expect(text.contains("СЕРТИФІКАТ"))
        #expect(text.contains("про підвищення кваліфікації"))
        #expect(text.contains("Обсяг: 30 год."))
        #expect(text.contains("Кредити ЄКТС: 1,0"))
        #expect(text.contains("20 листопада 2026 р."))
        #expect(text.contains("Іваненко Марія Степанівна"))
        #expect(text.contains("UA-KYV-2026-000123-29"))
        #expect(text.contains("Перевірити / Verify"))
        // The digest is printed whole, in two halves of 32 digits.
        #expect(text.contains(String(print.documentSHA256.prefix(32))))
        #expect(text.contains(String(print.documentSHA256.suffix(32))))

        try ExternalTool.pdftoppm.run(["-png", "-r", "150", "-singlefile", pdf, workspace.path("page-150")])
        let decoded = try ExternalTool.zbarimg.run(["--raw", "-q", workspace.path("page-150.png")])
        #expect(String(decoding: decoded, as: UTF8.self).trimmingCharacters(in: .newlines) == print.verificationURL)

        try expectEverythingInsideTheFrame(pdf)
    }

    @Test func anEnglishCertificateHasEnglishLabels() throws {
        var print = CertificatePrint.sample
        print.language = "en"
        print.learnerName = "Olena Kovalchuk"
        print.courseTitle = "Community budgets: planning, execution and reporting"
        print.hours = 45.5
        print.credits = 1.5
        print.completedOn = "2027-02-03"
        print.signatoryPosition = "Director of the regional centre"

        let workspace = try Workspace("en")
        defer { workspace.remove() }
        let pdf = try workspace.write(try CertificatePDF.render(print), to: "certificate.pdf")
        let text = squeezed(String(decoding: try ExternalTool.pdftotext.run(["-layout", pdf, "-"]), as: UTF8.self))
        for expected in ["CERTIFICATE", "of professional development", "This is to certify that", "Olena Kovalchuk",
                         "has successfully completed the course", print.courseTitle, "Hours: 45.5", "ECTS credits: 1.5",
                         "Completed on: 3 February 2027", "Serial number", "Verify / Перевірити"] {
            #expect(text.contains(expected), "missing “\(expected)” in: \(text)")
        }
        #expect(!text.contains("СЕРТИФІКАТ"))

        try ExternalTool.pdftoppm.run(["-png", "-r", "150", "-singlefile", pdf, workspace.path("page-150")])
        let decoded = try ExternalTool.zbarimg.run(["--raw", "-q", workspace.path("page-150.png")])
        #expect(String(decoding: decoded, as: UTF8.self).trimmingCharacters(in: .newlines) == print.verificationURL)
        try expectEverythingInsideTheFrame(pdf)
    }

    @Test func aVeryLongCourseTitleAndLongNamesStillFitOnThePage() throws {
        var print = CertificatePrint.sample
        print.courseTitle = "Стратегічне планування розвитку територіальної громади в умовах децентралізації, "
            + "воєнного стану та післявоєнного відновлення: залучення мешканців, підготовка проєктів для "
            + "міжнародних донорів, управління комунальним майном, публічні закупівлі через Prozorro, "
            + "цифрові послуги ЦНАП, доброчесність і запобігання корупції в органах місцевого самоврядування"
        print.learnerName = "Шевченко-Коцюбинська Олександра-Марія Володимирівна-Святославівна"
        print.centreName = "Дніпропетровський обласний регіональний центр підвищення кваліфікації посадових осіб місцевого самоврядування"
        print.signatoryPosition = "Виконувачка обов'язків директора регіонального центру підвищення кваліфікації, кандидатка наук з державного управління"

        let workspace = try Workspace("long")
        defer { workspace.remove() }
        let pdf = try workspace.write(try CertificatePDF.render(print), to: "certificate.pdf")
        let text = squeezed(String(decoding: try ExternalTool.pdftotext.run([pdf, "-"]), as: UTF8.self))
        #expect(text.contains(print.courseTitle), "the whole title is on the page: \(text)")
        #expect(text.contains(print.learnerName))
        #expect(text.contains(print.centreName))
        #expect(text.contains(print.signatoryPosition))
        try expectEverythingInsideTheFrame(pdf)

        try ExternalTool.pdftoppm.run(["-png", "-r", "150", "-singlefile", pdf, workspace.path("page-150")])
        let decoded = try ExternalTool.zbarimg.run(["--raw", "-q", workspace.path("page-150.png")])
        #expect(String(decoding: decoded, as: UTF8.self).trimmingCharacters(in: .newlines) == print.verificationURL)

        // The longest name the API takes (200 characters) is printed whole (found in review: cut with "…").
        print.learnerName = "Костянтинопольська-Вишневецька-Заболотна-Ярошенко Олександра-Марія-Анастасія-Христина "
            + "Володимирівна-Святославівна Ґудзь-Їжакевич Шевченко-Коцюбинська-Підгірна Ольга-Богдана Тарасівна-Миколаївна Квітка"
        #expect(print.learnerName.count == 200)
        let longest = try workspace.write(try CertificatePDF.render(print), to: "longest.pdf")
        let longestText = squeezed(String(decoding: try ExternalTool.pdftotext.run([longest, "-"]), as: UTF8.self))
        #expect(longestText.contains(print.learnerName), "\(longestText)")
        try expectEverythingInsideTheFrame(longest)
    }

    @Test func theSameCertificateGivesTheSameBytes() throws {
        #expect(try CertificatePDF.render(.sample) == CertificatePDF.render(.sample))
    }

    @Test func manyThreadsCanRenderAtOnce() throws {
        let expected = try CertificatePDF.render(.sample)
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            var print = CertificatePrint.sample
            if index % 2 == 1 { print.language = "en" }
            results.append(index: index, Result { try CertificatePDF.render(print) })
        }
        let all = results.snapshot()
        #expect(all.count == 8)
        for (index, result) in all {
            let bytes = try result.get()
            #expect(bytes.starts(with: Array("%PDF-".utf8)))
            if index % 2 == 0 { #expect(bytes == expected) }
        }
    }

    @Test func unprintableFieldsAreRejectedWithAReason() {
        var badDate = CertificatePrint.sample
        badDate.completedOn = "2026-02-30"
        var noName = CertificatePrint.sample
        noName.learnerName = " \n "
        var badDigest = CertificatePrint.sample
        badDigest.documentSHA256 = "abc"
        var badHours = CertificatePrint.sample
        badHours.hours = .nan
        for print in [badDate, noName, badDigest, badHours] {
            #expect(throws: CertificatePrintError(.invalidField, reason: "")) { try CertificatePDF.render(print) }
        }
        do {
            _ = try CertificatePDF.render(badDate)
        } catch {
            #expect(error.description.contains("completedOn"))
        }
    }

    @Test func aURLTooLongForAQRCodeIsAnErrorNotACrash() {
        var print = CertificatePrint.sample
        print.verificationURL = "https://hromada.example.org/c/" + String(repeating: "x", count: 3_000)
        #expect(throws: CertificatePrintError(.qrEncodingFailed, reason: "")) { try CertificatePDF.render(print) }
    }
}

/// Results of concurrent renders, gathered under a lock.
private final class Results: @unchecked Sendable {  // safe: `items` is only touched under `lock`
    private let lock = NSLock()
    private var items: [(Int, Result<[UInt8], any Error>)] = []

    func append(index: Int, _ result: Result<[UInt8], any Error>) {
        lock.withLock { items.append((index, result)) }
    }

    func snapshot() -> [(Int, Result<[UInt8], any Error>)] { lock.withLock { items } }
}

/// Every word pdftotext finds lies inside the gold inner frame (26 pt from each edge).
func expectEverythingInsideTheFrame(_ pdf: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let html = String(decoding: try ExternalTool.pdftotext.run(["-bbox", pdf, "-"]), as: UTF8.self)
    let word = /<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)<\/word>/
    var count = 0
    for match in html.matches(of: word) {
        count += 1
        let (xMin, yMin, xMax, yMax) = (Double(match.1)!, Double(match.2)!, Double(match.3)!, Double(match.4)!)
        let inside = xMin >= 30 && yMin >= 30 && xMax <= 842 - 30 && yMax <= 595 - 30
        #expect(inside, "“\(match.5)” at (\(xMin), \(yMin))–(\(xMax), \(yMax)) is outside the frame", sourceLocation: sourceLocation)
    }
    #expect(count > 20, "pdftotext found only \(count) words", sourceLocation: sourceLocation)
}


/// A command-line tool the tests check the PDF with (poppler-utils, zbar-tools).
///
/// A missing tool fails the test with a message naming the Debian package: `scripts/deps.sh`
/// installs them, and a test that silently skipped would prove nothing.
struct ExternalTool {
    let name: String
    let package: String

    static let pdftoppm = ExternalTool(name: "pdftoppm", package: "poppler-utils")
    static let pdftotext = ExternalTool(name: "pdftotext", package: "poppler-utils")
    static let pdfinfo = ExternalTool(name: "pdfinfo", package: "poppler-utils")
    static let zbarimg = ExternalTool(name: "zbarimg", package: "zbar-tools")

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func path() throws -> String {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in directories + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure(description: "\(name) is not installed: install the Debian package \(package) (bash scripts/deps.sh)")
    }

    /// Runs the tool and returns its standard output; a non-zero exit is a failure with its stderr.
    @discardableResult
    func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(name) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus): \(String(decoding: errors, as: UTF8.self))")
        }
        return output
    }
}

/// A folder for one test's files. Set `HROMADA_PRINT_OUTPUT_DIR` to keep them for a look.
struct Workspace {
    let url: URL
    private let keep: Bool

    init(_ name: String) throws {
        if let kept = ProcessInfo.processInfo.environment["HROMADA_PRINT_OUTPUT_DIR"], !kept.isEmpty {
            url = URL(fileURLWithPath: kept).appendingPathComponent(name)
            keep = true
        } else {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("hromada-print-\(name)-\(UUID().uuidString)")
            keep = false
        }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ file: String) -> String { url.appendingPathComponent(file).path }

    func write(_ bytes: [UInt8], to file: String) throws -> String {
        let target = path(file)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    func remove() {
        if !keep { try? FileManager.default.removeItem(at: url) }
    }
}

/// Width and height from a PNG's IHDR chunk.
func pngSize(_ data: Data) throws -> (width: Int, height: Int) {
    let bytes = [UInt8](data)
    guard bytes.count > 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
        throw ExternalTool.Failure(description: "not a PNG")
    }
    func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (be32(16), be32(20))
}

/// Collapses runs of whitespace (pdftotext breaks lines where the page wraps them).
func squeezed(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}
