/// The pool's decisions, kept apart from its I/O: which connection runs a caller's job, when a new
/// connection opens, how reads gather into batches, what a connection that finishes runs next,
/// which waiters give up, and what shutting down fails and closes.
///
/// A value with no lock, thread or clock of its own: ``PGPool`` keeps it behind its mutex, tells it
/// what happened (a job submitted, a job finished, the reaper's tick, shutdown) and carries out
/// what it answers (run a job on a connection, open one, close one, fail jobs). So each decision is
/// tested without PostgreSQL, with time that moves only when the test moves it, and a race between
/// a caller queueing and a connection coming free cannot exist: both are one call under one lock.
///
/// Generic over what it never looks into: the connection, a caller's work, a caller's read, and the
/// instants that deadlines are measured in.
package struct PoolStateMachine<Connection, Work, Read, Instant: InstantProtocol> where Instant.Duration == Duration {
    /// What a connection runs: one caller's work, or a batch of reads from one or more callers.
    package enum Job {
        case work(Work)
        case reads([Read])
    }

    /// The answer to ``submit(_:now:)``.
    package enum SubmitAction {
        /// Run the job on this connection, idle until now.
        case run(Connection, Job)
        /// Open a new connection, numbered `id` (its name), and run the job on it.
        case open(id: Int, Job)
        /// The job waits for a connection to finish; start the reaper if it is not running yet.
        case queued(startReaper: Bool)
        /// The pool is shut down: fail the job.
        case refused
    }

    /// The answer to ``connectionFinished(_:after:broken:)``.
    package enum FinishedAction {
        /// Run this job next on the same connection, straight away (no hop to another thread).
        case runNext(Job)
        /// Nothing waits: the connection stays open, idle, for the next caller.
        case park
        /// Close the connection (it is broken, or the pool is shut down).
        case close
        /// Close the broken connection, and open a new one, numbered `id`, to run the job that waits.
        case replace(id: Int, Job)
    }

    /// The answer to ``reap(now:)``: the jobs whose wait outlasted the acquire timeout, to fail.
    package struct Reaped {
        package var expired: [Job]
        /// Nobody waits any more: the reaper stops (the next job queued starts it again).
        package var reaperDone: Bool

        package init(expired: [Job], reaperDone: Bool) {
            self.expired = expired
            self.reaperDone = reaperDone
        }
    }

    /// The answer to ``shutdown()``.
    package struct Shutdown {
        /// The idle connections, to close.
        package var close: [Connection]
        /// Every job still waiting, to fail.
        package var fail: [Job]

        package init(close: [Connection], fail: [Job]) {
            self.close = close
            self.fail = fail
        }
    }

    /// At most this many connections are open at once.
    package let maxConnections: Int
    /// At most this many connections run batches of reads at once.
    package let readLanes: Int
    /// The most reads in one batch.
    package let readBatchLimit: Int
    /// How long a job waits for a connection before the reaper fails it.
    package let acquireTimeout: Duration

    private var idle: [Connection] = []
    /// Connections open or opening: the idle ones and those running a job.
    package private(set) var open = 0
    /// Work waiting for a connection, in arrival order (so in deadline order too).
    private var waiters: [(work: Work, deadline: Instant)] = []
    /// Reads waiting for a lane or a connection, in arrival order; the next lane free takes them as a batch.
    private var reads: [(read: Read, deadline: Instant)] = []
    /// Connections running a batch of reads now, at most ``readLanes``.
    private var busyReadLanes = 0
    /// Whether the reaper runs: one per pool, and only while someone waits (no timer per waiter).
    private var reaping = false
    private var lastConnectionID = 0
    package private(set) var isShutDown = false

    package init(maxConnections: Int, readLanes: Int, readBatchLimit: Int, acquireTimeout: Duration) {
        self.maxConnections = max(1, maxConnections)
        self.readLanes = max(1, min(self.maxConnections, readLanes))
        self.readBatchLimit = max(1, readBatchLimit)
        self.acquireTimeout = acquireTimeout
    }

    package var idleCount: Int { idle.count }
    package var waitingCount: Int { waiters.count + reads.count }

    /// A caller hands over a job: it runs on an idle connection, or on a new one if the bound
    /// allows; otherwise it waits for the next connection to finish. Reads wait as well while every
    /// read lane is busy, and a read that gets a lane takes the reads queued before it along, first.
    ///
    /// `now` is an autoclosure: the clock is read only when the job has to wait (for its deadline),
    /// never on the way to a free connection.
    package mutating func submit(_ job: Job, now: @autoclosure () -> Instant) -> SubmitAction {
        if isShutDown { return .refused }
        if case .reads = job, busyReadLanes >= readLanes { return queue(job, deadline: now().advanced(by: acquireTimeout)) }
        if let connection = idle.popLast() { return .run(connection, starting(job)) }
        if open < maxConnections { return .open(id: newConnectionID(), starting(job)) }
        return queue(job, deadline: now().advanced(by: acquireTimeout))
    }

    /// A connection has run `job`. It runs what waits next (``nextJob()``), or parks; a broken one
    /// (or any, once the pool is shut down) is closed, and a new connection takes what waits.
    package mutating func connectionFinished(_ connection: Connection, after job: Job, broken: Bool) -> FinishedAction {
        if case .reads = job { busyReadLanes -= 1 }
        if broken || isShutDown {
            open -= 1
            guard !isShutDown, let next = nextJob() else { return .close }
            return .replace(id: newConnectionID(), next)
        }
        if let next = nextJob() { return .runNext(next) }
        idle.append(connection)
        return .park
    }

    /// The reaper's tick: the jobs that have waited past their deadline leave the queue, to fail.
    package mutating func reap(now: Instant) -> Reaped {
        // Jobs queue in arrival order, each with the same timeout: the expired ones lead.
        let work = waiters.prefix { $0.deadline <= now }.count
        let read = reads.prefix { $0.deadline <= now }.count
        var expired: [Job] = []
        if work + read > 0 {
            expired.reserveCapacity(work + read)
            for waiter in waiters.prefix(work) { expired.append(.work(waiter.work)) }
            for queued in reads.prefix(read) { expired.append(.reads([queued.read])) }
            waiters.removeFirst(work)
            reads.removeFirst(read)
        }
        let done = waiters.isEmpty && reads.isEmpty
        if done { reaping = false }
        return Reaped(expired: expired, reaperDone: done)
    }

    /// No job is taken any more: the idle connections close, every job waiting fails, and the
    /// connections still running close as they finish.
    package mutating func shutdown() -> Shutdown {
        isShutDown = true
        let closing = idle
        idle = []
        open -= closing.count
        let failing = waiters.map { Job.work($0.work) } + reads.map { Job.reads([$0.read]) }
        waiters = []
        reads = []
        return Shutdown(close: closing, fail: failing)
    }

    /// The job a connection free now takes, if any: the reads waiting (as one batch) when a lane is
    /// free and they came before the oldest work waiting, otherwise that work.
    private mutating func nextJob() -> Job? {
        if !reads.isEmpty, busyReadLanes < readLanes, waiters.isEmpty || reads[0].deadline <= waiters[0].deadline {
            let batch = reads.prefix(readBatchLimit).map(\.read)
            reads.removeFirst(batch.count)
            busyReadLanes += 1
            return .reads(batch)
        }
        if !waiters.isEmpty { return .work(waiters.removeFirst().work) }
        return nil
    }

    /// `job` as it starts on a connection: reads take a lane, and any reads queued before them join
    /// the batch ahead of them. (By the rules above none wait when a read finds both a lane and a
    /// connection free, and the random tests never see one; should one ever, it is not overtaken.)
    private mutating func starting(_ job: Job) -> Job {
        guard case .reads(let arriving) = job else { return job }
        busyReadLanes += 1
        guard !reads.isEmpty else { return job }
        let queued = reads.prefix(max(0, readBatchLimit - arriving.count)).map(\.read)
        reads.removeFirst(queued.count)
        return .reads(queued + arriving)
    }

    private mutating func queue(_ job: Job, deadline: Instant) -> SubmitAction {
        switch job {
        case .work(let work): waiters.append((work, deadline))
        case .reads(let arriving): reads += arriving.map { ($0, deadline) }
        }
        defer { reaping = true }
        return .queued(startReaper: !reaping)
    }

    private mutating func newConnectionID() -> Int {
        open += 1
        lastConnectionID += 1
        return lastConnectionID
    }
}

extension PoolStateMachine: Sendable where Connection: Sendable, Work: Sendable, Read: Sendable {}
extension PoolStateMachine.Job: Sendable where Work: Sendable, Read: Sendable {}
extension PoolStateMachine.SubmitAction: Sendable where Connection: Sendable, Work: Sendable, Read: Sendable {}
extension PoolStateMachine.FinishedAction: Sendable where Work: Sendable, Read: Sendable {}
extension PoolStateMachine.Reaped: Sendable where Work: Sendable, Read: Sendable {}
extension PoolStateMachine.Shutdown: Sendable where Connection: Sendable, Work: Sendable, Read: Sendable {}

extension PoolStateMachine.Job: Equatable where Work: Equatable, Read: Equatable {}
extension PoolStateMachine.SubmitAction: Equatable where Connection: Equatable, Work: Equatable, Read: Equatable {}
extension PoolStateMachine.FinishedAction: Equatable where Work: Equatable, Read: Equatable {}
extension PoolStateMachine.Reaped: Equatable where Work: Equatable, Read: Equatable {}
extension PoolStateMachine.Shutdown: Equatable where Connection: Equatable, Work: Equatable, Read: Equatable {}
