import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaCrypto
import HromadaDomain

/// Commands for regional centre staff: cohorts and reports.
extension HromadaCommand {
    struct Cohort: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cohorts of a regional centre / Групи регіонального центру.",
            subcommands: [Create.self, Add.self, Show.self, Invitations.self]
        )

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a cohort / Створити групу.",
                discussion: "--json prints {id, centre, course, title, starts_on, ends_on, members}.\nExample: hromada cohort create --course council-deputy --title \"Депутати 2027\" --starts 2027-02-01 --ends 2027-03-31"
            )
            @OptionGroup var global: GlobalOptions
            @Option(help: "Course slug.") var course: String
            @Option(help: "Title of the cohort.") var title: String
            @Option(help: "First day, YYYY-MM-DD.") var starts: String
            @Option(help: "Last day, YYYY-MM-DD.") var ends: String
            @Option(help: "Centre code (default: your own).") var centre: String?
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let (client, _) = try global.client(requireToken: true)
                    let body = CohortCreation(centre: centre, course: course, title: title, startsOn: starts, endsOn: ends)
                    let view: HromadaAPI.Cohort = try await client.call("POST", "/api/v1/cohorts", json: body)
                    if json { try Terminal.printJSON(view); return }
                    print(LocalizedText(uk: "Створено групу «\(view.title)»: \(view.id)", en: "Created cohort “\(view.title)”: \(view.id)").text(lang))
                }
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Enrol people in a cohort from CSV or by email / Додати людей до групи.",
                discussion: """
                    CSV header: email,full_name,category,position,hromada (commas, or semicolons as a spreadsheet set
                    to Ukrainian saves it). All or nothing: any wrong line is named and nothing changes; people
                    already in the cohort stay as they are.
                    --json prints {created, enrolled, already_enrolled, errors}.
                    Example: hromada cohort add 3f1c… --csv people.csv
                    """
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "Cohort id.") var cohort: String
            @Option(help: "CSV file of people.") var csv: String?
            @Option(name: .customLong("email"), help: "Email of a registered person (repeatable).") var emails: [String] = []
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let (client, _) = try global.client(requireToken: true)
                    let data: Data
                    if let csv {
                        guard let file = FileManager.default.contents(atPath: csv) else {
                            throw CLIFailure(.usage, LocalizedText(uk: "Не вдалося прочитати файл \(csv).", en: "The file \(csv) cannot be read."))
                        }
                        let r = try await upload(file, named: csv, client: client, lang: lang)
                        if json { try Terminal.printJSON(r); return }
                        print(Self.summary(r).text(lang))
                        return
                    } else if !emails.isEmpty {
                        (data, _) = try await client.send("POST", "/api/v1/cohorts/\(cohort)/members", json: EmailList(emails: emails))
                    } else {
                        throw CLIFailure(.usage, LocalizedText(uk: "Вкажіть --csv ФАЙЛ або --email АДРЕСА.", en: "Give --csv FILE or --email ADDRESS."))
                    }
                    let r = try APIClient.decode(CohortMembersResult.self, from: data, "members")
                    if json { try Terminal.printJSON(r); return }
                    print(Self.summary(r).text(lang))
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show a cohort's members and progress / Показати групу.",
                discussion: "--json prints {id, centre, course, title, starts_on, ends_on, members: [{user_id, email, full_name, hromada, enrolment_id, status, lessons_completed, lessons_total, completed_at}]}.\nExample: hromada cohort show 3f1c…"
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "Cohort id.") var cohort: String
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let (client, _) = try global.client(requireToken: true)
                    let view: HromadaAPI.Cohort = try await client.call("GET", "/api/v1/cohorts/\(cohort)")
                    if json { try Terminal.printJSON(view); return }
                    print("\(view.title) — \(view.course), \(view.startsOn) … \(view.endsOn) (\(view.centre))")
                    let headers = lang == .uk ? ["Імʼя", "Пошта", "Громада", "Стан", "Уроки"] : ["Name", "Email", "Hromada", "Status", "Lessons"]
                    print(Table(headers: headers, rows: view.members.map {
                        [$0.fullName, $0.email, $0.hromada, StatusText.of($0.status).text(lang), "\($0.lessonsCompleted)/\($0.lessonsTotal)"]
                    }).render())
                    print(Messages.count(view.members.count, uk: ("учасник", "учасники", "учасників"), en: ("member", "members")).text(lang))
                }
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reports for centres / Звіти центрів.",
            subcommands: [Completions.self, DevelopmentReport.self]
        )

        struct Completions: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Enrolled, in progress, completed and certified by centre, course and hromada / Записані, навчаються, завершили й отримали сертифікат — за центром, курсом і громадою.",
                discussion: "--csv prints CSV (UTF-8) as the server gives it; with --semicolons, as a spreadsheet set to Ukrainian reads it (fields separated by ;, a decimal comma). --json prints [{centre, course, hromada, enrolled, in_progress, completed, certified, average_grade}].\nExample: hromada report completions --course council-deputy --from 2026-01-01 --csv > report.csv"
            )
            @OptionGroup var global: GlobalOptions
            @Option(help: "Centre code (admins: any; centre admins: their own).") var centre: String?
            @Option(help: "Course slug.") var course: String?
            @Option(help: "Enrolled from, YYYY-MM-DD.") var from: String?
            @Option(help: "Enrolled until, YYYY-MM-DD.") var to: String?
            @Flag(help: "Print CSV.") var csv = false
            @Flag(help: "With --csv: separate fields with ; and write decimals with a comma, for a spreadsheet set to Ukrainian.") var semicolons = false
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let (client, _) = try global.client(requireToken: true)
                    var items: [URLQueryItem] = []
                    if semicolons && !csv {
                        throw CLIFailure(.usage, LocalizedText(uk: "--semicolons діє лише разом із --csv.", en: "--semicolons goes with --csv."))
                    }
                    for (k, v) in [("centre", centre), ("course", course), ("from", from), ("to", to), ("separator", semicolons ? "semicolon" : nil)] {
                        if let v { items.append(.init(name: k, value: v)) }
                    }
                    var components = URLComponents()
                    components.queryItems = items.isEmpty ? nil : items
                    let path = "/api/v1/reports/completions" + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
                    if csv {
                        let (data, _) = try await client.send("GET", path, accept: "text/csv")
                        // The CSV as it came but for control characters (its CRLF line ends kept).
                        FileHandle.standardOutput.write(Data(InertText.text(String(decoding: data, as: UTF8.self), keepingCR: true).utf8))
                        return
                    }
                    let page: Page<CompletionReportRow> = try await client.callAll(path)
                    if json { try Terminal.printJSON(page.items); return }
                    let headers = lang == .uk
                        ? ["Центр", "Курс", "Громада", "Записано", "Навчається", "Завершили", "Сертифікати", "Сер. оцінка"]
                        : ["Centre", "Course", "Hromada", "Enrolled", "In progress", "Completed", "Certified", "Avg grade"]
                    print(Table(headers: headers, rows: page.items.map {
                        [$0.centre, $0.course, $0.hromada, String($0.enrolled), String($0.inProgress), String($0.completed),
                         String($0.certified), $0.averageGrade.map { String(format: "%.2f", $0) } ?? "—"]
                    }).render())
                }
            }
        }
    }
}

extension HromadaCommand.Cohort.Add {
    /// Lines per request when a file is sent in parts.
    static let partSize = 500

    /// Sends a CSV file. A short file goes in one request. A long one is first checked whole on the
    /// server (a dry run: every line is vetted, nothing changes, errors name the file's own lines), then
    /// sent in parts of ``partSize`` lines with a progress bar; each part has its own idempotency key, so
    /// running the command again after a dropped connection finishes the job without doubling anything.
    /// What the server did, in a sentence.
    static func summary(_ r: CohortMembersResult) -> LocalizedText {
        LocalizedText(uk: "Створено: \(r.created), записано: \(r.enrolled), вже були: \(r.alreadyEnrolled).",
                      en: "Created: \(r.created), enrolled: \(r.enrolled), already there: \(r.alreadyEnrolled).")
    }

    func upload(_ file: Data, named name: String, client: APIClient, lang: Language) async throws -> CohortMembersResult {
        // A spreadsheet on Windows set to Ukrainian saves plain "CSV" in Windows-1251: said here, with
        // what to do, rather than as the server's "the body is not valid UTF-8".
        guard let text = String(validating: [UInt8](file), as: UTF8.self) else {
            throw CLIFailure(.usage, Messages.notUTF8CSV(name))
        }
        let records = Self.records(text)
        guard let header = records.first else {
            throw CLIFailure(.usage, LocalizedText(uk: "Файл порожній.", en: "The file is empty."))
        }
        let rows = Array(records.dropFirst())
        let path = "/api/v1/cohorts/\(cohort)/members"
        let fileKey = "cohort-add-" + SHA256.hex(Array(cohort.utf8) + [UInt8](file))
        if rows.count <= Self.partSize {
            let (data, _) = try await client.send("POST", path, body: file, contentType: "text/csv", headers: ["Idempotency-Key": fileKey])
            return try APIClient.decode(CohortMembersResult.self, from: data, "members")
        }
        let bar = ProgressBar(total: rows.count, enabled: !json && isatty(STDERR_FILENO) == 1)
        bar.note(LocalizedText(uk: "Перевіряю всі \(rows.count) рядків…", en: "Checking all \(rows.count) lines…").text(lang))
        _ = try await client.send("POST", path + "?dry_run=true", body: file, contentType: "text/csv")
        var total = CohortMembersResult(created: 0, enrolled: 0, alreadyEnrolled: 0)
        var sent = 0
        for (n, start) in stride(from: 0, to: rows.count, by: Self.partSize).enumerated() {
            let part = rows[start..<min(start + Self.partSize, rows.count)]
            let body = Data(([header] + part).joined(separator: "\n").utf8)
            let (data, _) = try await client.send("POST", path, body: body, contentType: "text/csv",
                                                  headers: ["Idempotency-Key": "\(fileKey)-\(n)"])
            let r = try APIClient.decode(CohortMembersResult.self, from: data, "members")
            total.created += r.created
            total.enrolled += r.enrolled
            total.alreadyEnrolled += r.alreadyEnrolled
            sent += part.count
            bar.update(sent)
        }
        bar.finish()
        return total
    }

    /// The file's records: lines, except that a newline inside a quoted field belongs to its record.
    static func records(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle() }
            if (ch == "\n" || ch == "\r\n") && !quoted {
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { out.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { out.append(current) }
        return out
    }
}

/// A one-line progress bar on stderr: `[██████░░░░░░░░░░░░░░]  750/2000`. Silent when disabled.
final class ProgressBar {
    let total: Int
    let enabled: Bool
    init(total: Int, enabled: Bool) {
        self.total = max(1, total)
        self.enabled = enabled
    }
    func note(_ text: String) {
        if enabled { FileHandle.standardError.write(Data("\(text)\n".utf8)) }
    }
    func update(_ done: Int) {
        guard enabled else { return }
        let width = 30, filled = min(width, done * width / total)
        let line = "\r[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "] \(done)/\(total)"
        FileHandle.standardError.write(Data(line.utf8))
    }
    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

