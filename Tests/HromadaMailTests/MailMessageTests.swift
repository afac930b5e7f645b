import Foundation
@testable import HromadaMail
import Testing

@Suite struct MailMessageTests {
    static let message = MailMessage(
        from: Mailbox(name: "Асоціація міст України", address: "noreply@hromada.test"),
        to: Mailbox(name: "Олена <script>\r\nBcc: evil@example.org", address: "olena@example.org"),
        subject: "Запрошення до навчання — Асоціація міст України, дуже довга тема листа, щоб її було розбито",
        text: "Вітаємо!\nПосилання: https://hromada.test/activate?t=abc\n.\nКінець",
        html: "<p>Вітаємо, Олена &lt;script&gt;!</p>",
        date: Date(timeIntervalSince1970: 1_796_620_260), messageID: "0b7c@hromada.test", language: "uk"
    )

    static func headerBlock(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return String(text[..<text.range(of: "\r\n\r\n")!.lowerBound])
    }

    @Test func theHeadersAreASCIIFoldedAndCarryNoLineBreakFromAName() {
        let bytes = Self.message.rendered()
        let headers = Self.headerBlock(bytes)
        #expect(headers.unicodeScalars.allSatisfy { $0.isASCII })
        let lines = headers.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 78 }, "\(lines.filter { $0.count > 78 })")
        // Every line is a header or a folded continuation: the name's CRLF did not start a header.
        #expect(!lines.contains { $0.hasPrefix("Bcc") })
        #expect(lines.allSatisfy { $0.hasPrefix(" ") || $0.contains(": ") })
        #expect(lines.contains("Message-ID: <0b7c@hromada.test>"))
        #expect(lines.contains("Date: Mon, 07 Dec 2026 05:11:00 +0000"))
        #expect(lines.contains("MIME-Version: 1.0"))
        #expect(headers.contains("Subject: =?UTF-8?B?"))
        // Every line ends in CRLF: no bare LF or CR anywhere.
        #expect(!String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "").contains(where: { $0 == "\n" || $0 == "\r" }))
    }

    @Test func encodedWordsDecodeToTheSubject() {
        let encoded = MailHeader.encoded(Self.message.subject, already: 9)
        var decoded: [UInt8] = []
        for word in encoded.components(separatedBy: "\r\n ") {
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") && word.count <= 75)
            decoded += Data(base64Encoded: String(word.dropFirst(10).dropLast(2))).map { [UInt8]($0) } ?? []
        }
        // Words break between characters, so each decodes alone.
        #expect(String(decoding: decoded, as: UTF8.self) == Self.message.subject)
    }

    @Test func bothPartsAreThereInBase64() throws {
        let text = String(decoding: Self.message.rendered(), as: UTF8.self)
        #expect(text.contains("Content-Type: multipart/alternative; boundary=\"=_hromada_0b7chromadatest\""))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64"))
        #expect(text.contains("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64"))
        #expect(text.hasSuffix("--=_hromada_0b7chromadatest--\r\n"))
        let plain = Data(Self.message.text.replacingOccurrences(of: "\n", with: "\r\n").utf8).base64EncodedString()
        #expect(text.replacingOccurrences(of: "\r\n", with: "").contains(plain))
    }

    /// The association's name is one encoded word, so no reader can put a space inside it; a name too
    /// long for one word is split between characters, on lines of at most 76.
    @Test func aNameThatFitsOneEncodedWordIsOneWord() {
        let from = MailHeader.mailbox(Mailbox(name: "Асоціація міст України", address: "noreply@hromada.test"))
        let lines = from.components(separatedBy: "\r\n")
        #expect(lines.count == 2 && lines[1] == " <noreply@hromada.test>", "\(lines)")
        #expect(("From: " + lines[0]).count <= 76)
        #expect(Data(base64Encoded: String(lines[0].dropFirst(10).dropLast(2))).map { String(decoding: $0, as: UTF8.self) } == "Асоціація міст України")
        let long = MailHeader.mailbox(Mailbox(name: "Київський міський регіональний центр підвищення кваліфікації", address: "a@b.c"))
        #expect(long.components(separatedBy: "\r\n ").count > 1 && long.hasSuffix("?= <a@b.c>"))
        #expect(long.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
    }

    @Test func plainASCIINamesAreQuotedAndAddressesAreRead() {
        #expect(MailHeader.mailbox(Mailbox(name: "Hromada \"Mail\"", address: "a@b.c")) == "\"Hromada \\\"Mail\\\"\" <a@b.c>")
        #expect(Mailbox(parsing: "Асоціація <noreply@hromada.test>") == Mailbox(name: "Асоціація", address: "noreply@hromada.test"))
        #expect(Mailbox(parsing: "noreply@hromada.test") == Mailbox(address: "noreply@hromada.test"))
        #expect(Mailbox(parsing: "\"A, B\" <x@y.z>")?.name == "A, B")
        #expect(Mailbox(parsing: "x@y.z\r\nBcc: q@r.s") == nil)
        #expect(Mailbox(parsing: "not an address") == nil)
    }

    @Test func smtpURLsAreCheckedAndTheirPasswordsNeverPrinted() throws {
        let s = try SMTPSettings(url: "smtp://mailer:s3cret@mail.example.org:587", from: "noreply@example.org")
        #expect(s.redactedURL == "smtp://mailer:***@mail.example.org:587")
        #expect(!s.implicitTLS)
        #expect(try SMTPSettings(url: "smtps://u:p@mail.example.org:465", from: "a@b.c").implicitTLS)
        for bad in ["http://mail.example.org", "smtp://", "mail.example.org:25", "smtp://h:99999"] {
            #expect(throws: SMTPSettings.Invalid.self) { try SMTPSettings(url: bad, from: "a@b.c") }
        }
        #expect(throws: SMTPSettings.Invalid.self) { try SMTPSettings(url: "smtp://h:25", from: "nobody") }
    }

    /// Nothing listens on the port: the failure may pass later (not permanent) and says why.
    @Test func aServerThatIsDownIsATemporaryFailure() throws {
        let client = try SMTPClient(settings: try SMTPSettings(url: "smtp://127.0.0.1:9", from: "a@b.c"), connectTimeout: 2, timeout: 5)
        do {
            try client.send(Self.message)
            Issue.record("sent to a closed port")
        } catch let failure as MailFailure {
            #expect(!failure.permanent)
            #expect(failure.reason.contains("curl 7"), "\(failure.reason)")
        }
    }
}
