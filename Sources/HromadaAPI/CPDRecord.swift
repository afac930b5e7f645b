public import Foundation
public import HromadaDomain

/// A person's CPD ledger for one calendar year (`GET /api/v1/me/cpd`, `GET /api/v1/users/{id}/cpd`):
/// each completed course and each attended event with its hours and ECTS credits, and the totals.
public struct CPDRecord: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        /// A completed course (`slug` and `version` are the course's) or a closed event the person
        /// attended (`slug` is the event's id, `version` empty).
        public enum Source: String, Codable, Sendable, CaseIterable {
            case course, event
        }

        public var source: Source
        public var slug: String
        public var title: String
        public var version: String
        public var hours: Double
        public var credits: Double
        public var completedAt: Date
        /// The serial of the certificate that goes with it, unless it was revoked.
        @Nullable public var certificate: String?

        public init(source: Source, slug: String, title: String, version: String, hours: Double, credits: Double,
                    completedAt: Date, certificate: String?) {
            self.source = source
            self.slug = slug
            self.title = title
            self.version = version
            self.hours = hours
            self.credits = credits
            self.completedAt = completedAt
            self.certificate = certificate
        }

        enum CodingKeys: String, CodingKey { case source, slug, title, version, hours, credits, certificate, completedAt = "completed_at" }
    }

    public var year: Int
    public var items: [Item]
    public var totalHours: Double
    /// Rounded to a tenth.
    public var totalCredits: Double

    public init(year: Int, items: [Item], totalHours: Double, totalCredits: Double) {
        self.year = year
        self.items = items
        self.totalHours = totalHours
        self.totalCredits = totalCredits
    }

    enum CodingKeys: String, CodingKey { case year, items, totalHours = "total_hours", totalCredits = "total_credits" }
}
