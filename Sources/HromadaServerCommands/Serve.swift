import ArgumentParser
import Foundation
import Hummingbird
import Logging
import CoreMetrics
import HromadaDomain
import HromadaServer
import HromadaStorage
import HromadaPostgres
import NIOPosix
import ServiceLifecycle
import UnixSignals

extension HromadaServerCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the JSON API until SIGTERM or SIGINT, then finish in-flight requests and exit.",
            discussion: "Example: HROMADA_DATABASE_URL=postgresql:///hromada hromada-server serve --listen 127.0.0.1:8080"
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "host:port to listen on (default: HROMADA_LISTEN or 127.0.0.1:8080).") var listen: String?
        @Option(name: .customLong("public-url"), help: "Address people use to reach this server (default: HROMADA_PUBLIC_URL).") var publicURL: String?
        @Option(name: .customLong("keys-dir"), help: "Folder of signing keys (default: HROMADA_KEYS_DIR or .data/keys).") var keysDir: String?
        @Option(name: .customLong("token-ttl"), help: "Lifetime of login tokens, e.g. 12h, 30m (default: HROMADA_TOKEN_TTL or 12h).") var tokenTTL: String?
        @Option(name: .customLong("trusted-proxies"), help: "Reverse proxies whose X-Forwarded-For is believed: addresses or CIDR, comma-separated (default: HROMADA_TRUSTED_PROXIES or none).") var trustedProxies: String?
        @Option(name: .customLong("metrics-listen"), help: "host:port of a separate listener serving only /metrics without a token (default: HROMADA_METRICS_LISTEN or off).") var metricsListen: String?
        @Option(name: .customLong("migrations"), help: "Folder of migrations/NNNN_name.sql (default: HROMADA_MIGRATIONS_DIR or ./migrations).") var migrations: String?

        func run() async throws {
            do {
                var c = try database.configuration()
                if let listen { try c.setListen(listen) }
                if let publicURL { c.publicURL = publicURL }
                if let keysDir { c.keysDirectory = keysDir }
                if let tokenTTL { c.tokenTTL = try ServerConfiguration.parseDuration(tokenTTL, name: "--token-ttl") }
                if let trustedProxies { c.trustedProxies = try TrustedProxies(parsing: trustedProxies) }
                if let metricsListen { c.metricsListen = try ServerConfiguration.parseListen(metricsListen) }
                let logger = try database.logger(c)
                let migrator = try Migrator.load(directory: migrations.map { URL(fileURLWithPath: $0) } ?? Migrator.defaultDirectory())
                // Each request resumes after its database work on the event loop it ran on.
                let resumer: @Sendable () -> PGPool.Resumer? = {
                    guard let loop = MultiThreadedEventLoopGroup.currentEventLoop else { return nil }
                    return { work in loop.execute(work) }
                }
                let pool = PGPool(conninfo: c.databaseURL, maxConnections: c.databasePoolSize, logger: logger, resumer: resumer)
                // scrypt and the CPU work of requests (pack validation, PDFs) on pools of their own, so a
                // flood of logins queues behind logins only.
                let cores = max(2, ProcessInfo.processInfo.activeProcessorCount)
                let threads = NIOThreadPool(numberOfThreads: cores)
                threads.start()
                let cpu = NIOThreadPool(numberOfThreads: cores)
                cpu.start()
                let reports = c.reportsDatabaseURL.map {
                    PGPool(conninfo: $0, maxConnections: max(2, c.databasePoolSize / 2), logger: logger, resumer: resumer)
                }
                let telemetry = try Telemetry.start(logger: logger)
                c.tracing = telemetry != nil
                let services = AppServices(
                    configuration: c, pool: pool, reportsPool: reports, passwords: PasswordService(threads: threads),
                    blocking: cpu, migrator: migrator, logger: logger
                )
                // What libraries record through swift-metrics lands in this app's /metrics too.
                MetricsSystem.bootstrap(services.metrics.factory)
                await refilterLessons(pool: pool, migrator: migrator, logger: logger)
                let app = buildApplication(services: services)
                logger.info("serving", metadata: ["listen": "\(c.host):\(c.port)"])
                if let telemetry {
                    // The exporter stops after the server (a group stops in reverse order), so the last
                    // requests' spans are sent.
                    let group = ServiceGroup(configuration: .init(
                        services: [.init(service: telemetry), .init(service: app)],
                        gracefulShutdownSignals: [.sigterm, .sigint],
                        logger: logger
                    ))
                    try await group.run()
                } else {
                    try await app.runService()
                }
                pool.shutdown()
                reports?.shutdown()
                try await threads.shutdownGracefully()
                try await cpu.shutdownGracefully()
                logger.info("stopped")
            } catch {
                throw failure(error)
            }
        }

        /// Lessons stored before the HTML filter (or under older rules), filtered once before
        /// serving (another instance starting at once waits on the lock and finds nothing left).
        /// Until then, and if this fails, the lesson read filters such rows itself.
        func refilterLessons(pool: PGPool, migrator: Migrator, logger: Logger) async {
            do {
                guard try await migrator.isCurrent(pool: pool) else { return }
                let n = try await pool.transaction { try CourseStore.refilterLessons($0) }
                if n > 0 { logger.info("lesson html filtered", metadata: ["lessons": "\(n)"]) }
            } catch {
                logger.warning("lesson html not filtered at start; reads filter old rows", metadata: ["error": "\(error)"])
            }
        }
    }
}
