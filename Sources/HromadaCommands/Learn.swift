import ArgumentParser
import Foundation
import HromadaAPI
import HromadaClient
import HromadaDomain
import HromadaPacks
import HromadaTerminal

extension HromadaCommand {
    struct Learn: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a course's lessons / Читати уроки курсу.",
            discussion: """
                Opens the course where you left off (the first lesson not yet completed). In a terminal:
                space or ↓ scrolls, b or ↑ goes back, n and p go to the next and previous lesson, o shows the
                outline, c marks the lesson complete, q quits. When the server cannot be reached, the copy
                saved by `hromada course download` is read and completions are kept until `hromada sync`
                (or the next command) sends them with the time they were made. Output that is not a terminal
                gets the lesson as plain text. NO_COLOR turns colours off.
                Example: hromada learn council-deputy
                Example: hromada learn council-deputy --lesson ethics-codes --complete
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The course's slug.") var slug: String
        @Option(help: "Open this lesson (its id) instead of where you left off.") var lesson: String?
        @Flag(help: "Mark the lesson complete and exit.") var complete = false
        @Flag(help: "Read the downloaded copy without trying the server.") var offline = false
        @Option(help: "Width in columns (default: the terminal's, else 80).") var width: Int?

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let reader = try await CourseReader.open(client: client, slug: slug, offline: offline, language: lang)
                var index = reader.startIndex
                if let lesson {
                    guard let found = reader.lessons.firstIndex(where: { $0.id == lesson }) else {
                        throw CLIFailure(.error, LocalizedText(uk: "У курсі \(slug) немає уроку «\(lesson)».", en: "Course \(slug) has no lesson '\(lesson)'."))
                    }
                    index = found
                }
                guard !reader.lessons.isEmpty else {
                    throw CLIFailure(.error, LocalizedText(uk: "У курсі \(slug) немає уроків.", en: "Course \(slug) has no lessons."))
                }
                if complete || !Pager.isInteractive {
                    let columns = max(20, width ?? Pager.terminalSize()?.columns ?? 80)
                    let markdown = try await reader.markdown(at: index)
                    let plain = TerminalRenderer(width: columns, colors: false)
                    for line in reader.heading(index, language: lang).split(separator: "\n") {
                        for wrapped in plain.render(String(line)) { print(wrapped) }
                    }
                    print("")
                    for line in plain.render(markdown) { print(line) }
                    if complete {
                        print("")
                        print(try await reader.complete(at: index).text(lang))
                    }
                    if index == reader.lessons.count - 1 {
                        print("")
                        print(reader.afterLastLesson.text(lang))
                    }
                    return
                }
                try await Pager(reader: reader, language: lang, width: width).run(from: index)
            }
        }
    }

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send lesson completions made offline / Надіслати позначки уроків, зроблені без зв'язку.",
            discussion: """
                Sends each completion with the time it was made. Running it again sends nothing twice: the server
                keeps a lesson's first completion. Other commands that talk to the server send them too.
                Exit code 4 when the server cannot be reached (the completions stay queued).
                Example: hromada sync
                """
        )
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON: {sent: [...], refused: [...], pending: [...]}.") var json = false

        struct Report: Encodable {
            var sent: [OfflineStore.PendingCompletion]
            var refused: [Refused]
            var pending: [OfflineStore.PendingCompletion]
            struct Refused: Encodable {
                var completion: OfflineStore.PendingCompletion
                var reason: String
            }
        }

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                let store = OfflineStore(server: client.server)
                let waiting = store.pending().count
                let result: (sent: [OfflineStore.PendingCompletion], refused: [(OfflineStore.PendingCompletion, String)])
                do {
                    result = try await client.sendPending(store)
                } catch ClientError.unreachable {
                    throw CLIFailure(.unreachable, Messages.syncUnreachable(store.pending().count))
                }
                if json {
                    try Terminal.printJSON(Report(sent: result.sent, refused: result.refused.map { .init(completion: $0.0, reason: $0.1) }, pending: store.pending()))
                    return
                }
                if waiting == 0 {
                    print(Messages.nothingToSync.text(lang))
                    return
                }
                print(Messages.synced(result.sent.count).text(lang))
                for (item, reason) in result.refused {
                    Terminal.error(LocalizedText(uk: "Сервер не прийняв позначку уроку \(item.lessonID) (\(item.slug)): \(reason)",
                                                 en: "The server refused the completion of lesson \(item.lessonID) (\(item.slug)): \(reason)").text(lang))
                }
            }
        }
    }
}

/// Sends completions made offline before a command that talks to the server, and says so in one
/// line when there were any. Quiet when the server still cannot be reached.
func sendPendingQuietly(_ client: APIClient, _ language: Language) async {
    let store = OfflineStore(server: client.server)
    guard !store.pending().isEmpty, let result = try? await client.sendPending(store), !result.sent.isEmpty else { return }
    Terminal.error(Messages.synced(result.sent.count).text(language))
}

/// One enrolled course, read from the server or, when it cannot be reached, from the downloaded copy.
final class CourseReader {
    struct Lesson {
        var id: String
        var title: String
    }

    let client: APIClient
    let store: OfflineStore
    let slug: String
    let title: String
    let enrolmentID: String
    let lessons: [Lesson]
    /// The course's quizzes (id, title), in the outline's order; none when reading the downloaded copy.
    let quizzes: [Lesson]
    /// Lesson id → when it was completed (the server's record, plus completions still queued here).
    private(set) var completed: [String: Date]
    /// Completions made here and not yet acknowledged by the server.
    private(set) var queued: Set<String>
    /// Reading the downloaded copy; set when the server stops answering mid-way too.
    private(set) var isOffline: Bool
    let copy: OfflineStore.CourseCopy?
    let language: Language

    init(client: APIClient, store: OfflineStore, slug: String, title: String, enrolmentID: String, lessons: [Lesson], quizzes: [Lesson] = [],
         completed: [String: Date], offline: Bool, copy: OfflineStore.CourseCopy?, language: Language) {
        self.quizzes = quizzes
        self.client = client
        self.store = store
        self.slug = slug
        self.title = title
        self.enrolmentID = enrolmentID
        self.lessons = lessons
        self.isOffline = offline
        self.copy = copy
        self.language = language
        var completed = completed
        var queued: Set<String> = []
        for item in store.pending() where item.enrolmentID == enrolmentID && completed[item.lessonID] == nil {
            completed[item.lessonID] = item.completedAt
            queued.insert(item.lessonID)
        }
        self.completed = completed
        self.queued = queued
    }

    /// Where the learner left off: the first lesson not completed, else the first.
    var startIndex: Int { lessons.firstIndex { completed[$0.id] == nil } ?? 0 }

    static func open(client: APIClient, slug: String, offline: Bool, language: Language) async throws -> CourseReader {
        let store = OfflineStore(server: client.server)
        let copy = store.course(slug)
        if !offline {
            do {
                await sendPendingQuietly(client, language)
                let page: Page<Enrolment> = try await client.callAll("/api/v1/me/enrolments")
                guard let e = page.items.first(where: { $0.course.slug == slug && $0.withdrawnAt == nil }) else {
                    throw CLIFailure(.error, Messages.notEnrolled(slug))
                }
                let completed = e.lessons.reduce(into: [String: Date]()) { out, l in
                    if let at = l.completedAt { out[l.id] = at }
                }
                if copy?.version == e.course.version { store.updateCompleted(slug, completed) }
                return CourseReader(client: client, store: store, slug: slug, title: e.course.title, enrolmentID: e.id.lowercasedText,
                                    lessons: e.lessons.map { Lesson(id: $0.id, title: $0.title) },
                                    quizzes: e.quizzes.map { Lesson(id: $0.id, title: $0.title) }, completed: completed,
                                    offline: false, copy: copy?.version == e.course.version ? copy : nil, language: language)
            } catch ClientError.unreachable {
                guard copy != nil else { throw CLIFailure(.unreachable, Messages.unreachableNoCopy(slug)) }
                Terminal.error(Messages.readingCopy(copy!.downloadedAt).text(language))
            }
        }
        guard let copy else { throw CLIFailure(.error, Messages.noCopy(slug)) }
        return CourseReader(client: client, store: store, slug: slug, title: copy.title, enrolmentID: copy.enrolmentID,
                            lessons: copy.lessons.map { Lesson(id: $0.id, title: $0.title) }, completed: copy.completed,
                            offline: true, copy: copy, language: language)
    }

    /// The lesson's Markdown: from the server, else from the copy (and from then on offline).
    func markdown(at index: Int) async throws -> String {
        let id = lessons[index].id
        if !isOffline {
            do {
                struct LessonAnswer: Decodable { var markdown: String }
                let answer: LessonAnswer = try await client.call("GET", "/api/v1/enrolments/\(enrolmentID)/lessons/\(id)")
                return answer.markdown
            } catch ClientError.unreachable {
                guard copy != nil else { throw CLIFailure(.unreachable, Messages.unreachableNoCopy(slug)) }
                isOffline = true
            }
        }
        guard let lesson = copy?.lessons.first(where: { $0.id == id }) else { throw CLIFailure(.error, Messages.noCopy(slug)) }
        return lesson.markdown
    }

    /// Marks the lesson complete: on the server, else queued with the time it was marked.
    func complete(at index: Int, now: Date = Date()) async throws -> LocalizedText {
        let id = lessons[index].id
        if let at = completed[id] { return Messages.alreadyComplete(at) }
        if !isOffline {
            do {
                let (data, _) = try await client.send("POST", "/api/v1/enrolments/\(enrolmentID)/lessons/\(id)/complete")
                let answer = try? JSONDecoder.api.decode(Enrolment.self, from: data)
                completed[id] = answer?.lessons.first { $0.id == id }?.completedAt ?? now
                if copy != nil { store.updateCompleted(slug, completed.filter { !queued.contains($0.key) }) }
                return Messages.markedComplete
            } catch ClientError.unreachable {
                isOffline = true
            }
        }
        try store.enqueue(.init(enrolmentID: enrolmentID, slug: slug, lessonID: id, completedAt: now))
        completed[id] = now
        queued.insert(id)
        return Messages.markedOffline
    }

    /// What comes after the last lesson: the course's final test (its last quiz), with the command.
    var afterLastLesson: LocalizedText {
        guard let final = quizzes.last else { return Messages.lastLesson }
        return Messages.finalTestNext(slug, final.id, title: final.title)
    }

    func heading(_ index: Int, language: Language) -> String {
        let mark = completed[lessons[index].id] != nil ? " ✓" : ""
        let place = LocalizedText(uk: "урок \(index + 1) з \(lessons.count)", en: "lesson \(index + 1) of \(lessons.count)").text(language)
        let offline = isOffline ? " · " + LocalizedText(uk: "без зв'язку", en: "offline").text(language) : ""
        return "\(title) · \(place)\(offline)\n\(lessons[index].title)\(mark)"
    }
}

extension HromadaCommand.CourseCommand {
    struct Download: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep a course for reading offline / Зберегти курс для читання без зв'язку.",
            discussion: """
                Saves the lessons of the version you are enrolled in, and the files they show, in your cache
                ($XDG_CACHE_HOME/hromada, else ~/.cache/hromada); `hromada learn` reads them when the server
                cannot be reached. Running it again refreshes the copy. Quizzes stay online.
                Example: hromada course download council-deputy
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The course's slug.") var slug: String
        @Flag(help: "Print JSON: {slug, version, lessons, files, folder}.") var json = false

        struct Report: Encodable {
            var slug, version, folder: String
            var lessons, files: Int
        }

        func run() async throws {
            let lang = global.language
            try await guarded(lang) {
                let (client, _) = try global.client(requireToken: true)
                await sendPendingQuietly(client, lang)
                let page: Page<Enrolment> = try await client.callAll("/api/v1/me/enrolments")
                guard let e = page.items.first(where: { $0.course.slug == slug && $0.withdrawnAt == nil }) else {
                    throw CLIFailure(.error, Messages.notEnrolled(slug))
                }
                struct LessonAnswer: Decodable {
                    var id, title, markdown: String
                    var minutes: Int?
                }
                var lessons: [OfflineStore.CourseCopy.Lesson] = []
                var assets: [String: Data] = [:]
                for ref in e.lessons {
                    let l: LessonAnswer = try await client.call("GET", "/api/v1/enrolments/\(e.id)/lessons/\(ref.id)")
                    lessons.append(.init(id: l.id, title: l.title, minutes: l.minutes, markdown: l.markdown))
                    for path in Self.localFiles(in: l.markdown) where assets[path] == nil {
                        let encoded = path.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }.joined(separator: "/")
                        if let (data, _) = try? await client.send("GET", "/api/v1/courses/\(slug)/versions/\(e.course.version)/files/\(encoded)", accept: "*/*", raw: true) {
                            assets[path] = data
                        }
                    }
                }
                let completed = e.lessons.reduce(into: [String: Date]()) { out, l in
                    if let at = l.completedAt { out[l.id] = at }
                }
                let store = OfflineStore(server: client.server)
                let copy = OfflineStore.CourseCopy(slug: slug, title: e.course.title, version: e.course.version, enrolmentID: e.id.lowercasedText,
                                                   downloadedAt: Date(), lessons: lessons, completed: completed, assets: assets.keys.sorted())
                do {
                    try store.save(copy, assets: assets)
                } catch {
                    throw CLIFailure(.error, LocalizedText(uk: "Не вдалося записати копію в \(store.directory.path): \(error.localizedDescription)",
                                                           en: "The copy could not be written to \(store.directory.path): \(error.localizedDescription)"))
                }
                let folder = store.courseFile(slug).deletingLastPathComponent().path
                if json {
                    try Terminal.printJSON(Report(slug: slug, version: e.course.version, folder: folder, lessons: lessons.count, files: assets.count))
                } else {
                    print(Messages.downloaded(title: e.course.title, version: e.course.version, lessons: lessons.count, files: assets.count, folder: folder).text(lang))
                }
            }
        }

        /// Files of the pack a lesson shows or links to (`../assets/map.png` from `lessons/`), as paths
        /// inside the pack: the links the validator checks (inline or by reference, a target in angle
        /// brackets, `%20` decoded); web addresses are left alone.
        static func localFiles(in markdown: String) -> [String] {
            // The lesson's own path is not in the API's answer: links are read from `lessons/`, where
            // course-pack.md puts lessons (one in a subfolder of it would have its files missed).
            LessonRenderer.relativeLinks(markdown).compactMap { link in
                link.target.contains(":") ? nil : PackValidator.linkedFile(link.target, from: "lessons/lesson.md")
            }
        }
    }
}
