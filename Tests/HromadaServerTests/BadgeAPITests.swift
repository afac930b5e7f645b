import Foundation
import HTTPTypes
import HromadaAPI
@testable import HromadaCommands
import HromadaCrypto
import HromadaDomain
import HromadaPacks
@testable import HromadaServer
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing

/// Open Badges 3.0: a certificate's badge as a VC-JWT, the centre's profile, keys and status list.
@Suite struct BadgeAPITests {
    /// A completed certificate of the Kyiv learner: the app, its serial and the signed document.
    static func issued() async throws -> (TestApp, serial: String, document: [UInt8]) {
        let (app, enrolment) = try await CertificateAPITests.world()
        try await app.person("other@example.org", roles: [.learner], centre: "KYV")
        let (serial, document) = try await app.run { client in
            let token = try await client.login("learner@example.org")
            let e = try await CertificateAPITests.complete(client, token, enrolment)
            let serial = (e["certificate"] as? [String: any Sendable])?["serial"] as? String ?? ""
            return (serial, try await client.send(.get, "/api/v1/certificates/\(serial)/document", token: token).body)
        }
        return (app, serial, document)
    }

    static func keys(_ client: Client) async throws -> [String: PublicKey] {
        let set = try await client.send(.get, "/api/v1/issuers/KYV/jwks.json").decode(OpenBadge.JWKSet.self)
        var found: [String: PublicKey] = [:]
        for k in set.keys {
            found[k.kid] = PublicKey(p256X: Base64URL.decode(k.x) ?? [], y: Base64URL.decode(k.y) ?? [])
        }
        return found
    }

    static func verifies(_ jwt: String, _ keys: [String: PublicKey]) -> Bool {
        guard let jws = CompactJWS(jwt), let kid = jws.header.kid, let key = keys[kid] else { return false }
        return jws.verifies(with: key)
    }

    /// The status list's bits, read from its signed payload.
    static func bits(_ client: Client) async throws -> (StatusBitstring, OpenBadge.StatusListCredential, String) {
        let answer = try await client.send(.get, "/api/v1/issuers/KYV/status/revocation")
        #expect(answer.status == .ok && answer.headers[.contentType] == "application/vc+jwt")
        let jwt = answer.text
        let list = try JSONDecoder().decode(OpenBadge.StatusListCredential.self, from: Data(try #require(CompactJWS(jwt)).payload))
        return (try #require(StatusBitstring(encoded: list.credentialSubject.encodedList)), list, jwt)
    }

    @Test func aBadgeIsTheCertificateAsAnOpenBadgeCredentialThatStockOpenSSLVerifies() async throws {
        let (app, serial, document) = try await Self.issued()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("badge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let answer = try await client.send(.get, "/api/v1/certificates/\(serial)/badge", token: token)
            #expect(answer.status == .ok && answer.headers[.contentType] == "application/vc+jwt", "\(answer.text)")
            let jws = try #require(CompactJWS(answer.text))
            let active = try await app.db.pool.withConnection { try CertificateAuthorityStore.activeKey($0, centre: "KYV")! }
            #expect(jws.header.alg == "ES256" && jws.header.kid == active.serialHex && jws.signature.count == 64)
            let badge = try JSONDecoder().decode(OpenBadge.Credential.self, from: Data(jws.payload))
            #expect(badge.context == ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"])
            #expect(badge.type == ["VerifiableCredential", "OpenBadgeCredential"])
            #expect(badge.id == "https://hromada.test/c/\(serial)" && badge.jti == badge.id)
            #expect(badge.issuer.id == "https://hromada.test/api/v1/issuers/KYV" && badge.iss == badge.issuer.id && badge.issuer.type == ["Profile"])
            let fields = try JSONDecoder().decode(JSONValue.self, from: Data(document))
            guard case .object(let d) = fields, case .string(let issuedAt)? = d["issued_at"] else { Issue.record("no issued_at"); return }
            #expect(badge.validFrom == issuedAt && badge.nbf == Int(APIDate.parse(issuedAt)!.timeIntervalSince1970))
            let subject = badge.credentialSubject
            #expect(subject.type == ["AchievementSubject"] && subject.name == "Тестова Особа")
            let identity = try #require(subject.identifier.first)
            #expect(identity.type == "IdentityObject" && identity.identityType == "emailAddress" && identity.hashed)
            #expect(identity.identityHash == "sha256$" + SHA256.hex("learner@example.org" + (identity.salt ?? "")))
            #expect(!answer.text.contains("learner@example.org"))
            let achievement = subject.achievement
            #expect(achievement.type == ["Achievement"] && achievement.achievementType == "Certificate" && !achievement.name.isEmpty)
            #expect(!achievement.criteria.narrative.isEmpty && achievement.inLanguage == "uk" && achievement.creditsAvailable == subject.creditsEarned)
            #expect(badge.credentialStatus.type == "BitstringStatusListEntry" && badge.credentialStatus.statusPurpose == "revocation")
            #expect(badge.credentialStatus.statusListCredential == "https://hromada.test/api/v1/issuers/KYV/status/revocation")
            // The badge renders the issued certificate: asked again, the same credential (a fresh ECDSA signature).
            let again = try await client.send(.get, "/api/v1/certificates/\(serial)/badge", token: token)
            #expect(try #require(CompactJWS(again.text)).payload == jws.payload)

            // Verified with the JWKS, and by stock OpenSSL with the key of the certificate in `x5c`.
            let keys = try await Self.keys(client)
            #expect(Self.verifies(answer.text, keys))
            let set = try await client.send(.get, "/api/v1/issuers/KYV/jwks.json").decode(OpenBadge.JWKSet.self)
            let x5c = try #require(set.keys.first { $0.kid == active.serialHex }?.x5c.first)
            try Data(base64Encoded: x5c)!.write(to: dir.appendingPathComponent("signer.der"))
            try Data(jws.signingInput).write(to: dir.appendingPathComponent("input"))
            try Data(try ES256.der(raw: jws.signature)).write(to: dir.appendingPathComponent("sig.der"))
            let pub = try CertificateAPITests.openssl(["x509", "-inform", "DER", "-in", dir.appendingPathComponent("signer.der").path,
                                                       "-pubkey", "-noout", "-out", dir.appendingPathComponent("pub.pem").path])
            #expect(pub.0 == 0, "\(pub.1)")
            let dgst = { try CertificateAPITests.openssl(["dgst", "-sha256", "-verify", dir.appendingPathComponent("pub.pem").path,
                                                          "-signature", dir.appendingPathComponent("sig.der").path,
                                                          dir.appendingPathComponent("input").path]) }
            #expect(try dgst().0 == 0)
            // One byte changed in the payload: neither check holds.
            var changed = Array(answer.text.utf8)
            let at = changed.firstIndex(of: UInt8(ascii: "."))! + 20
            changed[at] = changed[at] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let tampered = String(decoding: changed, as: UTF8.self)
            #expect(!Self.verifies(tampered, keys))
            try Data(try #require(CompactJWS(tampered)).signingInput).write(to: dir.appendingPathComponent("input"))
            #expect(try dgst().0 != 0)

            // The issuer profile the badge names is there, with the same id.
            let profile = try await client.send(.get, "/api/v1/issuers/KYV")
            #expect(profile.status == .ok && profile.headers[.contentType] == "application/ld+json")
            #expect(try profile.decode(OpenBadge.Profile.self).id == badge.issuer.id)
            #expect(try await client.send(.get, "/api/v1/issuers/XXX").status == .notFound)
            #expect(try await client.send(.get, "/api/v1/issuers/XXX/jwks.json").status == .notFound)
        }
    }

    @Test func onlyTheLearnerOrWhoeverHasTheLinkGetsTheBadge() async throws {
        let (app, serial, document) = try await Self.issued()
        try await app.run { client in
            let path = "/api/v1/certificates/\(serial)/badge"
            let other = try await client.login("other@example.org")
            let refused = try await client.send(.get, path, token: other)
            #expect(refused.status == .notFound && refused.isProblem)
            #expect(try await client.send(.get, path).status == .notFound)
            #expect(try await client.send(.get, path + "?d=AAAAAAAAAAAAAAAAAAAAAA").status == .notFound)
            let linked = try await client.send(.get, path + "?d=\(CertificateVerifier.digestPrefix(document))")
            #expect(linked.status == .ok && CompactJWS(linked.text) != nil, "\(linked.text)")
            let admin = try await client.login("kyiv-admin@example.org")
            #expect(try await client.send(.get, path, token: admin).status == .ok)
            let wrong = try await client.send(.get, "/api/v1/certificates/UA-KYV-2026-000001-00/badge")
            #expect(wrong.status == .unprocessableContent && wrong.code == "invalid_serial")
        }
    }

    @Test func revokingFlipsExactlyTheCertificatesBitInTheSignedList() async throws {
        let (app, serial, _) = try await Self.issued()
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let badge = try await client.send(.get, "/api/v1/certificates/\(serial)/badge", token: token).text
            let entry = try JSONDecoder().decode(OpenBadge.Credential.self, from: Data(try #require(CompactJWS(badge)).payload)).credentialStatus
            let index = try #require(Int(entry.statusListIndex))
            let (before, list, jwt) = try await Self.bits(client)
            let keys = try await Self.keys(client)
            #expect(Self.verifies(jwt, keys))
            #expect(before.count >= 131_072 && before.setIndices.isEmpty)
            #expect(list.type == ["VerifiableCredential", "BitstringStatusListCredential"] && list.id == entry.statusListCredential)
            #expect(list.credentialSubject.type == "BitstringStatusList" && list.credentialSubject.statusPurpose == "revocation")
            #expect(list.credentialSubject.encodedList.hasPrefix("u") && list.issuer == "https://hromada.test/api/v1/issuers/KYV")
            // The encoded list is a GZIP stream that stock gzip reads: 16 KiB of zeros.
            let gz = try #require(Base64URL.decode(String(list.credentialSubject.encodedList.dropFirst())))
            #expect(try Gzip.decompress(gz, limit: 1 << 20) == before.bytes && gz.count < 1024)

            let admin = try await client.login("kyiv-admin@example.org")
            let revoked = try await client.send(.post, "/api/v1/certificates/\(serial)/revoke", token: admin, json: #"{"reason_code": "withdrawn"}"#)
            #expect(revoked.status == .ok, "\(revoked.text)")
            let (after, _, signed) = try await Self.bits(client)
            #expect(signed != jwt && Self.verifies(signed, keys))
            #expect(after.setIndices == [index] && after.count == before.count)
            var differing = 0
            for (a, b) in zip(before.bytes, after.bytes) { differing += (a ^ b).nonzeroBitCount }
            #expect(differing == 1)
            // The revoked certificate's badge is still served (it shows revoked through the list).
            #expect(try await client.send(.get, "/api/v1/certificates/\(serial)/badge", token: token).status == .ok)
        }
    }

    @Test func aBadgeSignedBeforeAKeyRotationStillVerifiesWithTheJWKS() async throws {
        let (app, serial, _) = try await Self.issued()
        let keys = app.services.keys, association = app.services.configuration.association
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let old = try await client.send(.get, "/api/v1/certificates/\(serial)/badge", token: token).text
            let oldKid = try #require(CompactJWS(old)?.header.kid)
            #expect(CompactJWS(try await Self.bits(client).2)?.header.kid == oldKid)
            _ = try await app.db.pool.transaction {
                try CertificateAuthorityStore.addCentre($0, ring: keys, centre: "KYV", association: association, rotate: true)
            }
            let fresh = try await client.send(.get, "/api/v1/certificates/\(serial)/badge", token: token).text
            let jwks = try await Self.keys(client)
            #expect(jwks.count == 2 && CompactJWS(fresh)?.header.kid != oldKid)
            #expect(Self.verifies(old, jwks) && Self.verifies(fresh, jwks))
            // A key the root revoked stays listed, marked.
            try await app.db.pool.transaction {
                try CertificateAuthorityStore.revokeCentreKey($0, ring: keys, centre: "KYV", serialHex: oldKid, reason: "key compromise")
            }
            // A centre whose only key is revoked serves no list (not one under the revoked key), and no new badge.
            let lviv = try await app.db.pool.withConnection { try CertificateAuthorityStore.activeKey($0, centre: "LVV")! }
            #expect(try await client.send(.get, "/api/v1/issuers/LVV/status/revocation").status == .ok)
            try await app.db.pool.transaction {
                try CertificateAuthorityStore.revokeCentreKey($0, ring: keys, centre: "LVV", serialHex: lviv.serialHex, reason: "key compromise")
            }
            #expect(try await client.send(.get, "/api/v1/issuers/LVV/status/revocation").status == .notFound)
            let set = try await client.send(.get, "/api/v1/issuers/KYV/jwks.json").decode(OpenBadge.JWKSet.self)
            let marked = set.keys.first { $0.kid == oldKid }
            #expect(marked?.revoked == true && marked?.revokedAt != nil && set.keys.count == 2)
            // The status list is signed again by the key now active, not left under the revoked one.
            let (_, _, list) = try await Self.bits(client)
            #expect(CompactJWS(list)?.header.kid == CompactJWS(fresh)?.header.kid && Self.verifies(list, jwks))
        }
    }

    /// `hromada verify BADGE.jwt --jwks … --status …`'s check, offline, on what the server serves.
    @Test func theTerminalsOfflineCheckAgreesWithTheServer() async throws {
        let (app, serial, _) = try await Self.issued()
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            let badge = try await client.send(.get, "/api/v1/certificates/\(serial)/badge", token: token).text
            let jwks = try await client.send(.get, "/api/v1/issuers/KYV/jwks.json").body
            let list = try await client.send(.get, "/api/v1/issuers/KYV/status/revocation").text
            let valid = BadgeVerifier.verify(jwt: badge, jwks: jwks, statusList: list)
            #expect(valid.verdict == .valid && valid.credential?.credentialSubject.name == "Тестова Особа")
            #expect(BadgeVerifier.facts(valid.credential).serial == serial)
            #expect(BadgeVerifier.verify(jwt: badge, jwks: jwks, statusList: nil).verdict == .statusUnknown)
            #expect(BadgeVerifier.verify(jwt: badge, jwks: nil, statusList: list).verdict == .unknownIssuer)
            #expect(BadgeVerifier.verify(jwt: badge, jwks: Array(#"{"keys": []}"#.utf8), statusList: list).verdict == .unknownIssuer)
            var bytes = Array(badge.utf8)
            let at = bytes.firstIndex(of: UInt8(ascii: "."))! + 30
            bytes[at] = bytes[at] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            #expect(BadgeVerifier.verify(jwt: String(decoding: bytes, as: UTF8.self), jwks: jwks, statusList: list).verdict == .tampered)
            // A list past its validUntil is not believed.
            #expect(BadgeVerifier.verify(jwt: badge, jwks: jwks, statusList: list, now: Date().addingTimeInterval(8 * 86400)).verdict
                    == .statusUnknown)
            let admin = try await client.login("kyiv-admin@example.org")
            _ = try await client.send(.post, "/api/v1/certificates/\(serial)/revoke", token: admin, json: #"{"reason_code": "fraud"}"#)
            let fresh = try await client.send(.get, "/api/v1/issuers/KYV/status/revocation").text
            #expect(BadgeVerifier.verify(jwt: badge, jwks: jwks, statusList: fresh).verdict == .revoked)
            // The old list (before the revocation) still says valid until it lapses: lists are short-lived for that.
            #expect(BadgeVerifier.verify(jwt: badge, jwks: jwks, statusList: list).verdict == .valid)
        }
    }

    /// A certificate signed before badges existed (no bit yet) gets one at its first badge, and keeps it.
    @Test func aCertificateWithoutABitGetsOneOnceAtItsFirstBadge() async throws {
        let (app, serial, _) = try await Self.issued()
        try await app.db.pool.withConnection { _ = try $0.execute("UPDATE certificates SET status_index = NULL WHERE serial = \(serial)") }
        try await app.run { client in
            let token = try await client.login("learner@example.org")
            func index() async throws -> String {
                let jwt = try await client.send(.get, "/api/v1/certificates/\(serial)/badge", token: token).text
                return try JSONDecoder().decode(OpenBadge.Credential.self, from: Data(try #require(CompactJWS(jwt)).payload))
                    .credentialStatus.statusListIndex
            }
            let first = try await index()
            #expect(Int(first) != nil)
            #expect(try await index() == first)
            let stored = try await app.db.pool.withConnection {
                try $0.execute("SELECT status_index FROM certificates WHERE serial = \(serial)")[0].decode(Int?.self, "status_index")
            }
            #expect(stored.map(String.init) == first)
        }
    }

    @Test func theStatusBitstringIsGzipOfTheBitsFromTheLeft() throws {
        var bits = StatusBitstring()
        #expect(bits.count == 131_072 && StatusBitstring(length: 131_073).count == 262_144)
        bits[0] = true
        bits[9] = true
        #expect(bits.bytes[0] == 0x80 && bits.bytes[1] == 0x40 && bits.setIndices == [0, 9])
        let encoded = try bits.encoded()
        #expect(StatusBitstring(encoded: encoded) == bits)
        #expect(StatusBitstring(encoded: "u" + Base64URL.encode([1, 2, 3])) == nil)
        // A gzip bomb is refused past the limit.
        let big = try Gzip.compress([UInt8](repeating: 0, count: 1 << 20))
        #expect((try? Gzip.decompress(big, limit: 1 << 16)) == nil)
    }
}
