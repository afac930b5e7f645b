import Foundation
import HromadaDomain
import HromadaStorage
import HromadaTestSupport
import Testing
import HromadaPostgres

@Suite struct UserStoreConcurrencyTests {
    /// People of one new hromada created at the same moment in separate transactions: every one is
    /// created, and the hromada exists once (the second insert's snapshot cannot see the first one's row).
    @Test func peopleOfOneNewHromadaCreatedAtOnce() async throws {
        let db = try await TestDatabase.create(poolSize: 8)
        // The race is a matter of timing: several rounds make it near certain to happen at least once.
        for round in 0..<6 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        let person = NewUser(email: "r\(round)-\(i)@example.org", fullName: "Особа \(i)", category: .official,
                                             position: "спеціаліст", hromada: "Нова громада \(round)", centre: "KYV", roles: [.learner])
                        _ = try await db.pool.transaction { try UserStore.create($0, person, passwordHash: nil) }
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(try await db.count("users") == 48)
        #expect(try await db.pool.withConnection {
            try $0.execute("SELECT count(*) AS n, count(DISTINCT name) AS d FROM hromadas WHERE name LIKE 'Нова громада %'")[0]
                .decode(Int.self, "n")
        } == 6)
    }
}
