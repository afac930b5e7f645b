import Foundation
import Testing

/// The rules of docs/architecture.md, checked on the source tree so they hold as it grows: SQL only in
/// the storage modules, no file too long to read, and each module importing only what it may.
@Suite struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sources = root.appendingPathComponent("Sources")

    /// Every Swift file under Sources, as (module, path relative to the root, text).
    static func files() throws -> [(module: String, path: String, text: String)] {
        let fm = FileManager.default
        var found: [(String, String, String)] = []
        for module in try fm.contentsOfDirectory(atPath: sources.path).sorted() {
            let folder = sources.appendingPathComponent(module)
            guard let walker = fm.enumerator(atPath: folder.path) else { continue }
            for case let name as String in walker where name.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                found.append((module, "Sources/\(module)/\(name)", text))
            }
        }
        return found
    }

    /// SQL is written in the stores (`HromadaStorage`) and the driver (`HromadaPostgres`) only.
    /// The bench is a measuring tool outside the product that seeds its own database; it is named here
    /// rather than hidden.
    static let mayWriteSQL: Set<String> = ["HromadaStorage", "HromadaPostgres", "hromada-bench"]

    static let sqlPattern = try! NSRegularExpression(
        pattern: #"\b(SELECT\s+[\w*(]|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|CREATE\s+(TABLE|INDEX)|ALTER\s+TABLE)"#)

    static func sqlLines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let s = String(line)
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("//") { return nil }
            let range = NSRange(s.startIndex..., in: s)
            return sqlPattern.firstMatch(in: s, range: range) == nil ? nil : "\(index + 1): \(trimmed)"
        }
    }

    @Test func sqlIsWrittenOnlyInTheStorageModules() throws {
        let files = try Self.files()
        #expect(files.count > 100)
        var offenders: [String] = []
        for file in files where !Self.mayWriteSQL.contains(file.module) {
            offenders += Self.sqlLines(file.text).map { "\(file.path):\($0)" }
        }
        #expect(offenders.isEmpty, "SQL outside the stores:\n\(offenders.joined(separator: "\n"))")
        // The check finds what it looks for: the stores do write SQL.
        let stores = files.filter { $0.module == "HromadaStorage" }.flatMap { Self.sqlLines($0.text) }
        #expect(stores.count > 50)
        #expect(!Self.sqlLines(#"try db.execute("UPDATE centres SET name = 'x'")"#).isEmpty)
        #expect(Self.sqlLines("// SELECT * FROM users, in a comment").isEmpty)
    }

    /// A file is read whole by whoever changes it: at most 500 lines.
    @Test func noSourceFileIsOver500Lines() throws {
        let long = try Self.files().map { ($0.path, $0.text.split(separator: "\n", omittingEmptySubsequences: false).count) }
            .filter { $0.1 > 500 }
        #expect(long.isEmpty, "\(long)")
    }

    /// Wire shapes are HromadaAPI's, written once for the server and the client: a store returns rows or
    /// domain values (or, where a row is the answer as it stands, the HromadaAPI value itself: cohorts,
    /// course trainers, the completions report), and the server makes the API's shape of them. So no type
    /// in `HromadaStorage` is `Encodable` or `Codable` (a `Decodable` that reads a stored document is
    /// fine). The stores named here still hold JSON views of their own; they leave this list, none joins it.
    static let storesWithWireViews: Set<String> = [
        "Sources/HromadaStorage/EnrolmentStore.swift", "Sources/HromadaStorage/CourseStore.swift",
    ]

    static let encodableType = try! NSRegularExpression(
        pattern: #"^\s*(public\s+|package\s+|internal\s+|private\s+|fileprivate\s+)?(struct|enum|class|extension)\s+[\w.]+[^{]*:[^{]*\b(Encodable|Codable)\b"#,
        options: [.anchorsMatchLines])

    static func encodableTypes(_ text: String) -> Int {
        encodableType.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    @Test func storesReturnRowsNotWireShapes() throws {
        let stores = try Self.files().filter { $0.module == "HromadaStorage" }
        #expect(stores.count > 30)
        let offenders = stores.filter { !Self.storesWithWireViews.contains($0.path) && Self.encodableTypes($0.text) > 0 }.map(\.path)
        #expect(offenders.isEmpty, "wire shapes in the stores (they belong in HromadaAPI): \(offenders)")
        // Every file still named holds a view, so the list only shrinks.
        let stale = Self.storesWithWireViews.filter { path in !stores.contains { $0.path == path && Self.encodableTypes($0.text) > 0 } }
        #expect(stale.isEmpty, "no longer a wire view here, take it off the list: \(stale.sorted())")
        // The check finds what it looks for.
        #expect(Self.encodableTypes("    public struct Row: Sendable, Encodable, Equatable {") == 1)
        #expect(Self.encodableTypes("struct Signed: Decodable {") == 0)
    }

    /// What each module may import (besides the system's Foundation, Dispatch, Glibc, Synchronization
    /// and the like). The table of docs/architecture.md; a new import is a decision to make there.
    static let allowed: [String: Set<String>] = [
        "HromadaDomain": [],
        "HromadaCrypto": ["COpenSSL", "CHromadaShim", "HromadaDomain"],
        "HromadaPacks": ["HromadaDomain", "HromadaAPI", "HromadaCrypto", "Yams", "Ink", "ZIPFoundation"],
        "HromadaTerminal": [],
        "HromadaPrint": ["CCairo", "CQREncode"],
        "HromadaMail": ["CCurl"],
        "HromadaPostgres": ["CLibPQ", "HromadaDomain", "Logging"],
        "HromadaStorage": ["HromadaPostgres", "HromadaDomain", "HromadaCrypto", "HromadaPacks", "HromadaAPI", "Logging", "CLibPQ"],
        "HromadaAPI": ["HromadaDomain"],
        "HromadaServer": [
            "HromadaAPI", "HromadaDomain", "HromadaCrypto", "HromadaPacks", "HromadaPrint", "HromadaMail", "HromadaPostgres", "HromadaStorage",
            "Hummingbird", "HTTPTypes", "Logging", "NIOCore", "NIOPosix", "NIOHTTP1", "NIOHTTPTypes", "ServiceLifecycle",
            "CoreMetrics", "Prometheus",
        ],
        "HromadaClient": ["HromadaAPI", "HromadaDomain"],
        "HromadaCommands": ["HromadaAPI", "HromadaClient", "HromadaDomain", "HromadaPacks", "HromadaCrypto", "HromadaTerminal", "ArgumentParser"],
        "HromadaServerCommands": [
            "HromadaServer", "HromadaPostgres", "HromadaStorage", "HromadaCrypto", "HromadaDomain", "HromadaPacks",
            "Hummingbird", "ArgumentParser", "Logging", "NIOCore", "NIOPosix", "ServiceLifecycle", "UnixSignals", "CoreMetrics", "OTel",
        ],
        // `Command.main()` is ArgumentParser's: MemberImportVisibility wants its module imported where it is called.
        "hromada": ["HromadaCommands", "ArgumentParser"],
        "hromada-server": ["HromadaServerCommands", "NIOCore", "NIOPosix", "ArgumentParser"],
        "hromada-bench": [
            "HromadaPacks", "HromadaPostgres", "HromadaStorage", "HromadaDomain", "HromadaCrypto", "Logging", "NIOCore", "NIOHTTP1", "NIOPosix",
        ],
    ]
    static let system: Set<String> = ["Foundation", "FoundationNetworking", "Dispatch", "Glibc", "Darwin", "Synchronization"]

    @Test func eachModuleImportsOnlyWhatItMay() throws {
        var wrong: [String] = []
        let files = try Self.files()
        for file in files where !file.module.hasPrefix("C") {
            guard let allowed = Self.allowed[file.module] else {
                wrong.append("\(file.module): a module docs/architecture.md does not place")
                continue
            }
            for line in file.text.split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init)
                guard let at = words.firstIndex(of: "import"), at <= 2,
                      words[..<at].allSatisfy({ ["@testable", "public", "package", "internal", "@_exported"].contains($0) }),
                      at + 1 < words.count else { continue }
                let module = words[at + 1].split(separator: ".").first.map(String.init) ?? ""
                if !allowed.contains(module) && !Self.system.contains(module) { wrong.append("\(file.path): import \(module)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
        // The domain stays pure: it imports nothing but Foundation.
        #expect(files.filter { $0.module == "HromadaDomain" }.allSatisfy { !$0.text.contains("import Hromada") })
    }
}
