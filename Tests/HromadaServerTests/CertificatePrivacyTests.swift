import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing

/// Issue 21, certificate privacy: revocation reasons are public codes with a private note, the view
/// by serial alone reveals no learner, course or date, and the public verification routes are rate
/// limited per client address.
@Suite struct CertificatePrivacyTests {
    /// An e-mail address of the kind a free-text reason once published.
    static let secret = "whistle.blower@example.org"

    /// A learner of KYV with an issued certificate; returns its serial and its document's `d`.
    static func issued(_ app: TestApp, _ client: Client, enrolment: String) async throws -> (serial: String, d: String, document: [UInt8]) {
        let token = try await client.login("learner@example.org")
        let e = try await CertificateAPITests.complete(client, token, enrolment)
        let serial = (e["certificate"] as? [String: any Sendable])?["serial"] as? String ?? ""
        let document = try await client.send(.get, "/api/v1/certificates/\(serial)/document", token: token).body
        return (serial, CertificateVerifier.digestPrefix(document), document)
    }

    @Test func aFreeTextReasonIsRefusedAndTheCodeIsStored() async throws {
        let (app, enrolment) = try await CertificateAPITests.world()
        try await app.run { client in
            let (serial, _, _) = try await Self.issued(app, client, enrolment: enrolment)
            let kyiv = try await client.login("kyiv-admin@example.org")
            func revoke(_ body: String) async throws -> Client.Answer {
                try await client.send(.post, "/api/v1/certificates/\(serial)/revoke", token: kyiv, json: body)
            }
            func fields(_ a: Client.Answer) -> [String] {
                ((a.json["errors"] as? [[String: any Sendable]]) ?? []).compactMap { $0["field"] as? String }.sorted()
            }
            let free = try await revoke(#"{"reason": "Скарга від \#(Self.secret)"}"#)
            #expect(free.status == .unprocessableContent && free.isProblem && fields(free) == ["reason", "reason_code"], "\(free.text)")
            let missing = try await revoke(#"{"note": "без коду"}"#)
            #expect(missing.status == .unprocessableContent && fields(missing) == ["reason_code"], "\(missing.text)")
            let unknown = try await revoke(#"{"reason_code": "key_compromise"}"#)
            #expect(unknown.status == .unprocessableContent && fields(unknown) == ["reason_code"], "\(unknown.text)")
            let long = try await revoke(jsonString(["reason_code": "fraud", "note": String(repeating: "я", count: RevocationReason.noteLimit + 1)]))
            #expect(long.status == .unprocessableContent && fields(long) == ["note"], "\(long.text)")
            #expect(try await app.db.pool.withConnection {
                try $0.execute("SELECT status FROM certificates WHERE serial = \(serial)")[0].decode(String.self, "status")
            } == "issued")

            let done = try await revoke(jsonString(["reason_code": "fraud", "note": "Іспит складала інша особа; повідомив \(Self.secret)"]))
            #expect(done.status == .ok, "\(done.text)")
            let row = try await app.db.pool.withConnection {
                try $0.execute("SELECT revocation_code, revocation_note FROM certificates WHERE serial = \(serial)")[0]
            }
            #expect(try row.decode(String.self, "revocation_code") == "fraud")
            #expect(try row.decode(String.self, "revocation_note") == "Іспит складала інша особа; повідомив \(Self.secret)")
        }
    }

    @Test func aRevocationsNoteStaysWithTheCentre() async throws {
        let (app, enrolment) = try await CertificateAPITests.world()
        try await app.person("admin@example.org", roles: [.admin], centre: "KYV")
        let note = "Скаргу надіслав \(Self.secret)"
        try await app.run { client in
            let (serial, d, document) = try await Self.issued(app, client, enrolment: enrolment)
            let kyiv = try await client.login("kyiv-admin@example.org")
            let revoked = try await client.send(.post, "/api/v1/certificates/\(serial)/revoke", token: kyiv,
                                                json: jsonString(["reason_code": "withdrawn", "note": note]))
            #expect(revoked.status == .ok && revoked.json["revocation_note"] as? String == note, "\(revoked.text)")

            // Everything public, with and without the digest, signed in as the learner or not at all.
            let learner = try await client.login("learner@example.org")
            let signature = try await client.send(.get, "/api/v1/certificates/\(serial)/signature", token: learner).body
            _ = try await CertificateIssuer(services: app.services).pass()
            var seen: [String: Client.Answer] = [:]
            for (name, uri, token) in [("view", "/api/v1/certificates/\(serial)", nil), ("view+d", "/api/v1/certificates/\(serial)?d=\(d)", nil),
                                       ("view as learner", "/api/v1/certificates/\(serial)?d=\(d)", learner),
                                       ("page", "/c/\(serial)", nil), ("page+d", "/c/\(serial)?d=\(d)", nil),
                                       ("revoked.json", "/api/v1/trust/centres/KYV/revoked.json", nil),
                                       ("my list", "/api/v1/me/certificates", learner)] as [(String, String, String?)] {
                seen[name] = try await client.send(.get, uri, token: token)
            }
            seen["verify"] = try await client.send(.post, "/api/v1/certificates/verify", json: jsonString([
                "document": Data(document).base64EncodedString(), "signature": Data(signature).base64EncodedString()]))
            for (name, answer) in seen {
                #expect(answer.status == .ok, "\(name): \(answer.status)")
                #expect(!answer.text.contains(Self.secret) && !answer.text.contains("Скаргу"), "\(name) shows the note: \(answer.text)")
            }
            #expect(seen["page"]?.text.contains("withdrawn") == true && seen["page+d"]?.text.contains("відкликано центром") == true)
            #expect(((seen["revoked.json"]?.json["revoked"] as? [[String: any Sendable]])?.first?["reason_code"]) as? String == "withdrawn")
            #expect(((seen["verify"]?.json["revocation"] as? [String: any Sendable])?["reason_code"]) as? String == "withdrawn")
            let stored = try await app.db.pool.withConnection {
                String(decoding: try $0.execute("SELECT document FROM revocation_lists WHERE centre = 'KYV'")[0].decode(Bytes.self, "document").bytes, as: UTF8.self)
            }
            #expect(!stored.contains(Self.secret) && stored.contains(#""reason_code":"withdrawn""#), "\(stored)")

            // The issuing centre's administrators and the association admin see it; another centre's does not.
            let admin = try await client.login("admin@example.org"), lviv = try await client.login("lviv-admin@example.org")
            #expect(try await client.send(.get, "/api/v1/certificates/\(serial)", token: kyiv).json["revocation_note"] as? String == note)
            #expect(try await client.send(.get, "/api/v1/certificates/\(serial)", token: admin).json["revocation_note"] as? String == note)
            #expect(try await client.send(.get, "/api/v1/certificates/\(serial)", token: lviv).text.contains(Self.secret) == false)
        }
        let audit = try await app.db.pool.withConnection {
            try $0.execute("SELECT details->>'note' AS n FROM audit_log WHERE action = 'certificate.revoke'").map { try $0.decode(String.self, "n") }
        }
        #expect(audit == [note])
    }

    /// Serials are sequential with public check digits: anyone can walk them. The view without the
    /// document's digest says only that a serial exists, its status and its centre.
    @Test func walkingSerialsRevealsNoCourseDateOrName() async throws {
        let (app, enrolment) = try await CertificateAPITests.world()
        try await app.run { client in
            let (serial, _, document) = try await Self.issued(app, client, enrolment: enrolment)
            let fields = try JSONDecoder().decode(JSONValue.self, from: Data(document))
            guard case .object(let d) = fields, case .string(let completed)? = d["completed_on"], case .string(let issuedAt)? = d["issued_at"],
                  case .object(let course)? = d["course"], case .string(let title)? = course["title"], case .string(let slug)? = course["slug"]
            else { Issue.record("unexpected document"); return }
            let year = Int(serial.split(separator: "-")[2])!
            let leaks = ["Тестова Особа", "Т. О.", "Т.", title, slug, completed, String(issuedAt.prefix(10)), "learner", "course", "completed_on", "hours"]
            var found = 0
            for sequence in 1...25 {
                let walked = CertificateSerial.make(centre: "KYV", year: year, sequence: sequence)
                let view = try await client.send(.get, "/api/v1/certificates/\(walked)")
                let page = try await client.send(.get, "/c/\(walked)")
                #expect(view.status == page.status)
                guard view.status == .ok else { #expect(view.status == .notFound); continue }
                found += 1
                #expect(Set(view.json.keys) == ["serial", "status", "centre", "verification", "digest_matched"], "\(view.text)")
                #expect(view.json["status"] as? String == "valid" && (view.json["centre"] as? [String: any Sendable])?["code"] as? String == "KYV")
                for leak in leaks {
                    #expect(!view.text.contains(leak), "the view of \(walked) shows \(leak): \(view.text)")
                    #expect(!page.text.contains(leak), "the page of \(walked) shows \(leak)")
                }
            }
            #expect(found == 1)
        }
    }

    @Test func thePublicRoutesAnswer429PastTheRateAndTheWindowResets() async throws {
        let (app, enrolment) = try await CertificateAPITests.world()
        // The same database and keys, a server configured with a limit of 6 a minute.
        var config = app.services.configuration
        config.verifyRate = VerificationRate(limit: 6, window: 60)
        let services = AppServices(configuration: config, pool: app.db.pool, passwords: app.services.passwords,
                                   migrator: app.db.migrator, logger: TestDatabase.logger)
        let strict = TestApp(db: app.db, services: services)
        let (serial, d, document) = try await app.run { try await Self.issued(app, $0, enrolment: enrolment) }
        let signature = try await app.db.pool.withConnection {
            try $0.execute("SELECT signature FROM certificates WHERE serial = \(serial)")[0].decode(Bytes.self, "signature").bytes
        }
        try await app.db.pool.withConnection { try $0.execute("DELETE FROM verification_hits") }
        // Windows are fixed minutes (date_bin): seven requests that straddled a minute's end were counted in
        // two windows and the seventh was let through (a loaded make test). Start them with 15 s to spare.
        let left = try await app.db.pool.withConnection {
            try $0.execute("SELECT (60 - extract(epoch FROM clock_timestamp())::numeric % 60)::float8 AS left")[0].decode(Double.self, "left")
        }
        if left < 15 { try await Task.sleep(for: .seconds(left + 0.2)) }
        try await strict.run { client in
            let verify = jsonString(["document": Data(document).base64EncodedString(), "signature": Data(signature).base64EncodedString()])
            var statuses: [Int] = []
            statuses.append(Int(try await client.send(.get, "/api/v1/certificates/\(serial)").status.code))
            statuses.append(Int(try await client.send(.get, "/api/v1/certificates/\(serial)?d=\(d)").status.code))
            statuses.append(Int(try await client.send(.get, "/c/\(serial)").status.code))
            statuses.append(Int(try await client.send(.post, "/api/v1/certificates/verify", json: verify).status.code))
            statuses.append(Int(try await client.send(.get, "/api/v1/trust/centres/KYV/revoked.json").status.code))
            statuses.append(Int(try await client.send(.get, "/api/v1/trust/centres/KYV/revoked.json.p7s").status.code))
            #expect(statuses == [200, 200, 200, 200, 200, 200])

            let over = try await client.send(.get, "/api/v1/certificates/\(serial)")
            #expect(over.status == .tooManyRequests && over.code == "too_many_requests", "\(over.text)")
            let retry = over.headers[.retryAfter].flatMap { Int($0) } ?? 0
            #expect((1...60).contains(retry), "Retry-After \(retry)")
            #expect(try await client.send(.post, "/api/v1/certificates/verify", json: verify).status == .tooManyRequests)
            #expect(try await client.send(.get, "/api/v1/trust/centres/KYV/revoked.json").status == .tooManyRequests)
            let page = try await client.send(.get, "/c/\(serial)")
            #expect(page.status == .tooManyRequests && page.headers[.contentType] == "text/html; charset=utf-8" && page.headers[.retryAfter] != nil)
            // Signed-in routes and the trust anchors are not counted.
            #expect(try await client.send(.get, "/api/v1/trust/root.pem").status == .ok)

            // The next window starts afresh.
            try await app.db.pool.withConnection { try $0.execute("UPDATE verification_hits SET window_start = window_start - interval '1 minute'") }
            #expect(try await client.send(.get, "/api/v1/certificates/\(serial)").status == .ok)
        }
    }

    /// Several instances share the count through PostgreSQL, and each address has its own.
    @Test func anotherAddressIsNotAffectedAndInstancesShareTheCount() async throws {
        let db = try await TestDatabase.create()
        // Windows are fixed (aligned on multiples of their length): with 60 s, four hits spread over a
        // few seconds on a loaded machine once fell on both sides of a minute and the fourth was
        // admitted. A day's window has its edge at midnight UTC only.
        let rate = VerificationRate(limit: 3, window: 86_400)
        let other = db.anotherPool(size: 2)
        func hit(_ pool: PGPool, _ address: String) async throws -> Bool {
            do {
                try await pool.withConnection { try rate.admit($0.execute(rate.hit(address: address))) }
                return true
            } catch let error as HromadaError where error.code == .tooManyRequests {
                return false
            }
        }
        var answers: [Bool] = []
        for pool in [db.pool, other, db.pool, other] { answers.append(try await hit(pool, "203.0.113.7")) }
        #expect(answers == [true, true, true, false])
        #expect(try await hit(db.pool, "203.0.113.8"))
        // IPv6: one /64 is one address.
        for _ in 0..<3 { _ = try await hit(other, "2001:db8:1:2::1") }
        #expect(try await hit(db.pool, "2001:db8:1:2:ffff::9") == false)
        #expect(try await hit(db.pool, "2001:db8:1:3::1"))
        // Parallel hits are counted once each (one upsert, no read-then-write).
        let burst = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<12 { group.addTask { try await hit(i % 2 == 0 ? db.pool : other, "198.51.100.1") } }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(burst == 3)
        other.shutdown()
    }

    /// Who may revoke is unchanged by the new body: the issuing centre's administrators and the
    /// association admin; the learner sees 403, everyone else 404 (the certificate is not theirs to know).
    @Test func theRoleMatrixOfRevocationIsUnchanged() async throws {
        let (app, enrolment) = try await CertificateAPITests.world()
        try await app.person("admin@example.org", roles: [.admin], centre: "KYV")
        try await app.person("other@example.org", roles: [.learner], centre: "KYV")
        try await app.person("second@example.org", roles: [.learner], centre: "KYV")
        try await app.run { client in
            let (serial, _, _) = try await Self.issued(app, client, enrolment: enrolment)
            let body = #"{"reason_code": "issued_in_error"}"#
            #expect(try await client.send(.post, "/api/v1/certificates/\(serial)/revoke", json: body).status == .unauthorized)
            let expected: [(String, HTTPResponse.Status)] = [
                ("learner@example.org", .forbidden), ("other@example.org", .notFound), ("trainer@example.org", .notFound),
                ("lviv-admin@example.org", .notFound), ("kyiv-admin@example.org", .ok),
            ]
            for (email, status) in expected {
                let answer = try await client.send(.post, "/api/v1/certificates/\(serial)/revoke", token: try await client.login(email), json: body)
                #expect(answer.status == status, "\(email): \(answer.status) \(answer.text)")
            }
            // The association admin, on a second certificate of KYV.
            let second = try await client.login("second@example.org")
            let e2 = try await client.send(.post, "/api/v1/courses/quiz-lab/enrolments", token: second).json["id"] as? String ?? ""
            let serial2 = ((try await CertificateAPITests.complete(client, second, e2))["certificate"] as? [String: any Sendable])?["serial"] as? String ?? ""
            let admin = try await client.send(.post, "/api/v1/certificates/\(serial2)/revoke", token: try await client.login("admin@example.org"), json: body)
            #expect(admin.status == .ok, "\(admin.text)")
        }
    }
}
