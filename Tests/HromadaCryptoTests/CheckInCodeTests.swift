import Foundation
import HromadaCrypto
import Testing

/// The rotating check-in code: RFC 6238's SHA-256 vectors on a 60-second step, and the grace of the
/// previous code.
@Suite struct CheckInCodeTests {
    static let seed = Array("12345678901234567890123456789012".utf8)

    /// RFC 6238 appendix B (SHA-256, 8 digits, 30 s step): 46119246 at counter 1 and 68084774 at
    /// counter 37037036. On our 60 s step those counters fall at 60 s and 2222222160 s; six digits keep the last six.
    @Test func theCodesAreRFC6238sOnASixtySecondStep() {
        #expect(CheckInCode.code(secret: Self.seed, at: Date(timeIntervalSince1970: 60)) == "119246")
        #expect(CheckInCode.code(secret: Self.seed, at: Date(timeIntervalSince1970: 119)) == "119246")
        #expect(CheckInCode.code(secret: Self.seed, at: Date(timeIntervalSince1970: 2_222_222_160)) == "084774")
        #expect(HMACSHA256.mac(key: Array("key".utf8), message: Array("The quick brown fox jumps over the lazy dog".utf8))
            .map { String(format: "%02x", $0) }.joined() == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
    }

    @Test func aCodeIsGoodInItsMinuteAndThirtySecondsAfterNotLater() {
        let secret = (0..<32).map { UInt8($0 * 7 & 0xff) }
        let start = Date(timeIntervalSince1970: 1_800_000_000 - 1_800_000_000.truncatingRemainder(dividingBy: 60))
        let code = CheckInCode.code(secret: secret, at: start)
        #expect(CheckInCode.accepts(code, secret: secret, at: start))
        #expect(CheckInCode.accepts(code, secret: secret, at: start.addingTimeInterval(59)))
        #expect(CheckInCode.accepts(code, secret: secret, at: start.addingTimeInterval(89)))
        #expect(!CheckInCode.accepts(code, secret: secret, at: start.addingTimeInterval(90)) || code == CheckInCode.code(secret: secret, at: start.addingTimeInterval(90)))
        #expect(!CheckInCode.accepts(code, secret: secret, at: start.addingTimeInterval(180)) || code == CheckInCode.code(secret: secret, at: start.addingTimeInterval(180)))
        #expect(!CheckInCode.accepts(code, secret: secret, at: start.addingTimeInterval(-1)) || code == CheckInCode.code(secret: secret, at: start.addingTimeInterval(-1)))
        #expect(CheckInCode.validUntil(start.addingTimeInterval(10)) == start.addingTimeInterval(90))
        #expect(CheckInCode.nextChange(start.addingTimeInterval(10)) == start.addingTimeInterval(60))
        // Another session's secret gives other codes; anything but six digits is wrong.
        let other = (0..<32).map { UInt8($0) }
        #expect(CheckInCode.code(secret: other, at: start) != code || CheckInCode.code(secret: other, at: start.addingTimeInterval(60)) != CheckInCode.code(secret: secret, at: start.addingTimeInterval(60)))
        for bad in ["", "12345", "1234567", "12345a", " 12345", "１２３４５６"] { #expect(!CheckInCode.accepts(bad, secret: secret, at: start)) }
    }
}
