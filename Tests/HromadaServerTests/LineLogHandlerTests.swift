import Foundation
@testable import HromadaServerCommands
import Logging
import Synchronization
import Testing

/// The server's log lines are what swift-log's `StreamLogHandler` writes for the same event.
@Suite struct LineLogHandlerTests {
    final class Captured: TextOutputStream, @unchecked Sendable {
        let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
    }

    struct Failure: Error, CustomStringConvertible { var description: String { "disk full" } }

    @Test func writesWhatStreamLogHandlerWrites() {
        let cases: [(Logger.Metadata, Logger.Metadata?, (any Error)?, String)] = [
            ([:], nil, nil, ""),
            (["request_id": "1f0c", "route": "/api/v1/me"], nil, nil, "HromadaServer"),
            (["b": "2"], ["a": "1", "b": "3", "list": ["x", "y"]], nil, "HromadaStorage"),
            (["request_id": "9"], ["ms": "4.2"], Failure(), "src"),
        ]
        for (base, explicit, error, source) in cases {
            let captured = Captured()
            var stream = StreamLogHandler(label: "hromada", stream: captured, metadataProvider: nil)
            stream.metadata = base
            stream.log(event: LogEvent(level: .warning, message: "request failed", error: error, metadata: explicit, source: source,
                                       file: #fileID, function: #function, line: #line))
            var ours = LineLogHandler(label: "hromada", level: .info)
            for (key, value) in base { ours[metadataKey: key] = value }
            var all = base
            if let explicit { all.merge(explicit) { $1 } }
            if let error {
                all["error.message"] = "\(error)"
                all["error.type"] = "\(String(reflecting: type(of: error)))"
            }
            let line = LineLogHandler.line(label: "hromada", level: .warning, message: "request failed", metadata: all, source: source, time: time(nil))
            // Everything after the time is the same; the time has the same form.
            let theirs = captured.text.withLock { $0 }
            #expect(line.drop { $0 != " " } == theirs.drop { $0 != " " }, "\(line) vs \(theirs)")
            #expect(line.prefix { $0 != " " }.count == theirs.prefix { $0 != " " }.count)
            #expect(ours.metadata == base)
        }
    }

    @Test func writesTheTimeAsLocalTimeWithItsOffset() throws {
        let line = LineLogHandler.line(label: "x", level: .info, message: "m", metadata: [:], source: "s", time: 1_796_404_801)
        let stamp = try #require(line.split(separator: " ").first)
        #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}/) != nil, "\(stamp)")
        #expect(line.dropFirst(stamp.count) == " info x: [s] m\n")
        if TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: 1_796_404_801)) == 0 {
            #expect(stamp == "2026-12-04T17:20:01+0000")
        }
    }
}
