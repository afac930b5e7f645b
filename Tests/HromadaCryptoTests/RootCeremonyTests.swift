import Foundation
@testable import HromadaCrypto
import HromadaDomain
import Testing

/// The offline root's files without a database: a request with a CSR is signed elsewhere and the
/// answer checked; stock openssl accepts what comes out.
@Suite struct RootCeremonyTests {
    struct Root {
        let key: PrivateKey, certificate: Certificate
        static func make() throws -> Root {
            let key = try PrivateKey.generateP256()
            return Root(key: key, certificate: try CertificateAuthority.makeRoot(key: key, subject: .init(commonName: "Тестовий корінь", organisation: "Асоціація")))
        }
    }

    /// A request as the server makes it: a centre key and its CSR, the next CRL listing `revoked`.
    static func request(for root: Root, action: RootRequest.Action = .addCentre, revoked: [RootRequest.RevokedEntry] = [])
        throws -> (RootRequest, centreKey: PrivateKey) {
        let key = try PrivateKey.generateP256()
        let csr = try CertificateSigningRequest(key: key, subject: .init(commonName: "Київський центр", organisation: "Асоціація"))
        let request = RootRequest(action: action, root: .init(serial: root.certificate.serialHex, fingerprint: root.certificate.fingerprint),
                                  centre: action == .crl ? nil : "KYV", csr: action == .crl ? nil : csr.pem,
                                  crl: .init(number: 7, revoked: revoked))
        return (request, key)
    }

    static func refusal(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "" } catch { return "\(error)" }
    }

    @Test func aRequestIsSignedOfflineAndItsAnswerChecksWithoutTheCentreKeyTravelling() throws {
        let root = try Root.make()
        let revoked = RootRequest.RevokedEntry(serial: "4F3A0011", revokedAt: Date(timeIntervalSince1970: 1_780_000_000))
        let (request, centreKey) = try Self.request(for: root, revoked: [revoked])
        let requestBytes = request.bytes
        #expect(!String(decoding: requestBytes, as: UTF8.self).contains("PRIVATE KEY"))

        let signed = try RootCeremony.sign(request: requestBytes, rootKey: root.key, root: root.certificate)
        let text = String(decoding: signed.bytes, as: UTF8.self)
        #expect(!text.contains("PRIVATE KEY") && text.contains("\"request_sha256\" : \"\(SHA256.hex(requestBytes))\""))
        #expect(signed.summary.count == 2 && signed.summary[0].contains("Centre KYV") && signed.summary[1].contains("number 7"))

        let response = try RootResponse.read(signed.bytes)
        let checked = try RootCeremony.check(response: response, request: request, requestBytes: requestBytes, root: root.certificate)
        let certificate = try #require(checked.certificate)
        #expect(certificate.isFor(centreKey) && !certificate.isFor(root.key))
        #expect(certificate.commonName == "Київський центр" && certificate.isDocumentSigner(issuedBy: root.certificate))
        #expect(checked.crl.number == 7 && checked.crl.revokedSerials == ["4F3A0011"])
        #expect(abs(checked.crl.nextUpdate.timeIntervalSinceNow - 90 * 86400) < 120)

        // The centre key signs documents that stock openssl verifies against the root and its CRL.
        let document = Array("{\"serial\":\"UA-KYV-2026-000001-00\"}".utf8)
        let signature = try CMSSignature.sign(document, certificate: certificate, key: centreKey)
        #expect(CMSSignature.verify(content: document, signature: signature, roots: [root.certificate], crls: [checked.crlPEM]).verdict == .valid)
        let dir = try PKITests.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        try Data(document).write(to: URL(fileURLWithPath: path("c.json")))
        try Data(signature).write(to: URL(fileURLWithPath: path("c.json.p7s")))
        try root.certificate.pem.write(toFile: path("root.pem"), atomically: true, encoding: .utf8)
        try checked.crlPEM.write(toFile: path("crl.pem"), atomically: true, encoding: .utf8)
        try (root.certificate.pem + checked.crlPEM).write(toFile: path("trust.pem"), atomically: true, encoding: .utf8)
        let cms = try PKITests.openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", path("c.json.p7s"), "-content", path("c.json"),
                                        "-CAfile", path("trust.pem"), "-crl_check", "-out", "/dev/null"])
        #expect(cms.0 == 0 && cms.1.contains("Verification successful"), "\(cms.1)")
        let crl = try PKITests.openssl(["crl", "-in", path("crl.pem"), "-CAfile", path("root.pem"), "-noout"])
        #expect(crl.0 == 0 && crl.1.contains("verify OK"), "\(crl.1)")
    }

    @Test func aCRLOnlyRequestGetsNoCertificate() throws {
        let root = try Root.make()
        let (request, _) = try Self.request(for: root, action: .crl)
        let signed = try RootCeremony.sign(request: request.bytes, rootKey: root.key, root: root.certificate, crlDays: 3)
        #expect(signed.response.certificate == nil)
        let checked = try RootCeremony.check(response: signed.response, request: request, requestBytes: request.bytes, root: root.certificate)
        #expect(checked.certificate == nil && abs(checked.crl.nextUpdate.timeIntervalSinceNow - 3 * 86400) < 120)
    }

    @Test func answersToAnotherRequestTamperedOnesAndAnotherRootsAreRefusedInOneSentence() throws {
        let root = try Root.make(), other = try Root.make()
        let (request, _) = try Self.request(for: root)
        let (second, _) = try Self.request(for: root)
        let signed = try RootCeremony.sign(request: request.bytes, rootKey: root.key, root: root.certificate)

        // Another request's answer: by its hash, and (if the hash is forged) by the key it certifies.
        let answerToSecond = try RootCeremony.sign(request: second.bytes, rootKey: root.key, root: root.certificate).response
        #expect(Self.refusal { try RootCeremony.check(response: answerToSecond, request: request, requestBytes: request.bytes, root: root.certificate) }
            == "This response answers another request, not request \(request.id).")
        var forged = answerToSecond
        forged.requestSha256 = SHA256.hex(request.bytes)
        forged.requestId = request.id
        #expect(Self.refusal { try RootCeremony.check(response: forged, request: request, requestBytes: request.bytes, root: root.certificate) }
            == "The centre certificate in this response is not for the key this server's request was made with.")

        // One changed character in the certificate or the CRL.
        var tampered = signed.response
        tampered.certificate = Self.flip(tampered.certificate!)
        #expect(Self.refusal { try RootCeremony.check(response: tampered, request: request, requestBytes: request.bytes, root: root.certificate) }
            == "The centre certificate in this response is not signed by the association root this server trusts.")
        tampered = signed.response
        tampered.crl = Self.flip(tampered.crl)
        #expect(Self.refusal { try RootCeremony.check(response: tampered, request: request, requestBytes: request.bytes, root: root.certificate) }
            .hasPrefix("The root CRL"))

        // Signed by another root (its operator ignoring the request's fingerprint): refused on import.
        var foreign = try RootCeremony.sign(request: request.bytes, rootKey: root.key, root: root.certificate).response
        let otherCSR = try CertificateSigningRequest(pem: request.csr!)
        foreign.certificate = try CertificateAuthority.makeSigner(request: otherCSR, root: other.certificate, rootKey: other.key).pem
        #expect(Self.refusal { try RootCeremony.check(response: foreign, request: request, requestBytes: request.bytes, root: root.certificate) }
            == "The centre certificate in this response is not signed by the association root this server trusts.")
        foreign = signed.response
        foreign.crl = try CertificateAuthority.makeCRL(root: other.certificate, rootKey: other.key, revoked: [], number: 7)
        #expect(Self.refusal { try RootCeremony.check(response: foreign, request: request, requestBytes: request.bytes, root: root.certificate) }
            == "The root CRL in this response is not signed by the association root this server trusts.")
        // A CRL that drops a revoked certificate, or has another number.
        foreign.crl = try CertificateAuthority.makeCRL(root: root.certificate, rootKey: root.key, revoked: [], number: 8)
        #expect(Self.refusal { try RootCeremony.check(response: foreign, request: request, requestBytes: request.bytes, root: root.certificate) }
            == "The root CRL in this response has number 8, not the 7 requested.")

        // The offline machine refuses a request made for another root, and a key that is not the root's.
        #expect(Self.refusal { try RootCeremony.sign(request: request.bytes, rootKey: other.key, root: other.certificate) }
            .hasPrefix("This request was made for another root"))
        #expect(Self.refusal { try RootCeremony.sign(request: request.bytes, rootKey: other.key, root: root.certificate) }
            == "The root key does not belong to the root certificate given with --root-cert.")
        #expect(Self.refusal { try RootCeremony.sign(request: Array("{}".utf8), rootKey: root.key, root: root.certificate) }
            .hasPrefix("This file is not a Hromada root request"))
    }

    @Test func aCSRWhoseSignatureDoesNotMatchItsKeyIsNotSigned() throws {
        let root = try Root.make()
        let (request, _) = try Self.request(for: root)
        var broken = request
        broken.csr = Self.flip(request.csr!, near: 0.9)
        let why = Self.refusal { try RootCeremony.sign(request: broken.bytes, rootKey: root.key, root: root.certificate) }
        #expect(why == "The certificate signing request is not signed by the key it carries."
                || why == "The request's certificate signing request (CSR) is not a PEM CSR.", "\(why)")
    }

    @Test func aCSRForAnotherOrganisationIsNotSigned() throws {
        let root = try Root.make()
        var (request, _) = try Self.request(for: root)
        let stranger = try PrivateKey.generateP256()
        request.csr = try CertificateSigningRequest(key: stranger, subject: .init(commonName: "Центр", organisation: "Інша асоціація")).pem
        #expect(Self.refusal { try RootCeremony.sign(request: request.bytes, rootKey: root.key, root: root.certificate) }
            == "The CSR names the organisation «Інша асоціація», not the root's «Асоціація».")
    }

    /// `pem` with one base64 character changed at `fraction` of the body (in the signature by default).
    static func flip(_ pem: String, near fraction: Double = 0.93) -> String {
        var lines = pem.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let body = lines.indices.filter { !lines[$0].hasPrefix("-----") && !lines[$0].isEmpty }
        let i = body[min(body.count - 1, Int(Double(body.count) * fraction))]
        var chars = Array(lines[i])
        let j = chars.count / 2
        chars[j] = chars[j] == "A" ? "B" : "A"
        lines[i] = String(chars)
        return lines.joined(separator: "\n")
    }
}
