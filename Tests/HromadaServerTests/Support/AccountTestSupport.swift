import Foundation
import HromadaDomain
import HromadaPostgres
import HromadaStorage
import HromadaTestSupport
import HTTPTypes

extension TestApp {
    /// Registers a person without a password through the API, as `adminToken`; their id.
    @discardableResult
    func invite(_ client: Client, _ adminToken: String, _ email: String, name: String = "Запрошена Особа", centre: String = "KYV",
                language: String? = nil) async throws -> String {
        var body: [String: Any] = ["email": email, "full_name": name, "category": "official", "position": "спеціаліст",
                                   "hromada": "Ірпінська", "centre": centre]
        if let language { body["language"] = language }
        let answer = try await client.send(.post, "/api/v1/users", token: adminToken, json: jsonString(body))
        guard answer.status == .created, let id = answer.json["id"] as? String else {
            throw TransportError("inviting \(email) failed: \(answer.status) \(answer.text)")
        }
        return id
    }

    /// The token of the newest letter of `kind` to `email` still holding its text (not yet sent).
    func token(to email: String, kind: String = "invitation") async throws -> String? {
        try await db.pool.withConnection { db in
            try db.execute("""
                SELECT body_text FROM outbox WHERE recipient = \(email) AND kind = \(kind) AND body_text IS NOT NULL
                ORDER BY created_at DESC, id DESC LIMIT 1
                """).first.flatMap { try Self.token(in: $0.decode(String.self, "body_text")) }
        }
    }

    /// The `t=` of the first link in `text`.
    static func token(in text: String) -> String? {
        guard let range = text.range(of: #"[?&]t=([A-Za-z0-9_-]+)"#, options: .regularExpression) else { return nil }
        return String(text[range].dropFirst(3))
    }

    /// Letters in the outbox, as (recipient, kind, status), oldest first.
    func letters() async throws -> [(to: String, kind: String, status: String)] {
        try await db.pool.withConnection { db in
            try db.execute("SELECT recipient, kind, status FROM outbox ORDER BY created_at, id").map {
                (try $0.decode(String.self, "recipient"), try $0.decode(String.self, "kind"), try $0.decode(String.self, "status"))
            }
        }
    }

    func sql(_ statement: SQL) async throws {
        try await db.pool.withConnection { _ = try $0.execute(statement) }
    }
}

extension Client {
    func activate(_ token: String, _ password: String) async throws -> Answer {
        try await send(.post, "/api/v1/auth/activate", json: jsonString(["token": token, "password": password]))
    }

    func resetRequest(_ email: String) async throws -> Answer {
        try await send(.post, "/api/v1/auth/password-reset", json: jsonString(["email": email]))
    }

    /// A form post, as a browser sends the page's form.
    func form(_ path: String, _ fields: [(String, String)]) async throws -> Answer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return try await send(.post, path, body: Array(body.utf8), contentType: "application/x-www-form-urlencoded")
    }
}
