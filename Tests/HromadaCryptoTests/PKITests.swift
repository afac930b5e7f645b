import Foundation
@testable import HromadaCrypto
import Testing

/// The chain, CMS signatures and CRLs, checked by our verifier and by stock `openssl`.
@Suite struct PKITests {
    struct Chain {
        let rootKey: PrivateKey, root: Certificate, key: PrivateKey, signer: Certificate
    }

    static func chain(signerDays: Int = 3650) throws -> Chain {
        let rootKey = try PrivateKey.generateP256()
        let root = try CertificateAuthority.makeRoot(key: rootKey, subject: .init(commonName: "Тестовий корінь", organisation: "Асоціація"))
        let key = try PrivateKey.generateP256()
        let signer = try CertificateAuthority.makeSigner(
            key: key, subject: .init(commonName: "Київський центр", organisation: "Асоціація"), root: root, rootKey: rootKey, days: signerDays)
        return Chain(rootKey: rootKey, root: root, key: key, signer: signer)
    }

    /// Runs `openssl` with `arguments`; returns its exit status and stderr.
    static func openssl(_ arguments: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = arguments
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    static func temp() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func stockOpenSSLVerifiesOurDetachedSignatureAndRefusesAChangedByte() throws {
        let c = try Self.chain()
        let document = Array(#"{"learner":{"name":"Олена Петренко"},"serial":"UA-KYV-2026-000001-xx"}"#.utf8) + [10]
        let signature = try CMSSignature.sign(document, certificate: c.signer, key: c.key)
        let crl = try CertificateAuthority.makeCRL(root: c.root, rootKey: c.rootKey, revoked: [], number: 1)
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        try Data(document).write(to: URL(fileURLWithPath: path("c.json")))
        try Data(signature).write(to: URL(fileURLWithPath: path("c.json.p7s")))
        try c.root.pem.write(toFile: path("root.pem"), atomically: true, encoding: .utf8)
        try (c.root.pem + crl).write(toFile: path("trust.pem"), atomically: true, encoding: .utf8)
        let verify = ["cms", "-verify", "-binary", "-inform", "DER", "-in", path("c.json.p7s"), "-content", path("c.json"), "-out", "/dev/null"]
        let plain = try Self.openssl(verify + ["-CAfile", path("root.pem")])
        #expect(plain.0 == 0 && plain.1.contains("Verification successful"), "\(plain.1)")
        let withCRL = try Self.openssl(verify + ["-CAfile", path("trust.pem"), "-crl_check"])
        #expect(withCRL.0 == 0 && withCRL.1.contains("Verification successful"), "\(withCRL.1)")
        let ours = CMSSignature.verify(content: document, signature: signature, roots: [c.root], crls: [crl])
        #expect(ours.verdict == .valid)
        // The signer as its embedded certificate names it.
        #expect(ours.signer == .init(commonName: c.signer.commonName, serialHex: c.signer.serialHex, notAfter: c.signer.notAfter))
        #expect(!c.signer.commonName.isEmpty && c.signer.commonName != c.root.commonName)

        var changed = document
        changed[10] ^= 1
        try Data(changed).write(to: URL(fileURLWithPath: path("c.json")))
        let tampered = try Self.openssl(verify + ["-CAfile", path("root.pem")])
        #expect(tampered.0 != 0 && !tampered.1.contains("Verification successful"))
        #expect(CMSSignature.verify(content: changed, signature: signature, roots: [c.root], crls: [crl]).verdict == .tampered)
        #expect(CMSSignature.verify(content: document, signature: Array(signature.dropLast(3)), roots: [c.root]).verdict == .tampered)
        #expect(CMSSignature.verify(content: document, signature: [1, 2, 3], roots: [c.root]).verdict == .tampered)

        // The certificate carries what the spec says.
        let text = try Self.certificateText(c.signer, in: dir)
        #expect(text.contains("CA:FALSE") && text.contains("Digital Signature, Non Repudiation"))
        #expect(text.contains("1.3.6.1.5.5.7.3.36") && text.contains("E-mail Protection"))
        let rootText = try Self.certificateText(c.root, in: dir)
        #expect(rootText.contains("CA:TRUE, pathlen:0") && rootText.contains("Certificate Sign, CRL Sign"))
    }

    static func certificateText(_ cert: Certificate, in dir: URL) throws -> String {
        let file = dir.appendingPathComponent("\(UUID().uuidString).pem")
        try cert.pem.write(to: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = ["x509", "-noout", "-text", "-in", file.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text
    }

    @Test func verdictsForForeignRootsRevokedSignersStaleListsAndExpiredChains() async throws {
        let c = try Self.chain()
        let other = try Self.chain()
        let document = Array("документ".utf8)
        let signature = try CMSSignature.sign(document, certificate: c.signer, key: c.key)
        #expect(CMSSignature.verify(content: document, signature: signature, roots: [other.root]).verdict == .unknownIssuer)

        let revoked = try CertificateAuthority.makeCRL(
            root: c.root, rootKey: c.rootKey, revoked: [.init(serialHex: c.signer.serialHex, date: Date())], number: 2)
        let v = CMSSignature.verify(content: document, signature: signature, roots: [c.root], crls: [revoked])
        #expect(v.verdict == .signerRevoked && v.signerSerial == c.signer.serialHex)

        let stale = try CertificateAuthority.makeCRL(root: c.root, rootKey: c.rootKey, revoked: [], number: 3,
                                                     now: Date().addingTimeInterval(-10 * 86400), days: 1)
        #expect(CMSSignature.verify(content: document, signature: signature, roots: [c.root], crls: [stale]).verdict == .statusUnknown)
        // A CRL signed by another root is no CRL of ours.
        let foreign = try CertificateAuthority.makeCRL(root: other.root, rootKey: other.rootKey, revoked: [], number: 1)
        #expect(CMSSignature.verify(content: document, signature: signature, roots: [c.root], crls: [foreign]).verdict == .statusUnknown)

        let short = try Self.chain(signerDays: 0)
        let issuedAt = Date().addingTimeInterval(-5)  // the signer was valid from 60 s before its creation until its creation
        let old = try CMSSignature.sign(document, certificate: short.signer, key: short.key)
        try await Task.sleep(for: .seconds(1.1))
        let expired = CMSSignature.verify(content: document, signature: old, roots: [short.root], issuedAt: issuedAt)
        #expect(expired.verdict == .expiredChain(validAtIssuance: true), "\(expired)")
        // With the current CRL, signed after the certificate (as online checks always have it): still
        // valid at issuance (found in review: the CRL, "not yet valid" then, made it false).
        let current = try CertificateAuthority.makeCRL(root: short.root, rootKey: short.rootKey, revoked: [], number: 2)
        let withCRL = CMSSignature.verify(content: document, signature: old, roots: [short.root], crls: [current], issuedAt: issuedAt)
        #expect(withCRL.verdict == .expiredChain(validAtIssuance: true), "\(withCRL)")
        // Issued before the signer's certificate was valid: not valid at issuance.
        let tooEarly = CMSSignature.verify(content: document, signature: old, roots: [short.root], crls: [current],
                                           issuedAt: Date().addingTimeInterval(-3600))
        #expect(tooEarly.verdict == .expiredChain(validAtIssuance: false), "\(tooEarly)")
    }

    @Test func keysAreEncryptedPKCS8AndNeedTheirPassphrase() throws {
        let key = try PrivateKey.generateP256()
        let pem = try key.encryptedPEM(passphrase: "довга фраза")
        #expect(pem.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        let back = try PrivateKey(pem: pem, passphrase: "довга фраза")
        let root = try CertificateAuthority.makeRoot(key: back, subject: .init(commonName: "R", organisation: "O"))
        let signature = try CMSSignature.sign([1, 2, 3], certificate: root, key: back)
        #expect(CMSSignature.verify(content: [1, 2, 3], signature: signature, roots: [root]).verdict != .tampered)
        #expect(throws: (any Error).self) { try PrivateKey(pem: pem, passphrase: "інша") }
    }
}
