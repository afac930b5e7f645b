import HromadaDomain
@testable import HromadaPostgres
import Testing

/// Reading a row's columns: a state kept as text decodes by its raw value, and a text no case names
/// is an error that names the column (the stores used to fall back to a default case, which hid it).
@Suite struct PGRowTests {
    enum Colour: String, SQLDecodable { case red, green }

    static let row = PGRow(columns: ["colour": 0, "other": 1, "none": 2], values: ["green", "purple", nil])

    @Test func aStateDecodesByItsRawValue() throws {
        let colour: Colour = try Self.row.decode("colour")
        #expect(colour == .green)
        #expect(try Self.row.decode(Colour?.self, "none") == nil)
    }

    @Test func aTextNoCaseNamesIsAnErrorNamingTheColumnNotADefault() {
        #expect { _ = try Self.row.decode(Colour.self, "other") } throws: { error in
            (error as? HromadaError).map { $0.code == .internalError && "\($0)".contains("column other") } ?? false
        }
        #expect { _ = try Self.row.decode(Colour.self, "none") } throws: { error in
            (error as? HromadaError).map { "\($0)".contains("column none is NULL") } ?? false
        }
    }
}
