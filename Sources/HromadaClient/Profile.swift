public import Foundation

/// What the terminal client remembers between runs: the server and the login token.
///
/// Kept in `$XDG_CONFIG_HOME/hromada/session.json` (else `~/.config/hromada/`), in a folder of
/// mode 0700 and a file of mode 0600, written atomically.
public struct Profile: Codable, Sendable, Equatable {
    public var server: String?
    public var token: String?
    public var email: String?
    public var expiresAt: Date?

    public init(server: String? = nil, token: String? = nil, email: String? = nil, expiresAt: Date? = nil) {
        self.server = server
        self.token = token
        self.email = email
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case server, token, email
        case expiresAt = "expires_at"
    }

    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("hromada")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/hromada")
    }

    public static func file(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        directory(environment: environment).appendingPathComponent("session.json")
    }

    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> Profile {
        guard let data = FileManager.default.contents(atPath: file(environment: environment).path),
              let profile = try? decoder.decode(Profile.self, from: data)
        else { return Profile() }
        return profile
    }

    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }

    public func save(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try PrivateFile.write(try encoder.encode(self), to: Self.file(environment: environment))
    }
}
