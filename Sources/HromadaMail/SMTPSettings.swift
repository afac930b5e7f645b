import Foundation

/// Where mail goes and whom it comes from: `HROMADA_SMTP_URL` and `HROMADA_MAIL_FROM`.
///
/// - `smtp://host:port` — plain SMTP; STARTTLS is used when the server offers it.
/// - `smtp://user:password@host:587` — the same with AUTH (user and password percent-encoded).
/// - `smtps://user:password@host:465` — TLS from the first byte.
///
/// The server's certificate is checked against the system's trust store whenever TLS is used.
public struct SMTPSettings: Sendable, Equatable {
    /// The URL as given, credentials included: handed to libcurl only, never logged.
    public let url: String
    public let implicitTLS: Bool
    /// The envelope sender and the `From:` header.
    public var from: Mailbox

    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(url: String, from: String) throws {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
              scheme == "smtp" || scheme == "smtps", let host = parts.host, !host.isEmpty
        else {
            throw Invalid(description: "HROMADA_SMTP_URL must look like smtp://host:25, smtp://user:password@host:587 or smtps://user:password@host:465.")
        }
        if let port = parts.port, !(1...65535).contains(port) {
            throw Invalid(description: "HROMADA_SMTP_URL names port \(port), which is not a port number.")
        }
        guard let sender = Mailbox(parsing: from) else {
            throw Invalid(description: "HROMADA_MAIL_FROM must be an address such as noreply@example.org or «Name <noreply@example.org>».")
        }
        self.url = url
        self.implicitTLS = scheme == "smtps"
        self.from = sender
    }

    /// The URL without its password, for logs: `smtp://user:***@host:587`.
    public var redactedURL: String {
        guard var parts = URLComponents(string: url) else { return "smtp://?" }
        if parts.password != nil { parts.password = "***" }
        return parts.string ?? "smtp://?"
    }
}

/// One address of a message, with the name shown beside it.
public struct Mailbox: Sendable, Equatable {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// `addr@example.org` or `Name <addr@example.org>`; nil when there is no plausible address or
    /// the text holds a line break (header injection).
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else { return nil }
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let shown = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            let unquoted = shown.hasPrefix("\"") && shown.hasSuffix("\"") && shown.count >= 2 ? String(shown.dropFirst().dropLast()) : shown
            name = unquoted.isEmpty ? nil : unquoted
        }
        guard Self.isPlausibleAddress(address) else { return nil }
        self.init(name: name, address: address)
    }

    /// One `@`, something on each side, no spaces, brackets or controls: what SMTP's envelope carries.
    public static func isPlausibleAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && address.utf8.count <= 254
            && address.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
    }
}
