import Foundation
import Hummingbird
import HromadaCrypto
import HromadaDomain

/// Reads and checks query parameters.
struct Query {
    let request: Request

    func string(_ name: String) -> String? { request.uri.queryParameters[Substring(name)].map(String.init) }

    /// `?centre=`: a centre's three-letter code, upper-cased; nil when absent, 400 when malformed.
    func centre() throws -> String? {
        guard let raw = string("centre") else { return nil }
        guard raw.count == 3, raw.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(
                field: "centre", message: .init(uk: "має бути кодом центру з трьох латинських літер, наприклад KYV", en: "must be a centre's three-letter code such as KYV")
            )])
        }
        return raw.uppercased()
    }

    /// A boolean parameter: `true` or `false`; nil when absent, 400 for anything else (`1`, `yes`,
    /// `-1481`), so that a mistyped flag never passes as "no".
    func bool(_ name: String) throws -> Bool? {
        guard let raw = string(name) else { return nil }
        switch raw {
        case "true": return true
        case "false": return false
        default:
            throw HromadaError(.malformedRequest, fieldProblems: [.init(
                field: name, message: .init(uk: "має бути true або false", en: "must be true or false")
            )])
        }
    }

    /// `?limit=`: default 50, at most 500.
    func limit() throws -> Int {
        guard let raw = string("limit") else { return 50 }
        guard let n = Int(raw), (1...500).contains(n) else {
            throw HromadaError(.malformedRequest, fieldProblems: [.init(
                field: "limit", message: .init(uk: "має бути числом від 1 до 500", en: "must be a number from 1 to 500")
            )])
        }
        return n
    }

    /// `?cursor=`: the opaque token of the previous page's last row.
    func cursor() throws -> UUID? {
        guard let text = try cursorKey() else { return nil }
        guard let id = UUID(uuidString: text) else { throw Self.invalidCursor }
        return id
    }

    static func cursor(for id: UUID) -> String { Base64URL.encode(Array(id.uuidString.utf8)) }

    /// `?cursor=` of a ``Page`` read whole: the previous page's last key.
    func cursorKey() throws -> String? {
        guard let raw = string("cursor"), !raw.isEmpty else { return nil }
        guard let bytes = Base64URL.decode(raw), let text = String(validating: bytes, as: UTF8.self) else { throw Self.invalidCursor }
        return text
    }

    static let invalidCursor = HromadaError(.malformedRequest, fieldProblems: [.init(
        field: "cursor", message: .init(uk: "недійсний курсор", en: "is not a valid cursor")
    )])
}
