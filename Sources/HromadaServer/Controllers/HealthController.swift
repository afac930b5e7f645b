import Foundation
import Hummingbird
import HromadaDomain
import HromadaStorage
import HromadaPostgres

/// `/healthz`, `/readyz`, `/metrics` and the OpenAPI document.
struct HealthController: Controller {
    let services: AppServices

    var endpoints: [Endpoint] {
        [
            .root(.get, "/healthz") { _, _ in try .json(["status": "ok"]) },
            .root(.get, "/readyz", readiness),
            // The figures tell an attacker what is busy and what fails: an admin's only on this listener.
            // Prometheus reads them from `HROMADA_METRICS_LISTEN` instead (``metricsRouter(services:)``).
            .root(.get, "/metrics", signedIn(metrics)),
            .get("/openapi.json") { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes))
                )
            },
        ]
    }

    @Sendable func readiness(_ request: Request, _ context: AppContext) async throws -> Response {
        let current: Bool
        do {
            current = try await services.migrator.isCurrent(pool: services.pool)
        } catch let error as HromadaError where error.code == .databaseUnavailable {
            throw error
        } catch {
            current = false
        }
        guard current else {
            throw HromadaError(.databaseUnavailable, detail: .init(
                uk: "База даних доступна, але не оновлена: виконайте hromada-server migrate.",
                en: "The database is reachable but not migrated: run hromada-server migrate."
            ))
        }
        // Ready either way; a root CRL near its nextUpdate is a warning for the operator (the root key
        // may be offline, so the server cannot re-sign it itself).
        let nextUpdate = try? await services.pool.withConnection { try CertificateAuthorityStore.rootCRLNextUpdate($0) }
        return try .json(Readiness(status: "ready", warnings: RootCRLWatch.warnings(
            nextUpdate: nextUpdate ?? nil, window: services.configuration.rootCRLWarning)))
    }

    @Sendable func metrics(_ signedIn: SignedIn) async throws -> Response {
        try Policy.require(.readMetrics, for: signedIn.caller.principal)
        return Self.metrics(services)
    }
}

/// `/readyz`'s answer: `ready`, and what the operator should act on soon.
struct Readiness: Encodable {
    var status: String
    var warnings: [RootCRLWatch.Warning]
}

extension HealthController {
    /// The Prometheus exposition of this process: requests and latency by route, the pool's and the
    /// password queue's figures as they are now, the background loops (names in README.md).
    static func metrics(_ services: AppServices) -> Response {
        let stats = services.pool.stats
        let bytes = services.metrics.exposition(.init(
            poolOpen: stats.open, poolIdle: stats.idle, poolWaiting: stats.waiting, poolMax: stats.maxConnections,
            passwordQueue: services.passwords.inFlight
        ))
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}

/// The OpenAPI 3.1 document shipped with the server (`Sources/HromadaServer/Resources/openapi.json`).
public enum OpenAPIDocument {
    public static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url)
        else { return Array("{}".utf8) }
        return Array(data)
    }()
}
