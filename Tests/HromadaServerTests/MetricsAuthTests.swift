import Foundation
import HTTPTypes
import Hummingbird
import HromadaDomain
@testable import HromadaServer
import HromadaTestSupport
import Testing

/// `/metrics` tells what is busy and what fails: an admin's only on the API's listener, or open on a
/// listener of its own (`HROMADA_METRICS_LISTEN`) that the operator keeps private.
@Suite struct MetricsAuthTests {
    @Test func metricsNeedAnAdminsToken() async throws {
        // With the process's shared metrics registry.
        let app = try await TestApp.make(metrics: TestApp.processMetrics)
        try await app.person("admin@example.org", roles: [.admin])
        try await app.person("kyiv-admin@example.org", roles: [.centreAdmin])
        try await app.person("olena@example.org", roles: [.learner, .trainer])
        try await app.run { client in
            let anonymous = try await client.send(.get, "/metrics")
            #expect(anonymous.status == .unauthorized && anonymous.isProblem && !anonymous.text.contains("hromada_http"))
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
            for email in ["olena@example.org", "kyiv-admin@example.org"] {
                let token = try await client.login(email)
                let refused = try await client.send(.get, "/metrics", token: token)
                #expect(refused.status == .forbidden && !refused.text.contains("hromada_http"), "\(email)")
            }
            let admin = try await client.login("admin@example.org")
            let metrics = try await client.send(.get, "/metrics", token: admin)
            #expect(metrics.status == .ok && metrics.text.contains("hromada_http_requests_total"))
            #expect(metrics.text.contains("hromada_password_queue 0"))
        }
    }

    @Test func theMetricsListenerServesMetricsOnlyAndWithoutAToken() async throws {
        let app = try await TestApp.make { $0.metricsListen = ("127.0.0.1", 0) }
        let listener = Client(raw: RouterTransport(responder: metricsRouter(services: app.services).buildResponder(),
                                                    logger: TestDatabase.logger))
        let metrics = try await listener.send(.get, "/metrics")
        #expect(metrics.status == .ok)
        #expect(metrics.text.contains("hromada_db_pool_max"))
        let other = try await listener.send(.get, "/api/v1/centres")
        #expect(other.status == .notFound)
        #expect(buildMetricsApplication(services: app.services) != nil)
        let plain = try await TestApp.make()
        #expect(buildMetricsApplication(services: plain.services) == nil)
    }

    @Test func onlyTheAdminReadsMetrics() {
        let id = UUID()
        #expect(Policy.decide(.readMetrics, for: Principal(userID: id, roles: [.admin], centre: "KYV")) == .allowed)
        for roles: Set<Role> in [[.learner], [.trainer], [.centreAdmin], [.learner, .trainer], []] {
            #expect(Policy.decide(.readMetrics, for: Principal(userID: id, roles: roles, centre: "KYV")) == .forbidden, "\(roles)")
        }
    }
}
