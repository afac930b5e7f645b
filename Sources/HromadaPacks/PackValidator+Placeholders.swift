import HromadaDomain

/// The starter template's placeholders (`hromada pack new`): fine in a draft a trainer tries out,
/// not in a release every learner's catalogue shows.
extension PackValidator {
    public enum Purpose: Sendable {
        /// Stored as a draft, seen by trainers and admins only: placeholders are warnings.
        case draft
        /// Put in the catalogue: placeholders are errors.
        case release
    }

    /// The pack validated for `purpose`: the placeholders the starter template leaves are warnings for
    /// a draft and errors for a release.
    public static func validate(_ pack: PackFiles, for purpose: Purpose) -> Result {
        var result = validate(pack)
        guard let course = result.course else { return result }
        let manifest = String(decoding: pack.files["course.yaml"] ?? [], as: UTF8.self)
        let found = placeholders(course).map { problem in
            Diagnostic(purpose == .release ? .error : .warning, "course.yaml", line: line(of: problem.text, in: manifest), problem.message)
        }
        guard !found.isEmpty else { return result }
        result.diagnostics = (result.diagnostics + found).sorted()
        if purpose == .release { result.course = nil }
        return result
    }

    /// What of the template is still there: the text to find it by, and the message.
    public static func placeholders(_ course: Course) -> [(text: String, message: String)] {
        var found: [(String, String)] = []
        if course.summary.contains(PackTemplate.placeholderSummary) {
            found.append((PackTemplate.placeholderSummary, "the starter template's placeholder summary is still there; write what the course is for and whom"))
        }
        if course.authors.contains(where: { $0.name == PackTemplate.placeholderAuthor }) {
            found.append((PackTemplate.placeholderAuthor, "the starter template's placeholder author '\(PackTemplate.placeholderAuthor)' is still there; name the real authors"))
        }
        if course.tags.contains(PackTemplate.placeholderTag) {
            found.append((PackTemplate.placeholderTag, "the starter template's placeholder tag '\(PackTemplate.placeholderTag)' is still there; remove it or put real tags"))
        }
        return found
    }

    /// The 1-based line of `course.yaml` where `text` first appears (1 when it does not).
    static func line(of text: String, in manifest: String) -> Int {
        for (n, line) in manifest.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(text) {
            return n + 1
        }
        return 1
    }
}
