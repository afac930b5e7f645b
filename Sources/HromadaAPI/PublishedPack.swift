/// What publishing a course pack answers (`POST /api/v1/course-packs`): the release, its content
/// hash, the validator's warnings, and whether it is new (the same release with the same content
/// again changes nothing). `draft`: stored as a draft (`?draft=true`), seen by the course's trainers
/// and the admin only until `POST /api/v1/courses/{slug}/versions/{version}/release`.
public struct PublishedPack: Codable, Sendable, Equatable {
    public var slug: String
    public var version: String
    public var hash: String
    public var warnings: [String]
    public var created: Bool
    public var draft: Bool

    public init(slug: String, version: String, hash: String, warnings: [String], created: Bool, draft: Bool = false) {
        self.slug = slug
        self.version = version
        self.hash = hash
        self.warnings = warnings
        self.created = created
        self.draft = draft
    }

    /// As synthesised, but a missing `draft` (a server from before drafts) reads as false.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slug = try c.decode(String.self, forKey: .slug)
        version = try c.decode(String.self, forKey: .version)
        hash = try c.decode(String.self, forKey: .hash)
        warnings = try c.decode([String].self, forKey: .warnings)
        created = try c.decode(Bool.self, forKey: .created)
        draft = try c.decodeIfPresent(Bool.self, forKey: .draft) ?? false
    }
}

/// What releasing a draft answers (`POST /api/v1/courses/{slug}/versions/{version}/release`): the
/// version now in the catalogue; `released` false when it was released already (nothing changed).
public struct ReleasedVersion: Codable, Sendable, Equatable {
    public var slug: String
    public var version: String
    public var hash: String
    public var released: Bool

    public init(slug: String, version: String, hash: String, released: Bool) {
        self.slug = slug
        self.version = version
        self.hash = hash
        self.released = released
    }
}
