import CoreMetrics
import Foundation
import HTTPTypes
import Hummingbird
import HromadaDomain
@testable import HromadaServer
import HromadaTestSupport
import Testing
import HromadaPostgres
import NIOConcurrencyHelpers

/// `/metrics`: swift-metrics figures in Prometheus' text format (swift-prometheus), requests
/// recorded by ProblemMiddleware into the app's registry. Some tests share one registry
/// (``TestApp/processMetrics``) with suites that ask the same routes, so figures of the app's own
/// routes are checked as "at least what this test added", and exact counts on a route only the test's
/// router has.
@Suite struct MetricsTests {
    @Test func requestsAreCountedAndTimedByRouteTemplateNotByPath() async throws {
        let app = try await TestApp.make(metrics: TestApp.processMetrics)
        try await app.person("admin@example.org", roles: [.admin])
        let (router, _) = buildRouter(services: app.services)
        // Behind the app's middleware, as every route is; no other test has this route.
        router.get("/metrics-probe/{n}") { _, context -> String in
            guard context.parameters.get("n") != "missing" else { throw HTTPError(.notFound) }
            return "ok"
        }
        let client = Client(raw: RouterTransport(responder: router.buildResponder(), logger: TestDatabase.logger))
        let before = Self.values(try await Self.exposition(app.services))
        let admin = try await client.login("admin@example.org")
        #expect(try await client.send(.get, "/metrics-probe/1").status == .ok)
        #expect(try await client.send(.get, "/metrics-probe/2").status == .ok)
        #expect(try await client.send(.get, "/metrics-probe/missing").status == .notFound)
        #expect(try await client.send(.get, "/api/v1/courses/no-such-course-1").status == .notFound)
        #expect(try await client.send(.get, "/api/v1/courses/no-such-course-2").status == .notFound)
        let text = try await client.send(.get, "/metrics", token: admin).text
        let after = Self.values(text)

        let probe = #"route="/metrics-probe/{n}""#
        #expect(after[#"hromada_http_requests_total{method="GET",\#(probe),status="200"}"#] == 2)
        #expect(after[#"hromada_http_requests_total{method="GET",\#(probe),status="404"}"#] == 1)
        #expect(after[#"hromada_http_request_duration_seconds_count{\#(probe)}"#] == 3)
        #expect(after[#"hromada_http_request_duration_seconds_bucket{\#(probe),le="+Inf"}"#] == 3)
        #expect(after[#"hromada_http_request_duration_seconds_bucket{\#(probe),le="10.0"}"#] == 3)
        #expect(after[#"hromada_http_request_duration_seconds_bucket{\#(probe),le="0.001"}"#] != nil)
        #expect((after[#"hromada_http_request_duration_seconds_sum{\#(probe)}"#] ?? 0) > 0)

        func added(_ series: String) -> Double { (after[series] ?? 0) - (before[series] ?? 0) }
        #expect(added(#"hromada_http_requests_total{method="GET",route="/api/v1/courses/{slug}",status="404"}"#) >= 2)
        #expect(added(#"hromada_http_requests_total{method="POST",route="/api/v1/auth/login",status="200"}"#) >= 1)
        #expect(added(#"hromada_http_request_duration_seconds_count{route="/api/v1/courses/{slug}"}"#) >= 2)
        // The template, never the path asked for.
        #expect(!text.contains("no-such-course") && !text.contains("metrics-probe/missing") && !text.contains("metrics-probe/1"))
        #expect(text.contains("# TYPE hromada_http_requests_total counter"))
        #expect(text.contains("# TYPE hromada_http_request_duration_seconds histogram"))
        #expect(text.contains("# TYPE hromada_http_requests_in_flight gauge"))
        // The pool's gauges beside them, from the same registry.
        #expect(after["hromada_db_pool_max"] == Double(app.services.pool.stats.maxConnections))
    }

    @Test func unknownPathsShareOneNotFoundSeries() async throws {
        let app = try await TestApp.make(metrics: TestApp.processMetrics)
        let before = Self.values(try await Self.exposition(app.services))
        let text = try await app.run { client in
            for i in 0..<40 {
                #expect(try await client.send(.get, "/no/such/path/\(i)").status == .notFound)
                #expect(try await client.send(.post, "/api/v1/nothing-\(i)").status == .notFound)
            }
            // A known path under a method it does not take: 405, also without a series of its own.
            #expect(try await client.send(.delete, "/healthz").status == .methodNotAllowed)
            return try await Self.exposition(app.services)
        }
        let after = Self.values(text)
        func added(_ series: String) -> Double { (after[series] ?? 0) - (before[series] ?? 0) }
        #expect(added(#"hromada_http_requests_total{method="GET",route="NotFound",status="404"}"#) >= 40)
        #expect(added(#"hromada_http_requests_total{method="POST",route="NotFound",status="404"}"#) >= 40)
        #expect(added(#"hromada_http_requests_total{method="DELETE",route="NotFound",status="405"}"#) >= 1)
        #expect(added(#"hromada_http_request_duration_seconds_count{route="NotFound"}"#) >= 81)
        #expect(!text.contains("no/such") && !text.contains("nothing-"))
        #expect(!text.contains(#"route="Unknown""#) && !text.contains(#"route="""#))
    }

    @Test func gaugesReportThePoolThePasswordQueueAndTheBackgroundLoops() async throws {
        let app = try await TestApp.make()
        _ = try await AttemptSweeper(services: app.services).sweep()
        let before = Date().timeIntervalSince1970
        _ = try await AttemptSweeper(services: app.services).sweep()
        let text = try await Self.exposition(app.services)
        let values = Self.values(text)
        #expect(values["hromada_db_pool_max"] == Double(app.services.pool.stats.maxConnections))
        #expect(values["hromada_db_pool_open"].map { $0 >= 1 } == true)
        #expect(values["hromada_db_pool_idle"] != nil && values["hromada_db_pool_waiting"] == 0)
        #expect(values["hromada_password_queue"] == 0)
        #expect(values[#"hromada_attempts_closed_total"#] == 0)
        let swept = values[#"hromada_background_last_success_timestamp_seconds{task="attempt_sweeper"}"#] ?? 0
        #expect(swept >= before.rounded(.down) && swept <= Date().timeIntervalSince1970 + 1)
        #expect(values[#"hromada_background_failures_total{task="attempt_sweeper"}"#] == 0)
    }

    /// What `/metrics` answers for `services`.
    static func exposition(_ services: AppServices) async throws -> String {
        let writer = RouterTransport.CollectingWriter()
        try await HealthController.metrics(services).body.write(writer)
        return String(decoding: writer.bytes.withLockedValue { $0 }, as: UTF8.self)
    }

    /// `name{labels}` → value, for the lines of an exposition.
    static func values(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            out[String(line[..<space])] = value
        }
        return out
    }
}
