import Foundation
import HromadaStorage
import Logging
public import ServiceLifecycle
import CoreMetrics
import HromadaPostgres

/// Closes timed attempts whose deadline has passed, with no client action: `autosubmit` grades what
/// was saved, `abandon` records the attempt as never submitted.
///
/// Every server instance runs one. Each attempt is closed in its own transaction that first takes its
/// enrolment's row lock with `SKIP LOCKED`: instances never wait on each other or close one attempt
/// twice, and closing here gives exactly what closing on the learner's next request gives.
public struct AttemptSweeper: Service {
    let services: AppServices

    public init(services: AppServices) {
        self.services = services
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await sweep()
            } catch {
                services.metrics.sweeper.failures.increment()
                services.logger.warning("attempt sweep failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: services.configuration.sweepInterval)
        }
    }

    /// One pass; returns how many attempts it closed.
    public func sweep() async throws -> Int {
        let attempts = services.attempts
        var closed = 0
        while true {
            let ids = try await services.pool.withConnection { try AttemptStore.overdue($0, limit: 200) }
            var closedNow = 0
            for id in ids {
                if try await services.pool.transaction(.readCommitted, { try attempts.close($0, attemptID: id, by: .deadline, skipLocked: true) }) {
                    closedNow += 1
                }
            }
            closed += closedNow
            // A short batch means the backlog is gone; one where nothing closed means the rest is busy elsewhere.
            if ids.count < 200 || closedNow == 0 { break }
        }
        services.metrics.attemptsClosed.increment(by: closed)
        services.metrics.sweeper.succeeded()
        if closed > 0 { services.logger.info("closed overdue attempts", metadata: ["count": "\(closed)"]) }
        return closed
    }
}
