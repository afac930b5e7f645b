import Foundation
import HTTPTypes
import HromadaAPI
import HromadaCrypto
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaPostgres
import HromadaTestSupport
import Testing

/// Programmes end to end through the API: publishing against the catalogue, enrolling in the parts,
/// an earlier completion counting, and one programme certificate through the certificate pipeline.
@Suite struct ProgrammeAPITests {
    @Test func aFolderIsCheckedAgainstTheCatalogueWithEveryErrorInPlaceAndNothingStored() async throws {
        let app = try await ProgrammeWorld.make()
        let before = try await ProgrammeWorld.counts(app)
        try await app.run { client in
            let owner = try await client.login("owner@example.org")
            let parts = "  - course: budget-lab\n    min_version: 2.0.0\n  - course: borowing-lab"
            let answer = try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml(programme: "professional", parts: parts)))
            #expect(answer.status == .unprocessableContent && answer.isProblem && answer.code == "validation_failed", "\(answer.text)")
            let errors = (answer.json["errors"] as? [[String: any Sendable]]) ?? []
            let placed = errors.map { "\($0["path"] as? String ?? ""):\($0["line"] as? Int ?? 0):\($0["column"] as? Int ?? 0)" }
            #expect(placed == ["programme.yaml:8:12", "programme.yaml:10:13", "programme.yaml:12:13"], "\(answer.text)")
            #expect(answer.text.contains("можливо, 'borrowing-lab'"))
            // Ukrainian by default, English when asked.
            let english = try await client.send(.post, "/api/v1/programmes", token: owner,
                                                body: try ProgrammeWorld.zip(ProgrammeWorld.yaml(programme: "professional")),
                                                contentType: "application/zip", headers: [.acceptLanguage: "en"])
            #expect(english.status == .unprocessableContent && english.text.contains("a professional programme needs at least 2"), "\(english.text)")
            let ukrainian = try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml(programme: "professional")))
            #expect(ukrainian.text.contains("професійній програмі потрібно щонайменше 2"), "\(ukrainian.text)")
            // The folder's own mistakes and the catalogue's in one answer.
            let both = try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(
                ProgrammeWorld.yaml(parts: "  - course: budget-lab\n  - course: no-such-course").replacingOccurrences(of: "certificate: true", with: "certifcate: true")))
            let bothErrors = (both.json["errors"] as? [[String: any Sendable]])?.compactMap { $0["message"] as? String } ?? []
            #expect(bothErrors.count == 2 && bothErrors.contains { $0.contains("certifcate") } && bothErrors.contains { $0.contains("no-such-course") }, "\(both.text)")
            // Not a ZIP, or not sent as one: refused.
            #expect(try await ProgrammeWorld.publish(client, owner, Array("not a zip".utf8)).status == .unprocessableContent)
            let json = try await client.send(.post, "/api/v1/programmes", token: owner, json: "{}")
            #expect(json.status == .unsupportedMediaType && json.isProblem)
        }
        #expect(try await ProgrammeWorld.counts(app) == before)
    }

    @Test func publishedVersionsAreImmutableAndPublic() async throws {
        let app = try await ProgrammeWorld.make()
        try await app.run { client in
            let owner = try await client.login("owner@example.org")
            let first = try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml()))
            #expect(first.status == .created && first.json["created"] as? Bool == true, "\(first.text)")
            let again = try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml()))
            #expect(again.status == .ok && again.json["created"] as? Bool == false)
            let changed = try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml(title: "Інша назва")))
            #expect(changed.status == .conflict && changed.code == "version_exists", "\(changed.text)")
            #expect(try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml(version: "1.1.0", title: "Нова"))).status == .created)

            let list = try await client.send(.get, "/api/v1/programmes")
            let page = try list.decode(Page<PublishedProgramme>.self)
            #expect(page.items.map(\.definition.version) == ["1.1.0"] && page.items.first?.definition.title == "Нова")
            let old = try await client.send(.get, "/api/v1/programmes/finance-programme?version=1.0.0").decode(PublishedProgramme.self)
            #expect(old.definition.title == "Фінанси громади" && old.hours == 12 && old.credits == 0.4)
            #expect(old.definition.parts.first?.minVersion == "1.0.0")
            #expect(try await client.send(.get, "/api/v1/programmes/no-such-programme").status == .notFound)
        }
        // Stored versions cannot be changed even from inside the database.
        await #expect(throws: (any Error).self) {
            try await app.db.pool.withConnection { try $0.execute("UPDATE programme_versions SET title = 'x'") }
        }
    }

    /// The contract's case: one course finished before the programme, the other after; one
    /// certificate, kind programme, naming both parts' serials, its hours not in the ledger again.
    @Test func anEarlierCompletionCountsAndTheProgrammeCertificateIsIssuedOnce() async throws {
        let app = try await ProgrammeWorld.make()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("programme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let serial = try await app.run { client -> String in
            let owner = try await client.login("owner@example.org")
            #expect(try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml())).status == .created)
            let learner = try await client.login("learner@example.org")
            try await ProgrammeWorld.complete(client, learner, course: "budget-lab")

            let enrolled = try await client.send(.post, "/api/v1/programmes/finance-programme/enrolments", token: learner)
            #expect(enrolled.status == .created, "\(enrolled.text)")
            let e = try enrolled.decode(ProgrammeEnrolment.self)
            #expect(e.parts.map(\.done) == [true, false] && e.required == 2 && e.completedAt == nil && e.certificate == nil)
            #expect(e.parts.allSatisfy { $0.enrolmentID != nil }, "enrolled in the second course too")
            #expect(try await client.send(.post, "/api/v1/programmes/finance-programme/enrolments", token: learner).status == .ok)

            try await ProgrammeWorld.complete(client, learner, course: "borrowing-lab")
            #expect(try await CertificateIssuer(services: app.services).pass() == 1)
            let mine = try await client.send(.get, "/api/v1/me/programmes", token: learner).decode(Page<ProgrammeEnrolment>.self)
            let done = try #require(mine.items.first)
            #expect(mine.items.count == 1 && done.completedAt != nil && done.parts.allSatisfy(\.done))
            let serial = try #require(done.certificate)
            #expect(CertificateSerial.isValid(serial) && serial.hasPrefix("UA-KYV-"))

            let document = try await client.send(.get, "/api/v1/certificates/\(serial)/document", token: learner)
            let fields = document.json
            #expect(fields["kind"] as? String == "programme")
            let programme = try #require(fields["programme"] as? [String: any Sendable])
            #expect(programme["slug"] as? String == "finance-programme" && programme["hours"] as? Double == 12 && programme["credits"] as? Double == 0.4)
            let parts = (programme["parts"] as? [[String: any Sendable]]) ?? []
            #expect(parts.compactMap { $0["certificate"] as? String } == done.parts.compactMap(\.certificate))
            #expect(parts.count == 2 && parts.allSatisfy { CertificateSerial.isValid($0["certificate"] as? String ?? "") })

            // The CMS form verifies with stock openssl and with the API.
            let signature = try await client.send(.get, "/api/v1/certificates/\(serial)/signature", token: learner)
            try Data(document.body).write(to: dir.appendingPathComponent("p.json"))
            try Data(signature.body).write(to: dir.appendingPathComponent("p.json.p7s"))
            try Data(try await client.send(.get, "/api/v1/trust/root.pem").body).write(to: dir.appendingPathComponent("root.pem"))
            let checked = try CertificateAPITests.cmsVerify(in: dir, document: "p.json", signature: "p.json.p7s", trust: "root.pem")
            #expect(checked.0 == 0, "\(checked.1)")
            let verdict = try await client.send(.post, "/api/v1/certificates/verify", json: jsonString([
                "document": Data(document.body).base64EncodedString(), "signature": Data(signature.body).base64EncodedString()]))
            #expect(verdict.json["verdict"] as? String == "valid", "\(verdict.text)")
            // Handed in as external learning, it is not recognised at once: its hours are the parts', counted already.
            let holder = try await app.db.pool.withConnection { try $0.execute("SELECT id FROM users WHERE email = 'learner@example.org'")[0].decode(UUID.self, "id") }
            let evidence = try await app.db.pool.withConnection {
                try EvidenceCheck.run($0, document: document.body, signature: signature.body, holder: holder, holderName: "Тестова Особа")
            }
            #expect(evidence.verdict == .valid && !evidence.recognisedAtOnce && evidence.note == "not_a_course_certificate", "\(evidence)")
            // Its printed copy and its verification page.
            let pdf = try await client.send(.get, "/api/v1/certificates/\(serial)/pdf", token: learner)
            #expect(pdf.status == .ok && pdf.body.starts(with: Array("%PDF".utf8)))

            // The ledger has the two courses, nothing for the programme.
            let cpd = try await client.send(.get, "/api/v1/me/cpd", token: learner).json
            #expect((cpd["items"] as? [[String: any Sendable]])?.count == 2 && cpd["total_hours"] as? Double == 12, "\(cpd)")
            return serial
        }
        let rows = try await app.db.pool.withConnection { db in
            try db.execute("SELECT count(*)::int AS n FROM certificates WHERE programme_enrolment_id IS NOT NULL")[0].decode(Int.self, "n")
        }
        #expect(rows == 1)
        #expect(try await CertificateIssuer(services: app.services).pass() == 0)
        // Its badge is the same certificate as an Open Badge, signed with the centre's key, kind programme.
        try await app.run { client in
            let learner = try await client.login("learner@example.org")
            let badge = try await client.send(.get, "/api/v1/certificates/\(serial)/badge", token: learner)
            #expect(badge.status == .ok && badge.headers[.contentType] == "application/vc+jwt", "\(badge.text)")
            #expect(BadgeAPITests.verifies(badge.text, try await BadgeAPITests.keys(client)))
            let credential = try JSONDecoder().decode(OpenBadge.Credential.self, from: Data(try #require(CompactJWS(badge.text)).payload))
            #expect(credential.id == "https://hromada.test/c/\(serial)")
            #expect(credential.credentialSubject.achievement.id == "https://hromada.test/api/v1/programmes/finance-programme#1.0.0")
            #expect(credential.credentialSubject.creditsEarned == 0.4)
            // Its centre revokes and re-issues it (a corrected name): a new serial, the parts kept, the old one revoked.
            try await app.db.pool.withConnection { try $0.execute("UPDATE users SET full_name = 'Виправлена Особа' WHERE email = 'learner@example.org'") }
            let kyiv = try await client.login("kyiv-admin@example.org")
            #expect(try await client.send(.post, "/api/v1/certificates/\(serial)/reissue", token: learner, json: #"{"note": "Імʼя"}"#).status == .forbidden)
            let reissued = try await client.send(.post, "/api/v1/certificates/\(serial)/reissue", token: kyiv, json: #"{"note": "Виправлено імʼя"}"#)
            #expect(reissued.status == .created, "\(reissued.text)")
            let fresh = reissued.json["serial"] as? String ?? ""
            #expect(fresh != serial && CertificateSerial.isValid(fresh) && reissued.json["status"] as? String == "issued")
            let again = try await client.send(.get, "/api/v1/certificates/\(fresh)/document", token: learner).json
            #expect(again["kind"] as? String == "programme" && (again["learner"] as? [String: any Sendable])?["name"] as? String == "Виправлена Особа")
            #expect(((again["programme"] as? [String: any Sendable])?["parts"] as? [[String: any Sendable]])?.count == 2)
            let oldView = try await client.send(.get, "/api/v1/certificates/\(serial)")
            #expect((oldView.json["verification"] as? [String: any Sendable])?["verdict"] as? String == "revoked")
            let mine = try await client.send(.get, "/api/v1/me/programmes", token: learner).decode(Page<ProgrammeEnrolment>.self)
            #expect(mine.items.first?.certificate == fresh)

            var changed = Array(badge.text.utf8)
            changed[changed.count / 3] = changed[changed.count / 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            #expect(!BadgeAPITests.verifies(String(decoding: changed, as: UTF8.self), try await BadgeAPITests.keys(client)))
        }
    }

    /// The event part: the programme completes when the event is closed, after the enrolment.
    @Test func anAttendedEventOfTheKindCountsAsItsPartWhenItCloses() async throws {
        let app = try await ProgrammeWorld.make()
        try await app.run { client in
            let owner = try await client.login("owner@example.org")
            let parts = "  - course: budget-lab\n  - event_kind: study_visit\n    hours: 16"
            #expect(try await ProgrammeWorld.publish(client, owner, try ProgrammeWorld.zip(ProgrammeWorld.yaml(parts: parts))).status == .created)
            let short = try await ProgrammeWorld.endedEventAttended(app, client, kind: "study_visit", hours: 8)
            let event = try await ProgrammeWorld.endedEventAttended(app, client, kind: "study_visit", hours: 16)
            let token = try await client.login("learner@example.org")
            try await ProgrammeWorld.complete(client, token, course: "budget-lab")
            let e = try await client.send(.post, "/api/v1/programmes/finance-programme/enrolments", token: token).decode(ProgrammeEnrolment.self)
            #expect(e.parts.map(\.done) == [true, false] && e.completedAt == nil, "\(e)")
            let kyiv = try await client.login("kyiv-admin@example.org")
            // Too short a visit does not count.
            #expect(try await client.send(.post, "/api/v1/events/\(short)/close", token: kyiv).status == .ok)
            let still = try await client.send(.get, "/api/v1/me/programmes", token: token).decode(Page<ProgrammeEnrolment>.self)
            #expect(still.items.first?.completedAt == nil)
            #expect(try await client.send(.post, "/api/v1/events/\(event)/close", token: kyiv).status == .ok)
            _ = try await CertificateIssuer(services: app.services).pass()
            let done = try #require(try await client.send(.get, "/api/v1/me/programmes", token: token).decode(Page<ProgrammeEnrolment>.self).items.first)
            #expect(done.completedAt != nil && done.parts.map(\.done) == [true, true] && done.certificate != nil, "\(done)")
            let document = try await client.send(.get, "/api/v1/certificates/\(done.certificate ?? "")/document", token: token).json
            let programme = document["programme"] as? [String: any Sendable]
            // 6 hours of the course and 16 of the visit.
            #expect(programme?["hours"] as? Double == 22, "\(document)")
            let counted = programme?["parts"] as? [[String: any Sendable]]
            #expect(counted?.last?["event"] as? String == event)
            #expect(counted?.last?["certificate"] as? String == done.parts.last?.certificate)
        }
    }
}
