import Foundation
import HromadaClient
import HromadaDomain
import Testing
@testable import HromadaCommands

/// The reader's outline names the quizzes by the id `hromada quiz` takes, and the last lesson says
/// which test comes next. Nothing here talks to a server: the reader is built as `open` builds it.
struct ReaderOutlineTests {
    static func reader(quizzes: [CourseReader.Lesson]) -> CourseReader {
        let server = URL(string: "http://127.0.0.1:9")!
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("hromada-outline-\(UUID().uuidString)").path
        return CourseReader(client: APIClient(server: server, token: nil, language: .uk),
                            store: OfflineStore(server: server, environment: ["XDG_CACHE_HOME": cache]),
                            slug: "council-deputy", title: "Депутат ради", enrolmentID: "e",
                            lessons: [.init(id: "status", title: "Статус депутата"), .init(id: "ethics", title: "Етика")],
                            quizzes: quizzes, completed: [:], offline: false, copy: nil, language: .uk)
    }

    @Test func theOutlineListsEachQuizWithItsId() {
        let reader = Self.reader(quizzes: [.init(id: "quiz-status", title: "Статус"), .init(id: "final", title: "Підсумковий тест")])
        let lines = Pager(reader: reader, language: .uk, width: 80).outline(columns: 80, typed: "")
        #expect(lines.contains("Тести (hromada quiz council-deputy ID):"), "\(lines)")
        #expect(lines.contains("     • Підсумковий тест [final]") && lines.contains("     • Статус [quiz-status]"), "\(lines)")
        #expect(Pager(reader: reader, language: .en, width: 80).outline(columns: 80, typed: "").contains("Quizzes (hromada quiz council-deputy ID):"))
    }

    @Test func theLastLessonPointsToTheFinalTest() {
        let reader = Self.reader(quizzes: [.init(id: "quiz-status", title: "Статус"), .init(id: "final", title: "Підсумковий тест")])
        #expect(reader.afterLastLesson.uk == "Це останній урок курсу. Далі — тест «Підсумковий тест»: hromada quiz council-deputy final")
        #expect(reader.afterLastLesson.en.hasSuffix("hromada quiz council-deputy final"))
        // A course without quizzes (or the downloaded copy, which has none) says only that it is the last.
        #expect(Self.reader(quizzes: []).afterLastLesson == Messages.lastLesson)
        #expect(!Pager(reader: Self.reader(quizzes: []), language: .uk, width: 80).outline(columns: 80, typed: "").contains { $0.hasPrefix("Тести") })
    }
}
