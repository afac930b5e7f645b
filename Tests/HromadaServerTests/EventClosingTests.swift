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

/// Closing an event: the CPD ledger (source `event`) for those who attended enough, participation
/// certificates through the course certificates' pipeline, and nobody credited twice.
@Suite struct EventClosingTests {
    /// A published two-session event that ended yesterday, with three people holding seats: one at both
    /// sessions, one at the first, one at neither.
    static func ended(_ world: EventWorld, _ client: Client, _ kyiv: String, minimum: Int = 50, certificate: Bool = true) async throws -> String {
        let day = Date().addingTimeInterval(-3 * 86400)
        let body = EventWorld.body(sessions: [(day, day.addingTimeInterval(6 * 3600)), (day.addingTimeInterval(86400), day.addingTimeInterval(86400 + 6 * 3600))],
                                   opens: day.addingTimeInterval(-86400), closes: day, minimum: minimum, certificate: certificate)
        let id = try await world.published(client, kyiv, body)
        let listed = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: kyiv,
                                           json: #"{"emails": ["learner@example.org", "other@example.org", "kyiv-trainer@example.org"]}"#)
        guard listed.status == .ok else { throw ConfigurationError("list: \(listed.text)") }
        _ = try await client.send(.put, "/api/v1/events/\(id)/sessions/1/attendance", token: kyiv, json: #"{"present": ["learner@example.org", "other@example.org"]}"#)
        _ = try await client.send(.put, "/api/v1/events/\(id)/sessions/2/attendance", token: kyiv, json: #"{"present": ["learner@example.org"]}"#)
        return id
    }

    @Test func closingCreditsThoseWhoAttendedEnoughOnceAndSignsTheirCertificates() async throws {
        let world = try await EventWorld.make()
        try await world.app.chain()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("event-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await world.app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let id = try await Self.ended(world, client, kyiv)
            let closed = try await client.send(.post, "/api/v1/events/\(id)/close", token: kyiv)
            #expect(closed.status == .ok, "\(closed.text)")
            let counts = closed.json["closing"] as? [String: Any]
            #expect(counts?["credited"] as? Int == 2 && counts?["certificates"] as? Int == 2 && counts?["already_closed"] as? Bool == false)
            #expect((closed.json["event"] as? [String: Any])?["status"] as? String == "closed")
            let again = try await client.send(.post, "/api/v1/events/\(id)/close", token: kyiv)
            #expect(again.status == .ok && (again.json["closing"] as? [String: Any])?["credited"] as? Int == 0
                    && (again.json["closing"] as? [String: Any])?["already_closed"] as? Bool == true)

            let learner = try await client.login("learner@example.org")
            let year = Calendar(identifier: .gregorian).dateComponents(in: KyivCalendar.zone, from: Date().addingTimeInterval(-2 * 86400)).year!
            let cpd = try await client.send(.get, "/api/v1/me/cpd?year=\(year)", token: learner)
            let item = try #require((cpd.json["items"] as? [[String: Any]])?.first { $0["source"] as? String == "event" })
            #expect(item["hours"] as? Double == 12 && item["credits"] as? Double == 0.4 && item["slug"] as? String == id)
            let serial = try #require(item["certificate"] as? String)
            #expect(CertificateSerial.isValid(serial) && serial.hasPrefix("UA-KYV-\(year)-"))
            let trainer = try await client.login("kyiv-trainer@example.org")
            #expect(((try await client.send(.get, "/api/v1/me/cpd?year=\(year)", token: trainer)).json["items"] as? [Any])?.isEmpty == true)
            // The year's standing of the development record counts the event as an event, with its certificate.
            let standing = try await client.send(.get, "/api/v1/me/development/\(year)", token: learner)
            let counted = (standing.json["items"] as? [[String: Any]])?.filter { $0["source"] as? String == "event" } ?? []
            #expect(counted.count == 1 && (counted.first?["evidence"] as? [String: Any])?["certificate_serial"] as? String == serial, "\(standing.text)")
            #expect((standing.json["items"] as? [[String: Any]])?.contains { $0["source"] as? String == "course" } == false)

            // The document names the event, its dates and the sessions attended; stock openssl accepts its signature.
            let mine = try await client.send(.get, "/api/v1/me/certificates", token: learner)
            let summary = try #require((mine.json["items"] as? [[String: Any]])?.first)
            #expect(summary["status"] as? String == "issued" && summary["enrolment_id"] is NSNull && summary["event_registration_id"] is String)
            let document = try await client.send(.get, "/api/v1/certificates/\(serial)/document", token: learner)
            let signature = try await client.send(.get, "/api/v1/certificates/\(serial)/signature", token: learner)
            #expect(document.json["kind"] as? String == "event")
            let event = try #require(document.json["event"] as? [String: Any])
            #expect(event["id"] as? String == id && (event["sessions"] as? [Any])?.count == 2)
            #expect((document.json["result"] as? [String: Any])?["sessions_attended"] as? [Int] == [1, 2])
            let root = try await client.send(.get, "/api/v1/trust/root.pem")
            try Data(document.body).write(to: dir.appendingPathComponent("c.json"))
            try Data(signature.body).write(to: dir.appendingPathComponent("c.json.p7s"))
            try Data(root.body).write(to: dir.appendingPathComponent("root.pem"))
            let verified = try CertificateAPITests.cmsVerify(in: dir, document: "c.json", signature: "c.json.p7s", trust: "root.pem")
            #expect(verified.0 == 0, "\(verified.1)")
            let verdict = try await client.send(.post, "/api/v1/certificates/verify", json: jsonString([
                "document": Data(document.body).base64EncodedString(), "signature": Data(signature.body).base64EncodedString()]))
            #expect(verdict.json["verdict"] as? String == "valid")
            let pdf = try await client.send(.get, "/api/v1/certificates/\(serial)/pdf", token: learner)
            #expect(pdf.status == .ok && pdf.body.starts(with: Array("%PDF".utf8)))
            // Its Open Badge is the same certificate, signed with the centre's key, the event as the achievement.
            let badge = try await client.send(.get, "/api/v1/certificates/\(serial)/badge", token: learner)
            #expect(badge.status == .ok && badge.headers[.contentType] == "application/vc+jwt", "\(badge.text)")
            #expect(BadgeAPITests.verifies(badge.text, try await BadgeAPITests.keys(client)))
            let credential = try JSONDecoder().decode(OpenBadge.Credential.self, from: Data(try #require(CompactJWS(badge.text)).payload))
            #expect(credential.id.hasSuffix("/c/\(serial)") && credential.credentialSubject.achievement.name == "Відкритий бюджет громади")
            #expect(credential.credentialSubject.creditsEarned == 0.4)
            #expect(try await client.send(.get, "/api/v1/certificates/\(serial)/badge", token: try await client.login("other@example.org")).status == .notFound)

            // Re-issued like a course certificate: the old one superseded, a new serial signed.
            let other = try await client.login("other@example.org")
            let otherSerial = try #require(((try await client.send(.get, "/api/v1/me/certificates", token: other)).json["items"] as? [[String: Any]])?
                .first?["serial"] as? String)
            let reissued = try await client.send(.post, "/api/v1/certificates/\(otherSerial)/reissue", token: kyiv, json: #"{"note": "Виправлено імʼя"}"#)
            #expect(reissued.status == .created && reissued.json["status"] as? String == "issued" && reissued.json["serial"] as? String != otherSerial,
                    "\(reissued.text)")
            #expect(reissued.json["event_registration_id"] is String && reissued.json["enrolment_id"] is NSNull)
            let superseded = try await client.send(.get, "/api/v1/certificates/\(otherSerial)")
            let verification = superseded.json["verification"] as? [String: Any]
            #expect(verification?["verdict"] as? String == "revoked"
                    && (verification?["revocation"] as? [String: Any])?["reason_code"] as? String == "superseded", "\(superseded.text)")
            // The old serial again: the registration's live certificate, no third one (as for a course's).
            let reissuedAgain = try await client.send(.post, "/api/v1/certificates/\(otherSerial)/reissue", token: kyiv, json: #"{"note": "Ще раз"}"#)
            #expect(reissuedAgain.json["serial"] as? String == reissued.json["serial"] as? String, "\(reissuedAgain.text)")
            // Revoked like any certificate.
            let lviv = try await client.login("lviv-admin@example.org")
            let revoke = #"{"reason_code": "issued_in_error", "note": "Помилка у списку"}"#
            #expect(try await client.send(.post, "/api/v1/certificates/\(serial)/revoke", token: lviv, json: revoke).status == .notFound)
            #expect(try await client.send(.post, "/api/v1/certificates/\(serial)/revoke", token: kyiv, json: revoke).status == .ok)
            let after = try await client.send(.post, "/api/v1/certificates/verify", json: jsonString([
                "document": Data(document.body).base64EncodedString(), "signature": Data(signature.body).base64EncodedString()]))
            #expect(after.json["verdict"] as? String == "revoked")
            #expect(try await client.send(.post, "/api/v1/events/\(id)/close", token: kyiv).status == .ok)
        }
        #expect(try await world.app.db.count("cpd_credits WHERE source = 'event'") == 2)
        #expect(try await world.app.db.count("certificates WHERE event_registration_id IS NOT NULL") == 3)
    }

    @Test func anEventIsClosedOnlyAfterItsLastSessionAndByItsCentre() async throws {
        let world = try await EventWorld.make()
        try await world.app.run { client in
            let kyiv = try await client.login("kyiv-admin@example.org")
            let future = try await world.published(client, kyiv)
            let early = try await client.send(.post, "/api/v1/events/\(future)/close", token: kyiv)
            #expect(early.status == .conflict && early.isProblem)
            let id = try await Self.ended(world, client, kyiv, minimum: 100, certificate: false)
            for outsider in ["lviv-admin@example.org", "learner@example.org", "kyiv-trainer@example.org"] {
                #expect(try await client.send(.post, "/api/v1/events/\(id)/close", token: try await client.login(outsider)).status == .notFound)
            }
            #expect(try await client.send(.post, "/api/v1/events/\(id)/close").status == .unauthorized)
            let closed = try await client.send(.post, "/api/v1/events/\(id)/close", token: kyiv)
            // 100 %: only the one at both sessions; no certificate for this event.
            #expect((closed.json["closing"] as? [String: Any])?["credited"] as? Int == 1)
            #expect((closed.json["closing"] as? [String: Any])?["certificates"] as? Int == 0)
            #expect(try await client.send(.post, "/api/v1/events/\(id)/cancel", token: kyiv).status == .conflict)
            #expect(try await client.send(.put, "/api/v1/events/\(id)/sessions/1/attendance", token: kyiv, json: #"{"present": []}"#).status == .conflict)
        }
        #expect(try await world.app.db.count("certificates") == 0)
    }
}
