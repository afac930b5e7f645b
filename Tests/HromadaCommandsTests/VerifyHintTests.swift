import Foundation
import HromadaDomain
import Testing
@testable import HromadaCommands

/// `hromada certificate get` names the three files an offline check needs, and the offline check says
/// how old the lists it used are. Run as printed against a server: Tests/e2e/certificates_cli_e2e.py.
struct VerifyHintTests {
    @Test func theHintFetchesAllThreeListsAndVerifiesWithThem() {
        let commands = HromadaCommand.CertificateCommand.Get.verifyCommands(
            server: "https://learn.hromada.example", serial: "UA-LVV-2026-000123-29", document: "UA-LVV-2026-000123-29.json",
            signature: "UA-LVV-2026-000123-29.json.p7s")
        #expect(commands.contains("curl -fsS -o root.pem https://learn.hromada.example/api/v1/trust/root.pem"))
        #expect(commands.contains("curl -fsS -o root-crl.pem https://learn.hromada.example/api/v1/trust/root-crl.pem"))
        #expect(commands.contains("curl -fsS -o revoked.json https://learn.hromada.example/api/v1/trust/centres/LVV/revoked.json"))
        #expect(commands.contains("curl -fsS -o revoked.json.p7s https://learn.hromada.example/api/v1/trust/centres/LVV/revoked.json.p7s"))
        #expect(commands.last == "hromada verify UA-LVV-2026-000123-29.json --root root.pem --crl root-crl.pem --revoked revoked.json")
        #expect(Messages.verifyOfflineHow.uk.contains("root-crl.pem") && Messages.verifyOfflineHow.en.contains("revoked.json"))
    }

    @Test func theOfflineAnswerSaysHowOldEachListIs() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let lines = Messages.listAges(.init(revoked: now.addingTimeInterval(-3 * 3600 - 5), crl: now.addingTimeInterval(-2 * 86400)), now: now)
        #expect(lines.count == 3)
        #expect(lines[0].uk.contains("(revoked.json) складено") && lines[0].uk.hasSuffix("3 години тому."), "\(lines[0].uk)")
        #expect(lines[1].uk.hasSuffix("2 дні тому.") && lines[1].en.hasSuffix("2 days ago."), "\(lines[1])")
        #expect(Messages.listAges(.init(), now: now).isEmpty)
        #expect(Messages.ago(30).uk == "щойно" && Messages.ago(5 * 60).uk == "5 хвилин тому" && Messages.ago(21 * 60).uk == "21 хвилину тому")
        #expect(Messages.ago(3600).en == "1 hour ago")
    }
}
