public import Hummingbird
import HromadaMail
import Logging
public import ServiceLifecycle

/// Builds the router with every route and middleware; tests build the very same one.
public func buildRouter(services: AppServices) -> (Router<AppContext>, RouteTable) {
    let endpoints = controllers(services).flatMap(\.endpoints)
    let table = RouteTable(endpoints)
    let router = Router(context: AppContext.self)
    // Middleware first: a route captures the middleware added before it. Tracing outermost, so its span
    // holds the whole request and sees the status of the problem responses ProblemMiddleware makes of
    // errors; tracing only when spans go somewhere (``ServerConfiguration/tracing``); `d` (the
    // verification page's digest) and `q` (a search for people) never reach a trace. ProblemMiddleware
    // also records each request's figures (``ServerMetrics/recordRequest(method:route:status:nanoseconds:)``).
    if services.configuration.tracing {
        router.add(middleware: TracingMiddleware(redactingQueryParameters: ["d", "q"]))
    }
    router.add(middleware: ProblemMiddleware(routes: table, metrics: services.metrics))
    if !services.configuration.trustedProxies.isEmpty {
        router.add(middleware: ClientAddressMiddleware(trusted: services.configuration.trustedProxies))
    }
    for endpoint in endpoints {
        router.on(RouterPath(endpoint.path), method: endpoint.method, use: endpoint.handler)
    }
    return (router, table)
}

/// Every controller of the API, in the order their routes are listed.
func controllers(_ services: AppServices) -> [any Controller] {
    [
        HealthController(services: services),
        AuthController(services: services),
        UserController(services: services),
        AccountController(services: services),
        AccountAdminController(services: services),
        AccountPageController(services: services),
        CourseController(services: services),
        ProgrammeController(services: services),
        LearningController(services: services),
        CohortController(services: services),
        AssessmentController(services: services),
        CertificateController(services: services),
        BadgeController(services: services),
        EventController(services: services),
        HromadaController(services: services),
        DevelopmentController(services: services),
    ]
}

/// The HTTP application: the router above on the configured address, and the metrics listener
/// when `HROMADA_METRICS_LISTEN` asks for one.
public func buildApplication(services: AppServices) -> some ApplicationProtocol {
    let (router, _) = buildRouter(services: services)
    var background: [any Service] = [AttemptSweeper(services: services), CertificateIssuer(services: services)]
    if let metrics = buildMetricsApplication(services: services) { background.append(metrics) }
    if let sender = buildOutboxSender(services: services) { background.append(sender) }
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

/// The outbox's sender when `HROMADA_SMTP_URL` is set; otherwise nil, and a line in the log saying
/// that mail is off (letters wait in the outbox until it is set).
public func buildOutboxSender(services: AppServices) -> OutboxSender? {
    guard let smtp = services.configuration.smtp else {
        services.logger.notice("mail is off until HROMADA_SMTP_URL is set; letters wait in the outbox")
        return nil
    }
    do {
        return OutboxSender(services: services, transport: try SMTPClient(settings: smtp), from: smtp.from)
    } catch {
        services.logger.error("mail is off: the SMTP client could not start", metadata: ["error": "\(error)"])
        return nil
    }
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
