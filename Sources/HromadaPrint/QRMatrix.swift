import CQREncode
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A QR code as a square of dark and light modules, made by libqrencode.
struct QRMatrix: Sendable {
    /// Modules per side, without the quiet zone.
    let size: Int
    private let dark: [Bool]

    /// Encodes `text` as 8-bit data with error-correction level M, in the smallest version that holds it.
    init(encoding text: String) throws(CertificatePrintError) {
        guard !text.isEmpty, !text.utf8.contains(0) else {
            throw CertificatePrintError(.qrEncodingFailed, reason: "the verification URL is empty or contains NUL")
        }
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            let why = errno == ERANGE ? "too long for a QR code at level M" : String(cString: strerror(errno))
            throw CertificatePrintError(.qrEncodingFailed, reason: "QRcode_encodeString: a \(text.utf8.count)-byte URL: \(why)")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // libqrencode: one byte per module, bit 0 set means dark.
        let modules = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        size = width
        dark = modules.map { $0 & 1 == 1 }
    }

    func isDark(row: Int, column: Int) -> Bool { dark[row * size + column] }

    /// Horizontal runs of dark modules in one row, as (first column, length): one rectangle
    /// per run draws without hairline seams between neighbouring modules.
    func darkRuns(inRow row: Int) -> [(column: Int, length: Int)] {
        var runs: [(column: Int, length: Int)] = []
        var column = 0
        while column < size {
            guard isDark(row: row, column: column) else { column += 1; continue }
            let start = column
            while column < size, isDark(row: row, column: column) { column += 1 }
            runs.append((start, column - start))
        }
        return runs
    }
}
