import CoreMetrics
import Foundation
import Prometheus

/// This app's metrics: swift-metrics counters, timers and gauges made by a Prometheus factory over a
/// registry of the app's own, and their exposition for `/metrics`.
///
/// Request figures come from Hummingbird's `MetricsMiddleware`, which records through the process's
/// `MetricsSystem`: `hromada-server serve` bootstraps it with ``factory``, so they land in this
/// registry beside the gauges, under the names `/metrics` has always used (see ``rename(_:_:)``).
/// Figures are per process, as Prometheus expects: it scrapes every instance and sums them.
///
/// The gauges and the background loops' figures are made with ``factory`` directly rather than
/// through `MetricsSystem`: tests build many apps in one process and each reads its own.
public final class ServerMetrics: Sendable {
    static let requestsLabel = "hromada_http_requests_total"
    static let durationLabel = "hromada_http_request_duration_seconds"
    static let inFlightLabel = "hromada_http_requests_in_flight"
    static let unhandledLabel = "hromada_http_unhandled_errors_total"
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
        factory.nameAndLabelSanitizer = Self.rename
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

    /// Hummingbird's `MetricsMiddleware` names (OpenTelemetry's, with dots) under the names and labels
    /// `/metrics` had before it: `hb.requests{http.route, http.request.method, http.response.status_code}`
    /// becomes `hromada_http_requests_total{method, route, status}`, and the timer, which the middleware
    /// labels by method and status too, one latency histogram per route (the middleware's timers of a
    /// route all feed it). A request no route matched (`Unknown`, or `NotFound` when thrown) is under
    /// `NotFound`. The middleware makes an error counter beside each request counter, counted only for
    /// an error thrown past it; ``ProblemMiddleware``, inside it, answers every error, so they all feed
    /// one unlabelled `hromada_http_unhandled_errors_total` that stays 0 (rather than a 0 series per
    /// route and status). Other names pass as they are.
    @Sendable static func rename(_ label: String, _ dimensions: [(String, String)]) -> (String, [(String, String)]) {
        func value(_ key: String) -> String { dimensions.first { $0.0 == key }?.1 ?? "" }
        func route() -> String {
            let route = value("http.route")
            return route == "Unknown" || route.isEmpty ? notFound : route
        }
        switch label {
        case "hb.requests":
            return (
                requestsLabel,
                [
                    ("method", value("http.request.method")), ("route", route()), ("status", value("http.response.status_code")),
                ]
            )
        case "http.server.request.duration":
            return (durationLabel, [("route", route())])
        case "http.server.active_requests":
            return (inFlightLabel, [("method", value("http.request.method"))])
        case "hb.request.errors":
            return (unhandledLabel, [])
        default:
            return (label, dimensions)
        }
    }

    /// The figures read when scraped rather than counted as they change.
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
