// HromadaPostgres: the PostgreSQL driver, and nothing about Hromada's tables. libpq connections
// (`PGConnection`), this pool (its decisions in `PoolStateMachine`, its I/O here), statements whose
// values are always bound (`SQL`), rows copied out of libpq (`PGRow`) and SQLSTATEs mapped to the
// project's error codes (`PGErrorMapper`). It depends on CLibPQ, HromadaDomain (the error model)
// and swift-log only. HromadaStorage builds the migrations and the stores on it; what the stores
// need beyond the public API is `package`, not `public`.

import Foundation
import HromadaDomain
public import Logging
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
///
/// Who runs what, and when, is decided by ``PoolStateMachine`` (tested without a database); this
/// class keeps it behind a mutex and does the I/O: dispatch queues, libpq calls, continuations.
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

    /// The pool's decisions, over these connections, jobs and instants.
    typealias Machine = PoolStateMachine<PGConnection, Work, Read, ContinuousClock.Instant>
    /// What a connection runs next: one caller's work, or a batch of reads.
    typealias Job = Machine.Job

    public let conninfo: String
    let overrides: [(String, String)]
    public let maxConnections: Int
    /// The most reads in one batch: their statements go out in one write, far below what
    /// PostgreSQL's socket buffer takes, so sending never waits for results not yet read.
    static let readBatchLimit = 32
    let acquireTimeout: Duration
    let logger: Logger
    /// Where deadlines are read: `ContinuousClock`, unless a test passes a clock of its own so that
    /// a waiter's deadline passes when the test says.
    let clock: @Sendable () -> ContinuousClock.Instant
    /// Every decision, behind the one lock that each submit and each finished job takes once.
    private let state: Mutex<Machine>

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
                  logger: logger, clock: { .now }, resumer: resumer)
    }

    /// As the public initializer, with the clock that deadlines are read from (see ``clock``).
    package init(
        conninfo: String, database: String? = nil, maxConnections: Int = 10, acquireTimeout: Duration = .seconds(5),
        logger: Logger, clock: @escaping @Sendable () -> ContinuousClock.Instant, resumer: (@Sendable () -> Resumer?)? = nil
    ) {
        self.clock = clock
        self.resumer = resumer
        self.conninfo = conninfo
        self.overrides = database.map { [("dbname", $0)] } ?? []
        // One read lane per core (at most one per connection), as each backend answers its batch on
        // one core; reads arriving while every lane is busy wait and go out together.
        let machine = Machine(
            maxConnections: maxConnections, readLanes: ProcessInfo.processInfo.activeProcessorCount,
            readBatchLimit: Self.readBatchLimit, acquireTimeout: acquireTimeout
        )
        self.maxConnections = machine.maxConnections
        self.acquireTimeout = acquireTimeout
        self.logger = logger
        self.state = Mutex(machine)
    }

    public var stats: Stats {
        state.withLock { Stats(open: $0.open, idle: $0.idleCount, waiting: $0.waitingCount, maxConnections: maxConnections) }
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
        let shutdown = state.withLock { $0.shutdown() }
        for c in shutdown.close { c.queue.async { c.close() } }
        for job in shutdown.fail { Self.fail(job, HromadaError(.databaseUnavailable, reason: "pool shut down")) }
    }

    static func ensureOpen(_ conn: PGConnection) throws {
        if !conn.isHealthy {
            conn.close()
            try conn.open()
        }
    }

    /// Hands `job` to the state machine and does what it decides: run the job on a connection (one
    /// idle, or a new one), leave it queued (starting the reaper if none runs), or fail it.
    private func submit(_ job: Job) {
        switch state.withLock({ $0.submit(job, now: clock()) }) {
        case .run(let connection, let job): start(connection, job)
        case .open(let id, let job): start(newConnection(id), job)
        case .queued(let startReaper): if startReaper { Task { [weak self] in await self?.reapExpiredWaiters() } }
        case .refused: Self.fail(job, HromadaError(.databaseUnavailable, reason: "pool shut down"))
        }
    }

    private func newConnection(_ id: Int) -> PGConnection {
        PGConnection(conninfo: conninfo, overrides: overrides, label: "hromada.pg.\(id)")
    }

    private func start(_ connection: PGConnection, _ job: Job) {
        connection.queue.async { self.drive(connection, job) }
    }

    /// On `connection`'s queue: runs `first`, then whatever the state machine hands it next, until
    /// nothing waits. A connection it retires is closed, and a replacement takes the job that waits
    /// on a queue of its own.
    private func drive(_ connection: PGConnection, _ first: Job) {
        var next: Job? = first
        while let job = next {
            run(job, on: connection)
            let broken = connection.isBroken
            switch state.withLock({ $0.connectionFinished(connection, after: job, broken: broken) }) {
            case .runNext(let queued):
                next = queued
            case .park:
                next = nil
            case .close:
                connection.close()
                next = nil
            case .replace(let id, let queued):
                connection.close()
                start(newConnection(id), queued)
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

    private static func fail(_ job: Job, _ error: any Error) {
        switch job {
        case .work(let work): work.fail(error)
        case .reads(let reads): for read in reads { read.complete(.failure(error)) }
        }
    }

    /// Fails the waiters whose deadline has passed, checking a few times a second while anyone waits.
    private func reapExpiredWaiters() async {
        while true {
            try? await Task.sleep(for: .milliseconds(100))
            let reaped = state.withLock { $0.reap(now: clock()) }
            for job in reaped.expired {
                Self.fail(job, HromadaError(
                    .databaseUnavailable, retryAfter: 1, reason: "no free database connection within \(acquireTimeout)"
                ))
            }
            if reaped.reaperDone { return }
        }
    }
}
