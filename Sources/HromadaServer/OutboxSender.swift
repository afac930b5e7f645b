import Foundation
import HromadaAPI
import HromadaDomain
public import HromadaMail
import HromadaPostgres
import HromadaStorage
import Logging
import NIOPosix
public import ServiceLifecycle

/// Sends the outbox. Every server instance runs one when `HROMADA_SMTP_URL` is set; they share
/// nothing but the table.
///
/// One row at a time: the row is claimed (moved to `sending` under `FOR UPDATE SKIP LOCKED`, and
/// committed) before a byte goes to the SMTP server, so no other sender takes it; once the server
/// has said `250` to the message, the row is marked `sent` at once, before anything else. A failure
/// that may pass (no connection, a timeout, a `4xx`) puts the row back for a later try, waiting
/// twice as long each time (from `HROMADA_MAIL_RETRY`, at most an hour); a refused address, or three
/// days of failures, gives it up with the reason kept.
///
/// **The one window for a second copy**: between the SMTP server accepting a message and the row
/// being marked `sent` (one UPDATE, a millisecond or two; longer only if the database is down right
/// then, in which case marking is retried within the lease), a crash of this process leaves the row
/// `sending`; when its lease (``OutboxStore/lease``, five minutes) runs out another sender takes it
/// and sends it again. The same holds when the server accepted but its `250` never arrived (a
/// timeout after the data). Both copies carry the same `Message-ID`. A crash before the server
/// accepted is no second copy: the message had not gone.
public struct OutboxSender: Service {
    let services: AppServices
    let transport: any MailTransport
    let from: Mailbox
    /// This sender's name in the rows it claims: host, process and a random part.
    let name: String

    public init(services: AppServices, transport: any MailTransport, from: Mailbox) {
        self.services = services
        self.transport = transport
        self.from = from
        let host = ProcessInfo.processInfo.hostName
        name = "\(host.prefix(60)):\(getpid()):\(UInt32.random(in: 0...UInt32.max))"
    }

    public func run() async throws {
        if let waiting = try? await services.pool.withConnection({ try OutboxStore.waiting($0) }) {
            services.logger.notice("mail is on", metadata: ["smtp": "\(smtpDescription)", "waiting": "\(waiting)"])
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var handled = 0
            do {
                handled = try await pass()
            } catch {
                services.logger.warning("outbox pass failed", metadata: ["error": "\(error)"])
            }
            if handled == 0 {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: services.configuration.mailInterval) }
            }
        }
    }

    var smtpDescription: String { services.configuration.smtp?.redactedURL ?? "(a test transport)" }

    /// Sends what was due when the pass began, one row after another, up to `limit` rows; returns how
    /// many it handled. A letter that fails is not taken again in the same pass, however long it runs.
    @discardableResult
    public func pass(limit: Int = 50) async throws -> Int {
        var handled = 0
        let started = Date()
        while handled < limit, !Task.isShuttingDownGracefully,
              let row = try await services.pool.withConnection({ [name] in try OutboxStore.claim($0, sender: name, dueBy: started) }) {
            handled += 1
            let message = MailMessage(
                from: from, to: Mailbox(name: row.recipientName, address: row.recipient), subject: row.subject,
                text: row.text, html: row.html, date: Date(), messageID: "\(row.id.lowercasedText)@\(domain)",
                language: row.language.rawValue
            )
            let failure: MailFailure?
            do {
                let transport = self.transport
                try await services.blocking.runIfActive { try transport.send(message) }
                failure = nil
            } catch let f as MailFailure {
                failure = f
            } catch {
                failure = MailFailure(permanent: false, reason: "\(error)")
            }
            if let failure {
                try await recordFailure(row, failure)
            } else {
                await recordSent(row)
            }
        }
        return handled
    }

    var domain: String { from.address.split(separator: "@").last.map(String.init) ?? "hromada" }

    /// Marks the row sent, trying again while the database cannot be reached, within the lease.
    func recordSent(_ row: OutboxStore.Claimed) async {
        let deadline = ContinuousClock.now + .seconds(OutboxStore.lease - 30)
        var wait = Duration.milliseconds(200)
        while true {
            do {
                let held = try await services.pool.withConnection { [name] in try OutboxStore.markSent($0, id: row.id, sender: name) }
                if !held {
                    services.logger.error("a letter was sent after its lease had passed to another sender; it may arrive twice",
                                          metadata: ["outbox": "\(row.id.lowercasedText)"])
                }
                return
            } catch {
                guard ContinuousClock.now + wait < deadline else {
                    services.logger.error("a sent letter could not be marked sent; it may be sent again",
                                          metadata: ["outbox": "\(row.id.lowercasedText)", "error": "\(error)"])
                    return
                }
                try? await Task.sleep(for: wait)
                wait = min(wait * 2, .seconds(10))
            }
        }
    }

    func recordFailure(_ row: OutboxStore.Claimed, _ failure: MailFailure) async throws {
        let retryIn = Self.backoff(attempts: row.attempts, base: services.configuration.mailRetry)
        let status = try await services.pool.withConnection { [name] in
            try OutboxStore.markFailed($0, id: row.id, sender: name, reason: failure.reason, permanent: failure.permanent, retryIn: retryIn)
        }
        let metadata: Logger.Metadata = ["outbox": "\(row.id.lowercasedText)", "attempts": "\(row.attempts)", "error": "\(failure.reason)"]
        if status == .failed {
            services.logger.error("a letter was given up", metadata: metadata)
        } else {
            services.logger.warning("a letter was not sent; it will be tried again", metadata: metadata.merging(["in_seconds": "\(retryIn)"]) { a, _ in a })
        }
    }

    /// Seconds before the next try after `attempts` tries: `base`, then twice as long each time, at
    /// most an hour, give or take a tenth (so that instances do not try in step), to the millisecond:
    /// rounded to whole seconds, a short wait lost its spread and every letter that failed together
    /// came due together, for whichever instance looked first.
    static func backoff(attempts: Int, base: Int) -> Double {
        let doubled = Double(base) * pow(2, Double(max(0, min(attempts - 1, 20))))
        let capped = min(doubled, 3600)
        return max(1, (capped * Double.random(in: 0.9...1.1) * 1000).rounded() / 1000)
    }
}
