import Foundation
import HromadaDomain
import Yams

/// The one validator of course packs, shared by `hromada pack validate`, `hromada-server courses
/// import` and the upload API. It reports every problem it finds, each with its file, line and
/// column, and returns a ``Course`` only when there is no error.
public enum PackValidator {
    public struct Result: Sendable {
        public var course: Course?
        public var diagnostics: [Diagnostic]
        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    static let manifestKeys = ["format", "slug", "version", "language", "title", "summary", "audience", "hours",
                               "credits", "programme", "authors", "tags", "modules", "completion", "certificate"]
    /// `[a-z0-9][a-z0-9-]*`
    static func isID(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, isLowerAlnum(first) else { return false }
        return s.unicodeScalars.allSatisfy { isLowerAlnum($0) || $0 == "-" }
    }

    /// `[a-z0-9][a-z0-9-]{2,63}`
    public static func isSlug(_ s: String) -> Bool { (3...64).contains(s.count) && isID(s) }

    /// `MAJOR.MINOR.PATCH[-pre]` as SemVer 2.0 writes it, each number at most ``maxVersionNumber``:
    /// no leading zeros, and `pre` dot-separated identifiers of ASCII letters, digits and hyphens,
    /// a numeric one without leading zeros. (No `+build`: two releases must never differ in it alone.)
    static func isVersion(_ s: String) -> Bool { versionProblem(s) == nil }

    /// The largest major, minor or patch number: they are stored as PostgreSQL `integer`.
    static let maxVersionNumber = Int(Int32.max)

    /// Why `s` is not a version ``isVersion(_:)`` accepts, or nil when it is one.
    static func versionProblem(_ s: String) -> String? {
        let main = s.split(separator: "-", maxSplits: 1)
        let parts = main.first?.split(separator: ".", omittingEmptySubsequences: false) ?? []
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) && ($0 == "0" || !$0.hasPrefix("0")) }),
              main.count == 1 || !main[1].isEmpty else {
            return "version must be a semantic version such as 1.2.0"
        }
        guard parts.allSatisfy({ Int($0).map { $0 <= maxVersionNumber } ?? false }) else {
            return "version \(s): major, minor and patch must each be at most \(maxVersionNumber)"
        }
        if main.count == 2, let bad = main[1].split(separator: ".", omittingEmptySubsequences: false).first(where: { !isPrereleaseIdentifier($0) }) {
            let what = bad.isEmpty ? "an empty identifier" : "'\(bad)'"
            return "version \(s): the pre-release after '-' has \(what); it must be dot-separated identifiers of ASCII letters, digits and '-', a number without leading zeros (e.g. 1.2.0-rc.1)"
        }
        return nil
    }

    /// One identifier of a SemVer pre-release: `[0-9A-Za-z-]+`, and if all digits, `0` or without a leading zero.
    /// (Leading zeros would make `rc.01` and `rc.1` two releases of one precedence.)
    static func isPrereleaseIdentifier(_ id: Substring) -> Bool {
        guard !id.isEmpty, id.unicodeScalars.allSatisfy({ $0.isASCII && (isLowerAlnum($0) || ("A"..."Z").contains($0) || $0 == "-") }) else {
            return false
        }
        return !id.allSatisfy(\.isNumber) || id == "0" || !id.hasPrefix("0")
    }

    /// A lesson link's target without its `#fragment`, as written.
    static func linkedPath(_ target: String) -> String {
        String(target.split(separator: "#").first ?? "")
    }

    /// The pack file a lesson's link reaches (a target of ``LessonRenderer/relativeLinks(_:)`` in the
    /// lesson at `lessonPath`): the `#fragment` dropped, percent-escapes such as `%20` decoded. Nil
    /// when it names no file or leaves the pack. The validator checks these; `hromada course
    /// download` fetches them.
    public static func linkedFile(_ target: String, from lessonPath: String) -> String? {
        let path = linkedPath(target)
        guard !path.isEmpty else { return nil }
        return Context.join(path.removingPercentEncoding ?? path, relativeTo: lessonPath)
    }

    static func isLowerAlnum(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("0"..."9").contains(c) }

    public static func validate(_ pack: PackFiles) -> Result {
        var context = Context(pack: pack)
        context.diagnostics = pack.problems
        let course = context.run()
        let diagnostics = context.diagnostics.sorted()
        let hasErrors = diagnostics.contains { $0.severity == .error }
        return Result(course: hasErrors ? nil : course, diagnostics: diagnostics)
    }

    /// Validation state for one pack.
    struct Context {
        let pack: PackFiles
        var diagnostics: [Diagnostic] = []
        /// Files the manifest reaches; everything else is ignored with a warning.
        var reached: Set<String> = ["course.yaml"]
        /// Files lessons link to, and files read as text (manifest, lessons, quizzes, GIFT banks):
        /// the assets are the first less the second.
        var linked: Set<String> = []
        var read: Set<String> = ["course.yaml"]
        var lessons: [Lesson] = []
        var quizzes: [Quiz] = []
        var ids: [String: String] = [:]
        /// GIFT files read so far, by path: each is parsed, and its problems reported, once however
        /// many quizzes import it.
        var gifts: [String: GIFTParser.Output] = [:]

        init(pack: PackFiles) {
            self.pack = pack
        }

        mutating func error(_ path: String, _ line: Int = 1, _ column: Int = 1, _ message: String) {
            diagnostics.append(Diagnostic(.error, path, line: line, column: column, message))
        }

        /// The UTF-8 text of a file, or an error naming it.
        mutating func text(_ path: String, from: (String, Node?)) -> String? {
            guard let bytes = pack.files[path] else {
                let (file, node) = from
                error(file, node?.mark?.line ?? 1, node?.mark?.column ?? 1, "'\(path)' does not exist in the pack")
                return nil
            }
            reached.insert(path)
            read.insert(path)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                let (line, column) = Self.firstInvalidUTF8(bytes)
                error(path, line, column, "the file is not valid UTF-8")
                return nil
            }
            if let nul = bytes.firstIndex(of: 0) {
                // Text with a NUL byte cannot be stored (PostgreSQL text refuses it) nor shown.
                let before = bytes[..<nul]
                let line = before.count { $0 == 0x0A } + 1
                let column = String(decoding: before[((before.lastIndex(of: 0x0A) ?? -1) + 1)...], as: UTF8.self).count + 1
                error(path, line, column, "the file contains a NUL byte, which text must not")
                return nil
            }
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }

        static func firstInvalidUTF8(_ bytes: [UInt8]) -> (Int, Int) {
            var line = 1, column = 1, i = 0
            while i < bytes.count {
                let b = bytes[i]
                let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
                if length == 0 || i + length > bytes.count || String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil {
                    return (line, column)
                }
                if b == 0x0A { line += 1; column = 1 } else { column += 1 }
                i += length
            }
            return (line, column)
        }

        /// A path written in a file, relative to the pack root (`base` nil) or to `base`'s folder;
        /// nil when it leaves the pack.
        static func join(_ written: String, relativeTo base: String?) -> String? {
            guard !written.hasPrefix("/") else { return nil }
            if base == nil, written.split(separator: "/").first == ".." { return nil }
            var folder = ""
            if let base, let slash = base.lastIndex(of: "/") { folder = String(base[...slash]) }
            return PackFiles.normalise(folder + written)
        }

        /// ``join(_:relativeTo:)``, reporting a path that leaves the pack at `node`.
        mutating func resolve(_ written: String, relativeTo base: String?, in file: String, node: Node?) -> String? {
            guard let path = Self.join(written, relativeTo: base) else {
                error(file, node?.mark?.line ?? 1, node?.mark?.column ?? 1, "the path '\(written)' leaves the pack")
                return nil
            }
            return path
        }

        mutating func claim(_ id: String, kind: String, at path: String, node: Node?, lineOffset: Int = 0) {
            if let earlier = ids[id] {
                error(path, (node?.mark?.line ?? 1) + lineOffset, node?.mark?.column ?? 1, "\(kind) id '\(id)' is already used by \(earlier)")
            } else {
                ids[id] = "\(kind) in \(path)"
            }
        }

        mutating func run() -> Course? {
            guard let manifestText = text("course.yaml", from: ("course.yaml", nil)) else { return nil }
            var doc = YAMLDocument(path: "course.yaml")
            defer { diagnostics += doc.diagnostics }
            guard let root = doc.parse(manifestText),
                  let m = doc.mapping(root, known: PackValidator.manifestKeys, what: "course.yaml") else { return nil }

            if let format = doc.string(m, "format", in: "course.yaml", parent: root), format != "hromada-pack/1" {
                doc.error(m["format"], "format must be 'hromada-pack/1'")
            }
            let slug = doc.string(m, "slug", in: "course.yaml", parent: root) ?? ""
            if !slug.isEmpty, !PackValidator.isSlug(slug) {
                doc.error(m["slug"], "slug must be 3 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit")
            }
            let version = doc.string(m, "version", in: "course.yaml", parent: root) ?? ""
            if !version.isEmpty, let problem = PackValidator.versionProblem(version) {
                doc.error(m["version"], problem)
            }
            let language = doc.string(m, "language", in: "course.yaml", parent: root) ?? "uk"
            if !["uk", "en"].contains(language) { doc.error(m["language"], "language must be uk or en") }
            let title = doc.string(m, "title", in: "course.yaml", parent: root) ?? ""
            let summary = doc.string(m, "summary", in: "course.yaml", parent: root) ?? ""
            var audience: [Category] = []
            if let raw = doc.strings(m, "audience") {
                for a in raw {
                    if let c = Category(rawValue: a) { audience.append(c) } else {
                        doc.error(m["audience"], "audience '\(a)' must be official or deputy")
                    }
                }
                if raw.isEmpty { doc.error(m["audience"], "audience must name official, deputy or both") }
            } else {
                doc.error(root, "course.yaml needs 'audience'")
            }
            let hours = doc.number(m, "hours", range: CreditRules.hours) ?? 0
            if m["hours"] == nil { doc.error(root, "course.yaml needs 'hours'") }
            let credits = doc.number(m, "credits", range: CreditRules.credits) ?? CreditRules.defaultCredits(hours: hours)
            let programme = doc.string(m, "programme", in: "course.yaml", parent: root) ?? ""
            // The rules events are checked by too (CreditRules).
            switch CreditRules.check(programme: programme, credits: credits) {
            case .shortTermRange:
                doc.error(m["credits"] ?? m["programme"], "a short-term programme carries 0.2 to 1 ECTS credits, not \(doc.format(credits))")
            case .professionalMinimum:
                doc.error(m["credits"] ?? m["programme"], "a professional programme carries at least 2 ECTS credits, not \(doc.format(credits))")
            case .unknownProgramme:
                doc.error(m["programme"], "programme must be short-term or professional")
            case nil: break
            }
            var authors: [Course.Author] = []
            for node in doc.sequence(m, "authors") ?? [] {
                guard let a = doc.mapping(node, known: ["name", "email"], what: "an author") else { continue }
                if let name = doc.string(a, "name", in: "an author", parent: node) {
                    authors.append(.init(name: name, email: doc.string(a, "email", in: "an author", required: false)))
                }
            }
            let tags = doc.strings(m, "tags") ?? []
            let certificate = doc.bool(m, "certificate") ?? true

            var modules: [Course.Module] = []
            let moduleNodes = doc.sequence(m, "modules") ?? []
            if moduleNodes.isEmpty { doc.error(m["modules"] ?? root, "a course needs at least one module") }
            for node in moduleNodes {
                guard let mm = doc.mapping(node, known: ["id", "title", "items"], what: "a module") else { continue }
                let id = doc.string(mm, "id", in: "a module", parent: node) ?? ""
                if !id.isEmpty {
                    if !PackValidator.isID(id) {
                        doc.error(mm["id"], "module id '\(id)' must use a-z, 0-9 and '-'")
                    }
                    diagnostics += doc.diagnostics
                    doc.diagnostics = []
                    claim(id, kind: "module", at: "course.yaml", node: mm["id"])
                }
                let moduleTitle = doc.string(mm, "title", in: "a module", parent: node) ?? ""
                var items: [Course.Module.Item] = []
                for itemNode in doc.sequence(mm, "items") ?? [] {
                    guard let item = doc.mapping(itemNode, known: ["lesson", "quiz"], what: "a module item") else { continue }
                    guard item.count == 1 else {
                        doc.error(itemNode, "a module item is either 'lesson: PATH' or 'quiz: PATH'")
                        continue
                    }
                    diagnostics += doc.diagnostics
                    doc.diagnostics = []
                    if let written = doc.string(item, "lesson", in: "a module item", required: false) {
                        if let path = resolve(written, relativeTo: nil, in: "course.yaml", node: item["lesson"]),
                           let lesson = readLesson(path, from: item["lesson"]) {
                            items.append(.lesson(lesson.id))
                        }
                    } else if let written = doc.string(item, "quiz", in: "a module item", required: false) {
                        if let path = resolve(written, relativeTo: nil, in: "course.yaml", node: item["quiz"]),
                           let quiz = readQuiz(path, from: item["quiz"]) {
                            items.append(.quiz(quiz.id))
                        }
                    }
                }
                if items.isEmpty { doc.error(node, "module '\(id)' has no lessons or quizzes") }
                modules.append(.init(id: id, title: moduleTitle, items: items))
            }

            var completion = Course.Completion(lessons: .all, quizzes: [])
            if let node = m["completion"], let c = doc.mapping(node, known: ["lessons", "quizzes"], what: "completion") {
                if let l = c["lessons"] {
                    switch l.string {
                    case "all": completion.lessons = .all
                    case "none": completion.lessons = .none
                    case let s? where Int(s) != nil:
                        let n = Int(s)!
                        if n < 0 || n > lessons.count {
                            doc.error(l, "completion.lessons is \(n) but the pack has \(lessons.count) lessons")
                        }
                        completion.lessons = .atLeast(n)
                    default: doc.error(l, "completion.lessons must be all, none or a number")
                    }
                }
                for (index, id) in (doc.strings(c, "quizzes") ?? []).enumerated() {
                    if !quizzes.contains(where: { $0.id == id }) {
                        let node: Node? = if case .sequence(let s) = c["quizzes"], index < s.count { s[index] } else { c["quizzes"] }
                        let hint = Suggest.closest(to: id, in: quizzes.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                        doc.error(node, "completion names quiz '\(id)', which is not in the pack\(hint)")
                    } else {
                        completion.quizzes.append(id)
                    }
                }
            }

            for path in pack.files.keys.sorted() where !reached.contains(path) {
                diagnostics.append(Diagnostic(.warning, path, "not referenced by the course; ignored"))
            }
            return Course(
                slug: slug, version: version, language: language, title: title, summary: summary,
                audience: audience, hours: hours, credits: credits, programme: programme, authors: authors,
                tags: tags, modules: modules, lessons: lessons, quizzes: quizzes, completion: completion,
                certificate: certificate, contentHash: pack.contentHash(of: reached),
                files: reached.sorted(), assets: linked.subtracting(read).sorted()
            )
        }
    }
}
