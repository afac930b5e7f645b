import Foundation
import HTTPTypes
import Hummingbird
import HromadaDomain
import NIOCore

/// A request body type: its JSON keys are listed so that unknown keys are refused, not ignored.
protocol RequestBody: Decodable {
    static var keys: Set<String> { get }
}

/// Reads and checks request bodies before any handler sees them: size, content type, UTF-8,
/// nesting depth, known keys and JSON types. Each failure is a problem with a stable code.
struct BodyDecoder: Sendable {
    /// Largest body accepted, in bytes.
    let limit: Int
    static let maxDepth = 32

    /// The raw body, refused with 413 past `limit`: at once by its Content-Length, or, for a body
    /// without one (chunked), when it grows past the limit while it is read.
    func bytes(_ request: Request, limit: Int? = nil) async throws -> [UInt8] {
        let max = limit ?? self.limit
        let tooLarge = HromadaError(.payloadTooLarge, detail: .init(uk: "Тіло запиту може містити щонайбільше \(max) байтів.",
                                                                    en: "The body may hold at most \(max) bytes."))
        if let length = request.headers[.contentLength].flatMap(Int.init), length > max { throw tooLarge }
        do {
            return Array(try await request.body.collect(upTo: max).readableBytesView)
        } catch is NIOTooManyBytesError {
            // What `collect(upTo:)` throws (NIO's, for any AsyncSequence of buffers). This caught
            // Hummingbird's `HTTPError(.contentTooLarge)` instead, which it never throws, so a chunked
            // body past the limit was a 500.
            throw tooLarge
        }
    }

    /// The body as UTF-8 text of one of the accepted media types.
    func text(_ request: Request, accepting types: [String]) async throws -> String {
        try Self.requireContentType(request, types)
        let data = try await bytes(request)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw HromadaError(.malformedRequest, detail: .init(uk: "Тіло запиту не є коректним UTF-8.", en: "The body is not valid UTF-8."))
        }
        return text
    }

    /// Decodes a JSON body into `T`, refusing what `T` does not declare.
    func decode<T: RequestBody>(_ type: T.Type, from request: Request) async throws -> T {
        try await decodeKeepingBytes(type, from: request).value
    }

    /// ``decode(_:from:)``, with the body's bytes (what an `Idempotency-Key` is checked against).
    func decodeKeepingBytes<T: RequestBody>(_ type: T.Type, from request: Request) async throws -> (value: T, bytes: [UInt8]) {
        try Self.requireContentType(request, ["application/json"])
        let data = try await bytes(request)
        return (try Self.decode(type, from: data), data)
    }

    static func decode<T: RequestBody>(_ type: T.Type, from data: [UInt8]) throws -> T {
        guard String(validating: data, as: UTF8.self) != nil else {
            throw HromadaError(.malformedRequest, detail: .init(uk: "Тіло запиту не є коректним UTF-8.", en: "The body is not valid UTF-8."))
        }
        guard depth(of: data) <= maxDepth else {
            throw HromadaError(.malformedRequest, detail: .init(uk: "JSON вкладено глибше ніж на \(maxDepth) рівнів.", en: "The JSON is nested more than \(maxDepth) levels deep."))
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(data), options: [])
        } catch {
            throw HromadaError(.malformedRequest, detail: .init(uk: "Тіло запиту не є коректним JSON.", en: "The body is not valid JSON."), reason: "\(error)")
        }
        guard let dict = object as? [String: Any] else {
            throw HromadaError(.malformedRequest, detail: .init(uk: "Тіло запиту має бути обʼєктом JSON.", en: "The body must be a JSON object."))
        }
        let unknown = Set(dict.keys).subtracting(T.keys).sorted()
        if !unknown.isEmpty {
            throw HromadaError(.malformedRequest, fieldProblems: unknown.map {
                .init(field: $0, message: .init(uk: "невідоме поле", en: "unknown field"))
            })
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(data))
        } catch let error as DecodingError {
            throw problem(for: error)
        }
    }

    static func requireContentType(_ request: Request, _ types: [String]) throws {
        let given = request.headers[.contentType]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard types.contains(given) else {
            throw HromadaError(
                .unsupportedMediaType,
                detail: .init(
                    uk: "Надішліть тіло як \(types.joined(separator: " або ")).",
                    en: "Send the body as \(types.joined(separator: " or "))."
                )
            )
        }
    }

    /// Deepest nesting of arrays and objects, counted without parsing (strings skipped).
    static func depth(of data: [UInt8]) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for b in data {
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    static func problem(for error: DecodingError) -> HromadaError {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            return HromadaError(.malformedRequest, fieldProblems: [.init(
                field: path(c), message: .init(uk: "має неправильний тип", en: "has the wrong type")
            )])
        case .keyNotFound(let key, let c):
            let field = (path(c).isEmpty ? "" : path(c) + ".") + key.stringValue
            return HromadaError(.malformedRequest, fieldProblems: [.init(
                field: field, message: .init(uk: "обовʼязкове поле", en: "is required")
            )])
        case .dataCorrupted(let c):
            return HromadaError(.malformedRequest, fieldProblems: [.init(
                field: path(c), message: .init(uk: "має неприпустиме значення", en: "has an invalid value")
            )])
        @unknown default:
            return HromadaError(.malformedRequest)
        }
    }
}
