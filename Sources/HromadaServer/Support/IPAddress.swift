import Foundation

/// An IPv4 or IPv6 address as its bytes (4 or 16), parsed and printed by the C library.
/// An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is taken as the IPv4 address it carries, so a
/// client is one key whichever socket family it reached us through.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public var isIPv4: Bool { bytes.count == 4 }

    /// Parses a plain address (`192.0.2.1`, `2001:db8::1`); nil for anything else (ports, brackets,
    /// zone ids, host names, spaces).
    public init?(_ text: some StringProtocol) {
        guard !text.isEmpty, text.utf8.count <= 45, text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        let string = String(text)
        if !string.contains(":") {
            var v4 = in_addr()
            guard inet_pton(AF_INET, string, &v4) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, string, &v6) == 1 else { return nil }
        let raw = withUnsafeBytes(of: &v6) { Array($0) }
        let mapped = raw.prefix(10).allSatisfy { $0 == 0 } && raw[10] == 0xFF && raw[11] == 0xFF
        bytes = mapped ? Array(raw[12...]) : raw
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The canonical text: dotted quad, or RFC 5952's compressed lowercase form.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let ok: Bool = bytes.withUnsafeBytes { raw in
            inet_ntop(isIPv4 ? AF_INET : AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// What login throttling counts an address as: an IPv4 address itself, an IPv6 address's /64
    /// (one subscriber's network: its addresses are free for that subscriber to rotate through).
    public var throttleKey: String {
        isIPv4 ? description : IPAddress(bytes: Array(bytes.prefix(8)) + [UInt8](repeating: 0, count: 8)).description + "/64"
    }

    /// An entry of `X-Forwarded-For` as proxies write it: a plain address, `192.0.2.1:port`,
    /// `[2001:db8::1]` or `[2001:db8::1]:port`. Nil for anything else.
    public init?(forwardedEntry raw: Substring) {
        let entry = raw.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else { return nil }
            let rest = entry[entry.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.count > 1 && rest.dropFirst().allSatisfy(\.isASCIIDigit)) else { return nil }
            self.init(entry[entry.index(after: entry.startIndex)..<close])
            return
        }
        if entry.filter({ $0 == ":" }).count == 1, let colon = entry.firstIndex(of: ":") {
            let port = entry[entry.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isASCIIDigit) else { return nil }
            self.init(entry[..<colon])
            guard isIPv4 else { return nil }
            return
        }
        self.init(entry)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// An address range in CIDR notation (`10.0.0.0/8`, `fd00::/8`); a plain address is its own range.
public struct IPRange: Hashable, Sendable, CustomStringConvertible {
    public let network: IPAddress
    public let prefixLength: Int

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(parts[0]) else { return nil }
        let bits = address.bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard let n = Int(parts[1]), (0...bits).contains(n), parts[1].allSatisfy(\.isASCIIDigit) else { return nil }
            length = n
        }
        network = IPAddress(bytes: Self.masked(address.bytes, length))
        prefixLength = length
    }

    public func contains(_ address: IPAddress) -> Bool {
        address.bytes.count == network.bytes.count && Self.masked(address.bytes, prefixLength) == network.bytes
    }

    public var description: String { "\(network)/\(prefixLength)" }

    static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { i, byte in
            let keep = min(8, max(0, length - i * 8))
            return keep == 8 ? byte : byte & ~(UInt8(0xFF) >> keep)
        }
    }
}
