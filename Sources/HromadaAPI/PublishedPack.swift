/// What publishing a course pack answers (`POST /api/v1/course-packs`): the release, its content
/// hash, the validator's warnings, and whether it is new (the same release with the same content
/// again changes nothing).
public struct PublishedPack: Codable, Sendable, Equatable {
    public var slug: String
    public var version: String
    public var hash: String
    public var warnings: [String]
    public var created: Bool

    public init(slug: String, version: String, hash: String, warnings: [String], created: Bool) {
        self.slug = slug
        self.version = version
        self.hash = hash
        self.warnings = warnings
        self.created = created
    }
}
