public import Foundation
import HromadaDomain
public import HromadaMail
public import HromadaStorage

/// Everything the HTTP server is configured with. Each key has an environment variable and a flag
/// of `hromada-server serve` to match; the README lists them.
public struct ServerConfiguration: Sendable {
    /// `HROMADA_LISTEN`, host:port to listen on. Default `127.0.0.1:8080`.
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// `HROMADA_DATABASE_URL`, a libpq URL or conninfo; empty uses libpq's `PG*` variables.
    public var databaseURL: String = ""
    /// `HROMADA_REPORTS_DATABASE_URL`, a read-only replica for reports; unset reads them from the primary.
    public var reportsDatabaseURL: String?
    /// `HROMADA_PUBLIC_URL`, the address people use to reach the server (certificate links).
    public var publicURL: String = "http://127.0.0.1:8080"
    /// `HROMADA_KEYS_DIR`, where signing keys live.
    public var keysDirectory: String = ".data/keys"
    /// `HROMADA_TOKEN_TTL`, how long a login token lives (`12h`, `30m`, `3600s`). Default 12 h.
    public var tokenTTL: Duration = .seconds(12 * 3600)
    /// `HROMADA_LOG_LEVEL`: trace, debug, info, notice, warning, error, critical. Default info.
    public var logLevel: String = "info"
    /// `HROMADA_MAX_BODY`, largest JSON or CSV body accepted, in bytes. Default 1 MiB.
    public var maxBodySize: Int = 1 << 20
    /// `HROMADA_MAX_PACK`, largest course-pack ZIP accepted, in bytes. Default 50 MiB.
    public var maxPackSize: Int = 50 << 20
    /// `HROMADA_DB_POOL`, connections per server process. Default 10.
    public var databasePoolSize: Int = 10
    /// `HROMADA_SWEEP_INTERVAL`, seconds between sweeps that close timed attempts past their deadline.
    /// Default 2.
    public var sweepInterval: Duration = .seconds(2)
    /// `HROMADA_KEY_PASSPHRASE` or the first line of `HROMADA_KEY_PASSPHRASE_FILE`: decrypts the signing keys.
    public var keyPassphrase: String?
    /// `HROMADA_ASSOCIATION`, the issuer's name on certificates. Default «Асоціація міст України».
    public var association: String = "Асоціація міст України"
    /// `HROMADA_VERIFY_RATE`, requests per client address to the public verification routes: `120`
    /// (a minute), `120/1m`, `5000/1h`, or `off` (nil). Default 120 a minute. Over it: 429 with `Retry-After`.
    public var verifyRate: VerificationRate? = .standard

    /// `HROMADA_ROOT_CRL_WARN_DAYS`: how long before the root CRL's `nextUpdate` the server starts
    /// warning (in `/readyz` and its log) that it must be re-signed. Default 7 days.
    public var rootCRLWarning: TimeInterval = 7 * 86400
    /// `HROMADA_TRUSTED_PROXIES`, the reverse proxies whose `X-Forwarded-For` is believed: addresses or
    /// CIDR ranges, IPv4 or IPv6, separated by commas (`127.0.0.1,10.0.0.0/8,fd00::/8`). Default none:
    /// the client is the socket's peer.
    public var trustedProxies = TrustedProxies()
    /// `HROMADA_METRICS_LISTEN`, host:port of a second listener that serves only `/metrics`, without a
    /// token (bind it where only Prometheus reaches). Default off: `/metrics` needs an admin's token.
    public var metricsListen: (host: String, port: Int)?
    /// `HROMADA_SMTP_URL` (`smtp://host:port`, `smtp://user:password@host:587` with STARTTLS when
    /// offered, `smtps://user:password@host:465`) and `HROMADA_MAIL_FROM` (`noreply@example.org` or
    /// `Name <noreply@example.org>`; without a name the association's). Default off: mail waits in the
    /// outbox, and nothing is sent, until the URL is set.
    public var smtp: SMTPSettings?
    /// `HROMADA_MAIL_INTERVAL`, seconds between looks at the outbox when it had nothing due. Default 2.
    public var mailInterval: Duration = .seconds(2)
    /// `HROMADA_MAIL_RETRY`, seconds before the first retry of a message the SMTP server did not take;
    /// each further retry waits twice as long, at most an hour. Default 5.
    public var mailRetry: Int = 5
    /// Whether requests run in server spans (Hummingbird's `TracingMiddleware`): `serve` turns it on
    /// when it exports traces (an OTLP endpoint in a binary built with the OTLP trait). Off, the
    /// middleware is not installed at all: with no tracer it would still format each request's
    /// attributes for nothing, which the bench showed as server time on every read.
    public var tracing = false

    public init() {}

    /// Reads the `HROMADA_*` variables; anything unset keeps its default.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> ServerConfiguration {
        var c = ServerConfiguration()
        if let listen = env["HROMADA_LISTEN"], !listen.isEmpty { try c.setListen(listen) }
        if let v = env["HROMADA_DATABASE_URL"] { c.databaseURL = v }
        if let v = env["HROMADA_REPORTS_DATABASE_URL"], !v.isEmpty { c.reportsDatabaseURL = v }
        if let v = env["HROMADA_PUBLIC_URL"], !v.isEmpty { c.publicURL = v }
        if let v = env["HROMADA_KEYS_DIR"], !v.isEmpty { c.keysDirectory = v }
        if let v = env["HROMADA_TOKEN_TTL"], !v.isEmpty { c.tokenTTL = try parseDuration(v, name: "HROMADA_TOKEN_TTL") }
        if let v = env["HROMADA_LOG_LEVEL"], !v.isEmpty { c.logLevel = v }
        if let v = env["HROMADA_MAX_BODY"], !v.isEmpty {
            guard let n = Int(v), n >= 1024 else { throw ConfigurationError("HROMADA_MAX_BODY must be a number of bytes, at least 1024.") }
            c.maxBodySize = n
        }
        if let v = env["HROMADA_MAX_PACK"], !v.isEmpty {
            guard let n = Int(v), n >= 1024 else { throw ConfigurationError("HROMADA_MAX_PACK must be a number of bytes, at least 1024.") }
            c.maxPackSize = n
        }
        if let v = env["HROMADA_DB_POOL"], !v.isEmpty {
            guard let n = Int(v), (1...200).contains(n) else { throw ConfigurationError("HROMADA_DB_POOL must be between 1 and 200.") }
            c.databasePoolSize = n
        }
        c.keyPassphrase = try KeyRing.passphrase(from: env)
        if let v = env["HROMADA_ASSOCIATION"], !v.isEmpty { c.association = v }
        if let v = env["HROMADA_ROOT_CRL_WARN_DAYS"], !v.isEmpty {
            guard let n = Double(v), (0...90).contains(n) else {
                throw ConfigurationError("HROMADA_ROOT_CRL_WARN_DAYS must be a number of days between 0 and 90.")
            }
            c.rootCRLWarning = n * 86400
        }
        if let v = env["HROMADA_VERIFY_RATE"], !v.isEmpty { c.verifyRate = try VerificationRate.parse(v) }
        if let v = env["HROMADA_TRUSTED_PROXIES"], !v.isEmpty { c.trustedProxies = try TrustedProxies(parsing: v) }
        if let v = env["HROMADA_METRICS_LISTEN"], !v.isEmpty { c.metricsListen = try parseListen(v) }
        if let v = env["HROMADA_SMTP_URL"], !v.isEmpty {
            guard let from = env["HROMADA_MAIL_FROM"], !from.isEmpty else {
                throw ConfigurationError("HROMADA_MAIL_FROM must be set when HROMADA_SMTP_URL is: the address mail comes from, e.g. noreply@example.org.")
            }
            do {
                var settings = try SMTPSettings(url: v, from: from)
                if settings.from.name == nil { settings.from.name = c.association }
                c.smtp = settings
            } catch let e as SMTPSettings.Invalid {
                throw ConfigurationError(e.description)
            }
        }
        if let v = env["HROMADA_MAIL_INTERVAL"], !v.isEmpty {
            guard let n = Double(v), (0.05...3600).contains(n) else {
                throw ConfigurationError("HROMADA_MAIL_INTERVAL must be a number of seconds between 0.05 and 3600.")
            }
            c.mailInterval = .milliseconds(Int64(n * 1000))
        }
        if let v = env["HROMADA_MAIL_RETRY"], !v.isEmpty {
            guard let n = Int(v), (1...3600).contains(n) else {
                throw ConfigurationError("HROMADA_MAIL_RETRY must be a number of seconds between 1 and 3600.")
            }
            c.mailRetry = n
        }
        if let v = env["HROMADA_SWEEP_INTERVAL"], !v.isEmpty {
            guard let n = Double(v), (0.05...3600).contains(n) else {
                throw ConfigurationError("HROMADA_SWEEP_INTERVAL must be a number of seconds between 0.05 and 3600.")
            }
            c.sweepInterval = .milliseconds(Int64(n * 1000))
        }
        return c
    }

    public mutating func setListen(_ value: String) throws {
        (host, port) = try Self.parseListen(value)
    }

    /// `127.0.0.1:8080`, `[::1]:8080` or `:8080` (every interface).
    public static func parseListen(_ value: String) throws -> (host: String, port: Int) {
        guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]),
              (0...65535).contains(port)
        else { throw ConfigurationError("The listen address must look like 127.0.0.1:8080, not \(value).") }
        var host = String(value[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    /// `90`, `90s`, `30m`, `12h`, `7d`.
    public static func parseDuration(_ text: String, name: String) throws -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var digits = text
        var unit: Int64 = 1
        if let last = text.last, let u = units[last] {
            unit = u
            digits = String(text.dropLast())
        }
        guard let n = Int64(digits), n > 0 else {
            throw ConfigurationError("\(name) must be a duration such as 12h, 30m or 3600s, not \(text).")
        }
        return .seconds(n * unit)
    }
}

