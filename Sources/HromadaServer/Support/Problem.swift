import Foundation
import HTTPTypes
import Hummingbird
import HromadaAPI
import HromadaDomain

/// An RFC 9457 problem document, localised for one request.
extension ProblemDetails {
    init(_ error: HromadaError, language: Language, requestID: String?) {
        let entry = ErrorCatalog.entry(for: error.code)
        let items = error.fieldProblems.map { Item(field: $0.field, message: $0.message.text(language)) }
            + error.lineProblems.map { Item(path: $0.path, line: $0.line, column: $0.column, message: $0.message.text(language)) }
        self.init(
            type: "https://hromada.example/problems/\(error.code.rawValue.replacingOccurrences(of: "_", with: "-"))",
            title: entry.title.text(language),
            status: Int(entry.status.code),
            detail: (error.detail ?? ErrorCatalog.defaultDetail(for: error.code))?.text(language),
            code: error.code,
            errors: items.isEmpty ? nil : items,
            requestID: requestID)
    }

    func response(language: Language, retryAfter: Int?, extraHeaders: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json", .contentLanguage: language.rawValue]
        for field in extraHeaders { headers.append(field) }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        let body = (try? JSONEncoder.api.encode(self)) ?? Data("{}".utf8)
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
