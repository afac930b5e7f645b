import Foundation
import Logging
import ServiceLifecycle
#if OTLP
import OTel
#endif

/// Where traces go: over OTLP/HTTP to `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`)
/// with swift-otel, in a binary built with the `OTLP` package trait (`swift build --traits OTLP`), which
/// brings AsyncHTTPClient, swift-nio-ssl and SwiftProtobuf into the build; nowhere otherwise. Without a
/// tracer, Hummingbird's `TracingMiddleware` makes spans that record nothing.
///
/// swift-otel reads the other standard `OTEL_*` variables itself (`OTEL_SERVICE_NAME`,
/// `OTEL_TRACES_SAMPLER`, `OTEL_EXPORTER_OTLP_HEADERS`, ...).
enum Telemetry {
    static let endpointVariables = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]

    /// Whether `environment` asks for traces to be exported.
    static func wanted(_ environment: [String: String]) -> Bool {
        endpointVariables.contains { !(environment[$0] ?? "").isEmpty }
    }

    /// Bootstraps the process's tracer when an OTLP endpoint is configured, and returns the service
    /// that exports its spans (to run beside the server, and stop after it); nil when nothing is to be
    /// exported. A binary built without the trait says once that it ignores the endpoint.
    static func start(environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) throws -> (any Service)? {
        guard wanted(environment) else { return nil }
        #if OTLP
        var configuration = OTel.Configuration.default
        configuration.serviceName = "hromada-server"
        // Metrics stay on /metrics (Prometheus) and logs on stderr; only traces are exported.
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        let service = try OTel.bootstrap(configuration: configuration, environment: environment)
        logger.info(
            "exporting traces over OTLP",
            metadata: ["endpoint": "\(environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? environment["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? "")"])
        return service
        #else
        logger.warning(
            """
            OTEL_EXPORTER_OTLP_ENDPOINT is set, but this hromada-server was built without the OTLP trait: \
            no traces are exported (build it with swift build --traits OTLP)
            """)
        return nil
        #endif
    }
}
