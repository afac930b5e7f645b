import Foundation
import HTTPTypes
import HromadaAPI
import HromadaClient
import HromadaDomain
@testable import HromadaServer
import Testing

/// The error codes are one closed set: each has a status and both titles, the OpenAPI document
/// lists exactly them, the wire carries their raw values, and none is spelled as a string in code.
@Suite struct ErrorCodeTests {
    @Test func everyCodeHasAStatusAndBothTitlesAndOnlyTheInternalErrorIsA500() {
        for code in HromadaError.Code.allCases {
            let entry = ErrorCatalog.entry(for: code)
            #expect((entry.status == .internalServerError) == (code == .internalError), "\(code.rawValue): \(entry.status)")
            #expect((400..<600).contains(entry.status.code), "\(code.rawValue): \(entry.status)")
            #expect(!entry.title.uk.isEmpty && !entry.title.en.isEmpty, "\(code.rawValue)")
        }
    }

    @Test func theOpenAPIDocumentListsEveryCodeAndNoOther() throws {
        let listed = try Self.documentedCodes()
        let known = HromadaError.Code.allCases.map(\.rawValue)
        #expect(Set(known).subtracting(listed).sorted() == [], "codes missing from the document")
        #expect(Set(listed).subtracting(known).sorted() == [], "codes the document lists but the server never sends")
        #expect(listed.count == Set(listed).count, "a code listed twice")
    }

    /// The description of `code` gives each code's status, as in "`email_taken` (409: …)".
    @Test func theDocumentGivesEachCodeTheStatusTheServerSends() throws {
        let description = try #require(try Self.codeSchema()["description"] as? String)
        for code in HromadaError.Code.allCases {
            let status = ErrorCatalog.entry(for: code).status.code
            #expect(description.contains("`\(code.rawValue)` (\(status)"), "\(code.rawValue) is documented without \(status)")
        }
    }

    @Test func theProblemBodyCarriesTheRawCode() throws {
        let closed = ProblemDetails(HromadaError(.attemptClosed, reason: "never sent"), language: .en, requestID: "req-1")
        #expect(String(decoding: try JSONEncoder.api.encode(closed), as: UTF8.self) == #"""
            {"code":"attempt_closed","request_id":"req-1","status":409,"title":"The attempt is already closed","type":"https://hromada.example/problems/attempt-closed"}
            """#)
        let failed = ProblemDetails(HromadaError(.internalError), language: .uk, requestID: "req-2")
        #expect(String(decoding: try JSONEncoder.api.encode(failed), as: UTF8.self) == #"""
            {"code":"internal_error","detail":"Сталася непередбачена помилка; її записано в журнал.","request_id":"req-2","status":500,"title":"Внутрішня помилка сервера","type":"https://hromada.example/problems/internal-error"}
            """#)
        for code in HromadaError.Code.allCases {
            #expect(ProblemDetails(HromadaError(code), language: .en, requestID: nil).codeText == code.rawValue)
        }
    }

    @Test func theClientReadsEveryCodeAndKeepsAnUnknownOneAsText() throws {
        for code in HromadaError.Code.allCases {
            let body = #"{"status": 409, "code": "\#(code.rawValue)", "title": "t"}"#
            let problem = try JSONDecoder().decode(ProblemDetails.self, from: Data(body.utf8))
            #expect(problem.code == code && problem.codeText == code.rawValue)
        }
        let newer = #"{"status": 409, "code": "quiz_on_fire", "title": "Вікторина горить", "detail": "d", "errors": [{"field": "x", "message": "m"}]}"#
        let problem = try JSONDecoder().decode(ProblemDetails.self, from: Data(newer.utf8))
        #expect(problem.code == nil && problem.codeText == "quiz_on_fire")
        #expect(problem.status == 409 && problem.title == "Вікторина горить" && problem.detail == "d" && problem.errors?.first?.field == "x")
    }

    /// `HromadaError("attempt_closed")` or `p.code == "attempt_closed"` must not come back: codes are cases.
    @Test func noSourceFileSpellsACodeAsAString() throws {
        let sources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 50)
        let raw = HromadaError.Code.allCases.map(\.rawValue).joined(separator: "|")
        let thrown = try Regex(#"HromadaError\s*\(\s*""#)
        let compared = try Regex(#"code\s*[!=]=\s*"(\#(raw))""#)
        var offenders: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for pattern in [thrown, compared] where text.contains(pattern) {
                offenders.append(String(file.path.dropFirst(sources.path.count + 1)))
            }
        }
        #expect(offenders == [])
    }

    static func codeSchema() throws -> [String: Any] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
        let components = try #require(document["components"] as? [String: Any])
        let schemas = try #require(components["schemas"] as? [String: Any])
        let problem = try #require(schemas["Problem"] as? [String: Any])
        let properties = try #require(problem["properties"] as? [String: Any])
        return try #require(properties["code"] as? [String: Any])
    }

    static func documentedCodes() throws -> [String] {
        try #require(try codeSchema()["enum"] as? [String])
    }
}
