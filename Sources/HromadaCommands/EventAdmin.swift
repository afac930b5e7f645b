import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
import HromadaPacks

/// The event commands of a centre: create from a file, publish, close, the registrations, the check-in
/// screen and the attendance list.
extension HromadaCommand.EventCommand {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a draft event from a YAML (or JSON) file / Створити чернетку події з файлу YAML.",
            discussion: """
                The file holds the fields of POST /api/v1/events, e.g.:
                \(exampleFile)
                --json prints the event.
                Example: hromada event create --file seminar.yaml
                """
        )
        /// The example event file of the command's help, in English and Ukrainian alike.
        static let exampleFile = """
              kind: seminar
              title: Бюджет участі
              audience: [official, deputy]
              hours: 12
              programme: short-term
              sessions:
                - {starts_at: "2026-10-24T10:00:00+03:00", ends_at: "2026-10-24T16:00:00+03:00"}
              venue: {address: "Київ, вул. Хрещатик, 36", hromada: UA80000000000093317}
              capacity: 30
              registration: {opens_at: "2026-10-01T09:00:00+03:00", closes_at: "2026-10-24T00:00:00+03:00"}
              min_attendance_percent: 50
              certificate: true
            """

        @OptionGroup var global: GlobalOptions
        @Option(help: "The event's YAML or JSON file.") var file: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await ask(global, json: json, typed: Self.draft(file)) { client, draft in
                try await client.createEvent(draft)
            } text: { event, lang in
                Messages.eventCreated(event).text(lang)
            }
        }

        /// The file read as an event draft: YAML (JSON is YAML too), unknown keys refused here as the server would.
        static func draft(_ file: String) throws -> EventDraft {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIFailure(.usage, Messages.badFile(file, "no such file"))
            }
            guard let text = String(data: data, encoding: .utf8) else { throw CLIFailure(.usage, Messages.badFile(file, "not UTF-8")) }
            let json: Data
            do {
                json = try YAMLToJSON.json(text)
            } catch let problem as YAMLToJSON.Problem {
                throw CLIFailure(.usage, Messages.badFile(file, problem.description))
            }
            if let keys = (try? JSONSerialization.jsonObject(with: json) as? [String: Any])?.keys {
                let unknown = Set(keys).subtracting(EventDraft.keys).sorted()
                if !unknown.isEmpty { throw CLIFailure(.usage, Messages.badFile(file, "unknown keys: \(unknown.joined(separator: ", "))")) }
            }
            do {
                return try JSONDecoder().decode(EventDraft.self, from: json)
            } catch {
                throw CLIFailure(.usage, Messages.badFile(file, "a value has the wrong type (\(error))"))
            }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish a draft: people can see it and register / Опублікувати чернетку.",
            discussion: "--json prints the event.\nExample: hromada event publish 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90"
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event's id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await ask(global, json: json, typed: ()) { client, _ in
                try await client.moveEvent(try HromadaCommand.EventCommand.id(id), "publish")
            } text: { event, lang in
                Messages.eventMoved(event).text(lang)
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close an event after its last session: credits and certificates / Завершити подію: кредити й сертифікати.",
            discussion: """
                Everyone who attended at least the event's minimum share of sessions gets its hours and credits in
                their CPD record and, where the event gives one, a signed certificate. Closing again changes nothing.
                --json prints {event, closing: {already_closed, credited, certificates}}.
                Example: hromada event close 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event's id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await ask(global, json: json, typed: ()) { client, _ in
                try await client.closeEvent(try HromadaCommand.EventCommand.id(id))
            } text: { closing, lang in
                Messages.eventClosed(closing).text(lang)
            }
        }
    }

    struct Registrations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who registered, who waits, who attended / Хто зареєстрований, хто чекає, хто був.",
            discussion: """
                --csv prints the server's CSV (UTF-8 with a byte-order mark) for a spreadsheet; --json prints
                [{id, user_id, email, full_name, category, hromada, status, position, registered_at, attended}].
                --register emails.txt registers the people listed (one email a line) first, all or none.
                Examples: hromada event registrations 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90 --csv > registrations.csv
                          hromada event registrations 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90 --register people.txt
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event's id.") var id: String
        @Option(help: "Register the people of this file (one email a line) first.") var register: String?
        @Flag(help: "Print CSV.") var csv = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let eventID = try HromadaCommand.EventCommand.id(id)
                let (client, _) = try global.client(requireToken: true)
                if let register {
                    let report = try await client.register(event: eventID, emails: try Attendance.emails(register))
                    if !json && !csv { print(Messages.listRegistered(report).text(lang)) }
                }
                if csv {
                    FileHandle.standardOutput.write(try await client.registrationsCSV(event: eventID))
                    return
                }
                let rows = try await client.registrations(event: eventID)
                if json { try Terminal.printJSON(rows); return }
                let headers = lang == .uk ? ["Імʼя", "Пошта", "Стан", "Заняття"] : ["Name", "Email", "Status", "Sessions"]
                print(Table(headers: headers, rows: rows.map {
                    [$0.fullName, $0.email, Messages.registrationStatus($0.status, position: $0.position).text(lang),
                     $0.attended.map { String($0) }.joined(separator: " ")]
                }).render())
            }
        }
    }

    struct Attendance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a session's attendance from a list / Відмітити присутніх на занятті за списком.",
            discussion: """
                The file holds one email a line (blank lines and lines starting with # are skipped). The session's
                attendance becomes exactly that list; every change is recorded with who made it.
                --json prints {session, present, added, removed}.
                Example: hromada event attendance 5e0c7a2b-1d3f-4b8e-9a6c-2f4d8b1e7c90 --session 2 --present present.txt
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event's id.") var id: String
        @Option(help: "The session's number.") var session: Int
        @Option(help: "The file of emails present.") var present: String
        @Flag(help: "Print JSON.") var json = false

        static func emails(_ file: String) throws -> [String] {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw CLIFailure(.usage, Messages.badFile(file, "no such UTF-8 file"))
            }
            return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }

        func run() async throws {
            try await ask(global, json: json, typed: (HromadaCommand.EventCommand.id(id), Self.emails(present))) { client, typed in
                try await client.setAttendance(event: typed.0, session: session, present: typed.1)
            } text: { report, lang in
                Messages.attendanceSet(report).text(lang)
            }
        }
    }
}
