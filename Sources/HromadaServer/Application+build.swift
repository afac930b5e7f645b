import Hummingbird
import Logging

/// Builds the router with every route and middleware; tests build the very same one.
public func buildRouter(services: AppServices) -> (Router<AppContext>, RouteTable) {
    let router = Router(context: AppContext.self)
    var routes = Routes(router: router)
    // The table must be complete before the middleware is added, but routes capture the middleware
    // when they are added: register once to learn the table, then build the real router with it.
    var probe = Routes(router: Router(context: AppContext.self))
    registerAll(&probe, services: services)
    router.add(middleware: ProblemMiddleware(metrics: services.metrics, routes: probe.table))
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

/// The HTTP application: the router above on the configured address.
public func buildApplication(services: AppServices) -> some ApplicationProtocol {
    let (router, _) = buildRouter(services: services)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(services.configuration.host, port: services.configuration.port),
            serverName: "hromada"
        ),
        services: [AttemptSweeper(services: services), CertificateIssuer(services: services)],
        logger: services.logger
    )
}
