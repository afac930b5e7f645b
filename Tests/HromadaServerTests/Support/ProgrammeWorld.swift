import Foundation
import HTTPTypes
import HromadaTestSupport
import HromadaDomain
import HromadaPacks
import HromadaPostgres
import HromadaStorage

/// Two one-lesson certificate courses (6 hours, 0.2 ECTS each), a programme folder built over them,
/// and the people who try things with it.
enum ProgrammeWorld {
    static let courses = ["budget-lab", "borrowing-lab"]

    /// A course completed by completing its one lesson `l`.
    static func course(_ slug: String, version: String = "1.0.0") throws -> [UInt8] {
        let files: [String: [UInt8]] = [
            "course.yaml": Array("""
                format: hromada-pack/1
                slug: \(slug)
                version: \(version)
                language: uk
                title: Курс \(slug)
                summary: Курс для перевірки програм.
                audience: [official]
                hours: 6
                programme: short-term
                modules:
                  - id: m
                    title: Модуль
                    items:
                      - lesson: lessons/l.md
                completion:
                  lessons: all
                certificate: true

                """.utf8),
            "lessons/l.md": Array("---\nid: l\ntitle: Урок\nminutes: 5\n---\nТекст.\n".utf8),
        ]
        return try PackFiles(files: files).zipped(paths: files.keys)
    }

    static func yaml(slug: String = "finance-programme", version: String = "1.0.0", programme: String = "short-term",
                     parts: String? = nil, audience: String = "[official]", title: String = "Фінанси громади") -> String {
        """
        format: hromada-programme/1
        slug: \(slug)
        version: \(version)
        language: uk
        title: \(title)
        summary: Бюджет і запозичення громади.
        audience: \(audience)
        programme: \(programme)
        parts:
        \(parts ?? "  - course: budget-lab\n    min_version: 1.0.0\n  - course: borrowing-lab")
        completion: all
        certificate: true

        """
    }

    static func zip(_ yaml: String, extra: [String: String] = [:]) throws -> [UInt8] {
        var files = ["programme.yaml": Array(yaml.utf8)]
        for (path, text) in extra { files[path] = Array(text.utf8) }
        return try PackFiles(files: files).zipped(paths: files.keys)
    }

    /// The app with a chain, the two courses published by `owner@`, and the people.
    static func make() async throws -> TestApp {
        let app = try await TestApp.make()
        try await app.chain()
        try await app.person("owner@example.org", roles: [.trainer])
        try await app.person("intruder@example.org", roles: [.trainer, .learner])
        try await app.person("admin@example.org", roles: [.admin])
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin], centre: "KYV")
        try await app.person("learner@example.org", roles: [.learner], centre: "KYV")
        try await app.run { client in
            let owner = try await client.login("owner@example.org")
            for slug in courses {
                let answer = try await client.send(.post, "/api/v1/course-packs", token: owner, body: try course(slug), contentType: "application/zip")
                guard answer.status == .created else { throw ConfigurationError("course \(slug): \(answer.text)") }
            }
        }
        return app
    }

    static func publish(_ client: Client, _ token: String?, _ zip: [UInt8]) async throws -> Client.Answer {
        try await client.send(.post, "/api/v1/programmes", token: token, body: zip, contentType: "application/zip")
    }

    /// Enrols in the course (if need be) and completes its lesson; the enrolment's id.
    @discardableResult
    static func complete(_ client: Client, _ token: String, course: String) async throws -> String {
        let enrolment = try await client.send(.post, "/api/v1/courses/\(course)/enrolments", token: token)
        let id = enrolment.json["id"] as? String ?? ""
        _ = try await client.send(.post, "/api/v1/enrolments/\(id)/lessons/l/complete", token: token)
        return id
    }

    /// What the tables hold of programmes, to show a refused request changed nothing.
    static func counts(_ app: TestApp) async throws -> [Int] {
        try await app.db.pool.withConnection { db in
            try ["programmes", "programme_versions", "programme_trainers", "programme_enrolments", "enrolments", "certificates", "cpd_credits"].map {
                try db.execute("SELECT count(*)::int AS n FROM \(unsafeSQL: $0)")[0].decode(Int.self, "n")
            }
        }
    }
}

extension ProgrammeWorld {
    /// A published event of `kind` and `hours` of Kyiv that ended days ago, with `learner@` registered
    /// and present at both sessions; not closed yet. Its id.
    static func endedEventAttended(_ app: TestApp, _ client: Client, kind: String, hours: Double) async throws -> String {
        let kyiv = try await client.login("kyiv-admin@example.org")
        let day = Date().addingTimeInterval(-3 * 86400)
        let body = EventWorld.body(hours: hours, sessions: [(day, day.addingTimeInterval(6 * 3600)), (day.addingTimeInterval(86400), day.addingTimeInterval(86400 + 6 * 3600))],
                                   opens: day.addingTimeInterval(-86400), closes: day, extra: ["kind": kind])
        let id = try await EventWorld(app: app).published(client, kyiv, body)
        let listed = try await client.send(.post, "/api/v1/events/\(id)/registrations", token: kyiv, json: #"{"emails": ["learner@example.org"]}"#)
        guard listed.status == .ok else { throw ConfigurationError("list: \(listed.text)") }
        for n in 1...2 {
            _ = try await client.send(.put, "/api/v1/events/\(id)/sessions/\(n)/attendance", token: kyiv, json: #"{"present": ["learner@example.org"]}"#)
        }
        return id
    }
}
