import HromadaDomain
@testable import HromadaStorage
import Testing

@Suite struct VerificationRateTests {
    @Test func theRateIsReadFromItsSetting() throws {
        #expect(try VerificationRate.parse("120") == VerificationRate(limit: 120, window: 60))
        #expect(try VerificationRate.parse("120/1m") == VerificationRate(limit: 120, window: 60))
        #expect(try VerificationRate.parse("5000/h") == VerificationRate(limit: 5000, window: 3600))
        #expect(try VerificationRate.parse("10/30s") == VerificationRate(limit: 10, window: 30))
        #expect(try VerificationRate.parse("off") == nil)
        #expect(try VerificationRate.parse("0") == nil)
        for bad in ["-1", "many", "10/0s", "10/2d", "10/25h", "/1m"] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try VerificationRate.parse(bad) }
        }
    }

    @Test func anIPv6AddressCountsByItsSlash64() {
        #expect(VerificationRate.key("203.0.113.7") == "203.0.113.7")
        #expect(VerificationRate.key("2001:db8:1:2::1") == "2001:db8:1:2::/64")
        #expect(VerificationRate.key("2001:0db8:0001:0002:ffff:0:0:9") == "2001:db8:1:2::/64")
        #expect(VerificationRate.key("2001:db8:1:3::1") != VerificationRate.key("2001:db8:1:2::1"))
        #expect(VerificationRate.key("::ffff:198.51.100.4") == "198.51.100.4")
        #expect(VerificationRate.key("unknown") == "unknown")
    }

    /// The mapping to X.509 CRLReason, for a CRL of single certificates should one be signed: never keyCompromise (1).
    @Test func reasonCodesMapToCRLReasonsWithoutKeyCompromise() {
        #expect(RevocationReason.allCases.map(\.crlReason) == [5, 4, 9, 9])
        #expect(!RevocationReason.allCases.contains { $0.crlReason == 1 })
        #expect(RevocationReason.listed == "issued_in_error | superseded | withdrawn | fraud")
    }
}
