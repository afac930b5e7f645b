import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import Testing
import HromadaPostgres
import HromadaTestSupport

/// The client address behind reverse proxies: `HROMADA_TRUSTED_PROXIES` and `X-Forwarded-For`.
@Suite struct TrustedProxiesTests {
    let proxies = try! TrustedProxies(parsing: "127.0.0.1, 10.0.0.0/8, ::1, fd00::/8")

    @Test func withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
        #expect(TrustedProxies().clientAddress(peer: "127.0.0.1", forwardedFor: ["203.0.113.9"]) == "127.0.0.1")
    }

    @Test func anUntrustedPeerIsTheClientWhateverTheHeaderSays() {
        #expect(proxies.clientAddress(peer: "198.51.100.7", forwardedFor: ["203.0.113.9"]) == "198.51.100.7")
        #expect(proxies.clientAddress(peer: "unknown", forwardedFor: ["203.0.113.9"]) == "unknown")
    }

    @Test func behindATrustedProxyTheClientIsTheAddressItForwarded() {
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["203.0.113.9"]) == "203.0.113.9")
    }

    @Test func spoofedLeftMostEntriesAreNeverTaken() {
        // nginx's $proxy_add_x_forwarded_for appends the real peer to what the client sent.
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["10.0.0.1, 1.2.3.4, 203.0.113.9"]) == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["127.0.0.1, 203.0.113.9"]) == "203.0.113.9")
    }

    @Test func aChainOfTrustedProxiesIsWalkedFromTheRight() {
        #expect(proxies.clientAddress(peer: "10.0.0.6", forwardedFor: ["1.2.3.4, 203.0.113.9, 10.0.0.5, 10.1.2.3"]) == "203.0.113.9")
    }

    @Test func severalHeadersAreJoinedInOrder() {
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.2.3.4", "203.0.113.9, 10.0.0.5"]) == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["203.0.113.9", "10.0.0.5"]) == "203.0.113.9")
    }

    @Test func whenEveryHopIsTrustedTheLeftMostIsTheClient() {
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["10.0.0.1, 10.0.0.2"]) == "10.0.0.1")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
    }

    @Test(arguments: [
        (["garbage"], "127.0.0.1"),
        (["203.0.113.9, garbage"], "127.0.0.1"),
        (["garbage, 10.0.0.5"], "10.0.0.5"),
        ([""], "127.0.0.1"),
        (["203.0.113.9,"], "127.0.0.1"),
        (["unknown, 203.0.113.9"], "203.0.113.9"),
        (["1.2.3.4 5.6.7.8"], "127.0.0.1"),
        (["203.0.113.9%eth0"], "127.0.0.1"),
        (["fe80::1%eth0"], "127.0.0.1"),
        (["999.1.1.1"], "127.0.0.1"),
        (["203.0.113.9:"], "127.0.0.1"),
        (["203.0.113.9:x"], "127.0.0.1"),
        (["[2001:db8::1"], "127.0.0.1"),
        (["example.org"], "127.0.0.1"),
        ([String(repeating: "1", count: 5000)], "127.0.0.1"),
    ])
    func malformedEntriesStopTheWalkAtTheNearestKnownHop(header: [String], client: String) {
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: header) == client, "\(header)")
    }

    @Test func portsAndBracketsAreStripped() {
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["203.0.113.9:51234"]) == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["[2001:db8::1]:443"]) == "2001:db8::1")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["[2001:db8::1]"]) == "2001:db8::1")
    }

    @Test func ipv6AddressesAreMatchedAndWrittenCanonically() {
        #expect(proxies.clientAddress(peer: "::1", forwardedFor: ["2001:DB8:0::0:1"]) == "2001:db8::1")
        #expect(proxies.clientAddress(peer: "fd12:3456::9", forwardedFor: ["2001:db8::1, fd00::7"]) == "2001:db8::1")
        // A dual-stack socket reports IPv4 peers as IPv4-mapped IPv6 addresses.
        #expect(proxies.clientAddress(peer: "::ffff:127.0.0.1", forwardedFor: ["203.0.113.9"]) == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["::ffff:203.0.113.9"]) == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "2001:db8::5", forwardedFor: ["203.0.113.9"]) == "2001:db8::5")
    }

    @Test func aLongChainOfTrustedHopsIsCut() {
        let padding = Array(repeating: "10.0.0.1", count: 100).joined(separator: ", ")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["203.0.113.9, " + padding]) == "10.0.0.1")
    }

    @Test func rangesMatchByPrefix() throws {
        let v4 = try #require(IPRange("10.1.2.3/8"))
        #expect(v4.description == "10.0.0.0/8")
        #expect(v4.contains(IPAddress("10.255.1.2")!))
        #expect(!v4.contains(IPAddress("11.0.0.1")!))
        #expect(!v4.contains(IPAddress("::ffff:11.0.0.1")!))
        #expect(v4.contains(IPAddress("::ffff:10.0.0.1")!))
        let odd = try #require(IPRange("192.168.1.128/25"))
        #expect(odd.contains(IPAddress("192.168.1.200")!) && !odd.contains(IPAddress("192.168.1.127")!))
        let v6 = try #require(IPRange("fd00::/8"))
        #expect(v6.contains(IPAddress("fd12::1")!) && !v6.contains(IPAddress("fe80::1")!) && !v6.contains(IPAddress("10.0.0.1")!))
        #expect(try #require(IPRange("0.0.0.0/0")).contains(IPAddress("203.0.113.9")!))
        #expect(try #require(IPRange("::/0")).contains(IPAddress("2001:db8::1")!))
        #expect(try #require(IPRange("203.0.113.9")).contains(IPAddress("203.0.113.9")!))
    }

    @Test(arguments: ["10.0.0.0/33", "::1/129", "example.org", "10.0.0.0/", "10.0.0.0/8/8", "10.0.0.0/-1", "1.2.3", "[::1]", "10.0.0.0/ 8"])
    func aBadListIsRefusedWithTheEntryNamed(entry: String) {
        #expect(throws: ConfigurationError.self) { try TrustedProxies(parsing: "127.0.0.1, \(entry)") }
    }

    @Test func theListIsReadFromTheEnvironment() throws {
        let c = try ServerConfiguration.fromEnvironment([
            "HROMADA_TRUSTED_PROXIES": "127.0.0.1,10.0.0.0/8 ::1", "HROMADA_METRICS_LISTEN": "127.0.0.1:9464",
        ])
        #expect(c.trustedProxies.ranges.map(\.description) == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"])
        #expect(c.metricsListen?.host == "127.0.0.1" && c.metricsListen?.port == 9464)
        let plain = try ServerConfiguration.fromEnvironment([:])
        #expect(plain.trustedProxies.isEmpty && plain.metricsListen == nil)
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.fromEnvironment(["HROMADA_METRICS_LISTEN": "nowhere"]) }
    }

    @Test func ipv6ClientsAreThrottledByTheirSlash64() {
        #expect(IPAddress("2001:db8:1:2:aaaa::1")?.throttleKey == "2001:db8:1:2::/64")
        #expect(IPAddress("2001:db8:1:2:bbbb::9")?.throttleKey == "2001:db8:1:2::/64")
        #expect(IPAddress("203.0.113.9")?.throttleKey == "203.0.113.9")
    }

    /// Over a real socket: the session records the address the throttle counts.
    @Test func theSessionRecordsTheForwardedClientBehindATrustedProxy() async throws {
        let app = try await TestApp.make { $0.trustedProxies = try! TrustedProxies(parsing: "127.0.0.1, ::1") }
        try await app.person("olena@example.org")
        try await app.run(.live) { client in
            let answer = try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "olena@example.org", "password": "Correct-Horse-1"}"#,
                                               headers: [ClientAddressMiddleware.forwardedFor: "10.9.9.9, 1.2.3.4, 203.0.113.9"])
            #expect(answer.status == .ok)
        }
        let address = try await app.db.pool.withConnection { try $0.execute("SELECT address FROM sessions")[0].decode(String.self, "address") }
        #expect(address == "203.0.113.9")
    }

    @Test func withoutTrustedProxiesTheHeaderIsIgnored() async throws {
        let app = try await TestApp.make()
        try await app.person("olena@example.org")
        try await app.run(.live) { client in
            let answer = try await client.send(.post, "/api/v1/auth/login", json: #"{"email": "olena@example.org", "password": "Correct-Horse-1"}"#,
                                               headers: [ClientAddressMiddleware.forwardedFor: "203.0.113.9"])
            #expect(answer.status == .ok)
        }
        let address = try await app.db.pool.withConnection { try $0.execute("SELECT address FROM sessions")[0].decode(String.self, "address") }
        #expect(address == "127.0.0.1" || address == "::1")
    }
}
