import Foundation
import HromadaDomain
import HromadaPacks
import HromadaStorage
import HromadaPostgres
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// `hromada-bench attempts`: 1,000 learners start an attempt of a 20-question quiz within one second,
/// each saves its 20 answers one by one and submits, against the release server over HTTP.
///
/// Setup (not timed): the bench database is migrated and the course imported with the release
/// `hromada-server`; learners, their sessions (bearer tokens) and enrolments are written straight
/// through HromadaStorage, so no scrypt login is needed. Then the server is started and the burst
/// runs: learner i starts at i × spread / learners (open loop), then saves and submits as fast as
/// the answers come back (closed loop per learner, `--think-ms` between requests: a fixed pause or,
/// as `MIN-MAX`, a pause drawn uniformly for each answer, as people answer at their own pace). Afterwards the
/// database must hold one finished attempt at 100 % per learner, or the bench fails.
enum AttemptBurst {
    struct Options {
        var learners = 1000
        var spreadMS = 1000
        var eventLoops = 1
        var thinkMS = 0...0
        var dbPool: Int?
        var server = ".build/release/hromada-server"
        var databaseURL = ProcessInfo.processInfo.environment["HROMADA_BENCH_DATABASE_URL"] ?? ""
        var strict = false
        var keepLog = false

        static let usage = """
            usage: hromada-bench attempts [--learners N] [--spread-ms MS] [--event-loops N]
                                          [--think-ms MS|MIN-MAX] [--db-pool N] [--server PATH] [--database-url URL]
                                          [--strict] [--keep-log]
              --database-url   an empty database of its own (default HROMADA_BENCH_DATABASE_URL); it is migrated here
              --db-pool        HROMADA_DB_POOL of the server (default: the server's own default, or HROMADA_DB_POOL)
              --event-loops    threads of the load generator (default 1); it keeps one connection per learner
              --strict         exit 2 when the goal (p99 < 250 ms for every kind, no error) is missed
            """

        static func parse(_ args: [String]) throws -> Options {
            var o = Options()
            if let v = ProcessInfo.processInfo.environment["HROMADA_DB_POOL"], let n = Int(v) { o.dbPool = n }
            var i = 0
            func value() throws -> String {
                i += 1
                guard i < args.count else { throw ProcessTools.Failure(description: "\(args[i - 1]) needs a value\n\(usage)") }
                return args[i]
            }
            func number() throws -> Int {
                let v = try value()
                guard let n = Int(v), n >= 0 else { throw ProcessTools.Failure(description: "\(args[i - 1]) takes a whole number, not \(v)") }
                return n
            }
            while i < args.count {
                switch args[i] {
                case "--learners": o.learners = max(1, try number())
                case "--spread-ms": o.spreadMS = try number()
                case "--event-loops": o.eventLoops = max(1, try number())
                case "--think-ms":
                    let v = try value()
                    let parts = v.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
                    guard (1...2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil,
                          low >= 0, high >= low else {
                        throw ProcessTools.Failure(description: "--think-ms takes MS or MIN-MAX in whole milliseconds, not \(v)")
                    }
                    o.thinkMS = low...high
                case "--db-pool": o.dbPool = try number()
                case "--server": o.server = try value()
                case "--database-url": o.databaseURL = try value()
                case "--strict": o.strict = true
                case "--keep-log": o.keepLog = true
                case "-h", "--help": print(usage); exit(0)
                default: throw ProcessTools.Failure(description: "unknown option \(args[i])\n\(usage)")
                }
                i += 1
            }
            guard !o.databaseURL.isEmpty else {
                throw ProcessTools.Failure(description: "no database: set HROMADA_BENCH_DATABASE_URL or --database-url\n\(usage)")
            }
            return o
        }
    }

    struct Learner: Sendable {
        var token: String
        var enrolment: UUID
    }

    enum Kind: Int, CaseIterable, Sendable {
        case start, save, submit
        var name: String { ["start", "save", "submit"][rawValue] }
    }

    /// One request: when it was sent (seconds after the burst began), how long it took, whether it was 2xx.
    struct Sample: Sendable {
        var kind: Kind
        var sent: Double
        var done: Double
        var latencyMS: Double
        var ok: Bool
    }

    struct LearnerResult: Sendable {
        var samples: [Sample] = []
        var errors: [String] = []
        /// How late the start went out against its slot, in ms.
        var startLagMS: Double = 0
        var submittedPercent: Double?
        var submittedState: String?
    }

    static let goalP99MS = 250.0

    // MARK: Run

    static func run(_ arguments: [String]) async throws -> Int32 {
        let o = try Options.parse(arguments)
        var environment = ProcessInfo.processInfo.environment
        environment["HROMADA_DATABASE_URL"] = o.databaseURL
        if let pool = o.dbPool { environment["HROMADA_DB_POOL"] = String(pool) } else { environment["HROMADA_DB_POOL"] = nil }
        guard FileManager.default.isExecutableFile(atPath: o.server) else {
            throw ProcessTools.Failure(description: "no server binary at \(o.server): swift build -c release --product hromada-server")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("hromada-bench-attempts-\(getpid())")
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

        // Setup: migrate, publish, people, sessions, enrolments.
        let setupStart = ContinuousClock.now
        try ProcessTools.run(o.server, ["migrate"], environment: environment)
        let packDir = work.appendingPathComponent("pack")
        try BurstPack.write(to: packDir)
        try ProcessTools.run(o.server, ["courses", "import", packDir.path], environment: environment)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let learners = try await seed(count: o.learners, url: o.databaseURL, logger: logger)
        print(String(format: "setup (not timed): migrated, published %@ (%d questions), %d learners with sessions and enrolments in %.1f s",
                     BurstPack.slug, BurstPack.items.count, learners.count, Bench.seconds(ContinuousClock.now - setupStart)))

        // The release server.
        let (server, base, metricsBase, logURL, log) = try startServer(o.server, environment: environment, work: work)
        let pid = server.processIdentifier

        let group = MultiThreadedEventLoopGroup(numberOfThreads: o.eventLoops)
        let probe = Probe(group: group)

        var exitCode: Int32 = 0
        do {
            try await waitReady(probe, base: base, server: server, log: logURL)
            exitCode = try await measure(o, learners: learners, group: group, probe: probe, base: base, metricsBase: metricsBase,
                                         pid: pid, logger: logger)
        } catch {
            print("attempt burst failed: \(error)")
            exitCode = 1
        }
        server.terminate()
        let stopDeadline = ContinuousClock.now + .seconds(15)
        while server.isRunning && ContinuousClock.now < stopDeadline { try? await Task.sleep(for: .milliseconds(50)) }
        if server.isRunning { kill(pid, SIGKILL) }
        try? await group.shutdownGracefully()
        try? log.close()
        if exitCode == 1 || o.keepLog {
            print("server log: \(logURL.path)")
            if exitCode == 1, let text = try? String(contentsOf: logURL, encoding: .utf8) {
                let lines = text.split(separator: "\n").filter { !$0.contains("\"request\"") && !$0.contains(" request ") }
                print("last server log lines other than request lines:\n" + lines.suffix(15).joined(separator: "\n"))
            }
        } else {
            try? FileManager.default.removeItem(at: work)
        }
        return exitCode
    }

    /// 1,000 people in the regional centres, each with a login session and an enrolment in the course.
    static func seed(count: Int, url: String, logger: Logger, slug: String = BurstPack.slug, emailPrefix: String = "burst") async throws -> [Learner] {
        let pool = PGPool(conninfo: url, maxConnections: 4, logger: logger)
        defer { pool.shutdown() }
        let centres = try await pool.withConnection { try UserStore.centres($0).map(\.code) }
        guard !centres.isEmpty else { throw ProcessTools.Failure(description: "no regional centres after migration") }
        // The hromadas first: UserStore.create makes a missing one, and two transactions making the
        // same one at once trip over each other (the loser's INSERT … ON CONFLICT sees neither row).
        try await pool.withConnection { db in
            try db.execute("""
                INSERT INTO hromadas (centre, name) SELECT code, 'Громада ' || code || ' ' || g FROM centres, generate_series(0, 6) g
                ON CONFLICT DO NOTHING
                """)
        }
        let chunks = stride(from: 0, to: count, by: 250).map { $0..<min($0 + 250, count) }
        return try await withThrowingTaskGroup(of: [Learner].self) { group in
            var all: [Learner] = []
            // As many chunks in flight as the pool has connections, so none waits out the pool's timeout.
            for (n, chunk) in chunks.enumerated() {
                if n >= 4, let part = try await group.next() { all += part }
                group.addTask {
                    try await pool.transaction { db in
                        try chunk.map { i -> Learner in
                            let centre = centres[i % centres.count]
                            let person = NewUser(
                                email: "\(emailPrefix)\(i)@hromada.example", fullName: "Слухач Навантаження \(i)", category: i % 3 == 0 ? .deputy : .official,
                                position: "спеціаліст", hromada: "Громада \(centre) \(i % 7)", centre: centre, roles: [.learner])
                            let user = try UserStore.create(db, person, passwordHash: nil)
                            // Created without a password a person is only invited, and an invited person's
                            // session is refused: these are made active, as an activation would.
                            try db.execute("UPDATE users SET status = 'active' WHERE id = \(user.id)")
                            let session = try SessionStore.create(db, userID: user.id, ttl: .seconds(6 * 3600),
                                                                  address: "127.0.0.1", userAgent: "hromada-bench")
                            guard let (enrolment, _) = try EnrolmentStore.enrol(db, userID: user.id, slug: slug) else {
                                throw ProcessTools.Failure(description: "course \(slug) is not published")
                            }
                            return Learner(token: session.token, enrolment: enrolment)
                        }
                    }
                }
            }
            for try await part in group { all += part }
            return all
        }
    }

    /// Starts `hromada-server serve` on a free port, its output in `work/server.log`, and its metrics
    /// listener (`--metrics-listen`: `/metrics` needs an admin's token on the API's port) on another.
    /// Under setpriv it is exec'd in place (same pid) and the kernel stops it should the bench die.
    static func startServer(_ path: String, environment: [String: String], work: URL) throws -> (Process, String, String, URL, FileHandle) {
        let port = try ProcessTools.freePort()
        let base = "http://127.0.0.1:\(port)"
        let metricsPort = try ProcessTools.freePort()
        let metricsBase = "http://127.0.0.1:\(metricsPort)"
        let logURL = work.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        let server = Process()
        let serve = ["serve", "--listen", "127.0.0.1:\(port)", "--metrics-listen", "127.0.0.1:\(metricsPort)",
                     "--keys-dir", work.appendingPathComponent("keys").path]
        let setpriv = "/usr/bin/setpriv"
        if FileManager.default.isExecutableFile(atPath: setpriv) {
            server.executableURL = URL(fileURLWithPath: setpriv)
            server.arguments = ["--pdeathsig", "TERM", "--", path] + serve
        } else {
            server.executableURL = URL(fileURLWithPath: path)
            server.arguments = serve
        }
        server.environment = environment
        server.standardOutput = log
        server.standardError = log
        try server.run()
        return (server, base, metricsBase, logURL, log)
    }

    static func waitReady(_ probe: Probe, base: String, server: Process, log: URL) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            guard server.isRunning else {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw ProcessTools.Failure(description: "the server exited with \(server.terminationStatus):\n\(text.suffix(2000))")
            }
            if let r = try? await probe.get(base + "/readyz", timeout: .seconds(2)), r.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ProcessTools.Failure(description: "the server was not ready within 30 s")
    }

    // MARK: The burst

    static func measure(_ o: Options, learners: [Learner], group: any EventLoopGroup, probe: Probe,
                        base: String, metricsBase: String, pid: Int32, logger: Logger) async throws -> Int32 {
        // Every learner's browser has the quiz page open: its connection exists before the burst.
        guard let url = URL(string: base), let hostName = url.host, let port = url.port else {
            throw ProcessTools.Failure(description: "cannot read host and port from \(base)")
        }
        let host = "\(hostName):\(port)"
        let opening = ContinuousClock.now
        let channels = try await openConnections(count: learners.count, host: hostName, port: port, group: group)
        print(String(format: "setup (not timed): %d connections opened in %.2f s", channels.count, Bench.seconds(ContinuousClock.now - opening)))
        let rssIdle = ProcessTools.statusKiB(pid: pid, "VmRSS") ?? 0
        let loadBefore = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
        let backendsBefore = try await backendCPU(url: o.databaseURL, logger: logger)
        let serverCPU0 = ProcessTools.cpuSeconds(pid: pid) ?? 0
        let machine0 = ProcessTools.machineCPU()
        let own0 = ProcessTools.ownCPUSeconds()

        // Samples the pool and memory while the burst runs.
        let sampler = Task { () -> (maxWaiting: Double, maxOpen: Double, maxRSS: Int, maxThreads: Int) in
            var waiting = 0.0, open = 0.0, rss = 0, threads = 0
            while !Task.isCancelled {
                rss = max(rss, ProcessTools.statusKiB(pid: pid, "VmRSS") ?? 0)
                threads = max(threads, ProcessTools.threads(pid: pid) ?? 0)
                if let m = try? await metrics(probe, base: metricsBase) {
                    waiting = max(waiting, m.gauges["hromada_db_pool_waiting"] ?? 0)
                    open = max(open, m.gauges["hromada_db_pool_open"] ?? 0)
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
            return (waiting, open, rss, threads)
        }

        let quiz = BurstPack.quizID
        let think = o.thinkMS
        let t0 = ContinuousClock.now + .milliseconds(200)
        let results = await withTaskGroup(of: LearnerResult.self) { group in
            for (i, learner) in learners.enumerated() {
                let slot = t0 + .microseconds(Int64(i) * Int64(o.spreadMS) * 1000 / Int64(learners.count))
                group.addTask {
                    await runLearner(learner, index: i, channel: channels[i], host: host, slot: slot, t0: t0, think: think, quiz: quiz)
                }
            }
            var all: [LearnerResult] = []
            all.reserveCapacity(learners.count)
            for await r in group { all.append(r) }
            return all
        }
        let wall = Bench.seconds(ContinuousClock.now - t0)
        let rssAfter = ProcessTools.statusKiB(pid: pid, "VmRSS") ?? 0
        let hwm = ProcessTools.statusKiB(pid: pid, "VmHWM") ?? 0
        let serverCPU = (ProcessTools.cpuSeconds(pid: pid) ?? 0) - serverCPU0
        let machine1 = ProcessTools.machineCPU()
        let ownCPU = ProcessTools.ownCPUSeconds() - own0
        sampler.cancel()
        let sampled = await sampler.value
        let backendsAfter = try await backendCPU(url: o.databaseURL, logger: logger)
        let postgresCPU = backendsAfter.reduce(0) { $0 + $1.value - (backendsBefore[$1.key] ?? 0) }
        let serverSide = try? await metrics(probe, base: metricsBase)

        // The table.
        let samples = results.flatMap(\.samples)
        let errors = results.flatMap(\.errors)
        print("")
        print("attempt burst: \(learners.count) learners start within \(o.spreadMS) ms, \(BurstPack.items.count) answer saves + 1 submit each")
        print("  load generator: SwiftNIO, one HTTP/1.1 keep-alive connection per learner (opened before, not timed), \(o.eventLoops) event loop(s), think time \(o.thinkMS.lowerBound == o.thinkMS.upperBound ? "\(o.thinkMS.lowerBound) ms" : "\(o.thinkMS.lowerBound)–\(o.thinkMS.upperBound) ms, uniform per answer")")
        print("  server: \(o.server), HROMADA_DB_POOL=\(o.dbPool.map(String.init) ?? "default"), \(ProcessInfo.processInfo.activeProcessorCount) cores on this machine")
        print("")
        print("kind     requests  errors  window s    req/s   p50 ms   p90 ms   p99 ms   max ms   server-side p50/p99 (bucket)")
        var goalMet = errors.isEmpty
        for kind in Kind.allCases {
            let s = samples.filter { $0.kind == kind }
            guard !s.isEmpty else { print("\(kind.name.padding(toLength: 8, withPad: " ", startingAt: 0)) none sent"); goalMet = false; continue }
            let lat = s.map(\.latencyMS).sorted()
            let window = max(0.001, (s.map(\.done).max() ?? 0) - (s.map(\.sent).min() ?? 0))
            let bad = s.filter { !$0.ok }.count
            let p99 = percentile(lat, 0.99)
            if p99 >= goalP99MS || bad > 0 { goalMet = false }
            let server = serverSide.map { serverPercentiles($0, kind: kind) } ?? "?"
            print(String(format: "%@ %8d  %6d  %8.2f  %7.0f  %7.1f  %7.1f  %7.1f  %7.1f   %@",
                         kind.name.padding(toLength: 8, withPad: " ", startingAt: 0), s.count, bad, window, Double(s.count) / window,
                         percentile(lat, 0.5), percentile(lat, 0.9), p99, lat.last ?? 0, server))
        }
        let all = samples.map(\.latencyMS).sorted()
        print(String(format: "all      %8d  %6d  %8.2f  %7.0f  %7.1f  %7.1f  %7.1f  %7.1f",
                     samples.count, samples.filter { !$0.ok }.count, wall, Double(samples.count) / wall,
                     percentile(all, 0.5), percentile(all, 0.9), percentile(all, 0.99), all.last ?? 0))
        let lags = results.map(\.startLagMS).sorted()
        print("")
        print(String(format: "wall time of the burst: %.2f s (first start slot to last response); starts left the client at most %.1f ms late (p99 %.1f ms)",
                     wall, lags.last ?? 0, percentile(lags, 0.99)))
        print("  (start latency counts from the learner's slot in the schedule, so client-side delay is included; save and submit from when they were sent)")
        print(String(format: "server memory: RSS %.1f MiB idle before the burst, peak %.1f MiB (VmHWM; sampled max %.1f MiB), %.1f MiB right after; threads up to %d",
                     Double(rssIdle) / 1024, Double(hwm) / 1024, Double(sampled.maxRSS) / 1024, Double(rssAfter) / 1024, sampled.maxThreads))
        let machineBusy = machine1.busy - machine0.busy, machineTotal = max(0.001, machine1.total - machine0.total)
        print(String(format: "CPU during the burst: server %.1f s, PostgreSQL backends of the bench DB %.1f s, load generator %.1f s, anything else %.1f s; machine %.0f%% busy (%.1f of %.1f core-seconds)",
                     serverCPU, postgresCPU, ownCPU, max(0, machineBusy - serverCPU - postgresCPU - ownCPU),
                     100 * machineBusy / machineTotal, machineBusy, machineTotal))
        print("  load average (1 min) just before the burst: \(loadBefore)\(Double(loadBefore).map { $0 > 1.5 ? " — other work was running; these figures are pessimistic" : "" } ?? "")")
        print(String(format: "  per request: server %.0f µs, PostgreSQL %.0f µs, load generator %.0f µs of CPU",
                     1e6 * serverCPU / Double(max(1, samples.count)), 1e6 * postgresCPU / Double(max(1, samples.count)),
                     1e6 * ownCPU / Double(max(1, samples.count))))
        print(String(format: "database pool: up to %.0f connections open, up to %.0f requests waiting for one (sampled every 100 ms)",
                     sampled.maxOpen, sampled.maxWaiting))
        if !errors.isEmpty {
            var counts: [String: Int] = [:]
            for e in errors { counts[e, default: 0] += 1 }
            print("ERRORS: \(errors.count) request(s) failed:")
            for (e, n) in counts.sorted(by: { $0.value > $1.value }).prefix(8) { print("  \(n) × \(e)") }
        }

        // Correctness: what the database holds.
        let verified = try await verify(url: o.databaseURL, learners: learners.count, results: results, logger: logger)
        print("")
        if goalMet && verified {
            print("GOAL MET: the whole burst was absorbed with p99 under \(Int(goalP99MS)) ms for start, save and submit, and no error.")
        } else if !verified || !errors.isEmpty {
            print("GOAL NOT MET: \(errors.count) request(s) failed\(verified ? "" : " and the database does not hold what the learners did") (see above).")
        } else if o.thinkMS.upperBound == 0 {
            // With no pause the run measures the machine's ceiling; the goal is for people's pace.
            print("No error and every attempt graded 100 %. With no pause between requests this run measures the machine's ceiling; the \(Int(goalP99MS)) ms goal is for people's pace (--think-ms).")
        } else {
            print("GOAL NOT MET: no errors and every attempt graded 100 %, but p99 is not under \(Int(goalP99MS)) ms for every kind (see the table).")
        }
        if !verified || !errors.isEmpty { return 1 }
        return (o.strict && !goalMet) ? 2 : 0
    }

    static func runLearner(
        _ learner: Learner, index: Int, channel: LeanHTTPConnection.Channel, host: String, slot: ContinuousClock.Instant,
        t0: ContinuousClock.Instant, think: ClosedRange<Int>, quiz: String
    ) async -> LearnerResult {
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var connection = LeanHTTPConnection(host: host, outbound: outbound, inbound: inbound.makeAsyncIterator())
                return await takeQuiz(learner, index: index, connection: &connection, slot: slot, t0: t0, think: think, quiz: quiz)
            }
        } catch {
            var result = LearnerResult()
            result.errors.append("connection: \(error)")
            return result
        }
    }

    /// One learner's exam on its own connection: start at its slot, answer, submit.
    static func takeQuiz(
        _ learner: Learner, index: Int, connection: inout LeanHTTPConnection, slot: ContinuousClock.Instant,
        t0: ContinuousClock.Instant, think: ClosedRange<Int>, quiz: String
    ) async -> LearnerResult {
        var result = LearnerResult()
        result.samples.reserveCapacity(BurstPack.items.count + 2)
        try? await Task.sleep(until: slot, clock: .continuous)
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(learner.token)")
        headers.add(name: "Accept", value: "application/json")
        var broken = false

        func send(_ kind: Kind, _ method: HTTPMethod, _ path: String, body: [UInt8]?, from: ContinuousClock.Instant? = nil) async -> ByteBuffer? {
            guard !broken else { return nil }
            let sent = from ?? ContinuousClock.now
            var ok = false
            var buffer: ByteBuffer?
            do {
                let response = try await connection.send(method, path, headers: headers, body: body)
                ok = (200..<300).contains(response.status)
                if ok {
                    buffer = response.body
                } else {
                    result.errors.append("\(kind.name) \(response.status): \(String(buffer: response.body).prefix(160))")
                }
            } catch {
                // The connection is gone: this learner's exam ends here (and the check afterwards fails).
                result.errors.append("\(kind.name): \(error)")
                broken = true
            }
            let done = ContinuousClock.now
            result.samples.append(Sample(kind: kind, sent: Bench.seconds(sent - t0), done: Bench.seconds(done - t0),
                                         latencyMS: Bench.seconds(done - sent) * 1000, ok: ok))
            return buffer
        }

        // Each learner's pauses come from a generator seeded by its place, so runs are repeatable.
        var random = SplitMix64(seed: UInt64(index))
        func pause() async {
            guard think.upperBound > 0 else { return }
            let ms = think.lowerBound + Int(random.next() % UInt64(think.upperBound - think.lowerBound + 1))
            try? await Task.sleep(for: .milliseconds(ms))
        }

        result.startLagMS = Bench.seconds(ContinuousClock.now - slot) * 1000
        let decoder = JSONDecoder()
        guard let started = await send(.start, .POST, "/api/v1/enrolments/\(learner.enrolment.lowercasedText)/quizzes/\(quiz)/attempts",
                                       body: nil, from: slot) else { return result }
        let attempt: BurstPack.Attempt
        do {
            attempt = try decoder.decode(BurstPack.Attempt.self, from: Data(started.readableBytesView))
        } catch {
            result.errors.append("start: unreadable attempt: \(error)")
            return result
        }
        let encoder = JSONEncoder()
        for question in attempt.questions {
            await pause()
            guard let answer = BurstPack.answer(question),
                  let body = try? encoder.encode(["answers": [question.id: answer]]) else {
                result.errors.append("save: the bench cannot answer question \(question.id) of type \(question.type)")
                continue
            }
            _ = await send(.save, .PUT, "/api/v1/attempts/\(attempt.id)/answers", body: Array(body))
        }
        await pause()
        if let submitted = await send(.submit, .POST, "/api/v1/attempts/\(attempt.id)/submit", body: nil),
           let view = try? decoder.decode(BurstPack.Attempt.self, from: Data(submitted.readableBytesView)) {
            result.submittedPercent = view.percent
            result.submittedState = view.state
        }
        return result
    }

    /// One keep-alive connection per learner, opened before the burst (not timed), 50 at a time.
    static func openConnections(count: Int, host: String, port: Int, group: any EventLoopGroup) async throws -> [LeanHTTPConnection.Channel] {
        try await withThrowingTaskGroup(of: (Int, LeanHTTPConnection.Channel).self) { tasks in
            var channels = [LeanHTTPConnection.Channel?](repeating: nil, count: count)
            for i in 0..<count {
                if i >= 50, let (n, channel) = try await tasks.next() { channels[n] = channel }
                tasks.addTask { (i, try await LeanHTTPConnection.connect(host: host, port: port, group: group)) }
            }
            for try await (n, channel) in tasks { channels[n] = channel }
            return channels.map { $0! }
        }
    }
}
