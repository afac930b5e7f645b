import Foundation
import HTTPTypes
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaTestSupport
import HromadaPostgres

/// The people and events the event suites work with: Kyiv's admin, trainer and learners (an official
/// and a deputy), Lviv's admin and a learner there, the association admin.
struct EventWorld: Sendable {
    let app: TestApp

    static func make() async throws -> EventWorld {
        let app = try await TestApp.make()
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        try await app.person("kyiv-trainer@example.org", roles: [.learner, .trainer], centre: "KYV")
        try await app.person("lviv-admin@example.org", roles: [.centreAdmin], centre: "LVV")
        try await app.person("lviv-trainer@example.org", roles: [.learner, .trainer], centre: "LVV")
        try await app.person("admin@example.org", roles: [.admin], centre: "KYV")
        try await app.person("learner@example.org", centre: "KYV")
        try await app.person("other@example.org", centre: "KYV")
        try await app.person("lviv-learner@example.org", centre: "LVV")
        try await EventWorld(app: app).person("deputy@example.org", category: .deputy)
        return EventWorld(app: app)
    }

    /// A person of any category, with a session token made straight in the database (no password
    /// hashing: the concurrency suites make hundreds).
    @discardableResult
    func person(_ email: String, category: Category = .official, centre: String = "KYV") async throws -> (user: User, token: String) {
        let person = NewUser(email: email, fullName: "Учасник \(email.prefix { $0 != "@" })", category: category, position: "спеціаліст",
                             hromada: "Тестова громада", centre: centre, roles: [.learner])
        return try await app.db.pool.transaction { db in
            let user = try UserStore.create(db, person, passwordHash: nil)
            try db.execute("UPDATE users SET status = 'active' WHERE id = \(user.id)")
            let session = try SessionStore.create(db, userID: user.id, ttl: .seconds(3600), address: nil, userAgent: nil)
            return (user, session.token)
        }
    }

    /// The body of a new event: a seminar of `centre` with the given sessions (by default two days,
    /// next month), open for registration from an hour ago until the first session starts.
    static func body(
        centre: String = "KYV", title: String = "Відкритий бюджет громади", capacity: Int = 30, hours: Double = 12,
        sessions: [(Date, Date)]? = nil, audience: [String] = ["official"], opens: Date? = nil, closes: Date? = nil,
        minimum: Int = 50, certificate: Bool = true, extra: [String: Any] = [:]
    ) -> String {
        let day = Date().addingTimeInterval(30 * 86400)
        let times = sessions ?? [(day, day.addingTimeInterval(6 * 3600)), (day.addingTimeInterval(86400), day.addingTimeInterval(86400 + 6 * 3600))]
        var body: [String: Any] = [
            "centre": centre, "kind": "seminar", "title": title, "description": "Два дні про бюджет участі.", "language": "uk",
            "audience": audience, "hours": hours, "programme": "short-term",
            "sessions": times.map { ["starts_at": KyivCalendar.rfc3339($0.0), "ends_at": KyivCalendar.rfc3339($0.1)] },
            "venue": ["address": "Київ, вул. Хрещатик, 36", "hromada": "UA80000000000093317"],
            "capacity": capacity,
            "registration": [
                "opens_at": KyivCalendar.rfc3339(opens ?? Date().addingTimeInterval(-3600)),
                "closes_at": KyivCalendar.rfc3339(closes ?? times.map(\.0).min()!),
            ],
            "min_attendance_percent": minimum, "certificate": certificate,
        ]
        for (k, v) in extra { body[k] = v }
        return jsonString(body)
    }

    /// Creates and publishes an event as `token`; its id.
    func published(_ client: Client, _ token: String, _ body: String = EventWorld.body()) async throws -> String {
        let created = try await client.send(.post, "/api/v1/events", token: token, json: body)
        guard created.status == .created, let id = created.json["id"] as? String else {
            throw ConfigurationError("event: \(created.status) \(created.text)")
        }
        let published = try await client.send(.post, "/api/v1/events/\(id)/publish", token: token)
        guard published.status == .ok else { throw ConfigurationError("publish: \(published.status) \(published.text)") }
        return id
    }
}
