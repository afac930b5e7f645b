import Foundation
import Testing

/// A command-line tool the tests check the PDF with (poppler-utils, zbar-tools).
///
/// A missing tool fails the test with a message naming the Debian package: `scripts/deps.sh`
/// installs them, and a test that silently skipped would prove nothing.
struct ExternalTool {
    let name: String
    let package: String

    static let pdftoppm = ExternalTool(name: "pdftoppm", package: "poppler-utils")
    static let pdftotext = ExternalTool(name: "pdftotext", package: "poppler-utils")
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
