import HromadaAPI
public import Foundation
import HromadaDomain

/// What the terminal client keeps for reading without a connection: downloaded courses and the
/// lesson completions made while the server could not be reached.
///
/// Under `$XDG_CACHE_HOME/hromada/<server>/` (else `~/.cache/hromada/<server>/`), as ``PrivateFile``s.
public struct OfflineStore: Sendable {
    public let directory: URL

    public init(server: URL, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let base: URL
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            base = URL(fileURLWithPath: xdg).appendingPathComponent("hromada")
        } else {
            base = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".cache/hromada")
        }
        // One folder per server: "127.0.0.1_8080", "learn.example.org".
        let name = [server.host ?? "server", server.port.map(String.init)].compactMap { $0 }.joined(separator: "_")
        directory = base.appendingPathComponent(String(name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }))
    }

    // MARK: Downloaded courses

    /// One enrolled course's version as downloaded: its lessons in course order, with their Markdown,
    /// and the assets the lessons refer to.
    public struct CourseCopy: Codable, Sendable {
        public struct Lesson: Codable, Sendable {
            public var id: String
            public var title: String
            public var minutes: Int?
            public var markdown: String

            public init(id: String, title: String, minutes: Int?, markdown: String) {
                self.id = id
                self.title = title
                self.minutes = minutes
                self.markdown = markdown
            }
        }
        public var slug: String
        public var title: String
        public var version: String
        public var enrolmentID: String
        public var downloadedAt: Date
        public var lessons: [Lesson]
        /// Completion times as the server knew them at download (lesson id → time).
        public var completed: [String: Date]
        /// Asset paths inside the pack (e.g. `assets/map.png`) saved next to the copy.
        public var assets: [String]

        public init(slug: String, title: String, version: String, enrolmentID: String, downloadedAt: Date,
                    lessons: [Lesson], completed: [String: Date], assets: [String]) {
            self.slug = slug
            self.title = title
            self.version = version
            self.enrolmentID = enrolmentID
            self.downloadedAt = downloadedAt
            self.lessons = lessons
            self.completed = completed
            self.assets = assets
        }

        enum CodingKeys: String, CodingKey {
            case slug, title, version, lessons, completed, assets
            case enrolmentID = "enrolment_id"
            case downloadedAt = "downloaded_at"
        }
    }

    func courseFolder(_ slug: String) -> URL { directory.appendingPathComponent("courses").appendingPathComponent(slug) }

    public func courseFile(_ slug: String) -> URL { courseFolder(slug).appendingPathComponent("course.json") }

    public func assetFile(_ slug: String, path: String) -> URL { courseFolder(slug).appendingPathComponent(path) }

    public func course(_ slug: String) -> CourseCopy? {
        guard let data = FileManager.default.contents(atPath: courseFile(slug).path) else { return nil }
        return try? Self.decoder.decode(CourseCopy.self, from: data)
    }

    public func save(_ copy: CourseCopy, assets: [String: Data]) throws {
        for (path, bytes) in assets {
            try PrivateFile.write(bytes, to: assetFile(copy.slug, path: path))
        }
        try PrivateFile.write(try Self.encoder.encode(copy), to: courseFile(copy.slug))
    }

    /// Brings the copy's record of completed lessons up to date with the server's, so that reading
    /// offline later starts where the learner really left off.
    public func updateCompleted(_ slug: String, _ completed: [String: Date]) {
        guard var copy = course(slug), copy.completed != completed,
              let data = try? Self.encoder.encode({ copy.completed = completed; return copy }()) else { return }
        try? PrivateFile.write(data, to: courseFile(slug))
    }

    // MARK: Completions made offline

    /// A lesson marked complete while the server could not be reached, with the time it was marked.
    public struct PendingCompletion: Codable, Sendable, Equatable {
        public var enrolmentID: String
        public var slug: String
        public var lessonID: String
        public var completedAt: Date

        public init(enrolmentID: String, slug: String, lessonID: String, completedAt: Date) {
            self.enrolmentID = enrolmentID
            self.slug = slug
            self.lessonID = lessonID
            self.completedAt = completedAt
        }

        enum CodingKeys: String, CodingKey {
            case slug
            case enrolmentID = "enrolment_id"
            case lessonID = "lesson_id"
            case completedAt = "completed_at"
        }
    }

    var queueFile: URL { directory.appendingPathComponent("pending-completions.json") }

    public func pending() -> [PendingCompletion] {
        guard let data = FileManager.default.contents(atPath: queueFile.path) else { return [] }
        return (try? Self.decoder.decode([PendingCompletion].self, from: data)) ?? []
    }

    /// Queues a completion; a lesson already queued keeps its first time (as the server would).
    public func enqueue(_ completion: PendingCompletion) throws {
        var queue = pending()
        guard !queue.contains(where: { $0.enrolmentID == completion.enrolmentID && $0.lessonID == completion.lessonID }) else { return }
        queue.append(completion)
        try PrivateFile.write(try Self.encoder.encode(queue), to: queueFile)
    }

    /// Drops the queued completions the server has acknowledged.
    public func remove(_ done: [PendingCompletion]) throws {
        let queue = pending().filter { !done.contains($0) }
        if queue.isEmpty {
            try? FileManager.default.removeItem(at: queueFile)
        } else {
            try PrivateFile.write(try Self.encoder.encode(queue), to: queueFile)
        }
    }

    // MARK: Encoding

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(OfflineStore.timestamp(date))
        }
        return e
    }()

    static var decoder: JSONDecoder { APIClient.decoder }

    /// `2026-11-29T10:15:00.681Z`, as the API writes times (``Timestamp``).
    public static func timestamp(_ date: Date) -> String { Timestamp.format(date) }
}

extension APIClient {
    /// Sends the queued offline completions, oldest first, each with the time it was made. The server
    /// keeps a lesson's first completion, so sending one again (an answer lost on the way) changes
    /// nothing. Stops at the first that cannot be sent for want of a connection; a completion the
    /// server refuses for good (its lesson or enrolment gone) is dropped and reported.
    /// Returns what was sent and what was refused.
    public func sendPending(_ store: OfflineStore) async throws -> (sent: [OfflineStore.PendingCompletion], refused: [(OfflineStore.PendingCompletion, String)]) {
        var sent: [OfflineStore.PendingCompletion] = []
        var refused: [(OfflineStore.PendingCompletion, String)] = []
        defer { try? store.remove(sent + refused.map(\.0)) }
        for item in store.pending() {
            do {
                _ = try await send("POST", "/api/v1/enrolments/\(item.enrolmentID)/lessons/\(item.lessonID)/complete",
                                   json: LessonCompletionRequest(completedAt: OfflineStore.timestamp(item.completedAt)))
                sent.append(item)
            } catch ClientError.problem(let p) where p.status < 500 {
                refused.append((item, p.detail ?? p.title))
            }
        }
        return (sent, refused)
    }
}
