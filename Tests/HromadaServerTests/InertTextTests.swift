import Foundation
import HromadaClient
import Testing

/// What the terminal client does to text from the server before it prints it: a learner's essay
/// with ESC sequences cleared the trainer's screen and set its title in `hromada grading show`.
struct InertTextTests {
    static let hostile = "Есе\u{1B}[2J\u{1B}]0;pwned\u{07} кінець\u{9B}31m\r\u{7F}\n\tрядок"

    @Test func controlsAreRemovedButNewlinesAndTabsStay() {
        let clean = InertText.text(Self.hostile)
        #expect(clean == "Есе[2J]0;pwned кінець31m\n\tрядок")
        #expect(InertText.text("a\r\nb", keepingCR: true) == "a\r\nb")
        #expect(InertText.text("звичайний текст") == "звичайний текст")
    }

    @Test func aJSONDocumentLosesItsControlsAndStaysValid() throws {
        let original = try JSONSerialization.data(withJSONObject: ["answer": Self.hostile, "n": 1, "path": "a\\u001b"])
        let cleaned = InertText.json(original)
        let decoded = try #require(try JSONSerialization.jsonObject(with: cleaned) as? [String: Any])
        let answer = try #require(decoded["answer"] as? String)
        #expect(!answer.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) })
        #expect(answer.contains("Есе") && answer.contains("\n\tрядок"))
        // An escaped backslash followed by the letters u001b is text, not a control: it stays.
        #expect(decoded["path"] as? String == "a\\u001b")
        #expect(decoded["n"] as? Int == 1)
        // Raw C1 bytes (U+009B as C2 9B) are removed too.
        let raw = Data("{\"a\":\"x\u{9B}y\"}".utf8)
        #expect(String(decoding: InertText.json(raw), as: UTF8.self) == "{\"a\":\"xy\"}")
        // A document without controls comes back byte for byte.
        let plain = Data(#"{"a":"b \"c\" \\ d","e":[1,2]}"#.utf8)
        #expect(InertText.json(plain) == plain)
    }
}
