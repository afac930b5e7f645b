import Foundation
import HromadaDomain
import Logging
import Synchronization

/// A bounded pool of libpq connections.
///
/// Every blocking libpq call runs on the holding connection's own serial dispatch queue, so Swift's
/// cooperative threads never wait on the network. A caller hands the pool its work; a free
/// connection runs it at once, and otherwise the work waits in line and the next connection to
/// finish runs it straight after, on the same thread: under load a request's database work costs
/// no extra thread switch to reach a connection. A connection found broken (PostgreSQL restarted,
/// socket closed) is reopened before use; while PostgreSQL is down callers get
/// `database_unavailable`, and the pool recovers by itself when it is back.
public final class PGPool: Sendable {
    public struct Stats: Sendable {
        public var open: Int
        public var idle: Int
        public var waiting: Int
        public var maxConnections: Int
    }

    /// A caller's work: runs on a connection (and resumes the caller), or fails without one.
    struct Work: Sendable {
        let run: @Sendable (PGConnection) -> Void
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var idle: [PGConnection] = []
        var open = 0
        var waiters: [(work: Work, deadline: ContinuousClock.Instant)] = []
        /// Whether the task that fails waiters past their deadline is running (one per pool, only
        /// while someone waits: no timer per waiter).
        var reaping = false
        var nextConnectionID = 0
        var closed = false
    }

    public let conninfo: String
    let overrides: [(String, String)]
    public let maxConnections: Int
    let acquireTimeout: Duration
    let logger: Logger
    private let state = Mutex(State())
    /// Tests only: runs between a caller's first look at the pool and its queueing as a waiter.
    let beforeQueueing: (@Sendable () -> Void)?

    /// Runs a closure on some thread: where a caller is resumed once its work is done.
    public typealias Resumer = @Sendable (@escaping @Sendable () -> Void) -> Void
    /// Asked on the caller's thread when it hands over work: where to resume it (nil: wherever
    /// Swift's global executor puts it). The server resumes each request on the event loop it
    /// ran on; resumed from a connection's thread, Swift's executor (SwiftNIO's event loops) picks
    /// a loop in turn, half the time not the one that owns the request's socket, which then costs
    /// one more switch between threads to answer.
    let resumer: (@Sendable () -> Resumer?)?

    /// - Parameters:
    ///   - conninfo: a libpq URL or key=value string; empty means libpq's `PG*` variables and service files.
    ///   - maxConnections: at most this many connections are open at once (default 10).
    ///   - acquireTimeout: how long a caller waits for a free connection before `database_unavailable` (default 5 s).
    ///   - database: connect to this database instead of the one `conninfo` names.
    ///   - resumer: asked on the caller's thread, where to resume the caller after its work (see ``Resumer``).
    public convenience init(
        conninfo: String, database: String? = nil, maxConnections: Int = 10,
        acquireTimeout: Duration = .seconds(5), logger: Logger, resumer: (@Sendable () -> Resumer?)? = nil
    ) {
        self.init(conninfo: conninfo, database: database, maxConnections: maxConnections, acquireTimeout: acquireTimeout,
                  logger: logger, beforeQueueing: nil, resumer: resumer)
    }

    init(
        conninfo: String, database: String? = nil, maxConnections: Int = 10,
        acquireTimeout: Duration = .seconds(5), logger: Logger, beforeQueueing: (@Sendable () -> Void)?,
        resumer: (@Sendable () -> Resumer?)? = nil
    ) {
        self.beforeQueueing = beforeQueueing
        self.resumer = resumer
        self.conninfo = conninfo
        self.overrides = database.map { [("dbname", $0)] } ?? []
        self.maxConnections = max(1, maxConnections)
        self.acquireTimeout = acquireTimeout
        self.logger = logger
    }

    public var stats: Stats {
        state.withLock { Stats(open: $0.open, idle: $0.idle.count, waiting: $0.waiters.count, maxConnections: maxConnections) }
    }

    /// Runs `body` with a connection of its own, outside any explicit transaction.
    @discardableResult
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        let resume = resumer?()
        return try await withCheckedThrowingContinuation { continuation in
            submit(Work(
                run: { conn in
                    let result = Result {
                        try Self.ensureOpen(conn)
                        return try body(conn)
                    }
                    if let resume { resume { continuation.resume(with: result) } } else { continuation.resume(with: result) }
                },
                fail: { continuation.resume(throwing: $0) }
            ))
        }
    }

    /// Runs `body` in one transaction. Any thrown error rolls it back; a serialization failure or
    /// deadlock runs `body` again (up to `retries` more times) on a fresh transaction.
    /// With `deferBegin`, see ``PGConnection/inTransaction(_:deferBegin:_:)``.
    @discardableResult
    public func transaction<T: Sendable>(
        _ isolation: PGConnection.Isolation = .readCommitted,
        retries: Int = 4,
        deferBegin: Bool = false,
        _ body: @escaping @Sendable (PGConnection) throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await withConnection { conn in try conn.inTransaction(isolation, deferBegin: deferBegin, body) }
            } catch let error as HromadaError where error.code == .serializationFailure && attempt < retries {
                attempt += 1
                logger.debug("retrying transaction after serialization failure", metadata: ["attempt": "\(attempt)"])
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...20) * attempt))
            }
        }
    }

    /// Closes idle connections and refuses new work.
    public func shutdown() {
        let (idle, waiters) = state.withLock { s -> ([PGConnection], [Work]) in
            s.closed = true
            let idle = s.idle
            s.idle = []
            s.open -= idle.count
            let waiters = s.waiters.map(\.work)
            s.waiters = []
            return (idle, waiters)
        }
        for c in idle { c.queue.async { c.close() } }
        for w in waiters { w.fail(HromadaError(.databaseUnavailable, reason: "pool shut down")) }
    }

    static func ensureOpen(_ conn: PGConnection) throws {
        if !conn.isHealthy {
            conn.close()
            try conn.open()
        }
    }

    private enum Placement {
        case run(PGConnection)
        case queued(startReaper: Bool)
        case failure(HromadaError)
    }

    /// Runs `work` on a free connection (opening one if the bound allows), or queues it for the
    /// next connection to finish.
    private func submit(_ work: Work) {
        func place(_ s: inout State, queueing: Bool) -> Placement? {
            if s.closed { return .failure(HromadaError(.databaseUnavailable, reason: "pool shut down")) }
            if let c = s.idle.popLast() { return .run(c) }
            if s.open < maxConnections { return .run(newConnection(&s)) }
            guard queueing else { return nil }
            s.waiters.append((work, .now + acquireTimeout))
            defer { s.reaping = true }
            return .queued(startReaper: !s.reaping)
        }
        var placement = state.withLock { place(&$0, queueing: beforeQueueing == nil) }
        if placement == nil {
            beforeQueueing?()
            // Looked at again under the lock that queues the work: a connection released since the
            // first look must not stay idle while this work waits for the next one.
            placement = state.withLock { place(&$0, queueing: true) }
        }
        switch placement! {
        case .run(let connection): connection.queue.async { self.drive(connection, work) }
        case .queued(let startReaper): if startReaper { Task { [weak self] in await self?.reapExpiredWaiters() } }
        case .failure(let error): work.fail(error)
        }
    }

    private func newConnection(_ s: inout State) -> PGConnection {
        s.open += 1
        s.nextConnectionID += 1
        return PGConnection(conninfo: conninfo, overrides: overrides, label: "hromada.pg.\(s.nextConnectionID)")
    }

    /// On `connection`'s queue: runs `first`, then whatever waits in line, until no work waits.
    /// A broken connection (or any, once the pool is shut down) is closed; if work waits, a new
    /// connection takes it on its own queue.
    private func drive(_ connection: PGConnection, _ first: Work) {
        enum After { case run(Work), idle, retire(successor: (PGConnection, Work)?) }
        var next: Work? = first
        while let work = next {
            work.run(connection)
            let broken = connection.isBroken
            let after = state.withLock { s -> After in
                if broken || s.closed {
                    s.open -= 1
                    guard !s.closed, !s.waiters.isEmpty else { return .retire(successor: nil) }
                    return .retire(successor: (newConnection(&s), s.waiters.removeFirst().work))
                }
                if !s.waiters.isEmpty { return .run(s.waiters.removeFirst().work) }
                s.idle.append(connection)
                return .idle
            }
            switch after {
            case .run(let queued):
                next = queued
            case .idle:
                next = nil
            case .retire(let successor):
                connection.close()
                if let (replacement, queued) = successor { replacement.queue.async { self.drive(replacement, queued) } }
                next = nil
            }
        }
    }

    /// Fails the waiters whose deadline has passed, checking a few times a second while anyone waits.
    private func reapExpiredWaiters() async {
        while true {
            try? await Task.sleep(for: .milliseconds(100))
            let now = ContinuousClock.now
            let (expired, done) = state.withLock { s -> ([Work], Bool) in
                // Waiters are in arrival order, each with the same timeout: the expired ones lead.
                let count = s.waiters.prefix { $0.deadline <= now }.count
                let expired = s.waiters.prefix(count).map(\.work)
                s.waiters.removeFirst(count)
                if s.waiters.isEmpty { s.reaping = false }
                return (expired, s.waiters.isEmpty)
            }
            for waiter in expired {
                waiter.fail(HromadaError(
                    .databaseUnavailable, retryAfter: 1, reason: "no free database connection within \(acquireTimeout)"
                ))
            }
            if done { return }
        }
    }
}
