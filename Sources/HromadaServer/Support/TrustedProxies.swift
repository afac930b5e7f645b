import HromadaDomain

/// The reverse proxies (`HROMADA_TRUSTED_PROXIES`) whose `X-Forwarded-For` is believed.
///
/// The client is the socket's peer unless the peer is one of them; then it is the right-most entry of
/// `X-Forwarded-For` (all such headers joined in order) that is not one of them. Entries to the left
/// of that one were written by the client itself and prove nothing, so a spoofed left-most entry is
/// never taken. An entry that is not an address stops the walk: the client is then the last trusted
/// hop read, the nearest address that is known.
public struct TrustedProxies: Sendable, Equatable {
    public let ranges: [IPRange]

    /// Entries read from the right at most; a longer chain is someone's padding.
    static let maxHops = 32

    public init(_ ranges: [IPRange] = []) {
        self.ranges = ranges
    }

    /// `127.0.0.1, 10.0.0.0/8, ::1, fd00::/8`: addresses or CIDR ranges, separated by commas or spaces.
    public init(parsing text: String) throws {
        var ranges: [IPRange] = []
        for item in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) {
            guard let range = IPRange(item) else {
                throw ConfigurationError(
                    "HROMADA_TRUSTED_PROXIES holds addresses or CIDR ranges such as 127.0.0.1 or 10.0.0.0/8, not \(item).")
            }
            ranges.append(range)
        }
        self.ranges = ranges
    }

    public var isEmpty: Bool { ranges.isEmpty }

    public func contains(_ address: IPAddress) -> Bool {
        ranges.contains { $0.contains(address) }
    }

    /// The client's address for a request from `peer` carrying these `X-Forwarded-For` values.
    public func clientAddress(peer: String, forwardedFor: [String]) -> String {
        guard !ranges.isEmpty, let peerAddress = IPAddress(peer), contains(peerAddress) else { return peer }
        var nearest = peerAddress
        var hops = 0
        for value in forwardedFor.reversed() {
            for entry in value.split(separator: ",", omittingEmptySubsequences: false).reversed() {
                hops += 1
                guard hops <= Self.maxHops, let address = IPAddress(forwardedEntry: entry) else { return nearest.description }
                guard contains(address) else { return address.description }
                nearest = address
            }
        }
        return nearest.description
    }
}
