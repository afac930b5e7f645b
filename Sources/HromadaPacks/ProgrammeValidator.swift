import Foundation
public import HromadaAPI
public import HromadaDomain
import Yams

/// The validator of programme folders (`hromada-programme/1`, spec/credentials.md): `programme.yaml`
/// read with the pack's YAML machinery, every problem at once as `path:line:column`. What only the
/// server knows (which courses are published, in which versions, with how many credits) is checked by
/// ``checkAgainstCatalogue(_:courses:)`` on the validated result, with the same positions.
public enum ProgrammeValidator {
    public static let manifest = "programme.yaml"
    /// The most parts a programme has: each is looked up at every completion of its learners.
    public static let maxParts = 50
    static let manifestKeys = ["format", "slug", "version", "language", "title", "summary", "audience", "programme",
                               "parts", "completion", "certificate"]

    /// Where a part was written in `programme.yaml`, for the catalogue's diagnostics.
    public struct Position: Sendable, Equatable {
        public var line: Int
        public var column: Int
    }

    public struct Result: Sendable {
        /// The programme, when there is no error.
        public var definition: ProgrammeDefinition?
        /// What could be read of it, errors or not: the catalogue check reports on its parts too.
        public var parsed: ProgrammeDefinition?
        public var diagnostics: [Diagnostic]
        /// Each part's position (course or event_kind key), in order.
        public var partPositions: [Position]
        /// The positions of `programme`, for the credits check.
        public var programmePosition: Position
        public var contentHash: String
        /// The manifest's bytes as validated: what is stored.
        public var manifest: [UInt8]
        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        /// The slug and version of a valid programme.
        public var release: (slug: String, version: String)? { definition.map { ($0.slug, $0.version) } }
        public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    /// A published course as the catalogue check needs it: its released versions and the hours and
    /// credits of the newest.
    public struct PublishedCourse: Sendable {
        public var versions: [String]
        public var hours: Double
        public var credits: Double
        public init(versions: [String], hours: Double, credits: Double) {
            self.versions = versions
            self.hours = hours
            self.credits = credits
        }
    }

    public static func validate(_ folder: PackFiles) -> Result {
        var diagnostics = folder.problems
        var positions: [Position] = [], programmeAt = Position(line: 1, column: 1)
        let bytes = folder.files[manifest] ?? []
        let definition = read(folder, into: &diagnostics, positions: &positions, programmeAt: &programmeAt)
        for path in folder.files.keys.sorted() where path != manifest {
            diagnostics.append(Diagnostic(.warning, path, "not part of a programme folder; ignored"))
        }
        diagnostics.sort()
        let failed = diagnostics.contains { $0.severity == .error }
        return Result(definition: failed ? nil : definition, parsed: definition, diagnostics: diagnostics, partPositions: positions,
                      programmePosition: programmeAt, contentHash: folder.contentHash(of: [manifest]), manifest: bytes)
    }

    /// The published courses' side: every course part names a released course with a version at or
    /// above its `min_version`, and the summed credits fit `programme`. Returns the result with these
    /// errors added (and its definition dropped if any), and the summed hours and credits.
    /// `catalogue`: every released course's slug, for a "did you mean" (the parts' own slugs by default).
    /// `hoursPerCredit`: an event part's credits are its hours over this (the association's setting on
    /// the server; the default offline).
    public static func checkAgainstCatalogue(
        _ result: Result, courses: [String: PublishedCourse], catalogue: [String]? = nil,
        hoursPerCredit: Double = CreditRules.hoursPerCredit
    ) -> (result: Result, hours: Double, credits: Double) {
        guard let definition = result.parsed else { return (result, 0, 0) }
        var out = result, hours = 0.0, credits = 0.0
        for (index, part) in definition.parts.enumerated() {
            // A part the folder itself got wrong is reported as such already.
            guard index < result.partPositions.count, !result.errors.contains(where: { $0.line == result.partPositions[index].line }) else { continue }
            let at = result.partPositions[index]
            func error(_ message: String) { out.diagnostics.append(Diagnostic(.error, manifest, line: at.line, column: at.column, message)) }
            if let slug = part.course {
                guard let course = courses[slug] else {
                    let hint = Suggest.closest(to: slug, in: catalogue ?? Array(courses.keys)).map { "; did you mean '\($0)'?" } ?? ""
                    error("course '\(slug)' is not published\(hint)")
                    continue
                }
                if let min = part.minVersion, let floor = SemanticVersion(min),
                   !course.versions.contains(where: { SemanticVersion($0).map { $0 >= floor } ?? false }) {
                    error("course '\(slug)' has no published version \(min) or later (newest: \(course.versions.first ?? "none"))")
                    continue
                }
                hours += course.hours
                credits += course.credits
            } else if let eventHours = part.hours {
                hours += eventHours
                credits += CreditRules.defaultCredits(hours: eventHours, hoursPerCredit: hoursPerCredit)
            }
        }
        credits = (credits * 10).rounded() / 10
        if result.errors.isEmpty, let violation = CreditRules.check(programme: definition.programme, credits: credits) {
            let at = result.programmePosition
            let rule = violation == .professionalMinimum ? "a professional programme needs at least 2" : "a short-term programme carries 0.2 to 1"
            out.diagnostics.append(Diagnostic(.error, manifest, line: at.line, column: at.column,
                                              "the parts carry \(format(credits)) ECTS credits; \(rule)"))
        }
        out.diagnostics.sort()
        if out.diagnostics.contains(where: { $0.severity == .error }) { out.definition = nil }
        return (out, hours, credits)
    }

    static func format(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

    static func read(_ folder: PackFiles, into diagnostics: inout [Diagnostic], positions: inout [Position],
                     programmeAt: inout Position) -> ProgrammeDefinition? {
        guard let bytes = folder.files[manifest] else {
            diagnostics.append(Diagnostic(.error, manifest, "a programme folder needs programme.yaml"))
            return nil
        }
        guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
            let (line, column) = PackValidator.Context.firstInvalidUTF8(bytes)
            diagnostics.append(Diagnostic(.error, manifest, line: line, column: column, "the file is not valid UTF-8"))
            return nil
        }
        var doc = YAMLDocument(path: manifest)
        defer { diagnostics += doc.diagnostics }
        guard let root = doc.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text),
              let m = doc.mapping(root, known: manifestKeys, what: manifest) else { return nil }
        if let format = doc.string(m, "format", in: manifest, parent: root), format != "hromada-programme/1" {
            doc.error(m["format"], "format must be 'hromada-programme/1'")
        }
        let slug = doc.string(m, "slug", in: manifest, parent: root) ?? ""
        if !slug.isEmpty, !PackValidator.isSlug(slug) {
            doc.error(m["slug"], "slug must be 3 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit")
        }
        let version = doc.string(m, "version", in: manifest, parent: root) ?? ""
        if !version.isEmpty, let problem = PackValidator.versionProblem(version) { doc.error(m["version"], problem) }
        let language = doc.string(m, "language", in: manifest, parent: root) ?? "uk"
        if !["uk", "en"].contains(language) { doc.error(m["language"], "language must be uk or en") }
        let title = doc.string(m, "title", in: manifest, parent: root) ?? ""
        let summary = doc.string(m, "summary", in: manifest, parent: root) ?? ""
        var audience: [Category] = []
        if let raw = doc.strings(m, "audience") {
            for a in raw {
                if let c = Category(rawValue: a) { audience.append(c) } else { doc.error(m["audience"], "audience '\(a)' must be official or deputy") }
            }
            if raw.isEmpty { doc.error(m["audience"], "audience must name official, deputy or both") }
        } else {
            doc.error(root, "\(manifest) needs 'audience'")
        }
        let programme = doc.string(m, "programme", in: manifest, parent: root) ?? ""
        if !programme.isEmpty, !["short-term", "professional"].contains(programme) {
            doc.error(m["programme"], "programme must be short-term or professional")
        }
        if let node = m["programme"] ?? m["parts"] { programmeAt = Position(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1) }
        let certificate = doc.bool(m, "certificate") ?? true

        var parts: [ProgrammeDefinition.Part] = []
        let partNodes = doc.sequence(m, "parts") ?? []
        if partNodes.isEmpty { doc.error(m["parts"] ?? root, "a programme needs at least one part") }
        if partNodes.count > maxParts { doc.error(m["parts"], "a programme has at most \(maxParts) parts, not \(partNodes.count)") }
        var courses: Set<String> = []
        for node in partNodes {
            guard let p = doc.mapping(node, known: ["course", "min_version", "event_kind", "hours"], what: "a part") else { continue }
            // One position per part read, in step with `parts`.
            if let at = p["course"] ?? p["event_kind"] { positions.append(Position(line: at.mark?.line ?? 1, column: at.mark?.column ?? 1)) }
            if p["course"] != nil {
                if p["event_kind"] != nil || p["hours"] != nil {
                    doc.error(node, "a part is either 'course:' (with 'min_version:') or 'event_kind:' with 'hours:'")
                }
                let course = doc.string(p, "course", in: "a part") ?? ""
                if !course.isEmpty, !PackValidator.isSlug(course) { doc.error(p["course"], "course '\(course)' is not a course slug") }
                if !course.isEmpty, !courses.insert(course).inserted { doc.error(p["course"], "course '\(course)' is already a part") }
                let min = doc.string(p, "min_version", in: "a part", required: false)
                if let min, PackValidator.versionProblem(min) != nil { doc.error(p["min_version"], "min_version must be a semantic version such as 1.2.0") }
                parts.append(.init(course: course, minVersion: min))
            } else if p["event_kind"] != nil {
                if p["min_version"] != nil { doc.error(p["min_version"], "min_version belongs to a course part") }
                let kind = doc.choice(p, "event_kind", Event.Kind.self)
                let hours = doc.number(p, "hours", range: CreditRules.hours)
                if p["hours"] == nil { doc.error(node, "an event part needs 'hours'") }
                parts.append(.init(eventKind: kind, hours: hours))
            } else {
                doc.error(node, "a part is either 'course:' (with 'min_version:') or 'event_kind:' with 'hours:'")
            }
        }
        var completion = ProgrammeDefinition.Completion.all
        if let node = m["completion"] {
            if node.string == "all" {
                completion = .all
            } else if case .mapping = node, let c = doc.mapping(node, known: ["at_least"], what: "completion"), c["at_least"] != nil {
                if let n = doc.integer(c, "at_least", range: 1...max(1, partNodes.count)) { completion = .atLeast(n) }
            } else {
                doc.error(node, "completion must be all or {at_least: N}")
            }
        }
        return ProgrammeDefinition(slug: slug, version: version, language: language, title: title, summary: summary, audience: audience,
                                   programme: programme, parts: parts, completion: completion, certificate: certificate)
    }
}
