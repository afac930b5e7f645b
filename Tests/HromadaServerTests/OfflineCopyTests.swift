import Testing
@testable import HromadaCommands

/// What `hromada course download` fetches for reading offline.
struct OfflineCopyTests {
    /// Found in review: the files were picked from a lesson by a pattern of its own, not the links
    /// the validator checks: a target in angle brackets and reference links were missed, and `%20`
    /// was sent encoded again, so those files were left out without a word.
    @Test func theFilesALessonLinksToAreTheOnesTheValidatorChecks() {
        let md = """
            ![a](../assets/map.png) [b](<../assets/план робіт.pdf>) [c](../assets/x%20y.pdf#p2) [d](https://rada.gov.ua) [e][r] `[f](../assets/code.png)`

            [r]: ../assets/ref.png

            [g](../../outside.png) [h](#top)
            """
        #expect(HromadaCommand.CourseCommand.Download.localFiles(in: md)
            == ["assets/map.png", "assets/план робіт.pdf", "assets/x y.pdf", "assets/ref.png"])
    }
}
