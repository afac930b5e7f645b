import ArgumentParser
import Foundation
import HromadaDomain
import HromadaPostgres
@testable import HromadaServerCommands
import HromadaStorage
import HromadaTestSupport
import Testing

/// `hromada-server users import` invites everyone it creates, as the API's import does: a person
/// created there without a password was otherwise left with no way in but a paper sheet.
@Suite struct ServerImportInvitationTests {
    @Test func theServersImportInvitesEveryoneItCreatesOnce() async throws {
        let app = try await TestApp.make()
        try await app.person("known@example.org")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("people-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("""
            email,full_name,category,position,hromada
            anna@example.org,Анна Коваль,official,спеціалістка,Ірпінська
            known@example.org,Відома Особа,official,спеціаліст,Ірпінська
            bohdan@example.org,Богдан Мельник,deputy,депутат,Бучанська

            """.utf8).write(to: file)
        let command = try HromadaServerCommand.Users.Import.parse(["--centre", "KYV", "--database-url", app.db.url, file.path])
        try await command.run()
        let letters = try await app.letters()
        #expect(letters.map(\.to).sorted() == ["anna@example.org", "bohdan@example.org"])
        #expect(letters.allSatisfy { $0.kind == "invitation" && $0.status == "pending" })
        let anna = try #require(try await app.token(to: "anna@example.org"))
        let live = try await app.db.pool.withConnection { try AccountStore.holder($0, token: anna, purpose: .activation) }
        #expect(live?.email == "anna@example.org" && live?.status == .invited)
        // Again: nobody new, no letter.
        let again = try HromadaServerCommand.Users.Import.parse(["--centre", "KYV", "--database-url", app.db.url, file.path])
        try await again.run()
        #expect(try await app.letters().count == 2)
    }
}
