import Foundation
import HromadaStorage
import HromadaTestSupport
import Testing
import HromadaPostgres

/// `make run` gives the centres a demo signatory instead of the placeholder (issue 26), and never
/// one that a person set.
@Suite struct DemoSignatoryTests {
    static func signatories(_ db: TestDatabase) async throws -> [String: String] {
        try await db.pool.withConnection { db in
            Dictionary(uniqueKeysWithValues: try db.execute("SELECT code, signatory_name, signatory_position FROM centres").map {
                (try $0.decode(String.self, "code"), "\(try $0.decode(String.self, "signatory_name")), \(try $0.decode(String.self, "signatory_position"))")
            })
        }
    }

    @Test func everyCentreWithThePlaceholderGetsTheDemoOnceAndASetOneIsKept() async throws {
        let db = try await TestDatabase.create()
        let placeholders = try await Self.signatories(db)
        #expect(placeholders.count > 20 && placeholders.values.allSatisfy { $0 == "Директор центру, Директор" })
        #expect(try await db.pool.withConnection {
            try CertificateAuthorityStore.setSignatory($0, centre: "LVV", name: "Марія Іваненко", position: "Директорка")
        })

        let changed = try await db.pool.transaction { try CertificateAuthorityStore.setDemoSignatories($0, name: "Демо Особа", position: "Демо-посада") }
        #expect(changed == placeholders.count - 1)
        let after = try await Self.signatories(db)
        #expect(after["LVV"] == "Марія Іваненко, Директорка")
        #expect(after.filter { $0.key != "LVV" }.values.allSatisfy { $0 == "Демо Особа, Демо-посада" })

        // Again: nothing changes, not even to another demo.
        #expect(try await db.pool.transaction { try CertificateAuthorityStore.setDemoSignatories($0, name: "Інша", position: "Інша") } == 0)
        #expect(try await Self.signatories(db) == after)
    }
}
