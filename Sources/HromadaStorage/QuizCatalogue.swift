public import Foundation
import HromadaDomain
public import HromadaPacks
public import HromadaPostgres
import Synchronization

/// Quiz definitions (with their answer keys) by course version, read from `course_quizzes`.
///
/// A published version never changes, so what is read once stays true: the catalogue keeps the
/// decoded quizzes in memory to spare every answer save and submit a JSON decode. It holds no state
/// that another server instance could disagree with.
public final class QuizCatalogue: Sendable {
    private let cache: BoundedCache<String, Quiz>

    public init(capacity: Int = 512) {
        cache = BoundedCache(capacity: capacity)
    }

    /// The quiz `quizID` of version `versionID`, or nil when that version has no such quiz.
    public func quiz(_ db: PGConnection, versionID: UUID, quizID: String) throws -> Quiz? {
        let key = versionID.uuidString + "/" + quizID
        if let quiz = cache[key] { return quiz }
        guard let row = try db.execute("""
            SELECT definition::text AS definition FROM course_quizzes WHERE version_id = \(versionID) AND id = \(quizID)
            """).first else { return nil }
        let quiz = try JSONDecoder().decode(Quiz.self, from: Data(try row.decode(String.self, "definition").utf8))
        cache[key] = quiz
        return quiz
    }
}

/// Attempt papers (the drawn questions in their shuffled order) by attempt id.
///
/// A paper is drawn once when the attempt starts and never changes, so it can be kept after the
/// first read: an answer save then checks the answers' shapes without decoding the paper's JSON
/// again. Like ``QuizCatalogue``, it holds nothing another instance could disagree with.
public typealias PaperCache = BoundedCache<UUID, AttemptPaper>

/// A dictionary of values that never change once stored (published quizzes and outlines, attempt
/// papers, certificates parsed from their text), shared by a server's tasks. Bounded: at `capacity` it starts afresh, which costs a
/// re-read and nothing else.
public final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: Value]>([:])
    private let capacity: Int

    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    subscript(key: Key) -> Value? {
        get { entries.withLock { $0[key] } }
        set {
            guard let newValue else { return }
            entries.withLock {
                if $0.count >= capacity { $0.removeAll(keepingCapacity: true) }
                $0[key] = newValue
            }
        }
    }

    /// The value stored for `key`, or the one `make` gives, stored. Two tasks missing at once both
    /// make it; either result is right, since the value never changes.
    func value(_ key: Key, orMake make: () throws -> Value) rethrows -> Value {
        if let known = self[key] { return known }
        let made = try make()
        self[key] = made
        return made
    }
}
