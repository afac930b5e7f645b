import Foundation
import HromadaDomain

/// A course in the catalogue (`GET /api/v1/courses`): the newest released version of each course.
/// The server writes pages of it by hand (`CourseController.catalogueJSON`, the most frequent
/// unauthenticated read), byte for byte as ``Foundation/JSONEncoder/api`` would; the client reads it
/// with the decoder.
public struct CourseSummary: Codable, Sendable, Equatable {
    public var slug: String
    public var title: String
    public var summary: String
    /// The language of the course's text (`uk`, `en`).
    public var language: String
    /// Who the course is for: `official`, `deputy`.
    public var audience: [String]
    public var hours: Double
    public var credits: Double
    public var version: String

    public init(slug: String, title: String, summary: String, language: String, audience: [String], hours: Double,
                credits: Double, version: String) {
        self.slug = slug
        self.title = title
        self.summary = summary
        self.language = language
        self.audience = audience
        self.hours = hours
        self.credits = credits
        self.version = version
    }
}
