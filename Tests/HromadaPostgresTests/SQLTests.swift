import Foundation
import HromadaDomain
@testable import HromadaPostgres
import HromadaTestSupport
import Testing

@Suite struct SQLTests {
    @Test func interpolatedValuesBecomeNumberedParameters() {
        let email = "a@b.ua"
        let limit = 5
        let sql: SQL = "SELECT * FROM users WHERE email = \(email) LIMIT \(limit)"
        #expect(sql.text == "SELECT * FROM users WHERE email = $1 LIMIT $2")
        #expect(sql.binds == ["a@b.ua", "5"])
    }

    @Test func fragmentsAreRenumberedWhenJoined() {
        let a: SQL = "WHERE x = \(1) AND y = \(2)"
        let b: SQL = " AND z = \(3)"
        let joined: SQL = "SELECT \(true) \(a + b)"
        #expect(joined.text == "SELECT $1 WHERE x = $2 AND y = $3 AND z = $4")
        #expect(joined.binds == ["t", "1", "2", "3"])
    }

    @Test func sqlMetacharactersAreStoredLiterally() async throws {
        let db = try await TestDatabase.create()
        let hostile = "'); DROP TABLE users; -- \" \\ $1 %"
        let back = try await db.pool.withConnection { c in
            try c.execute("SELECT \(hostile)::text AS v")[0].decode(String.self, "v")
        }
        #expect(back == hostile)
        #expect(try await db.count("users") == 0)
    }

    @Test func rowsDecodeIntoSwiftTypes() async throws {
        let db = try await TestDatabase.create()
        let id = UUID()
        let bytes = Bytes([0, 1, 254, 255])
        let row = try await db.pool.withConnection { c in
            try c.execute("""
                SELECT \(id)::uuid AS id, 42::int AS n, true AS yes, NULL::text AS nothing, 1.5::float8 AS x,
                       \(bytes)::bytea AS b, ARRAY['a', 'b "c"', 'д,е'] AS arr,
                       ARRAY['', 'a\\b', '{x}', ' y ', NULL, 'NULL', 'ї'] AS tricky, ARRAY[]::text[] AS none,
                       '2026-11-29 06:26:13.123456+00'::timestamptz AS at
                """)[0]
        }
        #expect(try row.decode(UUID.self, "id") == id)
        #expect(try row.decode(Int.self, "n") == 42)
        #expect(try row.decode(Bool.self, "yes"))
        #expect(try row.decode(String?.self, "nothing") == nil)
        #expect(try row.decode(Double.self, "x") == 1.5)
        #expect(try row.decode(Bytes.self, "b") == bytes)
        #expect(try row.decodeArray("arr") == ["a", "b \"c\"", "д,е"])
        // An unquoted NULL element reads as the text NULL, like the quoted word.
        #expect(try row.decodeArray("tricky") == ["", "a\\b", "{x}", " y ", "NULL", "NULL", "ї"])
        #expect(try row.decodeArray("none") == [])
        let at = try row.decode(Date.self, "at")
        #expect(abs(at.timeIntervalSince1970 - 1_795_933_573.123456) < 0.000001)
        #expect(throws: HromadaError(.internalError)) { try row.decode(Int.self, "nothing") }
        #expect(throws: HromadaError(.internalError)) { try row.decode(Int.self, "no_such_column") }
    }

    @Test func textWithNulIsRefusedBeforeReachingPostgreSQL() async throws {
        let db = try await TestDatabase.create()
        await #expect(throws: HromadaError(.malformedRequest)) {
            try await db.pool.withConnection { c in try c.execute("SELECT \("a\u{0}b")::text") }
        }
    }

    /// A time that came in as `…06.107Z` is stored as .107, not .106: every millisecond of a second
    /// survives parsing and formatting (Foundation's ISO style alone loses one half the time).
    @Test func timestampsKeepEveryMillisecond() throws {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        for ms in 0..<1000 {
            let date = try style.parse(String(format: "2026-12-01T10:25:06.%03dZ", ms))
            #expect(PGTimestamp.format(date) == String(format: "2026-12-01T10:25:06.%03d000Z", ms))
        }
        #expect(PGTimestamp.format(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500000Z")
        #expect(PGTimestamp.format(Date(timeIntervalSince1970: 1_795_959_906.1234567)) == "2026-11-29T13:45:06.123457Z")
    }
}
