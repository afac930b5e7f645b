import Foundation
import HromadaDomain
import HromadaPacks
import Synchronization

/// Quiz definitions (with their answer keys) by course version, read from `course_quizzes`.
///
/// A published version never changes, so what is read once stays true: the catalogue keeps the
/// decoded quizzes in memory to spare every answer save and submit a JSON decode. It holds no state
/// that another server instance could disagree with.
public final class QuizCatalogue: Sendable {
    private let cache = Mutex<[String: Quiz]>([:])
    private let capacity: Int

    public init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The quiz `quizID` of version `versionID`, or nil when that version has no such quiz.
    public func quiz(_ db: PGConnection, versionID: UUID, quizID: String) throws -> Quiz? {
        let key = versionID.uuidString + "/" + quizID
        if let quiz = cache.withLock({ $0[key] }) { return quiz }
        guard let row = try db.execute("""
            SELECT definition::text AS definition FROM course_quizzes WHERE version_id = \(versionID) AND id = \(quizID)
            """).first else { return nil }
        let quiz = try JSONDecoder().decode(Quiz.self, from: Data(try row.decode(String.self, "definition").utf8))
        cache.withLock {
            if $0.count >= capacity { $0.removeAll(keepingCapacity: true) }
            $0[key] = quiz
        }
        return quiz
    }
}

/// Attempt papers (the drawn questions in their shuffled order) by attempt id.
///
/// A paper is drawn once when the attempt starts and never changes, so it can be kept after the
/// first read: an answer save then checks the answers' shapes without decoding the paper's JSON
/// again. Like ``QuizCatalogue``, it holds nothing another instance could disagree with. Bounded:
/// at `capacity` it starts afresh.
public final class PaperCache: Sendable {
    private let cache = Mutex<[UUID: AttemptPaper]>([:])
    private let capacity: Int

    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    func paper(_ attemptID: UUID) -> AttemptPaper? {
        cache.withLock { $0[attemptID] }
    }

    func keep(_ paper: AttemptPaper, for attemptID: UUID) {
        cache.withLock {
            if $0.count >= capacity { $0.removeAll(keepingCapacity: true) }
            $0[attemptID] = paper
        }
    }
}
