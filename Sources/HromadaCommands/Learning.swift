import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain

/// The catalogue, enrolment, progress and CPD, for learners.
enum StatusText {
    static func of(_ status: Enrolment.Status) -> LocalizedText {
        switch status {
        case .completed: LocalizedText(uk: "завершено", en: "completed")
        case .inProgress: LocalizedText(uk: "навчається", en: "in progress")
        case .enrolled: LocalizedText(uk: "записано", en: "enrolled")
        }
    }
}

extension HromadaCommand {
    struct Courses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the course catalogue / Каталог курсів.",
            discussion: "--json prints [{slug, title, summary, language, audience, hours, credits, version}].\nExample: hromada courses --search бюджет"
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Search titles and summaries.") var search: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: false)
                var path = "/api/v1/courses"
                if let search, let q = search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { path += "?q=\(q)" }
                let page: Page<CourseSummary> = try await client.callAll(path)
                if json { try Terminal.printJSON(page.items); return }
                let headers = lang == .uk ? ["Курс", "Назва", "Годин", "ЄКТС", "Версія"] : ["Course", "Title", "Hours", "ECTS", "Version"]
                print(Table(headers: headers, rows: page.items.map {
                    [$0.slug, $0.title, Self.number($0.hours), Self.number($0.credits), $0.version]
                }).render())
                print(Messages.count(page.items.count, uk: ("курс", "курси", "курсів"), en: ("course", "courses")).text(lang))
            }
        }

        static func number(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
    }

    struct Enrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol in a course / Записатися на курс.",
            discussion: "Enrolling twice keeps the first enrolment. --json prints the enrolment.\nExample: hromada enrol local-self-government"
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The course's slug.") var slug: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let e: Enrolment = try await client.call("POST", "/api/v1/courses/\(slug)/enrolments")
                if json { try Terminal.printJSON(e); return }
                print(LocalizedText(uk: "Ви записані на «\(e.course.title)» (версія \(e.course.version)).",
                                    en: "You are enrolled in “\(e.course.title)” (version \(e.course.version)).").text(lang))
            }
        }
    }

    struct Progress: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show your progress / Показати поступ.",
            discussion: "Without SLUG: every programme and every enrolment. With SLUG: that course, with each lesson and the time it was completed, or that programme with its parts. --json prints the course enrolments as the API gives them (hromada programme enrol SLUG --json the programme's).\nExample: hromada progress local-self-government"
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Only this course.") var slug: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                await sendPendingQuietly(client, lang)
                let data = try await client.allPages("/api/v1/me/enrolments")
                if json {
                    // As the API gives them (nulls included), only the course asked for.
                    let page = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                    let items = (page?["items"] as? [[String: Any]] ?? []).filter {
                        slug == nil || ($0["course"] as? [String: Any])?["slug"] as? String == slug
                    }
                    let out = try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                    print(String(decoding: out, as: UTF8.self))
                    return
                }
                guard let page = try? JSONDecoder.api.decode(Page<Enrolment>.self, from: data) else {
                    throw ClientError.invalidResponse("unexpected answer to GET /api/v1/me/enrolments")
                }
                let items = page.items.filter { slug == nil || $0.course.slug == slug }
                let queued = OfflineStore(server: client.server).pending()
                // The programmes too (all of them without SLUG; the one so named with it).
                let programmes = try await client.myProgrammes().filter { slug == nil || $0.slug == slug }
                if let slug, items.isEmpty, programmes.isEmpty {
                    throw CLIFailure(.error, LocalizedText(uk: "Ви не записані на курс \(slug).", en: "You are not enrolled in \(slug)."))
                }
                for p in programmes {
                    let state = p.completedAt == nil ? LocalizedText(uk: "навчається", en: "in progress") : LocalizedText(uk: "завершено", en: "completed")
                    print(LocalizedText(uk: "Програма «\(p.title)» (\(p.slug) \(p.version)) — \(state.uk)",
                                        en: "Programme “\(p.title)” (\(p.slug) \(p.version)) — \(state.en)").text(lang))
                    HromadaCommand.ProgrammeCommand.Enrol.progress(p, lang)
                }
                for e in items {
                    let done = e.lessons.filter { $0.completedAt != nil }.count
                    print("\(e.course.title) (\(e.course.slug) \(e.course.version)) — \(StatusText.of(e.status).text(lang))")
                    print("  " + LocalizedText(uk: "Уроки: \(done) з \(e.lessons.count)", en: "Lessons: \(done) of \(e.lessons.count)").text(lang)
                          + "  " + Self.bar(done, e.lessons.count))
                    // One course asked for: every lesson, with when it was completed.
                    if slug != nil {
                        for l in e.lessons {
                            let waiting = queued.first { $0.enrolmentID == e.id.lowercasedText && $0.lessonID == l.id }
                            let when = l.completedAt.map { "✓ " + Messages.when($0) }
                                ?? waiting.map { "✓ " + Messages.when($0.completedAt) + " " + LocalizedText(uk: "(ще не надіслано)", en: "(not yet sent)").text(lang) }
                                ?? "—"
                            print("    \(l.title): \(when)")
                        }
                    }
                    for q in e.quizzes {
                        let grade = q.grade.map { String(format: "%.2f%%", $0) } ?? "—"
                        let passed = q.passed ? LocalizedText(uk: "складено", en: "passed") : LocalizedText(uk: "не складено", en: "not passed")
                        let next = q.passed || q.attemptsExhausted ? "" : " — hromada quiz \(e.course.slug) \(q.id)"
                        print("  \(q.title) [\(q.id)]: \(grade), \(passed.text(lang))\(next)")
                    }
                }
            }
        }

        static func bar(_ done: Int, _ total: Int, width: Int = 20) -> String {
            let filled = total == 0 ? width : done * width / total
            return "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled) + "]"
        }
    }

    struct CPD: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cpd",
            abstract: "Hours and ECTS credits earned in a year / Години й кредити за рік.",
            discussion: "--json prints {year, items: [{source, slug, title, version, hours, credits, completed_at, certificate}], total_hours, total_credits}.\nExample: hromada cpd --year 2026"
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Calendar year (default: this year).") var year: Int?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let record: CPDRecord = try await client.call("GET", "/api/v1/me/cpd" + (year.map { "?year=\($0)" } ?? ""))
                if json { try Terminal.printJSON(record); return }
                let headers = lang == .uk ? ["Курс", "Завершено", "Годин", "ЄКТС"] : ["Course", "Completed", "Hours", "ECTS"]
                print(Table(headers: headers, rows: record.items.map {
                    [$0.title, KyivCalendar.isoDay($0.completedAt), Courses.number($0.hours), Courses.number($0.credits)]
                }).render())
                print(LocalizedText(uk: "Разом за \(record.year) рік: \(Courses.number(record.totalHours)) год, \(Courses.number(record.totalCredits)) ЄКТС",
                                    en: "Total for \(record.year): \(Courses.number(record.totalHours)) hours, \(Courses.number(record.totalCredits)) ECTS").text(lang))
            }
        }
    }
}

extension HromadaCommand {
    struct CourseCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "course",
            abstract: "One course / Один курс.",
            subcommands: [Show.self, Download.self, Trainers.self, Release.self]
        )

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show a course's outline / Показати зміст курсу.",
                discussion: "--json prints {slug, title, summary, language, programme, version, audience, hours, credits, certificate, content_hash, modules: [{id, title, items: [{type, id, title}]}], draft}.\nExample: hromada course show council-deputy"
            )
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The course's slug.") var slug: String
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let lang = global.language
                try await guarded(lang) {
                    let (client, _) = try global.client(requireToken: false)
                    let o: CourseOutline = try await client.call("GET", "/api/v1/courses/\(slug)")
                    if json { try Terminal.printJSON(o); return }
                    let draft = o.draft ? LocalizedText(uk: ", чернетка — її бачать лише тренери курсу й адміністратор", en: ", a draft only the course's trainers and the admin see").text(lang) : ""
                    print("\(o.title) (\(o.slug) \(o.version)\(draft))")
                    print(o.summary)
                    print(LocalizedText(uk: "\(Courses.number(o.hours)) год, \(Courses.number(o.credits)) ЄКТС", en: "\(Courses.number(o.hours)) hours, \(Courses.number(o.credits)) ECTS").text(lang))
                    for (n, m) in o.modules.enumerated() {
                        print("\n\(n + 1). \(m.title)")
                        for item in m.items {
                            // A quiz with its id, which hromada quiz takes.
                            let mark = item.type == .quiz ? LocalizedText(uk: "тест \(item.id)", en: "quiz \(item.id)").text(lang)
                                : LocalizedText(uk: "урок", en: "lesson").text(lang)
                            print("   • \(item.title) [\(mark)]")
                        }
                    }
                    if let quiz = o.modules.flatMap(\.items).first(where: { $0.type == .quiz }) {
                        print("\n" + Messages.takeQuiz(o.slug, quiz.id).text(lang))
                    }
                    print(LocalizedText(uk: "Хеш змісту: \(o.contentHash)", en: "Content hash: \(o.contentHash)").text(lang))
                }
            }
        }
    }
}
