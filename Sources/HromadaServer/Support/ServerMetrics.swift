import CoreMetrics
import Foundation
public import Prometheus
import Synchronization

/// This app's metrics: swift-metrics counters, timers and gauges made by a Prometheus factory over a
/// registry of the app's own, and their exposition for `/metrics`.
///
/// Request figures (``recordRequest(method:route:status:nanoseconds:)``), the gauges and the
/// background loops' figures are made with ``factory`` directly rather than through `MetricsSystem`:
/// tests build many apps in one process and each reads its own. `hromada-server serve` also
/// bootstraps `MetricsSystem` with ``factory``, so what libraries record lands in the same registry.
/// Figures are per process, as Prometheus expects: it scrapes every instance and sums them.
public final class ServerMetrics: Sendable {
    static let requestsLabel = "hromada_http_requests_total"
    static let durationLabel = "hromada_http_request_duration_seconds"
    static let inFlightLabel = "hromada_http_requests_in_flight"
    /// The route of requests no route matched.
    static let notFound = "NotFound"

    /// Upper bounds of the request latency histogram, 1 ms to 10 s.
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    public let registry: PrometheusCollectorRegistry
    /// What every metric of this app is made with (also what `serve` bootstraps `MetricsSystem` with).
    public let factory: PrometheusMetricsFactory

    private let poolOpen: CoreMetrics.Gauge
    private let poolIdle: CoreMetrics.Gauge
    private let poolWaiting: CoreMetrics.Gauge
    private let poolMax: CoreMetrics.Gauge
    private let passwordQueue: CoreMetrics.Gauge
    let sweeper: BackgroundMetrics
    let issuer: BackgroundMetrics
    /// Attempts the sweeper closed at their deadline.
    let attemptsClosed: CoreMetrics.Counter
    /// Certificates the background issuer signed.
    let certificatesSigned: CoreMetrics.Counter

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [Self.durationLabel: Self.durationBuckets]
        self.factory = factory
        poolOpen = CoreMetrics.Gauge(label: "hromada_db_pool_open", factory: factory)
        poolIdle = CoreMetrics.Gauge(label: "hromada_db_pool_idle", factory: factory)
        poolWaiting = CoreMetrics.Gauge(label: "hromada_db_pool_waiting", factory: factory)
        poolMax = CoreMetrics.Gauge(label: "hromada_db_pool_max", factory: factory)
        passwordQueue = CoreMetrics.Gauge(label: "hromada_password_queue", factory: factory)
        sweeper = BackgroundMetrics(task: "attempt_sweeper", factory: factory)
        issuer = BackgroundMetrics(task: "certificate_issuer", factory: factory)
        attemptsClosed = CoreMetrics.Counter(label: "hromada_attempts_closed_total", factory: factory)
        certificatesSigned = CoreMetrics.Counter(label: "hromada_certificates_signed_total", factory: factory)
    }

    /// One request: counted by method, route template and status, timed by route, as `/metrics` had
    /// them before swift-metrics. Recorded by ``ProblemMiddleware``, which already knows the route and
    /// the final status, rather than by Hummingbird's `MetricsMiddleware`: that one records after the
    /// body is written by wrapping every response body in a closure, and so a response that went out
    /// as one write became a head and a streamed body (the bench's catalogue reads: about 35 % more
    /// server CPU per request, write calls where there were none; measured 2026-12-07).
    func recordRequest(method: String, route: String, status: Int, nanoseconds: Int64) {
        let handles = series.withLock { series in
            let key = RequestKey(method: method, route: route, status: status)
            let count = series.counts[key] ?? {
                let counter = CoreMetrics.Counter(
                    label: Self.requestsLabel, dimensions: [("method", method), ("route", route), ("status", String(status))],
                    factory: factory)
                series.counts[key] = counter
                return counter
            }()
            let duration = series.durations[route] ?? {
                let timer = CoreMetrics.Timer(label: Self.durationLabel, dimensions: [("route", route)], factory: factory)
                series.durations[route] = timer
                return timer
            }()
            return (count, duration)
        }
        handles.0.increment()
        handles.1.recordNanoseconds(nanoseconds)
    }

    /// The gauge of requests being handled now, by method.
    func inFlight(method: String) -> CoreMetrics.Meter {
        series.withLock { series in
            if let meter = series.inFlight[method] { return meter }
            let meter = CoreMetrics.Meter(label: Self.inFlightLabel, dimensions: [("method", method)], factory: factory)
            series.inFlight[method] = meter
            return meter
        }
    }

    private struct RequestKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    /// The handles made so far (a handle per series, made once: the factory's lookup is slower).
    private struct Series {
        var counts: [RequestKey: CoreMetrics.Counter] = [:]
        var durations: [String: CoreMetrics.Timer] = [:]
        var inFlight: [String: CoreMetrics.Meter] = [:]
    }

    private let series = Mutex(Series())

    struct Snapshot {
        var poolOpen, poolIdle, poolWaiting, poolMax, passwordQueue: Int
    }

    /// The Prometheus text exposition (format 0.0.4) with `snapshot`'s gauges set first.
    func exposition(_ snapshot: Snapshot) -> [UInt8] {
        poolOpen.record(snapshot.poolOpen)
        poolIdle.record(snapshot.poolIdle)
        poolWaiting.record(snapshot.poolWaiting)
        poolMax.record(snapshot.poolMax)
        passwordQueue.record(snapshot.passwordQueue)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32 * 1024)
        registry.emit(into: &bytes)
        return bytes
    }
}

/// What a background loop reports: its failed passes and when its last pass succeeded (so an alert can
/// tell a loop that stopped from one with nothing to do).
struct BackgroundMetrics: Sendable {
    let failures: CoreMetrics.Counter
    let lastSuccess: CoreMetrics.Gauge

    init(task: String, factory: any MetricsFactory) {
        failures = CoreMetrics.Counter(label: "hromada_background_failures_total", dimensions: [("task", task)], factory: factory)
        lastSuccess = CoreMetrics.Gauge(label: "hromada_background_last_success_timestamp_seconds", dimensions: [("task", task)], factory: factory)
    }

    /// A pass ended well now.
    func succeeded() { lastSuccess.record(Date().timeIntervalSince1970) }
}
