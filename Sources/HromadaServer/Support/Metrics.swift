import Foundation
import Synchronization

/// Request counts and latency histograms per route, in Prometheus' text format.
///
/// Figures are per process, as Prometheus expects: it scrapes every instance and sums them.
public final class Metrics: Sendable {
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Key: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private struct Histogram {
        var counts = [Int](repeating: 0, count: Metrics.buckets.count)
        var sum = 0.0
        var count = 0
    }

    private struct State {
        var requests: [Key: Int] = [:]
        var latency: [String: Histogram] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    func record(method: String, route: String, status: Int, seconds: Double) {
        state.withLock { s in
            s.requests[Key(method: method, route: route, status: status), default: 0] += 1
            var h = s.latency[route] ?? Histogram()
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { h.counts[i] += 1 }
            h.sum += seconds
            h.count += 1
            s.latency[route] = h
        }
    }

    /// The exposition text; `extra` lines (pool figures) are appended as they are.
    func render(extra: [(name: String, help: String, value: Double)]) -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP hromada_http_requests_total HTTP requests by method, route and status.\n"
        out += "# TYPE hromada_http_requests_total counter\n"
        for (key, n) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "hromada_http_requests_total{method=\"\(key.method)\",route=\"\(escape(key.route))\",status=\"\(key.status)\"} \(n)\n"
        }
        out += "# HELP hromada_http_request_duration_seconds Time to answer a request, by route.\n"
        out += "# TYPE hromada_http_request_duration_seconds histogram\n"
        for (route, h) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            let r = escape(route)
            for (i, bound) in Self.buckets.enumerated() {
                out += "hromada_http_request_duration_seconds_bucket{route=\"\(r)\",le=\"\(bound)\"} \(h.counts[i])\n"
            }
            out += "hromada_http_request_duration_seconds_bucket{route=\"\(r)\",le=\"+Inf\"} \(h.count)\n"
            out += "hromada_http_request_duration_seconds_sum{route=\"\(r)\"} \(h.sum)\n"
            out += "hromada_http_request_duration_seconds_count{route=\"\(r)\"} \(h.count)\n"
        }
        for line in extra {
            out += "# HELP \(line.name) \(line.help)\n# TYPE \(line.name) gauge\n\(line.name) \(line.value)\n"
        }
        return out
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
