import COpenSSL
import HromadaDomain

/// Drains OpenSSL's thread-local error queue into one line for logs.
func openSSLErrors() -> String {
    var messages: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return messages.joined(separator: "; ")
}

func cryptoFailure(_ what: String, file: String = #fileID, line: Int = #line) -> HromadaError {
    HromadaError(.internalError, reason: "\(what): \(openSSLErrors())", file: file, line: line)
}
