import Foundation
import HromadaDomain
import HromadaStorage
import Logging
public import ServiceLifecycle
import CoreMetrics
import HromadaPostgres

/// Signs reserved certificates and keeps every centre's revocation list fresh (re-signed at least
/// weekly), and the root CRL too (re-signed once fewer than 60 of its 90 days are left, where the root
/// key is on this server; where it is offline, it warns instead). Rows are taken with `SKIP LOCKED`, so several server instances share the work and never
/// sign one certificate twice; whatever a crash interrupts is still pending and is signed on the next pass.
public struct CertificateIssuer: Service {
    let services: AppServices

    public init(services: AppServices) {
        self.services = services
    }

    public func run() async throws {
        var lastWarning = ContinuousClock.now - .seconds(3600)
        var lastCRLWarning: ContinuousClock.Instant?
        var lastForgetting = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await warnAboutRootCRL(last: &lastCRLWarning)
            do {
                _ = try await pass()
                // The verification rate's counters of long-ended windows, now and then.
                if ContinuousClock.now - lastForgetting > .seconds(600) {
                    lastForgetting = ContinuousClock.now
                    try await services.pool.withConnection { try VerificationRate.forgetOld($0) }
                }
            } catch {
                services.metrics.issuer.failures.increment()
                // Keys missing or locked: say so now and then, keep the certificates pending.
                if ContinuousClock.now - lastWarning > .seconds(300) {
                    services.logger.warning("certificate signing or list renewal failed; retrying", metadata: ["error": "\(error)"])
                    lastWarning = ContinuousClock.now
                }
            }
            try? await Task.sleep(for: services.configuration.sweepInterval)
        }
    }

    /// Logs that the root CRL must be re-signed: daily (warning) from the configured window before its
    /// `nextUpdate`, hourly (error) once it has passed. `/readyz` says the same (``RootCRLWatch``).
    func warnAboutRootCRL(last: inout ContinuousClock.Instant?) async {
        guard let nextUpdate = try? await services.pool.withConnection({ try CertificateAuthorityStore.rootCRLNextUpdate($0) }),
              let warning = RootCRLWatch.warnings(nextUpdate: nextUpdate, window: services.configuration.rootCRLWarning).first
        else { return }
        let expired = warning.code == .rootCRLExpired
        if let last, ContinuousClock.now - last < (expired ? .seconds(3600) : .seconds(86400)) { return }
        last = .now
        services.logger.log(level: expired ? .error : .warning, "\(warning.message.en)",
                            metadata: ["code": "\(warning.code.rawValue)", "next_update": "\(Timestamp.format(nextUpdate))"])
    }

    /// One pass: signs everything pending (in batches), then re-signs due revocation lists.
    /// Returns how many certificates it signed.
    public func pass() async throws -> Int {
        let keys = services.keys, issuer = services.issuer
        var signed = 0
        while true {
            let batch = try await services.pool.transaction { try CertificateStore.signPending($0, ring: keys, issuer: issuer, limit: 200) }
            signed += batch.count
            if batch.count < 200 { break }
        }
        let due = try await services.pool.withConnection { try CertificateStore.listsDue($0) }
        for centre in due {
            try await services.pool.transaction { try CertificateStore.publishRevocationList($0, ring: keys, centre: centre) }
        }
        if try await services.pool.transaction(.readCommitted, { try CertificateAuthorityStore.renewCRLIfDue($0, ring: keys) }) {
            services.logger.info("root CRL re-signed")
        }
        services.metrics.certificatesSigned.increment(by: signed)
        services.metrics.issuer.succeeded()
        if signed > 0 { services.logger.info("certificates signed", metadata: ["count": "\(signed)"]) }
        return signed
    }
}
