public import Foundation
public import HromadaDomain

/// A programme of several courses and events ending in one certificate (spec/credentials.md,
/// "Programmes"), as its folder's `programme.yaml` defines it once validated. The same shape is
/// stored, served by `GET /api/v1/programmes/{slug}` and read by the terminal client.
public struct ProgrammeDefinition: Codable, Sendable, Equatable {
    /// One part: a course (any released version from `min_version` on counts) or an event of a kind,
    /// attended and closed, of at least `hours`.
    public struct Part: Codable, Sendable, Equatable {
        @Nullable public var course: String?
        @Nullable public var minVersion: String?
        @Nullable public var eventKind: Event.Kind?
        @Nullable public var hours: Double?

        public init(course: String? = nil, minVersion: String? = nil, eventKind: Event.Kind? = nil, hours: Double? = nil) {
            self.course = course
            self.minVersion = minVersion
            self.eventKind = eventKind
            self.hours = hours
        }

        enum CodingKeys: String, CodingKey { case course, hours, minVersion = "min_version", eventKind = "event_kind" }
    }

    /// `all`, or `{at_least: N}` parts.
    public enum Completion: Codable, Sendable, Equatable {
        case all
        case atLeast(Int)

        enum CodingKeys: String, CodingKey { case atLeast = "at_least" }

        public init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self), text == "all" {
                self = .all
                return
            }
            self = .atLeast(try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .atLeast))
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .all:
                var c = encoder.singleValueContainer()
                try c.encode("all")
            case .atLeast(let n):
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(n, forKey: .atLeast)
            }
        }

        /// How many of `count` parts must be done.
        public func required(of count: Int) -> Int {
            switch self {
            case .all: count
            case .atLeast(let n): min(n, count)
            }
        }
    }

    public var slug: String
    public var version: String
    public var language: String
    public var title: String
    public var summary: String
    public var audience: [Category]
    /// `short-term` or `professional`, checked against ``credits``.
    public var programme: String
    public var parts: [Part]
    public var completion: Completion
    public var certificate: Bool

    public init(slug: String, version: String, language: String, title: String, summary: String, audience: [Category],
                programme: String, parts: [Part], completion: Completion, certificate: Bool) {
        self.slug = slug
        self.version = version
        self.language = language
        self.title = title
        self.summary = summary
        self.audience = audience
        self.programme = programme
        self.parts = parts
        self.completion = completion
        self.certificate = certificate
    }
}

/// A published programme version: `GET /api/v1/programmes` lists the newest of each,
/// `GET /api/v1/programmes/{slug}` shows one (`?version=`, else the newest).
public struct PublishedProgramme: Codable, Sendable, Equatable {
    public var definition: ProgrammeDefinition
    /// The parts' summed hours and ECTS credits as published.
    public var hours: Double
    public var credits: Double
    public var contentHash: String
    public var publishedAt: Date

    public init(definition: ProgrammeDefinition, hours: Double, credits: Double, contentHash: String, publishedAt: Date) {
        self.definition = definition
        self.hours = hours
        self.credits = credits
        self.contentHash = contentHash
        self.publishedAt = publishedAt
    }

    enum CodingKeys: String, CodingKey { case definition, hours, credits, contentHash = "content_hash", publishedAt = "published_at" }
}

/// A learner's enrolment in a programme with the state of each part
/// (`POST /api/v1/programmes/{slug}/enrolments`, `GET /api/v1/me/programmes`).
public struct ProgrammeEnrolment: Codable, Sendable, Equatable {
    public struct PartState: Codable, Sendable, Equatable {
        public var part: ProgrammeDefinition.Part
        public var done: Bool
        /// The course enrolment of a course part (null for an event part, or a course not enrolled in).
        @Nullable public var enrolmentID: UUID?
        /// The certificate that proves the part: the course's, or the attended event's.
        @Nullable public var certificate: String?
        public init(part: ProgrammeDefinition.Part, done: Bool, enrolmentID: UUID?, certificate: String?) {
            self.part = part
            self.done = done
            self.enrolmentID = enrolmentID
            self.certificate = certificate
        }
        enum CodingKeys: String, CodingKey { case part, done, certificate, enrolmentID = "enrolment_id" }
    }

    @LowercasedUUID public var id: UUID
    public var slug: String
    public var version: String
    public var title: String
    public var enrolledAt: Date
    @Nullable public var completedAt: Date?
    public var parts: [PartState]
    /// How many parts must be done.
    public var required: Int
    /// The programme certificate's serial, once the rule holds and the programme gives one.
    @Nullable public var certificate: String?

    public init(id: UUID, slug: String, version: String, title: String, enrolledAt: Date, completedAt: Date?,
                parts: [PartState], required: Int, certificate: String?) {
        self.id = id
        self.slug = slug
        self.version = version
        self.title = title
        self.enrolledAt = enrolledAt
        self.completedAt = completedAt
        self.parts = parts
        self.required = required
        self.certificate = certificate
    }

    enum CodingKeys: String, CodingKey {
        case id, slug, version, title, parts, required, certificate
        case enrolledAt = "enrolled_at", completedAt = "completed_at"
    }
}
