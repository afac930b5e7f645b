import Foundation
import HromadaCrypto
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaTestSupport
import Testing
import HTTPTypes
import HromadaPostgres

/// The root key kept offline: the server (its key folder holding centre keys only) writes requests,
/// a folder standing for the offline machine answers them with `RootCeremony.sign`, and the server
/// imports the answers. Against the real PostgreSQL.
@Suite struct OfflineRootTests {
    /// The offline machine: a folder with the root key, and the root's certificate.
    struct Offline {
        let folder: URL, key: PrivateKey, root: Certificate, firstCRL: String

        static func make() throws -> Offline {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("offline-root-\(UUID().uuidString)")
            let ring = KeyRing(directory: folder.path, passphrase: "offline-passphrase-1")
            let key = try PrivateKey.generateP256()
            let root = try CertificateAuthority.makeRoot(key: key, subject: .init(commonName: "Асоціація — корінь", organisation: "Асоціація міст України"))
            try ring.store(key, file: "root-key.pem")
            let crl = try CertificateAuthority.makeCRL(root: root, rootKey: key, revoked: [], number: 1)
            return Offline(folder: folder, key: key, root: root, firstCRL: crl)
        }

        /// `ca sign` on the offline machine.
        func sign(_ request: [UInt8], crlDays: Int = 90) throws -> [UInt8] {
            try RootCeremony.sign(request: request, rootKey: key, root: root, crlDays: crlDays).bytes
        }
    }

    static func install(_ offline: Offline, on app: TestApp) async throws {
        let pem = offline.root.pem, crl = offline.firstCRL
        _ = try await app.db.pool.transaction { try CertificateAuthorityStore.installRoot($0, certificatePEM: pem, crlPEM: crl) }
    }

    static func request(_ app: TestApp, _ action: RootRequest.Action, _ centre: String? = nil) async throws -> [UInt8] {
        let keys = app.services.keys, association = app.services.configuration.association
        return try await app.db.pool.transaction {
            try CertificateAuthorityStore.makeRequest($0, ring: keys, action: action, centre: centre, association: association)
        }.bytes
    }

    @discardableResult
    static func importing(_ response: [UInt8], into app: TestApp) async throws -> CertificateAuthorityStore.Imported {
        let keys = app.services.keys
        return try await app.db.pool.transaction { try CertificateAuthorityStore.importResponse($0, ring: keys, response: response) }
    }

    /// The sentence an import is refused with ("" when it is not).
    static func refusal(_ response: [UInt8], into app: TestApp) async -> String {
        do { try await importing(response, into: app); return "" } catch { return "\(error)" }
    }

    /// One whole ceremony: request, sign offline, import.
    @discardableResult
    static func ceremony(_ app: TestApp, _ offline: Offline, _ action: RootRequest.Action, _ centre: String? = nil, crlDays: Int = 90)
        async throws -> CertificateAuthorityStore.Imported {
        try await importing(try offline.sign(try await request(app, action, centre), crlDays: crlDays), into: app)
    }

    static func keyFiles(_ app: TestApp) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: app.services.configuration.keysDirectory)) ?? []).sorted()
    }

    @Test func aServerWithoutTheRootKeySignsCertificatesThatStockOpenSSLVerifies() async throws {
        let (app, enrolment) = try await CertificateAPITests.world(chain: false)
        let offline = try Offline.make()
        defer { try? FileManager.default.removeItem(at: offline.folder) }
        try await Self.install(offline, on: app)
        let imported = try await Self.ceremony(app, offline, .addCentre, "KYV")
        #expect(imported.key?.centre == "KYV" && imported.crlNumber == 2)
        let keys = app.services.keys
        try await app.db.pool.transaction { try CertificateStore.publishRevocationList($0, ring: keys, centre: "KYV") }
        // The server's folder holds the centre key only; the request and response never held it.
        let files = Self.keyFiles(app)
        #expect(files.count == 1 && files[0].hasPrefix("kyv-request-"), "\(files)")
        #expect(try await app.db.pool.withConnection { try CertificateAuthorityStore.rootKeyIsHere($0, ring: keys) } == false)

        // Without the root key the issuer's pass renews nothing and fails nothing; asking for the
        // root's work here gets a sentence saying how it is done instead.
        #expect(try await app.db.pool.transaction(.readCommitted) {
            try CertificateAuthorityStore.renewCRLIfDue($0, ring: keys, margin: 365 * 86400)
        } == false)
        _ = try await CertificateIssuer(services: app.services).pass()
        let online: String
        do {
            let association = app.services.configuration.association
            _ = try await app.db.pool.transaction { try CertificateAuthorityStore.addCentre($0, ring: keys, centre: "LVV", association: association) }
            online = ""
        } catch { online = "\(error)" }
        #expect(online.hasPrefix("The root key is not on this server (it is kept offline)"), "\(online)")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("offline-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let e = try await CertificateAPITests.complete(client, token, enrolment)
            let serial = (e["certificate"] as? [String: any Sendable])?["serial"] as? String ?? ""
            #expect((e["certificate"] as? [String: any Sendable])?["status"] as? String == "issued", "\(e)")
            let document = try await client.send(.get, "/api/v1/certificates/\(serial)/document", token: token).body
            let signature = try await client.send(.get, "/api/v1/certificates/\(serial)/signature", token: token).body
            let root = try await client.send(.get, "/api/v1/trust/root.pem").text
            let crl = try await client.send(.get, "/api/v1/trust/root-crl.pem").text
            try Data(document).write(to: dir.appendingPathComponent("c.json"))
            try Data(signature).write(to: dir.appendingPathComponent("c.json.p7s"))
            try root.write(to: dir.appendingPathComponent("root.pem"), atomically: true, encoding: .utf8)
            try (root + crl).write(to: dir.appendingPathComponent("trust.pem"), atomically: true, encoding: .utf8)
            let plain = try CertificateAPITests.cmsVerify(in: dir, document: "c.json", signature: "c.json.p7s", trust: "root.pem")
            #expect(plain.0 == 0 && plain.1.contains("Verification successful"), "\(plain.1)")
            let checked = try CertificateAPITests.cmsVerify(in: dir, document: "c.json", signature: "c.json.p7s", trust: "trust.pem", crlCheck: true)
            #expect(checked.0 == 0 && checked.1.contains("Verification successful"), "\(checked.1)")
            let verdict = try await client.send(.get, "/api/v1/certificates/\(serial)").json["verification"] as? [String: any Sendable]
            #expect(verdict?["verdict"] as? String == "valid", "\(String(describing: verdict))")
        }
    }

    @Test func answersToOtherRequestsRepeatsTamperedOnesAndAnotherRootsAreRefused() async throws {
        let app = try await TestApp.make(), elsewhere = try await TestApp.make()
        let offline = try Offline.make()
        defer { try? FileManager.default.removeItem(at: offline.folder) }
        try await Self.install(offline, on: app)
        try await Self.install(offline, on: elsewhere)

        let answer = try offline.sign(try await Self.request(app, .addCentre, "KYV"))
        // Another server's request, signed by the same root: not one this server made.
        let foreignAnswer = try offline.sign(try await Self.request(elsewhere, .addCentre, "KYV"))
        #expect(await Self.refusal(foreignAnswer, into: app) == "This response answers a request this server did not make.")
        // One character changed in the certificate.
        var response = try RootResponse.read(answer)
        response.certificate = RootCeremonyFlip.flip(response.certificate!)
        #expect(await Self.refusal(response.bytes, into: app)
            == "The centre certificate in this response is not signed by the association root this server trusts.")
        // Signed by another root whose operator ignored the request's fingerprint.
        let other = try Offline.make()
        defer { try? FileManager.default.removeItem(at: other.folder) }
        response = try RootResponse.read(answer)
        response.crl = try CertificateAuthority.makeCRL(root: other.root, rootKey: other.key, revoked: [], number: 2)
        #expect(await Self.refusal(response.bytes, into: app)
            == "The root CRL in this response is not signed by the association root this server trusts.")
        #expect(try await app.db.pool.withConnection { try CertificateAuthorityStore.activeKey($0, centre: "KYV") } == nil)

        // The genuine answer is installed once.
        try await Self.importing(answer, into: app)
        #expect(await Self.refusal(answer, into: app) == "This response has been imported already.")

        // A centre key revoked after a request was made: that request's CRL would miss it.
        let crlRequest = try await Self.request(app, .crl)
        let kyv = try #require(try await app.db.pool.withConnection { try CertificateAuthorityStore.activeKey($0, centre: "KYV") })
        let keys = app.services.keys
        let resigned = try await app.db.pool.transaction {
            try CertificateAuthorityStore.revokeCentreKey($0, ring: keys, centre: "KYV", serialHex: kyv.serialHex, reason: "key compromise")
        }
        #expect(resigned == false)
        #expect(await Self.refusal(try offline.sign(crlRequest), into: app)
            == "Centre certificates were revoked after this request was made, so its CRL misses them; make a new request.")
        // A rotate request carries the revocation to the root; the centre signs with its new key.
        let rotated = try await Self.ceremony(app, offline, .rotate, "KYV")
        #expect(rotated.key != nil && rotated.key?.serialHex != kyv.serialHex)
        let crl = try #require(try await app.db.pool.withConnection { try CertificateAuthorityStore.crl($0) })
        #expect(try RevocationListInfo(pem: crl, root: offline.root).revokedSerials == [kyv.serialHex.uppercased()])
    }

    @Test func readyzWarnsWhenTheRootCRLIsWithinAWeekOfItsNextUpdate() async throws {
        let app = try await TestApp.make()
        let offline = try Offline.make()
        defer { try? FileManager.default.removeItem(at: offline.folder) }
        try await Self.install(offline, on: app)
        func readiness() async throws -> (Int, [[String: any Sendable]]) {
            try await app.run { client in
                let r = try await client.send(.get, "/readyz")
                #expect(r.json["status"] as? String == "ready")
                return (Int(r.status.code), r.json["warnings"] as? [[String: any Sendable]] ?? [["missing": true]])
            }
        }
        var (status, warnings) = try await readiness()
        #expect(status == 200 && warnings.isEmpty, "\(warnings)")
        try await Self.ceremony(app, offline, .crl, crlDays: 8)
        (status, warnings) = try await readiness()
        #expect(status == 200 && warnings.isEmpty, "\(warnings)")
        let imported = try await Self.ceremony(app, offline, .crl, crlDays: 3)
        (status, warnings) = try await readiness()
        #expect(status == 200 && warnings.count == 1)
        #expect(warnings.first?["code"] as? String == "root_crl_due")
        #expect(warnings.first?["next_update"] as? String == Timestamp.format(imported.crlNextUpdate))
        let message = warnings.first?["message"] as? [String: any Sendable]
        #expect((message?["en"] as? String)?.contains("ca request crl") == true && message?["uk"] is String)

        // Past nextUpdate the warning changes; a window of 0 days (HROMADA_ROOT_CRL_WARN_DAYS=0) says
        // nothing until then.
        let past = RootCRLWatch.warnings(nextUpdate: Date().addingTimeInterval(-60), window: 7 * 86400)
        #expect(past.map(\.code) == [.rootCRLExpired] && past[0].message.en.hasPrefix("The root CRL has expired"))
        #expect(RootCRLWatch.warnings(nextUpdate: Date().addingTimeInterval(3600), window: 0).isEmpty)
        #expect(try ServerConfiguration.fromEnvironment(["HROMADA_ROOT_CRL_WARN_DAYS": "14"]).rootCRLWarning == 14 * 86400)
    }
}

/// One base64 character of a PEM changed, in its signature.
enum RootCeremonyFlip {
    static func flip(_ pem: String) -> String {
        var lines = pem.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let body = lines.indices.filter { !lines[$0].hasPrefix("-----") && !lines[$0].isEmpty }
        let i = body[min(body.count - 1, Int(Double(body.count) * 0.93))]
        var chars = Array(lines[i])
        let j = chars.count / 2
        chars[j] = chars[j] == "A" ? "B" : "A"
        lines[i] = String(chars)
        return lines.joined(separator: "\n")
    }
}
