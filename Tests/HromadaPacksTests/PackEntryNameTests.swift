import Foundation
@testable import HromadaPacks
import Testing

/// ZIP entry names reach error lists, terminals and the release ZIP: one with a control character
/// is refused, with the entry named in a form that is itself inert.
struct PackEntryNameTests {
    @Test(arguments: ["lessons/a\nb.md", "assets/\u{1B}]0;pwned\u{07}.png", "assets/x\u{85}.png", "assets/del\u{7F}.png", "quizzes/\r.yaml"])
    func anEntryWithAControlCharacterIsRefusedAndNamed(_ name: String) throws {
        let zip = try PackFiles(files: [name: Array("x".utf8), "course.yaml": Array("format: hromada-pack/1\n".utf8)])
            .zipped(paths: [name, "course.yaml"])
        let pack = PackFiles.zip(zip)
        #expect(pack.files[name] == nil)
        let problem = try #require(pack.problems.first { $0.message.contains("control character") })
        #expect(problem.severity == .error)
        #expect(!problem.path.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(problem.path.debugDescription)")
        #expect(problem.path.contains("\\u{"))
        // The rest of the archive is still read.
        #expect(pack.files["course.yaml"] != nil)
    }

    @Test func ordinaryNamesWithSpacesAndCyrillicPass() throws {
        let name = "assets/схема громади.png"
        let pack = PackFiles.zip(try PackFiles(files: [name: [1, 2, 3]]).zipped(paths: [name]))
        #expect(pack.problems.isEmpty && pack.files[name] == [1, 2, 3])
    }
}
