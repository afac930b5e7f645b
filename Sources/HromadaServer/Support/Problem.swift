import Foundation
import HTTPTypes
import Hummingbird
import HromadaDomain

/// An RFC 9457 problem document, localised for one request.
struct Problem: Encodable {
    struct Item: Encodable {
        var field: String?
        var path: String?
        var line: Int?
        var column: Int?
        var message: String
    }

    var type: String
    var title: String
    var status: Int
    var detail: String?
    var code: String
    var errors: [Item]?
    var requestID: String?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, code, errors
        case requestID = "request_id"
    }

    init(_ error: HromadaError, language: Language, requestID: String?) {
        let entry = ErrorCatalog.entry(for: error.code)
        type = "https://hromada.example/problems/\(error.code.rawValue.replacingOccurrences(of: "_", with: "-"))"
        title = entry.title.text(language)
        status = Int(entry.status.code)
        detail = (error.detail ?? ErrorCatalog.defaultDetail(for: error.code))?.text(language)
        code = error.code.rawValue
        let items = error.fieldProblems.map { Item(field: $0.field, message: $0.message.text(language)) }
            + error.lineProblems.map { Item(path: $0.path, line: $0.line, column: $0.column, message: $0.message.text(language)) }
        errors = items.isEmpty ? nil : items
        self.requestID = requestID
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
