import Foundation
import HTTPTypes
import Hummingbird
import HromadaDomain
@testable import HromadaServer
import HromadaTestSupport
import InMemoryTracing
import Testing
import Tracing

/// Every request runs in a server span (Hummingbird's `TracingMiddleware`), a child of the caller's
/// `traceparent` when it sends one, named by the route template. A server that exports no traces (the
/// default, and these suites' other tests) has no tracing middleware at all.
@Suite struct TracingTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let parentID = "00f067aa0ba902b7"
    static let traceparent = "00-\(traceID)-\(parentID)-01"

    @Test func aRequestWithATraceparentIsHandledInsideItsSpan() async throws {
        let app = try await TestApp.make { $0.tracing = true }
        let (router, _) = buildRouter(services: app.services)
        // A probe added after the app's middleware runs behind it, as every route does: it answers with
        // the span context current while it is handled.
        router.get("/probe/{n}") { _, _ in
            let span = InstrumentationContext.current?.inMemorySpanContext
            return "\(span?.traceID ?? "none") \(span?.spanID ?? "none")"
        }
        let tracer = W3CTestTracer()
        let client = Client(raw: RouterTransport(responder: router.buildResponder(), logger: TestDatabase.logger))
        let answer = try await withTracer(tracer) {
            try await client.send(.get, "/probe/1", headers: [HTTPField.Name("traceparent")!: Self.traceparent])
        }
        #expect(answer.status == .ok)
        let spans = tracer.spans.finishedSpans
        #expect(spans.count == 1)
        let span = try #require(spans.first)
        #expect(span.operationName == "/probe/{n}")
        #expect(span.kind == .server)
        #expect(span.traceID == Self.traceID && span.parentSpanID == Self.parentID)
        #expect(answer.text == "\(Self.traceID) \(span.spanID)")
        #expect(span.attributes.get("http.route") == .string("/probe/{n}"))
        #expect(span.attributes.get("http.response.status_code") == .int64(200))
    }

    @Test func spansAreNamedByRouteTemplateAndCarryTheFinalStatus() async throws {
        let app = try await TestApp.make { $0.tracing = true }
        let tracer = W3CTestTracer()
        try await withTracer(tracer) { () async throws -> Void in
            try await app.run { client async throws -> Void in
                #expect(try await client.send(.get, "/api/v1/courses/no-such-course").status == .notFound)
                #expect(try await client.send(.get, "/no/such/path").status == .notFound)
                #expect(try await client.send(.get, "/healthz").status == .ok)
            }
        }
        let spans = tracer.spans.finishedSpans
        #expect(spans.map(\.operationName) == ["/api/v1/courses/{slug}", "NotFound", "/healthz"])
        // The status the client got (our problem responses), not a thrown error's.
        #expect(spans.map { $0.attributes.get("http.response.status_code") } == [.int64(404), .int64(404), .int64(200)])
        // Without a traceparent, each request starts a trace of its own.
        #expect(spans.allSatisfy { $0.parentSpanID == nil } && Set(spans.map(\.traceID)).count == 3)
    }

    /// The verification page's `d` names the holder, and `q` searches people: neither reaches a trace.
    @Test func queryParametersThatNamePeopleAreRedacted() async throws {
        let app = try await TestApp.make { $0.tracing = true }
        let tracer = W3CTestTracer()
        try await withTracer(tracer) { () async throws -> Void in
            try await app.run { client async throws -> Void in
                _ = try await client.send(.get, "/c/UA-KYV-2026-000001?d=secret-digest&lang=en")
                _ = try await client.send(.get, "/api/v1/users?q=olena&limit=5")
            }
        }
        let queries = tracer.spans.finishedSpans.map { span -> String in
            if case .string(let query)? = span.attributes.get("url.query") { return query }
            return ""
        }
        #expect(queries.count == 2)
        #expect(queries.allSatisfy { !$0.contains("secret-digest") && !$0.contains("olena") }, "\(queries)")
        #expect(queries.contains { $0.contains("d=REDACTED") })
    }

    @Test func aServerThatExportsNoTracesMakesNoSpans() async throws {
        let app = try await TestApp.make()
        let tracer = W3CTestTracer()
        let status = try await withTracer(tracer) {
            try await app.run { client in
                try await client.send(.get, "/healthz", headers: [HTTPField.Name("traceparent")!: Self.traceparent]).status
            }
        }
        #expect(status == .ok)
        #expect(tracer.spans.finishedSpans.isEmpty)
    }
}
