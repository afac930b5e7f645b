import HromadaDomain
import HromadaPostgres
import Testing

/// Thousands of random events (jobs arriving, connections finishing or breaking, the reaper's
/// ticks, then shutdown) checked after each step against a model of what the pool must keep true.
/// Jobs are numbered in arrival order; connections by the ids the machine gives them.
@Suite struct PoolStateMachineRandomTests {
    typealias Machine = PoolStateMachine<Int, Int, Int, ManualClock.Instant>

    struct Shape: Sendable, CustomTestStringConvertible {
        var connections: Int, readLanes: Int, batch: Int
        var testDescription: String { "\(connections) connections, \(readLanes) read lanes, batches of \(batch)" }
    }

    static let shapes = [
        Shape(connections: 1, readLanes: 1, batch: 1), Shape(connections: 2, readLanes: 1, batch: 3),
        Shape(connections: 4, readLanes: 2, batch: 2), Shape(connections: 8, readLanes: 2, batch: 32),
    ]

    @Test(arguments: shapes)
    func randomEventsKeepTheBoundsTheOrderAndNoJobWaitingBesideAFreeConnection(shape: Shape) throws {
        for seed: UInt64 in 1...3 {
            var run = Run(shape: shape, seed: seed)
            for _ in 0..<1500 { try run.step() }
            try run.shutDownAndDrain()
        }
    }

    /// One run: the machine and the model it is checked against.
    struct Run {
        let shape: Shape
        var pool: Machine
        var clock = ManualClock()
        var random: SplitMix64
        var running: [(connection: Int, job: Machine.Job)] = []
        var idle: [Int] = []
        var waitingWork: [(id: Int, deadline: ManualClock.Instant)] = []
        var waitingReads: [(id: Int, deadline: ManualClock.Instant)] = []
        var reaping = false
        var lastJob = 0, lastConnection = 0, lastWorkDone = 0, lastReadDone = 0
        /// Every job that has run or failed: each exactly once.
        var done: Set<Int> = []
        let timeout = Duration.seconds(5)

        init(shape: Shape, seed: UInt64) {
            self.shape = shape
            pool = Machine(maxConnections: shape.connections, readLanes: shape.readLanes, readBatchLimit: shape.batch,
                           acquireTimeout: timeout)
            random = SplitMix64(seed: seed)
        }

        func ensure(_ ok: Bool, _ what: @autoclosure () -> String) throws {
            try #require(ok, Comment(rawValue: "\(shape.testDescription): \(what())"))
        }

        mutating func step() throws {
            switch random.next(below: 100) {
            case ..<30: try submit(.work(newJob()))
            case ..<60: try submit(.reads([newJob()]))
            case ..<90 where !running.isEmpty:
                try finish(at: random.next(below: running.count), broken: random.next(below: 10) == 0)
            default:
                clock.advance(by: .milliseconds(random.next(below: 3000)))
                try reap()
            }
            try checkInvariants()
        }

        mutating func newJob() -> Int {
            lastJob += 1
            clock.advance(by: .milliseconds(random.next(below: 20)))
            return lastJob
        }

        mutating func submit(_ job: Machine.Job) throws {
            switch pool.submit(job, now: clock.now) {
            case .run(let connection, let started):
                try ensure(idle.contains(connection), "ran on \(connection), not idle")
                idle.removeAll { $0 == connection }
                try start(started, on: connection)
            case .open(let id, let started):
                try ensure(id == lastConnection + 1, "opened \(id) after \(lastConnection)")
                lastConnection = id
                try start(started, on: id)
            case .queued(let startReaper):
                try ensure(startReaper == !reaping, "startReaper \(startReaper) while reaping is \(reaping)")
                reaping = true
                switch job {
                case .work(let id): waitingWork.append((id, clock.now.advanced(by: timeout)))
                case .reads(let ids): waitingReads += ids.map { ($0, clock.now.advanced(by: timeout)) }
                }
            case .refused:
                try ensure(false, "refused before shutdown")
            }
        }

        mutating func finish(at index: Int, broken: Bool) throws {
            let (connection, job) = running.remove(at: index)
            switch pool.connectionFinished(connection, after: job, broken: broken) {
            case .runNext(let next):
                try ensure(!broken && !pool.isShutDown, "a broken connection or a closed pool runs on")
                try start(next, on: connection)
            case .park:
                try ensure(!broken && !pool.isShutDown, "a broken connection or a closed pool parks")
                idle.append(connection)
            case .close:
                try ensure(broken || pool.isShutDown, "closed a healthy connection")
            case .replace(let id, let next):
                try ensure(broken && !pool.isShutDown, "replaced a healthy connection, or after shutdown")
                try ensure(id == lastConnection + 1, "opened \(id) after \(lastConnection)")
                lastConnection = id
                try start(next, on: id)
            }
        }

        /// A job starts: work leaves the queue oldest first; reads, as a batch of the oldest queued
        /// (then, on submit, the new one), never more than the limit.
        mutating func start(_ job: Machine.Job, on connection: Int) throws {
            switch job {
            case .work(let id):
                if waitingWork.contains(where: { $0.id == id }) {
                    try ensure(waitingWork[0].id == id, "work \(id) overtook \(waitingWork[0].id)")
                    waitingWork.removeFirst()
                }
                try ensure(id > lastWorkDone, "work \(id) after \(lastWorkDone)")
                lastWorkDone = id
                try markDone([id])
            case .reads(let ids):
                try ensure(ids.count <= shape.batch, "a batch of \(ids.count)")
                try ensure(ids == ids.sorted() && ids.first! > lastReadDone, "reads \(ids) after \(lastReadDone)")
                let queued = waitingReads.prefix { ids.contains($0.id) }.count
                waitingReads.removeFirst(queued)
                try ensure(!waitingReads.contains { ids.contains($0.id) }, "reads \(ids) overtook others waiting")
                lastReadDone = ids.last!
                try markDone(ids)
            }
            running.append((connection, job))
        }

        mutating func reap() throws {
            let now = clock.now
            let reaped = pool.reap(now: now)
            var expired: [Int] = []
            for job in reaped.expired {
                switch job {
                case .work(let id): expired.append(id)
                case .reads(let ids): expired += ids
                }
            }
            let dueWork = waitingWork.prefix { $0.deadline <= now }.map(\.id)
            let dueReads = waitingReads.prefix { $0.deadline <= now }.map(\.id)
            try ensure(expired == dueWork + dueReads, "reaped \(expired), due \(dueWork + dueReads)")
            try ensure(!(waitingWork.dropFirst(dueWork.count) + waitingReads.dropFirst(dueReads.count)).contains { $0.deadline <= now },
                       "a job past its deadline left waiting")
            waitingWork.removeFirst(dueWork.count)
            waitingReads.removeFirst(dueReads.count)
            lastWorkDone = max(lastWorkDone, dueWork.last ?? 0)
            lastReadDone = max(lastReadDone, dueReads.last ?? 0)
            try markDone(expired)
            try ensure(reaped.reaperDone == (waitingWork.isEmpty && waitingReads.isEmpty), "reaper done \(reaped.reaperDone)")
            if reaped.reaperDone { reaping = false }
        }

        mutating func markDone(_ ids: [Int]) throws {
            for id in ids { try ensure(done.insert(id).inserted, "job \(id) ran or failed twice") }
        }

        func checkInvariants() throws {
            let readLanesBusy = running.count(where: { if case .reads = $0.job { true } else { false } })
            try ensure(pool.open == running.count + idle.count && pool.open <= shape.connections, "open \(pool.open)")
            try ensure(pool.idleCount == idle.count, "idle \(pool.idleCount), expected \(idle.count)")
            try ensure(pool.waitingCount == waitingWork.count + waitingReads.count, "waiting \(pool.waitingCount)")
            try ensure(readLanesBusy <= shape.readLanes, "\(readLanesBusy) read lanes busy")
            // A connection free (or one that could open) never sits beside a job that could use it.
            if !idle.isEmpty || pool.open < shape.connections {
                try ensure(waitingWork.isEmpty, "work waits beside a free connection")
                try ensure(waitingReads.isEmpty || readLanesBusy == shape.readLanes, "reads wait beside a free lane and connection")
            }
        }

        /// Shutdown fails every job waiting and closes the idle connections; the busy ones close
        /// as they finish, and nothing new is taken. In the end every job ran or failed, once.
        mutating func shutDownAndDrain() throws {
            let shutdown = pool.shutdown()
            try ensure(Set(shutdown.close) == Set(idle), "closed \(shutdown.close), idle \(idle)")
            var failed: [Int] = []
            for job in shutdown.fail {
                switch job {
                case .work(let id): failed.append(id)
                case .reads(let ids): failed += ids
                }
            }
            try ensure(failed == waitingWork.map(\.id) + waitingReads.map(\.id), "shutdown failed \(failed)")
            try markDone(failed)
            idle = []
            try ensure(pool.submit(.work(newJob()), now: clock.now) == .refused, "a job taken after shutdown")
            done.insert(lastJob)
            while !running.isEmpty { try finish(at: 0, broken: false) }
            try ensure(pool.open == 0 && pool.waitingCount == 0, "open \(pool.open) after draining")
            try ensure(done == Set(1...lastJob), "lost jobs \(Set(1...lastJob).subtracting(done).sorted())")
        }
    }
}

extension SplitMix64 {
    /// A number in 0..<bound (the modulo's bias is nothing at these bounds).
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
