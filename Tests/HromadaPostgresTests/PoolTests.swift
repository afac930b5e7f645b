import Foundation
import HromadaDomain
import HromadaPostgres
import HromadaTestSupport
import Synchronization
import Testing

@Suite struct TransactionTests {
    @Test func aThrownErrorRollsTheTransactionBack() async throws {
        let db = try await TestDatabase.create()
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await db.pool.transaction { c in
                try c.execute("INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Тимчасова')")
                throw Boom()
            }
        }
        #expect(try await db.count("hromadas") == 0)
    }

    @Test func aUniqueViolationIsAConflict() async throws {
        let db = try await TestDatabase.create()
        try await db.pool.transaction { c in try c.execute("INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Одна')") }
        await #expect(throws: HromadaError(.conflict)) {
            try await db.pool.transaction { c in try c.execute("INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Одна')") }
        }
    }

    @Test func serializationFailuresAreRetriedUntilEveryIncrementLands() async throws {
        let db = try await TestDatabase.create(poolSize: 4)
        try await db.pool.withConnection { c in
            try c.execute("CREATE TABLE counter (n int NOT NULL)")
            try c.execute("INSERT INTO counter VALUES (0)")
        }
        let attempts = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await db.pool.transaction(.serializable, retries: 50) { c in
                        attempts.add()
                        let n = try c.execute("SELECT n FROM counter")[0].decode(Int.self, "n")
                        // Long enough that transactions overlap however late a loaded machine starts each
                        // task (at 20 ms, eight ran one after another once, and nothing was retried).
                        try c.execute("SELECT pg_sleep(0.2)")
                        try c.execute("UPDATE counter SET n = \(n + 1)")
                    }
                }
            }
            try await group.waitForAll()
        }
        let n = try await db.pool.withConnection { try $0.execute("SELECT n FROM counter")[0].decode(Int.self, "n") }
        #expect(n == 8)
        // At least one transaction had to run again, or the test proved nothing about retries.
        #expect(attempts.current > 8)
    }
}

@Suite struct PoolTests {
    @Test func neverOpensMoreConnectionsThanItsBound() async throws {
        let db = try await TestDatabase.create(poolSize: 2)
        let peak = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await db.pool.withConnection { c in
                        try c.execute("SELECT pg_sleep(0.05)")
                    }
                    let open = db.pool.stats.open
                    peak.max(open)
                }
            }
            try await group.waitForAll()
        }
        // Client backends only: an autovacuum worker visiting the fresh database is counted too
        // otherwise (seen once under the full suite's load).
        let backends = try await db.pool.withConnection { c in
            try c.execute("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'")[0]
                .decode(Int.self, "n")
        }
        #expect(peak.current <= 2)
        #expect(backends <= 2)
    }

    /// Work that waits for a connection runs in arrival order, straight after the work before it
    /// on the thread of the connection that finished (no hop back to the caller's thread to fetch
    /// the connection).
    @Test func queuedWorkRunsInOrderOnTheThreadOfTheConnectionThatFinished() async throws {
        let base = try await TestDatabase.create()
        let pool = PGPool(conninfo: base.adminURL, database: base.name, maxConnections: 1, acquireTimeout: .seconds(30),
                          logger: TestDatabase.logger)
        defer { pool.shutdown() }
        let release = DispatchSemaphore(value: 0)
        let holding = Counter()
        final class Runs: Sendable { let list = Mutex<[(Int, pthread_t)]>([]) }
        let runs = Runs()
        async let held: Void = pool.withConnection { c in
            _ = try c.execute("SELECT 1")
            runs.list.withLock { $0.append((-1, pthread_self())) }
            holding.add()
            _ = release.wait(timeout: .now() + 120)
        }
        try await waitUntil("the connection to be held") { holding.current > 0 }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<5 {
                group.addTask {
                    try await pool.withConnection { c in
                        _ = try c.execute("SELECT \(n)::int AS n")
                        runs.list.withLock { $0.append((n, pthread_self())) }
                    }
                }
                // Each queued before the next is submitted.
                try await waitUntil("caller \(n) to queue") { pool.stats.waiting >= n + 1 }
            }
            release.signal()
            try await group.waitForAll()
        }
        try await held
        let ran = runs.list.withLock { $0 }
        #expect(ran.map(\.0) == [-1, 0, 1, 2, 3, 4])
        #expect(ran.allSatisfy { pthread_equal($0.1, ran[0].1) != 0 })
    }

    /// The caller is resumed where the pool's resumer, asked when the work is handed over, says:
    /// here on a queue of the test's own, which counts what it resumes.
    @Test func callersAreResumedWhereTheResumerSays() async throws {
        let base = try await TestDatabase.create()
        let resumptions = Counter(), asked = Counter()
        let queue = DispatchQueue(label: "resumer")
        let pool = PGPool(conninfo: base.adminURL, database: base.name, maxConnections: 2, logger: TestDatabase.logger, resumer: {
            asked.add()
            return { work in queue.async { resumptions.add(); work() } }
        })
        defer { pool.shutdown() }
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<8 { group.addTask { try await pool.withConnection { try $0.execute("SELECT \(n)::int AS n")[0].decode(Int.self, "n") } } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values.sorted() == Array(0..<8))
        #expect(asked.current == 8 && resumptions.current == 8)
        // Errors are resumed there too.
        await #expect(throws: HromadaError.self) { try await pool.withConnection { try $0.execute("SELECT nonsense") } }
        #expect(resumptions.current == 9)
    }

    @Test func aCallerThatWaitsTooLongGetsDatabaseUnavailable() async throws {
        // The only connection is held (on its own queue) until the second caller has given up.
        let (pool, release, held) = try await poolWithItsOnlyConnectionHeld(acquireTimeout: .milliseconds(100))
        await #expect(throws: HromadaError(.databaseUnavailable)) {
            try await pool.withConnection { c in try c.execute("SELECT 1") }
        }
        release.signal()
        try await held.value
        // Once free, the connection serves the next caller.
        #expect(try await pool.withConnection { try $0.execute("SELECT 1 AS one")[0].decode(Int.self, "one") } == 1)
    }

    /// Deadlines are read from the pool's clock: a caller waiting for the only connection fails
    /// once that clock passes its deadline, with the timeout (a minute) far off in real time.
    @Test func aWaiterFailsWhenThePoolsClockPassesItsDeadline() async throws {
        let base = try await TestDatabase.create()
        let clock = SteppedClock()
        let pool = PGPool(conninfo: base.adminURL, database: base.name, maxConnections: 1, acquireTimeout: .seconds(60),
                          logger: TestDatabase.logger, clock: { clock.now })
        defer { pool.shutdown() }
        let release = DispatchSemaphore(value: 0)
        let holding = Counter()
        async let held: Void = pool.withConnection { c in
            _ = try c.execute("SELECT 1")
            holding.add()
            _ = release.wait(timeout: .now() + 120)
        }
        try await waitUntil("the connection to be held") { holding.current > 0 }
        let waiter = Task { try await pool.withConnection { c in try c.execute("SELECT 1") } }
        try await waitUntil("the second caller to queue") { pool.stats.waiting > 0 }
        clock.advance(by: .seconds(61))
        await #expect(throws: HromadaError(.databaseUnavailable)) { try await waiter.value }
        release.signal()
        try await held
    }

    @Test func aTerminatedConnectionIsReplacedWithoutTheCallerNoticing() async throws {
        let db = try await TestDatabase.create(poolSize: 1)
        let pid = try await db.pool.withConnection { try $0.execute("SELECT pg_backend_pid() AS p")[0].decode(Int.self, "p") }
        let killer = db.anotherPool(size: 1)
        try await killer.withConnection { c in try c.execute("SELECT pg_terminate_backend(\(pid))") }
        try await Task.sleep(for: .milliseconds(100))
        let newPID = try await db.pool.withConnection { try $0.execute("SELECT pg_backend_pid() AS p")[0].decode(Int.self, "p") }
        #expect(newPID != pid)
    }

    @Test func anUnreachableServerIsDatabaseUnavailable() async throws {
        let pool = PGPool(conninfo: "postgresql:///nothing?host=/nonexistent-socket-dir", maxConnections: 1, logger: TestDatabase.logger)
        await #expect(throws: HromadaError(.databaseUnavailable)) {
            try await pool.withConnection { c in try c.execute("SELECT 1") }
        }
    }
}

@Suite struct PipelineTests {
    @Test func statementsComeBackInOrderWithTheirOwnRows() async throws {
        let db = try await TestDatabase.create()
        let results = try await db.pool.withConnection { c in
            try c.pipeline([
                "SELECT n FROM generate_series(1, \(3)) n", "SELECT 'один' AS word WHERE false", "SELECT \("два") AS word",
            ])
        }
        #expect(try results[0].map { try $0.decode(Int.self, "n") } == [1, 2, 3])
        #expect(results[1].isEmpty)
        #expect(try results[2].map { try $0.decode(String.self, "word") } == ["два"])
    }

    @Test func aFailedStatementThrowsStopsTheRestAndLeavesTheConnectionUsable() async throws {
        let db = try await TestDatabase.create(poolSize: 1)
        await #expect(throws: HromadaError(.malformedRequest)) {
            try await db.pool.withConnection { c in
                try c.pipeline([
                    "INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Перша')",
                    "SELECT \("not a uuid")::uuid AS id",
                    "INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Друга')",
                ])
            }
        }
        // One implicit transaction up to the failure: nothing of it stays, nothing after it ran.
        #expect(try await db.count("hromadas") == 0)
        // The same (only) connection answers the next statement, plain and pipelined.
        let n = try await db.pool.withConnection { c in
            (try c.execute("SELECT 7 AS n")[0].decode(Int.self, "n"), try c.pipeline(["SELECT 8 AS n"])[0][0].decode(Int.self, "n"))
        }
        #expect(n == (7, 8))
    }

    @Test func runsInsideAnOpenTransaction() async throws {
        let db = try await TestDatabase.create()
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await db.pool.transaction { c in
                _ = try c.pipeline(["INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Тимчасова')", "SELECT 1 AS one"])
                throw Boom()
            }
        }
        #expect(try await db.count("hromadas") == 0)
    }

    @Test func aDeferredBeginGoesWithTheFirstStatementsAndAnErrorStillRollsBack() async throws {
        let db = try await TestDatabase.create(poolSize: 1)
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await db.pool.transaction(deferBegin: true) { c in
                let first = try c.pipeline([
                    "INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Перша')", "SELECT transaction_timestamp()::text AS t",
                ])[1][0]
                _ = try c.execute("SELECT pg_sleep(0.02)")
                let later = try c.execute("INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Друга') RETURNING transaction_timestamp()::text AS t")[0]
                // One transaction from the first pipeline on: its clock did not move.
                #expect(try first.decode(String.self, "t") == later.decode(String.self, "t"))
                throw Boom()
            }
        }
        #expect(try await db.count("hromadas") == 0)
        // A transaction that sends nothing sends nothing, and leaves the connection as it was.
        #expect(try await db.pool.transaction(deferBegin: true) { _ in 5 } == 5)
        #expect(try await db.pool.withConnection { try $0.execute("SELECT 1 AS one")[0].decode(Int.self, "one") } == 1)
    }

    @Test func theLastPipelineCanCarryTheCommit() async throws {
        let db = try await TestDatabase.create(poolSize: 1)
        let seen = try await db.pool.transaction(deferBegin: true) { c in
            _ = try c.pipeline(["INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Перша')"])
            _ = try c.pipeline(["INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Друга')"], commit: true)
            // Committed: reads after it see both rows, outside any transaction.
            return try c.execute("SELECT count(*)::int AS n FROM hromadas")[0].decode(Int.self, "n")
        }
        #expect(seen == 2)
        #expect(try await db.count("hromadas") == 2)
        // A plain transaction on the same (only) connection afterwards: nothing was left open.
        try await db.pool.transaction { c in _ = try c.execute("INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Третя')") }
        #expect(try await db.count("hromadas") == 3)
    }

    @Test func aFailureInTheCommittingPipelineRollsBackTheWholeTransaction() async throws {
        let db = try await TestDatabase.create(poolSize: 1)
        await #expect(throws: HromadaError(.malformedRequest)) {
            try await db.pool.transaction(deferBegin: true) { c in
                _ = try c.pipeline(["INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Перша')"])
                _ = try c.pipeline([
                    "INSERT INTO hromadas (centre, name) VALUES ('KYV', 'Друга')", "SELECT \("not a uuid")::uuid AS id",
                ], commit: true)
            }
        }
        #expect(try await db.count("hromadas") == 0)
        #expect(try await db.pool.withConnection { try $0.execute("SELECT 1 AS one")[0].decode(Int.self, "one") } == 1)
    }
}

/// `PGPool.read`: read-only pipelines from many callers, sent together while the read lanes are busy.
@Suite struct BatchedReadTests {
    func heldPool() async throws -> (pool: PGPool, release: DispatchSemaphore, held: Task<Void, any Error>) {
        try await poolWithItsOnlyConnectionHeld()
    }

    /// Queued reads go to PostgreSQL as one pipeline: they share one implicit transaction, so one
    /// `now()`; each caller gets its own rows.
    @Test func readsQueuedWhileTheLaneIsBusyGoOutTogetherEachWithItsOwnRows() async throws {
        let (pool, release, held) = try await heldPool()
        defer { pool.shutdown() }
        let rows = try await withThrowingTaskGroup(of: (Int, String, [Int]).self) { group in
            for n in 0..<6 {
                group.addTask {
                    let r = try await pool.read([
                        "SELECT now()::text AS t", "SELECT k FROM generate_series(1, \(n)) k",
                    ])
                    return (n, try r[0][0].decode(String.self, "t"), try r[1].map { try $0.decode(Int.self, "k") })
                }
                try await waitUntil("caller \(n) to queue") { pool.stats.waiting >= n + 1 }
            }
            release.signal()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await held.value
        #expect(rows.count == 6)
        for (n, _, ks) in rows { #expect(ks == Array(stride(from: 1, through: n, by: 1))) }
        #expect(Set(rows.map(\.1)).count == 1)
        // Alone, a read goes out at once, in a transaction of its own.
        let later = try await pool.read(["SELECT now()::text AS t"])[0][0].decode(String.self, "t")
        #expect(later != rows[0].1)
    }

    /// A failed statement aborts what follows it in the shared transaction: the callers after it
    /// are sent again and get their rows; the failed one gets its own error, and so does one whose
    /// value holds a NUL (refused before sending). Nothing else is lost.
    @Test func aFailedReadGetsItsOwnErrorAndTheReadsAfterItStillGetTheirRows() async throws {
        let (pool, release, held) = try await heldPool()
        defer { pool.shutdown() }
        let statements: [[SQL]] = [
            ["SELECT 1 AS n"],
            ["SELECT 2 AS n", "SELECT \("not a uuid")::uuid AS id"],
            ["SELECT \("a\u{0}b") AS s"],
            ["SELECT 4 AS n"],
            ["SELECT 5 AS n", "SELECT 6 AS n"],
        ]
        let outcomes = try await withThrowingTaskGroup(of: (Int, Result<[Int], HromadaError>).self) { group in
            for (k, read) in statements.enumerated() {
                group.addTask {
                    do {
                        let r = try await pool.read(read)
                        return (k, .success(try r.map { try $0[0].decode(Int.self, "n") }))
                    } catch let error as HromadaError {
                        return (k, .failure(error))
                    }
                }
                try await waitUntil("read \(k) to queue") { pool.stats.waiting >= k + 1 }
            }
            release.signal()
            return try await group.reduce(into: [Int: Result<[Int], HromadaError>]()) { $0[$1.0] = $1.1 }
        }
        try await held.value
        #expect(try outcomes[0]?.get() == [1])
        #expect(outcomes[1].map { if case .failure(let e) = $0 { e.code == .malformedRequest } else { false } } == true)
        #expect(outcomes[2].map { if case .failure(let e) = $0 { e.code == .malformedRequest } else { false } } == true)
        #expect(try outcomes[3]?.get() == [4])
        #expect(try outcomes[4]?.get() == [5, 6])
        // The connection is still usable.
        #expect(try await pool.read(["SELECT 7 AS n"])[0][0].decode(Int.self, "n") == 7)
    }

    @Test func aReadOnATerminatedConnectionGetsANewOne() async throws {
        let db = try await TestDatabase.create(poolSize: 1)
        let pid = try await db.pool.read(["SELECT pg_backend_pid() AS p"])[0][0].decode(Int.self, "p")
        try await db.anotherPool(size: 1).withConnection { c in try c.execute("SELECT pg_terminate_backend(\(pid))") }
        try await Task.sleep(for: .milliseconds(100))
        let newPID = try await db.pool.read(["SELECT pg_backend_pid() AS p"])[0][0].decode(Int.self, "p")
        #expect(newPID != pid)
    }

    @Test func aReadQueuedTooLongGetsDatabaseUnavailable() async throws {
        let (pool, release, held) = try await poolWithItsOnlyConnectionHeld(acquireTimeout: .milliseconds(100))
        defer { pool.shutdown() }
        await #expect(throws: HromadaError(.databaseUnavailable)) { try await pool.read(["SELECT 1 AS n"]) }
        release.signal()
        try await held.value
        #expect(try await pool.read(["SELECT 1 AS n"])[0][0].decode(Int.self, "n") == 1)
    }
}

/// The continuous clock, moved ahead when a test says so.
final class SteppedClock: Sendable {
    private let ahead = Mutex(Duration.zero)

    var now: ContinuousClock.Instant { ContinuousClock.now + ahead.withLock { $0 } }
    func advance(by duration: Duration) { ahead.withLock { $0 += duration } }
}

/// A pool of one connection (so one read lane), held by other work until `release` is signalled;
/// returns once it is held.
func poolWithItsOnlyConnectionHeld(
    acquireTimeout: Duration = .seconds(30)
) async throws -> (pool: PGPool, release: DispatchSemaphore, held: Task<Void, any Error>) {
    let base = try await TestDatabase.create()
    let pool = PGPool(conninfo: base.adminURL, database: base.name, maxConnections: 1, acquireTimeout: acquireTimeout,
                      logger: TestDatabase.logger)
    let release = DispatchSemaphore(value: 0)
    let holding = Counter()
    let held = Task {
        try await pool.withConnection { c in
            _ = try c.execute("SELECT 1")
            holding.add()
            _ = release.wait(timeout: .now() + 120)
        }
    }
    try await waitUntil("the connection to be held") { holding.current > 0 }
    return (pool, release, held)
}
