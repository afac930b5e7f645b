import Yams
import Foundation

extension PackValidator.Context {
    /// Reads `lessons/*.md`: a YAML front-matter block (id, title, minutes), then CommonMark.
    mutating func readLesson(_ path: String, from reference: Node?) -> Lesson? {
        guard let text = text(path, from: ("course.yaml", reference)) else { return nil }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        else {
            error(path, 1, 1, "a lesson starts with a front-matter block between '---' lines (id, title, minutes)")
            return nil
        }
        var doc = YAMLDocument(path: path, lineOffset: 1)
        defer { diagnostics += doc.diagnostics }
        let front = lines[1..<end].joined(separator: "\n")
        guard let node = doc.parse(front),
              let m = doc.mapping(node, known: ["id", "title", "minutes"], what: "the lesson's front matter") else { return nil }
        let id = doc.string(m, "id", in: "the lesson's front matter", parent: node) ?? ""
        if !id.isEmpty && !PackValidator.isID(id) { doc.error(m["id"], "lesson id '\(id)' must use a-z, 0-9 and '-'") }
        let title = doc.string(m, "title", in: "the lesson's front matter", parent: node) ?? ""
        let minutes = doc.integer(m, "minutes", range: 1...600) ?? 10
        let bodyLine = end + 2
        let markdown = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .newlines)
        if markdown.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            error(path, bodyLine, 1, "the lesson has no text after its front matter")
        }
        diagnostics += doc.diagnostics
        doc.diagnostics = []
        if !id.isEmpty { claim(id, kind: "lesson", at: path, node: m["id"], lineOffset: 1) }
        // The line `markdown` starts on: it drops only the empty lines before the text (a line of
        // spaces stays in it).
        let firstBodyLine = (lines[(end + 1)...].firstIndex { !$0.isEmpty } ?? end + 1) + 1
        // Rendered once, in NFC, as stored: a Character holds its combining marks in either form, so
        // columns are those of the text as written.
        let nfc = markdown.precomposedStringWithCanonicalMapping
        let rendered = LessonRenderer.render(nfc)
        for link in rendered.links {
            let target = PackValidator.linkedPath(link.target)
            guard !target.isEmpty else { continue }
            let line = firstBodyLine + link.line - 1
            guard let resolved = PackValidator.linkedFile(link.target, from: path) else {
                error(path, line, link.column, "the link '\(target)' leaves the pack")
                continue
            }
            if pack.files[resolved] == nil {
                error(path, line, link.column, "the link '\(target)' points to '\(resolved)', which is not in the pack")
            } else {
                reached.insert(resolved)
                linked.insert(resolved)
            }
        }
        guard !id.isEmpty, !title.isEmpty else { return nil }
        let lesson = Lesson(id: id, title: title, minutes: minutes, path: path, markdown: nfc, html: rendered.html)
        lessons.append(lesson)
        return lesson
    }
}
