import Foundation
import HromadaDomain
public import HromadaPostgres

/// How often one client address may use the public verification routes (the QR page, the public
/// view by serial, `POST …/verify`, the centres' revocation lists): at most `limit` requests per
/// fixed window of `window` seconds, counted in PostgreSQL so every stateless server instance shares
/// the count. Counting is one upsert, meant to go out in the same pipeline as the route's own read.
public struct VerificationRate: Sendable, Equatable {
    public var limit: Int
    /// Seconds per window.
    public var window: Int

    /// 120 a minute: a QR-scanning event behind one address (a hall's Wi-Fi) stays well inside it.
    public static let standard = VerificationRate(limit: 120, window: 60)

    public init(limit: Int, window: Int) {
        self.limit = limit
        self.window = window
    }

    /// `HROMADA_VERIFY_RATE`: `120` (a minute), `120/1m`, `5000/1h`, `10/30s`; `0` or `off` turns it off
    /// (nil).
    public static func parse(_ text: String) throws -> VerificationRate? {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        if value == "0" || value == "off" { return nil }
        let parts = value.split(separator: "/", maxSplits: 1).map(String.init)
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        var window = 60
        if parts.count == 2 {
            var digits = parts[1], unit = 1
            if let last = digits.last, let u = units[last] { unit = u; digits.removeLast() }
            if digits.isEmpty { digits = "1" }
            guard let n = Int(digits), n > 0, n <= 86_400 / unit else { throw Self.badValue(text) }
            window = n * unit
        }
        guard let first = parts.first, let limit = Int(first), limit > 0 else { throw Self.badValue(text) }
        return VerificationRate(limit: limit, window: window)
    }

    static func badValue(_ text: String) -> ConfigurationError {
        ConfigurationError("HROMADA_VERIFY_RATE must be requests per window such as 120 (a minute), 120/1m or 5000/1h, or off; not \(text).")
    }

    /// Counts one request of `address` and answers its count in the current window and the seconds
    /// left in it. One statement; the address's row is locked only until the statement's transaction
    /// ends, so send it last in a pipeline.
    public func hit(address: String) -> SQL {
        """
        INSERT INTO verification_hits AS h (address, window_start, hits)
        VALUES (\(Self.key(address)), date_bin(make_interval(secs => \(window)), now(), timestamptz '2000-01-01 00:00:00+00'), 1)
        ON CONFLICT (address) DO UPDATE SET
            hits = CASE WHEN h.window_start = excluded.window_start THEN h.hits + 1 ELSE 1 END,
            window_start = excluded.window_start
        RETURNING h.hits, greatest(1, ceil(extract(epoch FROM h.window_start + make_interval(secs => \(window)) - now())))::int AS retry_after
        """
    }

    /// Throws 429 (`too_many_requests` with `Retry-After`) when the rows of ``hit(address:)`` are over the limit.
    public func admit(_ rows: [PGRow]) throws {
        guard let row = rows.first else { return }
        let hits = try row.decode(Int.self, "hits")
        guard hits > limit else { return }
        throw HromadaError(.tooManyRequests, detail: .init(
            uk: "Забагато перевірок з вашої адреси: не більше \(limit) за \(window) с. Спробуйте трохи згодом.",
            en: "Too many checks from your address: at most \(limit) per \(window) s. Try again shortly."),
            retryAfter: try row.decode(Int.self, "retry_after"), reason: "verification rate over \(limit)/\(window)s")
    }

    /// Windows ended this long ago are forgotten by ``forgetOld(_:)``.
    public static let keep = 2 * 3600

    /// Removes the counters of windows that ended long ago. Cheap to run now and then from any instance.
    public static func forgetOld(_ db: PGConnection) throws {
        try db.execute("DELETE FROM verification_hits WHERE window_start < now() - make_interval(secs => \(keep))")
    }

    /// What is counted for an address: an IPv4 address as it is, an IPv6 address by its /64 (one
    /// household or host gets a whole /64, so counting single IPv6 addresses would count nothing).
    public static func key(_ address: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard address.contains(":"), inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        // An IPv4-mapped address (::ffff:a.b.c.d) is that IPv4 address.
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }
}
