import ArgumentParser
import Foundation
import HromadaClient
import HromadaCrypto
import HromadaDomain

/// Commands for regional centre staff: cohorts and reports.
extension HromadaCommand {
    struct Cohort: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cohorts of a regional centre / Групи регіонального центру.",
            subcommands: [Create.self, Add.self, Show.self]
        )

        struct View: Codable {
            struct Member: Codable {
                var email, full_name, hromada, status: String
                var lessons_completed, lessons_total: Int
            }
            var id, centre, course, title, starts_on, ends_on: String
            var members: [Member]
        }

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
                    var body = ["course": course, "title": title, "starts_on": starts, "ends_on": ends]
                    if let centre { body["centre"] = centre }
                    let view: View = try await client.call("POST", "/api/v1/cohorts", json: body)
                    if json { try Terminal.printJSON(view); return }
                    print(LocalizedText(uk: "Створено групу «\(view.title)»: \(view.id)", en: "Created cohort “\(view.title)”: \(view.id)").text(lang))
                }
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Enrol people in a cohort from CSV or by email / Додати людей до групи.",
                discussion: """
                    CSV header: email,full_name,category,position,hromada. All or nothing: any wrong line is named and
                    nothing changes; people already in the cohort stay as they are.
                    --json prints {created, enrolled, already_enrolled, errors}.
                    Example: hromada cohort add 3f1c… --csv people.csv
                    """
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "Cohort id.") var cohort: String
            @Option(help: "CSV file of people.") var csv: String?
            @Option(name: .customLong("email"), help: "Email of a registered person (repeatable).") var emails: [String] = []
            @Flag(help: "Print JSON.") var json = false

            struct Result: Codable { var created, enrolled, already_enrolled: Int }

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let (client, _) = try global.client(requireToken: true)
                    let data: Data
                    if let csv {
                        guard let file = FileManager.default.contents(atPath: csv) else {
                            throw CLIFailure(.usage, LocalizedText(uk: "Не вдалося прочитати файл \(csv).", en: "The file \(csv) cannot be read."))
                        }
                        let lines = max(0, String(decoding: file, as: UTF8.self).split(separator: "\n").count - 1)
                        if !json && isatty(STDERR_FILENO) == 1 {
                            Terminal.error(LocalizedText(uk: "Надсилаю \(lines) рядків…", en: "Sending \(lines) lines…").text(lang))
                        }
                        (data, _) = try await client.send("POST", "/api/v1/cohorts/\(cohort)/members", body: file, contentType: "text/csv",
                                                          headers: ["Idempotency-Key": "cohort-add-" + SHA256.hex(Array(cohort.utf8) + [UInt8](file))])
                    } else if !emails.isEmpty {
                        (data, _) = try await client.send("POST", "/api/v1/cohorts/\(cohort)/members", json: ["emails": emails])
                    } else {
                        throw CLIFailure(.usage, LocalizedText(uk: "Вкажіть --csv ФАЙЛ або --email АДРЕСА.", en: "Give --csv FILE or --email ADDRESS."))
                    }
                    guard let r = try? JSONDecoder().decode(Result.self, from: data) else { throw ClientError.invalidResponse("members") }
                    if json { try Terminal.printJSON(r); return }
                    print(LocalizedText(uk: "Створено: \(r.created), записано: \(r.enrolled), вже були: \(r.already_enrolled).",
                                        en: "Created: \(r.created), enrolled: \(r.enrolled), already there: \(r.already_enrolled).").text(lang))
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show a cohort's members and progress / Показати групу.",
                discussion: "--json prints the cohort with members.\nExample: hromada cohort show 3f1c…"
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "Cohort id.") var cohort: String
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let (client, _) = try global.client(requireToken: true)
                    let view: View = try await client.call("GET", "/api/v1/cohorts/\(cohort)")
                    if json { try Terminal.printJSON(view); return }
                    print("\(view.title) — \(view.course), \(view.starts_on) … \(view.ends_on) (\(view.centre))")
                    let headers = lang == .uk ? ["Імʼя", "Громада", "Стан", "Уроки"] : ["Name", "Hromada", "Status", "Lessons"]
                    print(Table(headers: headers, rows: view.members.map {
                        [$0.full_name, $0.hromada, StatusText.of($0.status).text(lang), "\($0.lessons_completed)/\($0.lessons_total)"]
                    }).render())
                    print(Messages.count(view.members.count, uk: ("учасник", "учасники", "учасників"), en: ("member", "members")).text(lang))
                }
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reports for centres / Звіти центрів.",
            subcommands: [Completions.self]
        )

        struct Completions: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Enrolled, in progress, completed and certified by centre, course and hromada.",
                discussion: "--csv prints CSV (UTF-8) as the server gives it; --json the rows.\nExample: hromada report completions --course council-deputy --from 2026-01-01 --csv > report.csv"
            )
            @OptionGroup var global: GlobalOptions
            @Option(help: "Centre code (admins: any; centre admins: their own).") var centre: String?
            @Option(help: "Course slug.") var course: String?
            @Option(help: "Enrolled from, YYYY-MM-DD.") var from: String?
            @Option(help: "Enrolled until, YYYY-MM-DD.") var to: String?
            @Flag(help: "Print CSV.") var csv = false
            @Flag(help: "Print JSON.") var json = false

            struct Row: Codable {
                var centre, course, hromada: String
                var enrolled, in_progress, completed, certified: Int
                var average_grade: Double?
            }

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let (client, _) = try global.client(requireToken: true)
                    var items: [URLQueryItem] = []
                    for (k, v) in [("centre", centre), ("course", course), ("from", from), ("to", to)] { if let v { items.append(.init(name: k, value: v)) } }
                    var components = URLComponents()
                    components.queryItems = items.isEmpty ? nil : items
                    let path = "/api/v1/reports/completions" + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
                    if csv {
                        let (data, _) = try await client.send("GET", path, accept: "text/csv")
                        FileHandle.standardOutput.write(data)
                        return
                    }
                    let page: Listing<Row> = try await client.call("GET", path)
                    if json { try Terminal.printJSON(page.items); return }
                    let headers = lang == .uk
                        ? ["Центр", "Курс", "Громада", "Записано", "Навчається", "Завершили", "Сертифікати", "Сер. оцінка"]
                        : ["Centre", "Course", "Hromada", "Enrolled", "In progress", "Completed", "Certified", "Avg grade"]
                    print(Table(headers: headers, rows: page.items.map {
                        [$0.centre, $0.course, $0.hromada, String($0.enrolled), String($0.in_progress), String($0.completed),
                         String($0.certified), $0.average_grade.map { String(format: "%.2f", $0) } ?? "—"]
                    }).render())
                }
            }
        }
    }
}
