import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
import HromadaPostgres
import HromadaStorage
@testable import HromadaServer
import HromadaTestSupport
import Testing

/// The terminal client's development calls (`hromada development`, `plan`, `record`, `records`,
/// `hr …`, `report development`) against the real server on a loopback socket, the shapes of
/// HromadaAPI read from what the server writes; and each call tried by those who may not.
@Suite struct ClientDevelopmentTests {
    static let year = DevelopmentTests.year

    static func api(_ client: Client, _ email: String?) async throws -> APIClient {
        let port = try #require((client.raw as? LoopbackTransport)?.port)
        let token = try await email.asyncMap { try await client.login($0) }
        return APIClient(server: URL(string: "http://127.0.0.1:\(port)")!, token: token, language: .en)
    }

    static func status(_ call: () async throws -> Void) async -> Int? {
        do {
            try await call()
            return 200
        } catch ClientError.problem(let p) {
            return p.status
        } catch ClientError.notSignedIn {
            return 401
        } catch {
            return nil
        }
    }

    static let webinar = Development.RecordClaim(provider: "Prometheus", title: "Вебінар про доступність", kind: .selfEducation,
                                                 startedOn: "\(year)-03-01", finishedOn: "\(year)-03-01", hours: 3)
    static let pdf = Data("%PDF-1.4\n%вебінар\n".utf8)

    @Test func anOfficialPlansHRApprovesAndTheRevisionsStayReadable() async throws {
        let world = try await DevelopmentTests.world()
        try await world.app.run(.live) { client in
            let official = try await Self.api(client, "official@example.org")
            let hr = try await Self.api(client, "hr@example.org")
            let items = [PlanItem(kind: .course, course: "local-budget", title: "Місцевий бюджет", plannedCredits: Decimal(string: "0.9")!),
                         PlanItem(kind: .external, title: "Вебінар", plannedCredits: Decimal(string: "0.1")!, selfEducation: true)]
            let draft = try await official.savePlan(year: Self.year, .init(items: items, note: "Бюджет і самоосвіта"))
            #expect(draft.status == .draft && draft.revision == 1 && draft.plannedCredits == 1 && draft.items == items)
            #expect(try await official.submitPlan(year: Self.year).status == .submitted)
            let listed = try await hr.plans(year: Self.year, status: "submitted", scope: .init(hromada: "Бучанська"))
            #expect(listed.map(\.person.id) == [world.official.id] && listed.first?.hromada.code == DevelopmentTests.bucha)
            let planID = try #require(listed.first?.planID.flatMap(UUID.init(text:)))
            // Returning needs a comment: the server's 422, read as a problem.
            #expect(await Self.status { _ = try await hr.decidePlan(planID, approve: false, comment: nil) } == 422)
            let approved = try await hr.decidePlan(planID, approve: true, comment: "Погоджено")
            #expect(approved.status == .approved && approved.approvedRevision == 1)
            #expect(approved.history.first?.decidedBy?.fullName == "Особа hr")
            // A change after approval is a new revision; the approved one is still there.
            let second = try await official.savePlan(year: Self.year, .init(items: Array(items.prefix(1)), note: nil))
            #expect(second.revision == 2 && second.status == .draft && second.approvedRevision == 1)
            #expect(try await official.myPlan(year: Self.year).history.map(\.status) == [.approved, .draft])
            #expect(try await official.development(year: Self.year).plan?.revision == 2)
        }
    }

    @Test func aRecordWithEvidenceIsRecognisedByHRAndTheYearIsMetExactly() async throws {
        let world = try await DevelopmentTests.world()
        try await world.app.run(.live) { client in
            try await DevelopmentTests.publishCourse(world.app, client)
            try await DevelopmentTests.ledger(world.app, world.official, credits: "0.9")
            let official = try await Self.api(client, "official@example.org")
            let hr = try await Self.api(client, "hr@example.org")
            let added = try await official.addRecord(Self.webinar, evidence: Self.pdf, signature: nil)
            #expect(added.status == .pending && added.evidence.contentType == "application/pdf" && added.hours == 3)
            #expect(try await official.development(year: Self.year).met == false)
            let pending = try await hr.records(status: "pending", year: nil, scope: .init())
            #expect(pending.map(\.id) == [added.id])
            let recognised = try await hr.recognise(added.id, credits: Decimal(string: "0.1")!, comment: "Сертифікат перевірено")
            #expect(recognised.status == .recognised && recognised.credits == Decimal(string: "0.1")! && recognised.decidedBy?.fullName == "Особа hr")
            let year = try await official.development(year: Self.year)
            #expect(year.earnedCredits == 1 && year.selfEducationCredits == Decimal(string: "0.1")! && year.met == true)
            #expect(year.items.map(\.source.rawValue).sorted() == ["course", "external"])
            #expect(year.items.first { $0.source == .external }?.evidence.externalRecordID == added.id.lowercasedText)
            #expect(try await official.myRecords(year: Self.year).map(\.status) == [.recognised])
            // The same year as HR reads it.
            #expect(try await hr.development(of: world.official.id, year: Self.year).met == true)
            // A second record, rejected with its reason, counts for nothing.
            let second = try await official.addRecord(Self.webinar, evidence: Self.pdf, signature: nil)
            let rejected = try await hr.reject(second.id, reason: "Той самий вебінар двічі")
            #expect(rejected.status == .rejected && rejected.reason == "Той самий вебінар двічі")
            #expect(try await official.development(year: Self.year).earnedCredits == 1)
        }
    }

    @Test func theReportsAndTheSummaryByRaionAsTheClientReadsThem() async throws {
        let world = try await DevelopmentTests.world()
        try await world.app.run(.live) { client in
            try await DevelopmentTests.publishCourse(world.app, client)
            try await DevelopmentTests.ledger(world.app, world.official, credits: "1.0")
            let admin = try await Self.api(client, "kyo-admin@example.org")
            let rows = try await admin.developmentReport(year: Self.year, scope: .init(hromada: DevelopmentTests.bucha))
            #expect(Set(rows.map(\.person.id)) == [world.official.id, world.deputy.id, try await Self.hrID(world)])
            let official = try #require(rows.first { $0.person.id == world.official.id })
            #expect(official.earnedCredits == 1 && official.met == false && official.planStatus == Development.PlanState.none)
            #expect(rows.first { $0.person.id == world.deputy.id }?.met == nil)
            let summary = try await admin.developmentSummary(year: Self.year, by: "raion", scope: .init())
            #expect(summary.by == "raion" && summary.year == Self.year)
            let bucha = try #require(summary.items.first { $0.group.name == "Бучанський" })
            #expect(bucha.officials == 3 && bucha.notMet == 3 && bucha.met == 0 && bucha.withoutApprovedPlan == 3)
            let csv = try await admin.developmentCSV(year: Self.year, summaryBy: "raion", semicolons: true, scope: .init())
            let text = String(decoding: csv, as: UTF8.self)
            #expect(text.hasPrefix("\u{FEFF}raion_code;raion;people;officials;met;not_met;without_approved_plan\r\n"))
            #expect(text.contains(";Бучанський;"))
            let people = String(decoding: try await admin.developmentCSV(year: Self.year, summaryBy: nil, semicolons: true, scope: .init()), as: UTF8.self)
            let line = try #require(people.split(separator: "\r\n").first { $0.hasPrefix(world.official.id.lowercasedText) })
            let cells = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            // target, earned, share, met, plan: decimals with a comma, exactly as summed.
            #expect(Array(cells.suffix(5)) == ["1", "1", "0", "false", "none"], "\(line)")
        }
    }

    @Test func theSummaryAsAPDFReportForThoseWhoMaySeeIt() async throws {
        let world = try await DevelopmentTests.world()
        try await world.app.run(.live) { client in
            let admin = try await Self.api(client, "kyo-admin@example.org")
            let pdf = try await admin.developmentSummaryPDF(year: Self.year, by: "raion", scope: .init())
            #expect(pdf.starts(with: Data("%PDF-".utf8)) && pdf.count > 2000)
            // Readable text, in the caller's language (the client asks in English).
            let text = try Self.pdfText(pdf)
            #expect(text.contains("Professional development of officials in \(Self.year)") && text.contains("Бучанський"))
            // Bad input is a problem, not a PDF; and those who may not get nothing.
            #expect(await Self.status { _ = try await admin.developmentSummaryPDF(year: nil, by: "village", scope: .init()) } == 400)
            let learner = try await Self.api(client, "official@example.org")
            #expect(await Self.status { _ = try await learner.developmentSummaryPDF(year: nil, by: "raion", scope: .init()) } == 403)
            #expect(await Self.status { _ = try await Self.api(client, nil).developmentSummaryPDF(year: nil, by: "raion", scope: .init()) } == 401)
            let lviv = try await Self.api(client, "kyv-admin@example.org")
            // Another centre's admin: a report of nobody, not Бучанський's counts.
            let other = try Self.pdfText(try await lviv.developmentSummaryPDF(year: Self.year, by: "raion", scope: .init()))
            #expect(other.contains("Nobody is in the report.") && !other.contains("Бучанський"))
        }
    }

    /// The PDF's text as pdftotext (poppler-utils) reads it.
    static func pdfText(_ pdf: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        try pdf.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = [file.path, "-"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    static func hrID(_ world: DevelopmentTests.World) async throws -> UUID {
        try #require(try await world.app.db.pool.withConnection { try UserStore.find($0, email: "hr@example.org") }?.id)
    }

    /// Every call tried by those who may not: another hromada's HR, a learner, nobody signed in.
    @Test func othersAreRefusedAndNothingChanges() async throws {
        let world = try await DevelopmentTests.world()
        _ = try await DevelopmentTests.person(world.app, "irpin-hr@example.org", roles: [.learner, .hr], hromada: DevelopmentTests.irpin)
        try await world.app.run(.live) { client in
            let official = try await Self.api(client, "official@example.org")
            _ = try await official.savePlan(year: Self.year, .init(items: [PlanItem(kind: .event, title: "Форум", plannedCredits: 1)], note: nil))
            let plan = try await official.submitPlan(year: Self.year)
            let record = try await official.addRecord(Self.webinar, evidence: Self.pdf, signature: nil)
            let irpinHR = try await Self.api(client, "irpin-hr@example.org")
            let learner = try await Self.api(client, "deputy@example.org")
            let nobody = try await Self.api(client, nil)
            // Another hromada's HR: the person and their things do not exist for it.
            #expect(await Self.status { _ = try await irpinHR.decidePlan(plan.id, approve: true, comment: nil) } == 404)
            #expect(await Self.status { _ = try await irpinHR.plan(plan.id) } == 404)
            #expect(await Self.status { _ = try await irpinHR.recognise(record.id, credits: 1, comment: nil) } == 404)
            #expect(await Self.status { _ = try await irpinHR.reject(record.id, reason: "ні") } == 404)
            #expect(await Self.status { _ = try await irpinHR.development(of: world.official.id, year: Self.year) } == 404)
            #expect(try await irpinHR.records(status: nil, year: nil, scope: .init()).isEmpty)
            #expect(try await irpinHR.plans(year: Self.year, status: nil, scope: .init()).allSatisfy { $0.person.id != world.official.id })
            // Its hromada filter does not widen its scope.
            #expect(try await irpinHR.developmentReport(year: Self.year, scope: .init(hromada: "Бучанська")).isEmpty)
            // A learner: HR's lists are forbidden, another's things hidden, the owner alone withdraws.
            #expect(await Self.status { _ = try await learner.plans(year: nil, status: nil, scope: .init()) } == 403)
            #expect(await Self.status { _ = try await learner.records(status: nil, year: nil, scope: .init()) } == 403)
            #expect(await Self.status { _ = try await learner.developmentSummary(year: nil, by: "raion", scope: .init()) } == 403)
            #expect(await Self.status { _ = try await learner.decidePlan(plan.id, approve: true, comment: nil) } == 404)
            #expect(await Self.status { _ = try await learner.withdraw(record.id) } == 404)
            #expect(await Self.status { _ = try await learner.development(of: world.official.id, year: Self.year) } == 404)
            // Nobody signed in.
            #expect(await Self.status { _ = try await nobody.development(year: Self.year) } == 401)
            #expect(await Self.status { _ = try await nobody.addRecord(Self.webinar, evidence: Self.pdf, signature: nil) } == 401)
            #expect(await Self.status { _ = try await nobody.developmentCSV(year: nil, summaryBy: "raion", semicolons: false, scope: .init()) } == 401)
            // Bad input from the owner changes nothing: a record that ends before it starts, a file that
            // is no evidence. (An unknown kind the typed client cannot send: `RecordAttack…` below sends it raw.)
            var wrong = Self.webinar
            wrong.startedOn = "\(Self.year)-03-05"
            #expect(await Self.status { _ = try await official.addRecord(wrong, evidence: Self.pdf, signature: nil) } == 422)
            #expect(await Self.status { _ = try await official.addRecord(Self.webinar, evidence: Data("MZ\u{90}".utf8), signature: nil) } == 422)
            #expect(try await official.myRecords(year: nil).map(\.status) == [.pending])
            #expect(try await official.plan(plan.id).status == .submitted)
            #expect(try await world.app.db.count("external_records") == 1)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
