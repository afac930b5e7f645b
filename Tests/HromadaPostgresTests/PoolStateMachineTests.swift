import HromadaPostgres
import Testing

/// The pool's decisions, without PostgreSQL: connections are numbers (the ids the machine gives
/// them), a caller's work and reads are names, and time is a ``ManualClock``.
@Suite struct PoolStateMachineTests {
    typealias Machine = PoolStateMachine<Int, String, String, ManualClock.Instant>

    static func machine(connections: Int = 1, readLanes: Int = 1, batch: Int = 32, timeout: Duration = .seconds(5)) -> Machine {
        Machine(maxConnections: connections, readLanes: readLanes, readBatchLimit: batch, acquireTimeout: timeout)
    }

    @Test func anIdleConnectionIsReusedBeforeAnotherIsOpened() {
        var pool = Self.machine(connections: 3)
        let clock = ManualClock()
        #expect(pool.submit(.work("a"), now: clock.now) == .open(id: 1, .work("a")))
        #expect(pool.connectionFinished(1, after: .work("a"), broken: false) == .park)
        #expect(pool.idleCount == 1)
        #expect(pool.submit(.work("b"), now: clock.now) == .run(1, .work("b")))
        #expect(pool.open == 1 && pool.idleCount == 0)
    }

    @Test func connectionsOpenUpToTheBoundThenJobsWaitAndRunInArrivalOrder() {
        var pool = Self.machine(connections: 2)
        var clock = ManualClock()
        #expect(pool.submit(.work("a"), now: clock.now) == .open(id: 1, .work("a")))
        #expect(pool.submit(.work("b"), now: clock.now) == .open(id: 2, .work("b")))
        // The first job to wait starts the reaper; it is running for the next.
        #expect(pool.submit(.work("c"), now: clock.now) == .queued(startReaper: true))
        clock.advance(by: .milliseconds(1))
        #expect(pool.submit(.work("d"), now: clock.now) == .queued(startReaper: false))
        #expect(pool.open == 2 && pool.waitingCount == 2)
        #expect(pool.connectionFinished(2, after: .work("b"), broken: false) == .runNext(.work("c")))
        #expect(pool.connectionFinished(1, after: .work("a"), broken: false) == .runNext(.work("d")))
        #expect(pool.connectionFinished(2, after: .work("c"), broken: false) == .park)
        #expect(pool.connectionFinished(1, after: .work("d"), broken: false) == .park)
        #expect(pool.open == 2 && pool.idleCount == 2 && pool.waitingCount == 0)
    }

    /// The race the pool once lost: a connection coming free just as a caller queues. Queueing and
    /// finishing are each one step of the machine, so either the caller finds the connection idle
    /// or the connection finds the caller waiting; never both waiting on each other.
    @Test func aConnectionFinishingAfterACallerQueuedRunsThatCallersJobInsteadOfIdling() {
        var pool = Self.machine(connections: 1)
        let clock = ManualClock()
        #expect(pool.submit(.work("held"), now: clock.now) == .open(id: 1, .work("held")))
        #expect(pool.submit(.work("caller"), now: clock.now) == .queued(startReaper: true))
        #expect(pool.connectionFinished(1, after: .work("held"), broken: false) == .runNext(.work("caller")))
        #expect(pool.idleCount == 0 && pool.waitingCount == 0)
    }

    @Test func readsRunOnAtMostTheReadLanesWhileWorkStillGetsConnections() {
        var pool = Self.machine(connections: 4, readLanes: 2)
        let clock = ManualClock()
        #expect(pool.submit(.reads(["r1"]), now: clock.now) == .open(id: 1, .reads(["r1"])))
        #expect(pool.submit(.reads(["r2"]), now: clock.now) == .open(id: 2, .reads(["r2"])))
        // Both lanes busy: the read waits though two more connections could open.
        #expect(pool.submit(.reads(["r3"]), now: clock.now) == .queued(startReaper: true))
        #expect(pool.submit(.work("w"), now: clock.now) == .open(id: 3, .work("w")))
        // The work's connection comes free with every lane still busy: it does not take the read.
        #expect(pool.connectionFinished(3, after: .work("w"), broken: false) == .park)
        // A lane comes free: its connection takes the read.
        #expect(pool.connectionFinished(1, after: .reads(["r1"]), broken: false) == .runNext(.reads(["r3"])))
        #expect(pool.open == 3 && pool.idleCount == 1 && pool.waitingCount == 0)
    }

    @Test func readsWaitingForALaneGoOutTogetherInBatchesOfAtMostTheLimitOldestFirst() {
        var pool = Self.machine(connections: 1, readLanes: 1, batch: 3)
        var clock = ManualClock()
        #expect(pool.submit(.reads(["r0"]), now: clock.now) == .open(id: 1, .reads(["r0"])))
        for n in 1...5 {
            clock.advance(by: .milliseconds(1))
            _ = pool.submit(.reads(["r\(n)"]), now: clock.now)
        }
        #expect(pool.waitingCount == 5)
        #expect(pool.connectionFinished(1, after: .reads(["r0"]), broken: false) == .runNext(.reads(["r1", "r2", "r3"])))
        // A read arriving now waits behind those queued before it.
        #expect(pool.submit(.reads(["r6"]), now: clock.now) == .queued(startReaper: false))
        #expect(pool.connectionFinished(1, after: .reads(["r1", "r2", "r3"]), broken: false) == .runNext(.reads(["r4", "r5", "r6"])))
        #expect(pool.connectionFinished(1, after: .reads(["r4", "r5", "r6"]), broken: false) == .park)
    }

    /// Each waiting read and work has its deadline, set on arrival with one timeout for all: the
    /// one that came first runs first; reads that waited before the oldest work take every read
    /// waiting along in their batch.
    @Test func readsAndWorkWaitingRunInTheOrderTheyArrived() {
        var pool = Self.machine(connections: 1, readLanes: 1)
        var clock = ManualClock()
        _ = pool.submit(.work("w0"), now: clock.now)
        _ = pool.submit(.reads(["r1"]), now: clock.now)
        clock.advance(by: .milliseconds(1))
        _ = pool.submit(.work("w1"), now: clock.now)
        clock.advance(by: .milliseconds(1))
        _ = pool.submit(.reads(["r2"]), now: clock.now)
        #expect(pool.connectionFinished(1, after: .work("w0"), broken: false) == .runNext(.reads(["r1", "r2"])))
        #expect(pool.connectionFinished(1, after: .reads(["r1", "r2"]), broken: false) == .runNext(.work("w1")))

        clock.advance(by: .milliseconds(1))
        _ = pool.submit(.work("w2"), now: clock.now)
        clock.advance(by: .milliseconds(1))
        _ = pool.submit(.reads(["r3"]), now: clock.now)
        #expect(pool.connectionFinished(1, after: .work("w1"), broken: false) == .runNext(.work("w2")))
        #expect(pool.connectionFinished(1, after: .work("w2"), broken: false) == .runNext(.reads(["r3"])))
        #expect(pool.connectionFinished(1, after: .reads(["r3"]), broken: false) == .park)
    }

    @Test func aBrokenConnectionIsRetiredAndANewOneTakesTheJobWaiting() {
        var pool = Self.machine(connections: 1)
        let clock = ManualClock()
        _ = pool.submit(.work("a"), now: clock.now)
        #expect(pool.submit(.work("b"), now: clock.now) == .queued(startReaper: true))
        #expect(pool.connectionFinished(1, after: .work("a"), broken: true) == .replace(id: 2, .work("b")))
        #expect(pool.open == 1 && pool.waitingCount == 0)
        // Broken with nothing waiting: closed, and the next job opens another.
        #expect(pool.connectionFinished(2, after: .work("b"), broken: true) == .close)
        #expect(pool.open == 0 && pool.idleCount == 0)
        #expect(pool.submit(.work("c"), now: clock.now) == .open(id: 3, .work("c")))
    }

    @Test func aBrokenConnectionThatRanReadsFreesItsLaneForTheReadsWaiting() {
        var pool = Self.machine(connections: 2, readLanes: 1)
        let clock = ManualClock()
        _ = pool.submit(.reads(["r1"]), now: clock.now)
        _ = pool.submit(.reads(["r2"]), now: clock.now)
        #expect(pool.connectionFinished(1, after: .reads(["r1"]), broken: true) == .replace(id: 2, .reads(["r2"])))
        #expect(pool.connectionFinished(2, after: .reads(["r2"]), broken: false) == .park)
        #expect(pool.submit(.reads(["r3"]), now: clock.now) == .run(2, .reads(["r3"])))
    }

    @Test func theReaperFailsExactlyTheJobsPastTheirDeadlineAndStopsWhenNoneWait() {
        var pool = Self.machine(connections: 1, readLanes: 1, timeout: .seconds(5))
        var clock = ManualClock()
        _ = pool.submit(.work("held"), now: clock.now)
        #expect(pool.submit(.work("b"), now: clock.now) == .queued(startReaper: true))
        clock.advance(by: .seconds(2))
        #expect(pool.submit(.reads(["r"]), now: clock.now) == .queued(startReaper: false))
        clock.advance(by: .seconds(2))
        #expect(pool.submit(.work("c"), now: clock.now) == .queued(startReaper: false))

        clock.advance(by: .nanoseconds(999_999_999))
        #expect(pool.reap(now: clock.now) == .init(expired: [], reaperDone: false))
        clock.advance(by: .nanoseconds(1))
        #expect(pool.reap(now: clock.now) == .init(expired: [.work("b")], reaperDone: false))
        clock.advance(by: .seconds(2))
        #expect(pool.reap(now: clock.now) == .init(expired: [.reads(["r"])], reaperDone: false))
        clock.advance(by: .seconds(2))
        #expect(pool.reap(now: clock.now) == .init(expired: [.work("c")], reaperDone: true))
        #expect(pool.waitingCount == 0)
        // The connection still runs its job; the next job to wait starts a reaper again.
        #expect(pool.submit(.work("d"), now: clock.now) == .queued(startReaper: true))
    }

    @Test func theReaperStopsWhenTheLastWaiterGotAConnection() {
        var pool = Self.machine(connections: 1)
        var clock = ManualClock()
        _ = pool.submit(.work("held"), now: clock.now)
        #expect(pool.submit(.work("b"), now: clock.now) == .queued(startReaper: true))
        #expect(pool.connectionFinished(1, after: .work("held"), broken: false) == .runNext(.work("b")))
        clock.advance(by: .seconds(10))
        #expect(pool.reap(now: clock.now) == .init(expired: [], reaperDone: true))
    }

    @Test func shutdownFailsEveryWaiterAndClosesEachBusyConnectionAsItFinishes() {
        var pool = Self.machine(connections: 2, readLanes: 1)
        let clock = ManualClock()
        _ = pool.submit(.work("w1"), now: clock.now)
        _ = pool.submit(.reads(["r1"]), now: clock.now)
        _ = pool.submit(.work("w2"), now: clock.now)
        _ = pool.submit(.reads(["r2"]), now: clock.now)
        #expect(pool.shutdown() == .init(close: [], fail: [.work("w2"), .reads(["r2"])]))
        #expect(pool.isShutDown && pool.waitingCount == 0 && pool.open == 2)
        #expect(pool.connectionFinished(1, after: .work("w1"), broken: false) == .close)
        #expect(pool.connectionFinished(2, after: .reads(["r1"]), broken: false) == .close)
        #expect(pool.open == 0 && pool.idleCount == 0)
    }

    @Test func shutdownClosesTheIdleConnections() {
        var pool = Self.machine(connections: 2)
        let clock = ManualClock()
        _ = pool.submit(.work("a"), now: clock.now)
        _ = pool.submit(.work("b"), now: clock.now)
        _ = pool.connectionFinished(2, after: .work("b"), broken: false)
        _ = pool.connectionFinished(1, after: .work("a"), broken: false)
        #expect(pool.shutdown() == .init(close: [2, 1], fail: []))
        #expect(pool.open == 0 && pool.idleCount == 0)
    }

    @Test func afterShutdownEveryJobIsRefused() {
        var pool = Self.machine(connections: 2)
        let clock = ManualClock()
        _ = pool.submit(.work("a"), now: clock.now)
        _ = pool.connectionFinished(1, after: .work("a"), broken: false)
        _ = pool.shutdown()
        #expect(pool.submit(.work("b"), now: clock.now) == .refused)
        #expect(pool.submit(.reads(["r"]), now: clock.now) == .refused)
        #expect(pool.open == 0 && pool.waitingCount == 0)
    }

    /// Submitting never reads the clock on the way to a free connection, only when the job waits.
    @Test func theClockIsReadOnlyForAJobThatWaits() {
        var pool = Self.machine(connections: 1)
        var reads = 0
        func now() -> ManualClock.Instant {
            reads += 1
            return ManualClock().now
        }
        _ = pool.submit(.work("a"), now: now())
        #expect(reads == 0)
        _ = pool.submit(.work("b"), now: now())
        #expect(reads == 1)
    }
}
