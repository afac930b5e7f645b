public import Foundation
public import HromadaDomain

/// A course version's outline (`GET /api/v1/courses/{slug}`, the newest release or `?version=`): its
/// facts and its modules in order, each item a lesson or a quiz with its title. A draft is shown only
/// to the course's trainers and the admin, marked `draft`.
public struct CourseOutline: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable, CaseIterable { case lesson, quiz }
        public var type: Kind
        public var id: String
        public var title: String
        public init(type: Kind, id: String, title: String) {
            self.type = type
            self.id = id
            self.title = title
        }
    }

    public struct Module: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var items: [Item]
        public init(id: String, title: String, items: [Item]) {
            self.id = id
            self.title = title
            self.items = items
        }
    }

    public var slug: String
    public var title: String
    public var summary: String
    public var language: String
    public var programme: String
    public var version: String
    /// Who the course is for: `official`, `deputy`.
    public var audience: [String]
    public var hours: Double
    public var credits: Double
    /// Whether completing it earns a certificate.
    public var certificate: Bool
    public var contentHash: String
    public var modules: [Module]
    /// Not yet released. Read as false from a server older than drafts, which does not write it.
    public var draft: Bool

    public init(slug: String, title: String, summary: String, language: String, programme: String, version: String, audience: [String],
                hours: Double, credits: Double, certificate: Bool, contentHash: String, modules: [Module], draft: Bool) {
        self.slug = slug
        self.title = title
        self.summary = summary
        self.language = language
        self.programme = programme
        self.version = version
        self.audience = audience
        self.hours = hours
        self.credits = credits
        self.certificate = certificate
        self.contentHash = contentHash
        self.modules = modules
        self.draft = draft
    }

    enum CodingKeys: String, CodingKey {
        case slug, title, summary, language, programme, version, audience, hours, credits, certificate, modules, draft
        case contentHash = "content_hash"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slug = try c.decode(String.self, forKey: .slug)
        title = try c.decode(String.self, forKey: .title)
        summary = try c.decode(String.self, forKey: .summary)
        language = try c.decode(String.self, forKey: .language)
        programme = try c.decode(String.self, forKey: .programme)
        version = try c.decode(String.self, forKey: .version)
        audience = try c.decode([String].self, forKey: .audience)
        hours = try c.decode(Double.self, forKey: .hours)
        credits = try c.decode(Double.self, forKey: .credits)
        certificate = try c.decode(Bool.self, forKey: .certificate)
        contentHash = try c.decode(String.self, forKey: .contentHash)
        modules = try c.decode([Module].self, forKey: .modules)
        draft = try c.decodeIfPresent(Bool.self, forKey: .draft) ?? false
    }
}

/// One version of a course (`GET /api/v1/courses/{slug}/versions`, newest first); drafts are listed
/// only for the course's trainers and the admin.
public struct CourseVersionInfo: Codable, Sendable, Equatable {
    public var version: String
    public var contentHash: String
    public var publishedAt: Date
    public var draft: Bool

    public init(version: String, contentHash: String, publishedAt: Date, draft: Bool = false) {
        self.version = version
        self.contentHash = contentHash
        self.publishedAt = publishedAt
        self.draft = draft
    }

    enum CodingKeys: String, CodingKey {
        case version, draft
        case contentHash = "content_hash", publishedAt = "published_at"
    }
}

/// A course's (or a programme's) trainers, `GET|PUT /api/v1/courses/{slug}/trainers` and
/// `…/programmes/{slug}/trainers`: who may publish its versions and, for a course, read its answer keys,
/// grade and regrade it.
public struct CourseTrainers: Codable, Sendable, Equatable {
    public struct Trainer: Codable, Sendable, Equatable {
        @LowercasedUUID public var id: UUID
        public var email: String
        public var fullName: String
        public var centre: String
        public init(id: UUID, email: String, fullName: String, centre: String) {
            self.id = id
            self.email = email
            self.fullName = fullName
            self.centre = centre
        }
        enum CodingKeys: String, CodingKey {
            case id, email, centre
            case fullName = "full_name"
        }
    }

    public var slug: String
    public var trainers: [Trainer]

    public init(slug: String, trainers: [Trainer]) {
        self.slug = slug
        self.trainers = trainers
    }
}
