import Foundation
import HromadaDomain
import Testing

@Suite struct UUIDTextTests {
    @Test func writesWhatFoundationWritesInLowerCase() {
        let fixed = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                     UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))]
        for id in fixed + (0..<5_000).map({ _ in UUID() }) {
            #expect(id.lowercasedText == id.uuidString.lowercased())
            #expect(UUID(text: id.lowercasedText) == id)
            #expect(UUID(text: id.uuidString) == id)
        }
    }

    /// Canonical texts changed in one place (a character swapped for another, one dropped, one
    /// added) or in case: the parser accepts every canonical text, to Foundation's value, and
    /// nothing else. Foundation's `sscanf` also takes a space or a minus sign inside a pair of
    /// digits ("4BD0-6DA6C2E" as 4BD0FADA6C2E); those are refused.
    @Test func acceptsTheCanonicalFormOnly() {
        func canonical(_ text: String) -> Bool {
            text.count == 36 && text.enumerated().allSatisfy { i, c in [8, 13, 18, 23].contains(i) ? c == "-" : c.isHexDigit }
        }
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefABCDEFgG-xz {}+\u{0}é".utf8)
        var accepted = 0, refused = 0
        for _ in 0..<20_000 {
            var text = Array(UUID().uuidString.utf8)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: text[Int.random(in: 0..<text.count, using: &random)] = alphabet.randomElement(using: &random)!
            case 1: text.remove(at: Int.random(in: 0..<text.count, using: &random))
            case 2: text.insert(alphabet.randomElement(using: &random)!, at: Int.random(in: 0...text.count, using: &random))
            default:  // upper and lower case mixed
                text = text.map { c in Bool.random(using: &random) && (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(c) ? c + 32 : c }
            }
            let string = String(decoding: text, as: UTF8.self)
            let ours = UUID(text: string)
            if canonical(string) {
                #expect(ours != nil && ours == UUID(uuidString: string), "\(string)")
                accepted += 1
            } else {
                #expect(ours == nil, "\(string)")
                refused += 1
            }
        }
        // Both kinds were tried, in numbers.
        #expect(accepted > 4_000 && refused > 4_000)
        for bad in ["", "123", String(repeating: "0", count: 36), "00000000-0000-0000-0000-00000000000", "00000000-0000-0000-0000-0000000000000"] {
            #expect(UUID(text: bad) == nil, "\(bad)")
        }
    }
}
