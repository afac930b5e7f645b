import ArgumentParser
import Foundation
import HromadaDomain
import HromadaPostgres
@testable import HromadaServerCommands
import HromadaStorage
import HromadaTestSupport
import Testing

/// `hromada-server hromadas match PERSON HROMADA`: a person `hromadas unmatched` lists gets their
/// hromada by code, audited, without SQL; it never moves a matched person and never guesses.
@Suite struct HromadaMatchTests {
    static let mykolaivska = "UA48060150000071713"

    /// A person from before the codifier whose hromada text, "Миколаївська", fits nine hromadas.
    static func unmatched(_ app: TestApp) async throws -> User {
        let person = try await app.person("old-myk@example.org", centre: "MYK")
        try await app.db.pool.transaction { db in
            try db.execute("INSERT INTO hromadas (centre, name) VALUES ('MYK', 'Миколаївська')")
            try db.execute("""
                UPDATE users SET hromada_code = NULL, hromada_id = (SELECT id FROM hromadas WHERE name = 'Миколаївська' AND centre = 'MYK')
                WHERE id = \(person.id)
                """)
        }
        return person
    }

    static func code(_ app: TestApp, _ email: String) async throws -> String? {
        try await app.db.pool.withConnection { try UserStore.find($0, email: email) }?.hromadaCode
    }

    static func run(_ app: TestApp, _ args: [String]) async throws {
        let command = try HromadaServerCommand.Hromadas.Match.parse(["--database-url", app.db.url] + args)
        try await command.run()
    }

    @Test func aListedPersonIsMatchedByCodeAndItIsAudited() async throws {
        let app = try await TestApp.make()
        let person = try await Self.unmatched(app)
        #expect(try await app.db.pool.withConnection { try TerritoryStore.unmatched($0) }.map(\.email) == ["old-myk@example.org"])
        try await Self.run(app, ["OLD-MYK@example.org", Self.mykolaivska])
        #expect(try await Self.code(app, "old-myk@example.org") == Self.mykolaivska)
        #expect(try await app.db.pool.withConnection { try TerritoryStore.unmatched($0) }.isEmpty)
        let audit = try await app.db.pool.withConnection { db in
            try db.execute("SELECT subject_id, details->>'hromada_code' AS code FROM audit_log WHERE action = 'user.hromada_match'").map {
                (try $0.decode(String.self, "subject_id"), try $0.decode(String.self, "code"))
            }
        }
        #expect(audit.count == 1 && audit.first?.0 == person.id.lowercasedText && audit.first?.1 == Self.mykolaivska)
        // Again, by id: nothing changes, nothing more is audited.
        try await Self.run(app, [person.id.lowercasedText, Self.mykolaivska])
        #expect(try await app.db.count("audit_log WHERE action = 'user.hromada_match'") == 1)
    }

    @Test func itNeverGuessesNorMovesAMatchedPerson() async throws {
        let app = try await TestApp.make()
        _ = try await Self.unmatched(app)
        // The ambiguous name itself is no answer; an unknown code neither; nor an unknown person.
        for args in [["old-myk@example.org", "Миколаївська"], ["old-myk@example.org", "UA00000000000000000"], ["nobody@example.org", Self.mykolaivska]] {
            await #expect(throws: ExitCode.self) { try await Self.run(app, args) }
        }
        #expect(try await Self.code(app, "old-myk@example.org") == nil)
        // A person who has a code keeps it.
        let bucha = try await DevelopmentTests.person(app, "bucha@example.org")
        let before = try await Self.code(app, "bucha@example.org")
        #expect(before != nil)
        await #expect(throws: ExitCode.self) { try await Self.run(app, [bucha.id.lowercasedText, Self.mykolaivska]) }
        #expect(try await Self.code(app, "bucha@example.org") == before)
        #expect(try await app.db.count("audit_log WHERE action = 'user.hromada_match'") == 0)
    }
}
