import AsyncHTTPClient
import Foundation
import HromadaPacks
import HromadaStorage
import Logging
import NIOCore
import NIOPosix

/// `hromada-bench reads`: catalogue and lesson reads over HTTP against the release server, on a
/// realistic data set: the four shipped courses and 50,000 learners (with sessions, each enrolled in
/// one course) spread over the 25 regional centres. Each phase runs for a fixed time with a fixed
/// number of keep-alive connections (256 by default), each sending its next request as soon as the
/// last one is answered.
///
/// It leaves the database in place with a `bench_reads (n, token, enrolment, lesson)` table, so that
/// scripts/bench.sh can measure the same reads straight against PostgreSQL with pgbench (the
/// ceiling) and print the ratio. Lines starting with `RESULT` are for that script.
enum ReadsBench {
    struct Options {
        var learners = 50_000
        var seconds = 15
        var connections = 256
        var server = ".build/release/hromada-server"
        var databaseURL = ProcessInfo.processInfo.environment["HROMADA_BENCH_DATABASE_URL"] ?? ""
        var courses = "courses"

        static func parse(_ args: [String]) throws -> Options {
            var o = Options()
            var i = 0
            func value() throws -> String {
                i += 1
                guard i < args.count else { throw ProcessTools.Failure(description: "\(args[i - 1]) needs a value") }
                return args[i]
            }
            while i < args.count {
                switch args[i] {
                case "--learners": o.learners = max(100, Int(try value()) ?? o.learners)
                case "--seconds": o.seconds = max(1, Int(try value()) ?? o.seconds)
                case "--connections": o.connections = max(1, Int(try value()) ?? o.connections)
                case "--server": o.server = try value()
                case "--database-url": o.databaseURL = try value()
                case "--courses": o.courses = try value()
                default:
                    throw ProcessTools.Failure(description: """
                        unknown option \(args[i])
                        usage: hromada-bench reads [--learners N] [--seconds S] [--connections N] [--server PATH] [--database-url URL] [--courses DIR]
                        """)
                }
                i += 1
            }
            guard !o.databaseURL.isEmpty else { throw ProcessTools.Failure(description: "no database: set HROMADA_BENCH_DATABASE_URL") }
            return o
        }
    }

    struct Reader: Sendable {
        var token: String
        var enrolment: UUID
        var lessons: [String]
    }

    static func run(_ arguments: [String]) async throws -> Int32 {
        let o = try Options.parse(arguments)
        var environment = ProcessInfo.processInfo.environment
        environment["HROMADA_DATABASE_URL"] = o.databaseURL
        environment["HROMADA_LOG_LEVEL"] = "warning"
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("hromada-bench-reads-\(getpid())")
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        // Setup (not timed): the shipped courses and the learners, each enrolled in one of them.
        let setupStart = ContinuousClock.now
        try ProcessTools.run(o.server, ["migrate"], environment: environment)
        let packs = try FileManager.default.contentsOfDirectory(atPath: o.courses).sorted().map { o.courses + "/" + $0 }
        try ProcessTools.run(o.server, ["courses", "import"] + packs, environment: environment)
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let pool = PGPool(conninfo: o.databaseURL, maxConnections: 4, logger: logger)
        defer { pool.shutdown() }
        let slugs = try await pool.withConnection { db in try db.execute("SELECT DISTINCT slug FROM course_versions ORDER BY slug").map { try $0.decode(String.self, "slug") } }
        var readers: [Reader] = []
        for (k, slug) in slugs.enumerated() {
            let share = o.learners / slugs.count + (k < o.learners % slugs.count ? 1 : 0)
            let lessons = try await pool.withConnection { db in
                try db.execute("""
                    SELECT l.id FROM course_lessons l JOIN course_versions v ON v.id = l.version_id WHERE v.slug = \(slug) ORDER BY l.id
                    """).map { try $0.decode(String.self, "id") }
            }
            let learners = try await AttemptBurst.seed(count: share, url: o.databaseURL, logger: logger, slug: slug, emailPrefix: "reader-\(slug)-")
            readers += learners.map { Reader(token: $0.token, enrolment: $0.enrolment, lessons: lessons) }
        }
        // The same people for pgbench: n → token, enrolment, a lesson of their course.
        try await pool.withConnection { db in
            try db.execute("DROP TABLE IF EXISTS bench_reads")
            try db.execute("CREATE TABLE bench_reads (n int PRIMARY KEY, token text NOT NULL, enrolment uuid NOT NULL, lesson text NOT NULL)")
        }
        for start in stride(from: 0, to: readers.count, by: 1000) {
            let part = readers[start..<min(start + 1000, readers.count)]
            let values = part.enumerated().map { i, r in
                "(\(start + i + 1), '\(r.token)', '\(r.enrolment.uuidString.lowercased())', '\(r.lessons[(start + i) % r.lessons.count])')"
            }.joined(separator: ",")
            try await pool.withConnection { db in try db.execute(SQL(unsafeSQL: "INSERT INTO bench_reads VALUES \(values)")) }
        }
        try await pool.withConnection { db in try db.execute("ANALYZE") }
        print(String(format: "setup (not timed): %d courses, %d learners with sessions and enrolments in %d centres, in %.1f s",
                     slugs.count, readers.count, 25, Bench.seconds(ContinuousClock.now - setupStart)))

        let (server, base, logURL, log) = try AttemptBurst.startServer(o.server, environment: environment, work: work)
        let pid = server.processIdentifier
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var config = HTTPClient.Configuration()
        config.connectionPool = .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: o.connections)
        config.timeout = .init(connect: .seconds(10), read: .seconds(60))
        config.httpVersion = .http1Only
        let client = HTTPClient(eventLoopGroupProvider: .shared(group), configuration: config)
        var exitCode: Int32 = 0
        do {
            try await AttemptBurst.waitReady(client, base: base, server: server, log: logURL)
            print("load: \(o.connections) keep-alive connections, \(o.seconds) s per phase, no pause; server \(o.server), \(ProcessInfo.processInfo.activeProcessorCount) cores")
            print("phase       requests  errors    req/s   p50 ms   p99 ms   max ms   server RSS peak")
            for phase in ["catalogue", "lesson"] {
                let ok = try await measure(phase, o, readers: readers, client: client, base: base, pid: pid)
                if !ok { exitCode = 1 }
            }
        } catch {
            print("reads bench failed: \(error)")
            exitCode = 1
        }
        server.terminate()
        let deadline = ContinuousClock.now + .seconds(15)
        while server.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if server.isRunning { kill(pid, SIGKILL) }
        try? await client.shutdown()
        try? await group.shutdownGracefully()
        try? log.close()
        return exitCode
    }

    /// One phase: `connections` workers in a closed loop for `seconds`. Returns false on any error.
    static func measure(_ phase: String, _ o: Options, readers: [Reader], client: HTTPClient, base: String, pid: Int32) async throws -> Bool {
        let end = ContinuousClock.now + .seconds(o.seconds)
        let sampler = Task { () -> Int in
            var rss = 0
            while !Task.isCancelled {
                rss = max(rss, ProcessTools.statusKiB(pid: pid, "VmRSS") ?? 0)
                try? await Task.sleep(for: .milliseconds(100))
            }
            return rss
        }
        let t0 = ContinuousClock.now
        let results = await withTaskGroup(of: ([Double], Int, String?).self) { group in
            for worker in 0..<o.connections {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    var firstError: String?
                    var random = SplitMix64(seed: UInt64(worker + 1) &* 0x9E37_79B9)
                    while ContinuousClock.now < end {
                        let reader = readers[Int(random.next() % UInt64(readers.count))]
                        let path = phase == "catalogue"
                            ? "/api/v1/courses"
                            : "/api/v1/enrolments/\(reader.enrolment.uuidString.lowercased())/lessons/\(reader.lessons[Int(random.next() % UInt64(reader.lessons.count))])"
                        var request = HTTPClientRequest(url: base + path)
                        request.headers.add(name: "Authorization", value: "Bearer \(reader.token)")
                        request.headers.add(name: "Accept", value: "application/json")
                        let sent = ContinuousClock.now
                        do {
                            let response = try await client.execute(request, timeout: .seconds(60))
                            _ = try await response.body.collect(upTo: 16 << 20)
                            if response.status == .ok {
                                latencies.append(Bench.seconds(ContinuousClock.now - sent) * 1000)
                            } else {
                                errors += 1
                                if firstError == nil { firstError = "\(response.status.code) on \(path)" }
                            }
                        } catch {
                            errors += 1
                            if firstError == nil { firstError = "\(error)" }
                        }
                    }
                    return (latencies, errors, firstError)
                }
            }
            var all: ([Double], Int, String?) = ([], 0, nil)
            for await r in group { all.0 += r.0; all.1 += r.1; all.2 = all.2 ?? r.2 }
            return all
        }
        let wall = Bench.seconds(ContinuousClock.now - t0)
        sampler.cancel()
        let rssMiB = Double(await sampler.value) / 1024
        let sorted = results.0.sorted()
        let rps = Double(sorted.count) / wall
        let p50 = AttemptBurst.percentile(sorted, 0.5), p99 = AttemptBurst.percentile(sorted, 0.99), slowest = sorted.last ?? 0
        print(String(format: "%@ %8d  %6d  %7.0f  %7.1f  %7.1f  %7.1f   %.1f MiB", phase.padding(toLength: 10, withPad: " ", startingAt: 0),
                     sorted.count + results.1, results.1, rps, p50, p99, slowest, rssMiB))
        if let e = results.2 { print("  first error: \(e)") }
        print(String(format: "RESULT|%@|%.0f|%.1f|%.1f|%d|%.1f", phase, rps, p50, p99, results.1, rssMiB))
        return results.1 == 0
    }
}
