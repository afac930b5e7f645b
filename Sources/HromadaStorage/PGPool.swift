import Foundation
import HromadaDomain
import Logging
import Synchronization

/// A bounded pool of libpq connections.
///
/// Every blocking libpq call runs on the holding connection's own serial dispatch queue, so Swift's
/// cooperative threads never wait on the network. A connection found broken (PostgreSQL restarted,
/// socket closed) is reopened before use; while PostgreSQL is down callers get
/// `database_unavailable`, and the pool recovers by itself when it is back.
public final class PGPool: Sendable {
    public struct Stats: Sendable {
        public var open: Int
        public var idle: Int
        public var waiting: Int
        public var maxConnections: Int
    }

    private struct State {
        var idle: [PGConnection] = []
        var open = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<PGConnection, any Error>, deadline: ContinuousClock.Instant)] = []
        var nextWaiterID = 0
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

    /// - Parameters:
    ///   - conninfo: a libpq URL or key=value string; empty means libpq's `PG*` variables and service files.
    ///   - maxConnections: at most this many connections are open at once (default 10).
    ///   - acquireTimeout: how long a caller waits for a free connection before `database_unavailable` (default 5 s).
    ///   - database: connect to this database instead of the one `conninfo` names.
    public convenience init(
        conninfo: String, database: String? = nil, maxConnections: Int = 10,
        acquireTimeout: Duration = .seconds(5), logger: Logger
    ) {
        self.init(conninfo: conninfo, database: database, maxConnections: maxConnections, acquireTimeout: acquireTimeout,
                  logger: logger, beforeQueueing: nil)
    }

    init(
        conninfo: String, database: String? = nil, maxConnections: Int = 10,
        acquireTimeout: Duration = .seconds(5), logger: Logger, beforeQueueing: (@Sendable () -> Void)?
    ) {
        self.beforeQueueing = beforeQueueing
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
        let connection = try await acquire()
        do {
            let value = try await run(on: connection) { conn in
                try Self.ensureOpen(conn)
                return try body(conn)
            }
            release(connection)
            return value
        } catch {
            release(connection)
            throw error
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
        let (idle, waiters) = state.withLock { s -> ([PGConnection], [CheckedContinuation<PGConnection, any Error>]) in
            s.closed = true
            let idle = s.idle
            s.idle = []
            s.open -= idle.count
            let waiters = s.waiters.map(\.continuation)
            s.waiters = []
            return (idle, waiters)
        }
        for c in idle { c.queue.async { c.close() } }
        for w in waiters { w.resume(throwing: HromadaError(.databaseUnavailable, reason: "pool shut down")) }
    }

    static func ensureOpen(_ conn: PGConnection) throws {
        if !conn.isHealthy {
            conn.close()
            try conn.open()
        }
    }

    private func run<T: Sendable>(on conn: PGConnection, _ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            conn.queue.async {
                continuation.resume(with: Result { try body(conn) })
            }
        }
    }

    private enum Acquired {
        case connection(PGConnection)
        case wait(Int)
        case failure(HromadaError)
    }

    private func acquire() async throws -> PGConnection {
        let immediate: Acquired = state.withLock { s in
            if s.closed { return .failure(HromadaError(.databaseUnavailable, reason: "pool shut down")) }
            if let c = s.idle.popLast() { return .connection(c) }
            if s.open < maxConnections {
                s.open += 1
                s.nextConnectionID += 1
                return .connection(PGConnection(conninfo: conninfo, overrides: overrides, label: "hromada.pg.\(s.nextConnectionID)"))
            }
            s.nextWaiterID += 1
            return .wait(s.nextWaiterID)
        }
        switch immediate {
        case .connection(let c): return c
        case .failure(let e): throw e
        case .wait(let id):
            beforeQueueing?()
            return try await withCheckedThrowingContinuation { continuation in
                enum Next { case take(PGConnection), wait(startReaper: Bool) }
                // Looked at again under the lock that queues the waiter: a connection released
                // since the first look must not stay idle while this caller waits for the next one.
                let next = state.withLock { s -> Next in
                    if let c = s.idle.popLast() { return .take(c) }
                    if !s.closed, s.open < maxConnections {
                        s.open += 1
                        s.nextConnectionID += 1
                        return .take(PGConnection(conninfo: conninfo, overrides: overrides, label: "hromada.pg.\(s.nextConnectionID)"))
                    }
                    s.waiters.append((id, continuation, .now + acquireTimeout))
                    defer { s.reaping = true }
                    return .wait(startReaper: !s.reaping)
                }
                switch next {
                case .take(let connection): continuation.resume(returning: connection)
                case .wait(let startReaper): if startReaper { Task { [weak self] in await self?.reapExpiredWaiters() } }
                }
            }
        }
    }

    /// Fails the waiters whose deadline has passed, checking a few times a second while anyone waits.
    private func reapExpiredWaiters() async {
        while true {
            try? await Task.sleep(for: .milliseconds(100))
            let now = ContinuousClock.now
            let (expired, done) = state.withLock { s -> ([CheckedContinuation<PGConnection, any Error>], Bool) in
                // Waiters are in arrival order, each with the same timeout: the expired ones lead.
                let count = s.waiters.prefix { $0.deadline <= now }.count
                let expired = s.waiters.prefix(count).map(\.continuation)
                s.waiters.removeFirst(count)
                if s.waiters.isEmpty { s.reaping = false }
                return (expired, s.waiters.isEmpty)
            }
            for waiter in expired {
                waiter.resume(throwing: HromadaError(
                    .databaseUnavailable, retryAfter: 1, reason: "no free database connection within \(acquireTimeout)"
                ))
            }
            if done { return }
        }
    }

    private func release(_ connection: PGConnection) {
        let broken = connection.isBroken
        let handoff: (CheckedContinuation<PGConnection, any Error>, PGConnection)? = state.withLock { s in
            var conn: PGConnection? = connection
            if broken || s.closed {
                s.open -= 1
                conn = nil
                if !s.closed, !s.waiters.isEmpty {
                    s.open += 1
                    s.nextConnectionID += 1
                    conn = PGConnection(conninfo: conninfo, overrides: overrides, label: "hromada.pg.\(s.nextConnectionID)")
                }
            }
            guard let conn else { return nil }
            if !s.waiters.isEmpty {
                return (s.waiters.removeFirst().continuation, conn)
            }
            s.idle.append(conn)
            return nil
        }
        if broken { connection.queue.async { connection.close() } }
        if let (waiter, conn) = handoff { waiter.resume(returning: conn) }
    }
}
