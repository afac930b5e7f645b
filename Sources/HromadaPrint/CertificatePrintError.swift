/// Why a certificate could not be printed.
///
/// `code` is stable and safe to compare in tests (two errors are equal when their codes are);
/// `reason` is for logs: it names the field or carries Cairo's, libqrencode's or fontconfig's
/// own message. Nothing in it is meant for a client.
public struct CertificatePrintError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A field of ``CertificatePrint`` cannot be printed (empty name, malformed date, …).
        case invalidField = "invalid_field"
        /// fontconfig could not start, or a DejaVu family is not installed (`fonts-dejavu-core`).
        case fontUnavailable = "font_unavailable"
        /// libqrencode refused the verification URL.
        case qrEncodingFailed = "qr_encoding_failed"
        /// Cairo reported an error while drawing or writing the PDF.
        case cairoFailed = "cairo_failed"
    }

    public let code: Code
    public let reason: String
    public let file: String
    public let line: Int

    public init(_ code: Code, reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var description: String { "\(code.rawValue): \(reason) (\(file):\(line))" }

    public static func == (a: CertificatePrintError, b: CertificatePrintError) -> Bool { a.code == b.code }
}
