import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaTestSupport
import Testing
import HromadaPostgres

/// The page a certificate's QR code opens (`/c/{serial}`), as a person reads it, and the printed
/// copy of a revoked certificate (issue 26).
@Suite struct VerificationPageTests {
    /// A completed course's certificate: (serial, the link's `d`).
    static func issued(_ client: Client, _ enrolment: String) async throws -> (serial: String, d: String) {
        let token = try await client.login("learner@example.org")
        let e = try await CertificateAPITests.complete(client, token, enrolment)
        let serial = (e["certificate"] as? [String: any Sendable])?["serial"] as? String ?? ""
        let document = try await client.send(.get, "/api/v1/certificates/\(serial)/document", token: token).body
        return (serial, CertificateVerifier.digestPrefix(document))
    }

    @Test func thePageSaysTheVerdictInWordsWithTheAssociationECTSInItsLanguageAndASwitch() async throws {
        let (app, enrolment) = try await CertificateAPITests.world()
        try await app.run { client in
            let (serial, d) = try await Self.issued(client, enrolment)
            let uk = try await client.send(.get, "/c/\(serial)?d=\(d)").text
            #expect(uk.contains("<html lang=\"uk\">") && uk.contains("<th>Висновок</th><td>дійсний</td>"), "\(uk)")
            #expect(!uk.contains(">valid<") && uk.contains("кредити ЄКТС: ") && !uk.contains("ECTS"))
            #expect(uk.contains("Асоціація міст України"))
            #expect(uk.contains("<a href=\"?d=\(d)&amp;lang=en\" hreflang=\"en\" lang=\"en\">English</a>"), "\(uk)")
            #expect(uk.contains("aria-current=\"page\">Українська<"))
            // The completion day with its month in words, not YYYY-MM-DD.
            #expect(!uk.contains(#/<td>\d{4}-\d\d-\d\d</td>/#), "\(uk)")

            let en = try await client.send(.get, "/c/\(serial)?d=\(d)&lang=en").text
            #expect(en.contains("<html lang=\"en\">") && en.contains("<th>Verdict</th><td>valid</td>") && en.contains("ECTS credits: "))
            #expect(en.contains("Тестова Особа") && en.contains("Асоціація міст України"))
            #expect(en.contains("<a href=\"?d=\(d)&amp;lang=uk\" hreflang=\"uk\" lang=\"uk\">Українська</a>"), "\(en)")

            // Accept-Language chooses when there is no `lang`; `lang` wins over it; an unknown one is ignored.
            let english: HTTPFields = [.acceptLanguage: "en-GB,en;q=0.9"]
            #expect(try await client.send(.get, "/c/\(serial)", headers: english).text.contains("<html lang=\"en\">"))
            #expect(try await client.send(.get, "/c/\(serial)?lang=uk", headers: english).text.contains("<html lang=\"uk\">"))
            #expect(try await client.send(.get, "/c/\(serial)?lang=de", headers: english).text.contains("<html lang=\"en\">"))
            // Without `d` the switch keeps it away, and the learner stays hidden in both languages.
            let bare = try await client.send(.get, "/c/\(serial)?lang=en").text
            #expect(bare.contains("<a href=\"?lang=uk\"") && !bare.contains("Тестова Особа") && !bare.contains("d="))
            // The not-found page has the switch too.
            let missing = try await client.send(.get, "/c/\(CertificateSerial.make(centre: "KYV", year: 2020, sequence: 999_999))?lang=en")
            #expect(missing.status == .notFound && missing.text.contains("Certificate not found") && missing.text.contains("?lang=uk"))
        }
    }

    /// Whatever `d` holds goes into the switch's links encoded, and shows no learner.
    @Test func aHostileDigestStaysInert() async throws {
        let (app, enrolment) = try await CertificateAPITests.world()
        try await app.run { client in
            let (serial, _) = try await Self.issued(client, enrolment)
            let hostile = "\"><script>alert(1)</script>"
            let encoded = hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let page = try await client.send(.get, "/c/\(serial)?d=\(encoded)").text
            #expect(!page.contains("<script") && !page.contains("Тестова Особа") && page.contains("Документ не відповідає"), "\(page)")
            #expect(page.contains("href=\"?d=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;lang=en\""), "\(page)")
        }
    }

    @Test func aRevocationIsShownOnTheKyivClockWithoutItsNote() async throws {
        let (app, enrolment) = try await CertificateAPITests.world()
        try await app.run { client in
            let (serial, d) = try await Self.issued(client, enrolment)
            let kyiv = try await client.login("kyiv-admin@example.org")
            let revoked = try await client.send(.post, "/api/v1/certificates/\(serial)/revoke", token: kyiv,
                                                json: #"{"reason_code": "issued_in_error", "note": "Таємна примітка центру"}"#)
            #expect(revoked.status == .ok)
            let at = try await app.db.pool.withConnection { try CertificateStore.find($0, serial: serial)?.revokedAt } ?? Date()
            for (language, words) in [(Language.uk, "видано помилково"), (.en, "issued in error")] {
                // The centre's administrator's token does not bring the note onto the page either.
                let page = try await client.send(.get, "/c/\(serial)?d=\(d)&lang=\(language.rawValue)", token: kyiv).text
                #expect(page.contains(KyivCalendar.dateTime(at, language)) && page.contains("\(words) (issued_in_error)"), "\(page)")
                #expect(!page.contains(#/\d{4}-\d\d-\d\dT\d\d:\d\d/#) && !page.contains("Таємна примітка"), "\(page)")
            }
        }
    }

    @Test func aRevokedCertificatesPDFIsCrossedOutAndAValidOneIsNot() async throws {
        let (app, enrolment) = try await CertificateAPITests.world()
        try await app.run { client in
            let (serial, _) = try await Self.issued(client, enrolment)
            let token = try await client.login("learner@example.org")
            let valid = try await client.send(.get, "/api/v1/certificates/\(serial)/pdf", token: token)
            #expect(valid.status == .ok)
            let validText = try Self.pdfText(valid.body)
            #expect(validText.contains("ТестоваОсоба") && !validText.contains("ВІДКЛИКАНО") && !validText.contains("REVOKED"), "\(validText)")

            let kyiv = try await client.login("kyiv-admin@example.org")
            let body = #"{"reason_code": "fraud", "note": "Таємна примітка центру"}"#
            #expect(try await client.send(.post, "/api/v1/certificates/\(serial)/revoke", token: kyiv, json: body).status == .ok)
            let at = try await app.db.pool.withConnection { try CertificateStore.find($0, serial: serial)?.revokedAt } ?? Date()
            let revoked = try await client.send(.get, "/api/v1/certificates/\(serial)/pdf", token: token)
            #expect(revoked.status == .ok && revoked.body.starts(with: Array("%PDF-".utf8)))
            let text = try Self.pdfText(revoked.body)
            let mark = "ВІДКЛИКАНО / REVOKED Відкликано \(KyivCalendar.dateTime(at, .uk)) Причина: \(RevocationReason.fraud.label.uk)"
            for expected in [mark, "Тестова Особа"] {
                #expect(text.contains(expected.filter { !$0.isWhitespace }), "missing “\(expected)” in: \(text)")
            }
            #expect(!text.contains("Таємна примітка"))
        }
    }

    /// The PDF's text in the order it was drawn, without white space (`pdftotext -raw`: the mark's
    /// diagonal lines are broken at places of its own).
    static func pdfText(_ pdf: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("page-\(UUID().uuidString).pdf")
        try Data(pdf).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        p.arguments = ["-raw", file.path, "-"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text.filter { !$0.isWhitespace }
    }
}
