import ArgumentParser
import Foundation
import HromadaDomain
import HromadaPostgres
import HromadaServer
import HromadaStorage

extension HromadaServerCommand {
    struct Hromadas: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the hromada codifier and match people to it / Кодифікатор громад.",
            subcommands: [Import.self, Unmatched.self, Match.self]
        )

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Load an edition of the codifier КАТОТТГ (code,category,name,parent).",
                discussion: """
                    Idempotent: a unit already loaded with the same name is left as it is. A later edition adds
                    new units and renames known ones; nothing is ever deleted. People created before the
                    codifier whose hromada name fits exactly one hromada get its code; the rest are listed by
                    `hromada-server hromadas unmatched`.
                    Example: hromada-server hromadas import data/katottg-hromadas-2025-07-02.csv
                    """
            )

            @OptionGroup var database: DatabaseOptions
            @Option(help: "The edition's name (default: the file's name without .csv).") var edition: String?
            @Argument(help: "The codifier CSV file.") var file: String

            func run() async throws {
                do {
                    guard let data = FileManager.default.contents(atPath: file), let text = String(validating: [UInt8](data), as: UTF8.self) else {
                        throw ConfigurationError("The file \(file) cannot be read as UTF-8 text.")
                    }
                    let units: [Territory]
                    switch Codifier.parse(csv: text) {
                    case .success(let u): units = u
                    case .failure(let e):
                        for p in e.lineProblems { FileHandle.standardError.write(Data("\(file):\(p.line): error: \(p.message.en)\n".utf8)) }
                        FileHandle.standardError.write(Data("Nothing was loaded. / Нічого не завантажено.\n".utf8))
                        throw ExitCode.failure
                    }
                    let name = edition ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                    let pool = try database.onePool()
                    defer { pool.shutdown() }
                    let summary = try await pool.transaction { db in
                        let s = try TerritoryStore.importCodifier(db, units, edition: name)
                        try AuditLog.append(db, .init(actor: nil, action: "hromadas.import", subjectType: "codifier", subjectID: name, details: [
                            "added": String(s.added), "renamed": String(s.renamed), "unchanged": String(s.unchanged), "matched": String(s.matched),
                        ]))
                        return s
                    }
                    print("Added \(summary.added), renamed \(summary.renamed), unchanged \(summary.unchanged); people matched \(summary.matched). / Додано: \(summary.added), перейменовано: \(summary.renamed), без змін: \(summary.unchanged); людей зіставлено: \(summary.matched).")
                } catch let e as ExitCode {
                    throw e
                } catch {
                    throw failure(error)
                }
            }
        }

        struct Unmatched: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List people whose hromada has no code yet, with the candidates or the closest names.",
                discussion: """
                    Matching never guesses: a name that several hromadas bear stays unmatched until the person's
                    hromada is given by code: `hromada-server hromadas match PERSON CODE`. Exits 0 whether or not
                    anyone is listed.
                    Example: hromada-server hromadas unmatched
                    """
            )

            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                do {
                    let pool = try database.onePool()
                    defer { pool.shutdown() }
                    let people = try await pool.withConnection { try TerritoryStore.unmatched($0) }
                    for p in people {
                        let why = p.choice.message(written: p.hromada)?.en ?? ""
                        print("\(p.centre)\t\(p.email)\t\(p.hromada)\t\(why)")
                    }
                    print("Unmatched: \(people.count). / Не зіставлено: \(people.count).")
                } catch {
                    throw failure(error)
                }
            }
        }

        struct Match: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Give an unmatched person their hromada by code / Зіставити особу з громадою.",
                discussion: """
                    For a person that `hromadas unmatched` lists: PERSON is their email or id, HROMADA a code of the
                    codifier (or a name only one hromada bears). Only fills a missing code: a person who already has
                    another is refused. Audited (user.hromada_match). Running it again changes nothing.
                    Example: hromada-server hromadas match olena@mykolaiv.example UA48060150000071713
                    """
            )

            @OptionGroup var database: DatabaseOptions
            @Argument(help: "The person's email or id.") var person: String
            @Argument(help: "The hromada's КАТОТТГ code.") var hromada: String

            func run() async throws {
                do {
                    let pool = try database.onePool()
                    defer { pool.shutdown() }
                    let (written, who) = (hromada, person)
                    let outcome = try await pool.transaction { db -> (HromadaRef, TerritoryStore.Matched)? in
                        guard case .found(let ref) = try TerritoryStore.resolve(db, written) else { return nil }
                        let matched = try TerritoryStore.match(db, person: who, hromada: ref)
                        if matched.changed {
                            try AuditLog.append(db, .init(actor: nil, action: "user.hromada_match", subjectType: "user",
                                                          subjectID: matched.userID.lowercasedText, centre: matched.centre,
                                                          details: ["hromada_code": ref.code, "written": matched.written]))
                        }
                        return (ref, matched)
                    }
                    guard let (ref, matched) = outcome else {
                        let choice = try await pool.withConnection { try TerritoryStore.resolve($0, written) }
                        let why = choice.message(written: written)
                        FileHandle.standardError.write(Data("\(why?.en ?? written) / \(why?.uk ?? written)\nNothing was changed. / Нічого не змінено.\n".utf8))
                        throw ExitCode.failure
                    }
                    let place = [ref.name, ref.raion, ref.oblast].compactMap { $0 }.joined(separator: ", ")
                    if matched.changed {
                        print("\(matched.email): \(ref.code) \(place) (was \"\(matched.written)\"). / \(matched.email): \(ref.code) \(place) (було «\(matched.written)»).")
                    } else {
                        print("\(matched.email) already has \(ref.code); nothing changed. / \(matched.email) вже має \(ref.code); нічого не змінено.")
                    }
                } catch let e as ExitCode {
                    throw e
                } catch {
                    throw failure(error)
                }
            }
        }
    }
}
