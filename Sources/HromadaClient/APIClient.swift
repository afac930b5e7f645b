public import Foundation
#if canImport(FoundationNetworking)
public import FoundationNetworking
#endif
public import HromadaAPI
public import HromadaDomain

public enum ClientError: Error, Sendable, Equatable {
    /// The server could not be reached (network down, wrong address).
    case unreachable(server: String)
    /// The request needs a signed-in user and there is none, or the token is no longer valid.
    case notSignedIn
    /// The server refused the request (its RFC 9457 problem document).
    case problem(ProblemDetails)
    /// The server answered something that is not the documented shape.
    case invalidResponse(String)
}

/// Talks to a Hromada server through its JSON API only.
public struct APIClient: Sendable {
    public let server: URL
    public var token: String?
    public var language: Language
    let session: URLSession

    public init(server: URL, token: String?, language: Language, timeout: TimeInterval = 30) {
        self.server = server
        self.token = token
        self.language = language
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout * 4
        self.session = URLSession(configuration: config)
    }

    /// Sends a request and returns the answer body of a 2xx response: a JSON body without control
    /// characters in its strings (see ``InertText``) unless `raw`, anything else as it came.
    public func send(
        _ method: String, _ path: String, json: (any Encodable)? = nil,
        body: Data? = nil, contentType: String? = nil, accept: String = "application/json",
        headers: [String: String] = [:], raw: Bool = false
    ) async throws -> (Data, HTTPURLResponse) {
        guard let url = URL(string: path, relativeTo: server) else { throw ClientError.invalidResponse("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(accept, forHTTPHeaderField: "Accept")
        request.setValue(language.rawValue, forHTTPHeaderField: "Accept-Language")
        request.setValue("hromada-cli/1", forHTTPHeaderField: "User-Agent")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        if let json {
            let encoder = JSONEncoder()
            request.httpBody = try encoder.encode(json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
            request.setValue(contentType ?? "application/octet-stream", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw ClientError.unreachable(server: server.absoluteString)
        }
        guard let http = response as? HTTPURLResponse else { throw ClientError.invalidResponse("not HTTP") }
        // JSON from the server is printed in one form or another: its control characters go here,
        // once for every command (``InertText``). `raw` keeps the bytes (signed documents, files).
        let isJSON = http.value(forHTTPHeaderField: "Content-Type")?.lowercased().contains("json") ?? false
        let answer = isJSON && !raw ? InertText.json(data) : data
        if (200..<300).contains(http.statusCode) { return (answer, http) }
        let problem = try? JSONDecoder().decode(ProblemDetails.self, from: isJSON ? InertText.json(data) : data)
        if http.statusCode == 401, problem?.code != .invalidCredentials { throw ClientError.notSignedIn }
        if let problem { throw ClientError.problem(problem) }
        if http.statusCode >= 502 { throw ClientError.unreachable(server: server.absoluteString) }
        throw ClientError.invalidResponse("HTTP \(http.statusCode)")
    }

    /// Sends a request and decodes a JSON answer.
    public func call<T: Decodable>(
        _ method: String, _ path: String, json: (any Encodable)? = nil, as type: T.Type = T.self
    ) async throws -> T {
        let (data, _) = try await send(method, path, json: json)
        do {
            return try Self.decoder.decode(T.self, from: data)
        } catch {
            throw ClientError.invalidResponse("unexpected answer to \(method) \(path)")
        }
    }

    /// A list's every item, page after page (500 at a time, following `next_cursor`), as one
    /// `{"items": [...], "next_cursor": null}` body, so callers decode it as they would one ``Page``.
    public func allPages(_ path: String) async throws -> Data {
        var items: [Any] = []
        var cursor: String?
        repeat {
            var page = path + (path.contains("?") ? "&" : "?") + "limit=500"
            if let cursor { page += "&cursor=" + (cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor) }
            let (data, _) = try await send("GET", page)
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let some = object["items"] as? [Any] else {
                throw ClientError.invalidResponse("unexpected answer to GET \(path)")
            }
            items += some
            cursor = object["next_cursor"] as? String
        } while cursor != nil
        return try JSONSerialization.data(withJSONObject: ["items": items, "next_cursor": NSNull()])
    }

    /// ``allPages(_:)`` decoded as `T` (a ``Page`` of something).
    public func callAll<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws -> T {
        let data = try await allPages(path)
        do {
            return try Self.decoder.decode(T.self, from: data)
        } catch {
            throw ClientError.invalidResponse("unexpected answer to GET \(path)")
        }
    }

    /// Reads what the server writes (``Foundation/JSONDecoder/api``).
    static let decoder = JSONDecoder.api
}

extension APIClient {
    public func login(email: String, password: String) async throws -> LoginAnswer {
        try await call("POST", "/api/v1/auth/login", json: LoginRequest(email: email, password: password))
    }

    public func me() async throws -> User { try await call("GET", "/api/v1/me") }

    public func logout() async throws { _ = try await send("POST", "/api/v1/auth/logout") }
}
