import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the router with every route and middleware; tests build the very same one.
public func buildRouter(services: AppServices) -> (Router<AppContext>, RouteTable) {
    let router = Router(context: AppContext.self)
    var routes = Routes(router: router)
    // The table must be complete before the middleware is added, but routes capture the middleware
    // when they are added: register once to learn the table, then build the real router with it.
    var probe = Routes(router: Router(context: AppContext.self))
    registerAll(&probe, services: services)
    router.add(middleware: ProblemMiddleware(metrics: services.metrics, routes: probe.table))
    if !services.configuration.trustedProxies.isEmpty {
        router.add(middleware: ClientAddressMiddleware(trusted: services.configuration.trustedProxies))
    }
    registerAll(&routes, services: services)
    return (router, routes.table)
}

func registerAll(_ routes: inout Routes, services: AppServices) {
    HealthController(services: services).register(&routes)
    AuthController(services: services).register(&routes)
    UserController(services: services).register(&routes)
    CourseController(services: services).register(&routes)
    LearningController(services: services).register(&routes)
    CohortController(services: services).register(&routes)
    AssessmentController(services: services).register(&routes)
    CertificateController(services: services).register(&routes)
}

/// The HTTP application: the router above on the configured address, and the metrics listener
/// when `HROMADA_METRICS_LISTEN` asks for one.
public func buildApplication(services: AppServices) -> some ApplicationProtocol {
    let (router, _) = buildRouter(services: services)
    var background: [any Service] = [AttemptSweeper(services: services), CertificateIssuer(services: services)]
    if let metrics = buildMetricsApplication(services: services) { background.append(metrics) }
    return Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [CloseAfterRefusalHandler()])),
        configuration: .init(
            address: .hostname(services.configuration.host, port: services.configuration.port),
            serverName: "hromada"
        ),
        services: background,
        logger: services.logger
    )
}

/// `GET /metrics` alone, without a token, on `HROMADA_METRICS_LISTEN`; nil when that is not set.
public func buildMetricsApplication(services: AppServices) -> (any Service)? {
    guard let listen = services.configuration.metricsListen else { return nil }
    return Application(
        router: metricsRouter(services: services),
        configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "hromada-metrics"),
        logger: services.logger
    )
}

/// The router of the metrics listener: `/metrics`, everything else 404.
public func metricsRouter(services: AppServices) -> Router<AppContext> {
    let router = Router(context: AppContext.self)
    router.get("/metrics") { _, _ in HealthController.metrics(services) }
    return router
}
