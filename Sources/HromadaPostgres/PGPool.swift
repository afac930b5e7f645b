// HromadaPostgres: the PostgreSQL driver, and nothing about Hromada's tables. libpq connections
// (`PGConnection`), this pool, statements whose values are always bound (`SQL`), rows copied out
// of libpq (`PGRow`) and SQLSTATEs mapped to the project's error codes (`PGErrorMapper`). It
// depends on CLibPQ, HromadaDomain (the error model) and swift-log only. HromadaStorage builds the
// migrations and the stores on it; what the stores need beyond the public API is `package`, not
// `public`.

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

    /// A caller's read-only statements, run in one pipeline with other callers' (``read(_:)``).
    struct Read: Sendable {
        let statements: [SQL]
        let complete: @Sendable (Result<[[PGRow]], any Error>) -> Void
    }

    /// What a connection runs next: one caller's work, or a batch of reads.
    enum Job: Sendable {
        case work(Work)
        case reads([Read])

        func fail(_ error: any Error) {
            switch self {
            case .work(let work): work.fail(error)
            case .reads(let reads): for read in reads { read.complete(.failure(error)) }
            }
        }
    }

    private struct State {
        var idle: [PGConnection] = []
        var open = 0
        var waiters: [(work: Work, deadline: ContinuousClock.Instant)] = []
        /// Reads waiting for a lane, in arrival order; the next lane free takes them all as one batch.
        var reads: [(read: Read, deadline: ContinuousClock.Instant)] = []
        /// Connections running a batch of reads now, at most ``PGPool/readLanes``.
        var readLanes = 0
        /// Whether the task that fails waiters past their deadline is running (one per pool, only
        /// while someone waits: no timer per waiter).
        var reaping = false
        var nextConnectionID = 0
        var closed = false
    }

    public let conninfo: String
    let overrides: [(String, String)]
    public let maxConnections: Int
    /// How many connections run batches of reads at once: one per core, as each backend answers
    /// its batch on one core. Reads arriving while every lane is busy wait and go out together.
    let readLanes: Int
    /// The most reads in one batch: their statements go out in one write, far below what
    /// PostgreSQL's socket buffer takes, so sending never waits for results not yet read.
    static let readBatchLimit = 32
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
        self.readLanes = max(1, min(self.maxConnections, ProcessInfo.processInfo.activeProcessorCount))
        self.acquireTimeout = acquireTimeout
        self.logger = logger
    }

    public var stats: Stats {
        state.withLock { Stats(open: $0.open, idle: $0.idle.count, waiting: $0.waiters.count + $0.reads.count, maxConnections: maxConnections) }
    }

    /// Runs `body` with a connection of its own, outside any explicit transaction.
    @discardableResult
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        let resume = resumer?()
        return try await withCheckedThrowingContinuation { continuation in
            submit(.work(Work(
                run: { conn in
                    let result = Result {
                        try Self.ensureOpen(conn)
                        return try body(conn)
                    }
                    if let resume { resume { continuation.resume(with: result) } } else { continuation.resume(with: result) }
                },
                fail: { continuation.resume(throwing: $0) }
            )))
        }
    }

    /// Runs read-only statements in one pipeline, outside any explicit transaction, and returns
    /// each one's rows. Under load, reads from many callers go to PostgreSQL together: while every
    /// read lane is busy, new reads wait, and the next lane free sends all of them in one pipeline
    /// with one sync point (``PGConnection/readBatch(_:)``); each caller still gets its own rows or
    /// its own error. Alone, a read goes out at once.
    public func read(_ statements: [SQL]) async throws -> [[PGRow]] {
        let resume = resumer?()
        return try await withCheckedThrowingContinuation { continuation in
            submit(.reads([Read(statements: statements, complete: { result in
                if let resume { resume { continuation.resume(with: result) } } else { continuation.resume(with: result) }
            })]))
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
        let (idle, waiting) = state.withLock { s -> ([PGConnection], [Job]) in
            s.closed = true
            let idle = s.idle
            s.idle = []
            s.open -= idle.count
            let waiting = s.waiters.map { Job.work($0.work) } + s.reads.map { Job.reads([$0.read]) }
            s.waiters = []
            s.reads = []
            return (idle, waiting)
        }
        for c in idle { c.queue.async { c.close() } }
        for job in waiting { job.fail(HromadaError(.databaseUnavailable, reason: "pool shut down")) }
    }

    static func ensureOpen(_ conn: PGConnection) throws {
        if !conn.isHealthy {
            conn.close()
            try conn.open()
        }
    }

    private enum Placement {
        case run(PGConnection, Job)
        case queued(startReaper: Bool)
        case failure(HromadaError)
    }

    /// Runs `job` on a free connection (opening one if the bound allows), or queues it for the
    /// next connection to finish. Reads queue as well while every read lane is busy.
    private func submit(_ job: Job) {
        func place(_ s: inout State, queueing: Bool) -> Placement? {
            if s.closed { return .failure(HromadaError(.databaseUnavailable, reason: "pool shut down")) }
            let laneFree: Bool
            if case .reads = job { laneFree = s.readLanes < readLanes } else { laneFree = true }
            if laneFree, let c = s.idle.popLast() ?? (s.open < maxConnections ? newConnection(&s) : nil) {
                guard case .reads(let reads) = job else { return .run(c, job) }
                // Reads queued for want of a connection go first, with this one.
                let queued = s.reads.prefix(Self.readBatchLimit - reads.count).map(\.read)
                s.reads.removeFirst(queued.count)
                s.readLanes += 1
                return .run(c, .reads(queued + reads))
            }
            guard queueing else { return nil }
            switch job {
            case .work(let work): s.waiters.append((work, .now + acquireTimeout))
            case .reads(let reads): s.reads += reads.map { ($0, .now + acquireTimeout) }
            }
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
        case .run(let connection, let job): connection.queue.async { self.drive(connection, job) }
        case .queued(let startReaper): if startReaper { Task { [weak self] in await self?.reapExpiredWaiters() } }
        case .failure(let error): job.fail(error)
        }
    }

    /// The job a connection free now takes, if any: the reads waiting (as one batch) when a lane
    /// is free and they came before the oldest waiting work, otherwise that work.
    private func nextJob(_ s: inout State) -> Job? {
        let readsReady = !s.reads.isEmpty && s.readLanes < readLanes
        if readsReady, s.waiters.isEmpty || s.reads[0].deadline <= s.waiters[0].deadline {
            let batch = s.reads.prefix(Self.readBatchLimit).map(\.read)
            s.reads.removeFirst(batch.count)
            s.readLanes += 1
            return .reads(batch)
        }
        if !s.waiters.isEmpty { return .work(s.waiters.removeFirst().work) }
        return nil
    }

    private func newConnection(_ s: inout State) -> PGConnection {
        s.open += 1
        s.nextConnectionID += 1
        return PGConnection(conninfo: conninfo, overrides: overrides, label: "hromada.pg.\(s.nextConnectionID)")
    }

    /// On `connection`'s queue: runs `first`, then whatever waits in line, until nothing waits.
    /// A broken connection (or any, once the pool is shut down) is closed; if work waits, a new
    /// connection takes it on its own queue.
    private func drive(_ connection: PGConnection, _ first: Job) {
        enum After { case run(Job), idle, retire(successor: (PGConnection, Job)?) }
        var next: Job? = first
        while let job = next {
            run(job, on: connection)
            let broken = connection.isBroken
            let after = state.withLock { s -> After in
                if case .reads = job { s.readLanes -= 1 }
                if broken || s.closed {
                    s.open -= 1
                    guard !s.closed, let queued = nextJob(&s) else { return .retire(successor: nil) }
                    return .retire(successor: (newConnection(&s), queued))
                }
                if let queued = nextJob(&s) { return .run(queued) }
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

    private func run(_ job: Job, on connection: PGConnection) {
        switch job {
        case .work(let work):
            work.run(connection)
        case .reads(let reads):
            do {
                try Self.ensureOpen(connection)
            } catch {
                for read in reads { read.complete(.failure(error)) }
                return
            }
            for (read, result) in zip(reads, connection.readBatch(reads.map(\.statements))) { read.complete(result) }
        }
    }

    /// Fails the waiters whose deadline has passed, checking a few times a second while anyone waits.
    private func reapExpiredWaiters() async {
        while true {
            try? await Task.sleep(for: .milliseconds(100))
            let now = ContinuousClock.now
            let (expired, done) = state.withLock { s -> ([Job], Bool) in
                // Waiters are in arrival order, each with the same timeout: the expired ones lead.
                let count = s.waiters.prefix { $0.deadline <= now }.count
                let reads = s.reads.prefix { $0.deadline <= now }.count
                let expired = s.waiters.prefix(count).map { Job.work($0.work) } + s.reads.prefix(reads).map { Job.reads([$0.read]) }
                s.waiters.removeFirst(count)
                s.reads.removeFirst(reads)
                let done = s.waiters.isEmpty && s.reads.isEmpty
                if done { s.reaping = false }
                return (expired, done)
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
