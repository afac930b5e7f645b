import Foundation
import HromadaPostgres
import Logging
import NIOCore

/// The attempt burst's checks and figures: what the database holds afterwards, the backends' CPU
/// time, and the server's own latency histograms from `/metrics`.
extension AttemptBurst {
    /// One finished attempt at 100 % with every question answered per learner, its quiz passed and
    /// the course completed; the submit responses said the same.
    static func verify(url: String, learners: Int, results: [LearnerResult], logger: Logger) async throws -> Bool {
        let pool = PGPool(conninfo: url, maxConnections: 1, logger: logger)
        defer { pool.shutdown() }
        let expectedAnswers = BurstPack.items.count
        let row = try await pool.withConnection { db in
            try db.execute("""
                SELECT count(*)::int AS attempts,
                       count(DISTINCT enrolment_id)::int AS learners,
                       count(*) FILTER (WHERE state = 'finished')::int AS finished,
                       count(*) FILTER (WHERE state = 'finished' AND percent = 100)::int AS full_marks,
                       count(*) FILTER (WHERE (SELECT count(*) FROM jsonb_object_keys(answers)) = \(expectedAnswers))::int AS all_answered,
                       (SELECT count(*) FROM quiz_results WHERE passed AND grade = 100)::int AS passed,
                       (SELECT count(*) FROM enrolments WHERE status = 'completed')::int AS completed
                FROM attempts
                """)[0]
        }
        let figures = try ["attempts", "learners", "finished", "full_marks", "all_answered", "passed", "completed"].map {
            ($0, try row.decode(Int.self, $0))
        }
        let responses = results.filter { $0.submittedState == "finished" && $0.submittedPercent == 100 }.count
        let ok = figures.allSatisfy { $0.1 == learners } && responses == learners
        print("")
        print("check in the database (expected \(learners) each): " + figures.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
              + "; submit responses finished at 100 %: \(responses)")
        if !ok {
            print("CHECK FAILED: the database does not hold one finished attempt at 100 % with \(expectedAnswers) answers, a passed quiz and a completed course for every learner.")
        } else {
            print("check passed: every learner has one finished attempt graded 100 %, the quiz passed and the course completed.")
        }
        return ok
    }

    /// CPU seconds so far of each PostgreSQL backend connected to the bench database (the server's
    /// pool), by pid.
    static func backendCPU(url: String, logger: Logger) async throws -> [Int32: Double] {
        let pool = PGPool(conninfo: url, maxConnections: 1, logger: logger)
        defer { pool.shutdown() }
        let pids = try await pool.withConnection { db in
            try db.execute("""
                SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                """).map { Int32(try $0.decode(Int.self, "pid")) }
        }
        var out: [Int32: Double] = [:]
        for pid in pids { out[pid] = ProcessTools.cpuSeconds(pid: pid) }
        return out
    }

    struct Metrics {
        var gauges: [String: Double] = [:]
        /// Route → cumulative (upper bound in seconds, count), in bucket order.
        var buckets: [String: [(Double, Double)]] = [:]
    }

    static func metrics(_ probe: Probe, base: String) async throws -> Metrics {
        let response = try await probe.get(base + "/metrics", timeout: .seconds(5))
        let text = String(buffer: response.body)
        var m = Metrics()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Double(parts[1]) else { continue }
            let name = parts[0]
            if !name.contains("{") {
                m.gauges[String(name)] = value
            } else if name.hasPrefix("hromada_http_request_duration_seconds_bucket{"),
                      let route = label(name, "route"), let le = label(name, "le") {
                m.buckets[route, default: []].append((le == "+Inf" ? .infinity : Double(le) ?? .infinity, value))
            }
        }
        return m
    }

    static func label(_ name: Substring, _ key: String) -> String? {
        guard let r = name.range(of: key + "=\"") else { return nil }
        let rest = name[r.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    /// The server's own p50 and p99 for the kind's route, as histogram bucket bounds.
    static func serverPercentiles(_ m: Metrics, kind: Kind) -> String {
        let route = m.buckets.keys.first { r in
            switch kind {
            case .start: r.hasPrefix("/api/v1/enrolments/") && r.hasSuffix("/attempts")
            case .save: r.hasPrefix("/api/v1/attempts/") && r.hasSuffix("/answers")
            case .submit: r.hasPrefix("/api/v1/attempts/") && r.hasSuffix("/submit")
            }
        }
        guard let route, let b = m.buckets[route], let total = b.last?.1, total > 0 else { return "?" }
        func bound(_ q: Double) -> String {
            guard let hit = b.first(where: { $0.1 >= q * total }) else { return "?" }
            return hit.0.isInfinite ? ">10000" : String(format: "≤%g", hit.0 * 1000)
        }
        return "\(bound(0.5))/\(bound(0.99)) ms"
    }

    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(0, rank), sorted.count - 1)]
    }
}
