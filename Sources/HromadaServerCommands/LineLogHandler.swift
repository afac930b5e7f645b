import Foundation
import Logging

/// Writes log lines to standard error as swift-log's `StreamLogHandler` does
/// (`2026-12-04T17:20:01+0000 info hromada: request_id=… [HromadaServer] request`), but formats
/// the handler's metadata only when a line is written. `StreamLogHandler` formats it again at
/// every change, and the server sets the request id on its logger for every request, logged or
/// not (2 % of a lesson read's CPU at the default level).
struct LineLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        write(Self.line(label: label, level: event.level, message: event.message, metadata: merged(event), source: event.source,
                        time: time(nil)))
    }

    @available(*, deprecated, renamed: "log(event:)")
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        log(event: LogEvent(level: level, message: message, metadata: metadata, source: source, file: file, function: function, line: line))
    }

    private func merged(_ event: LogEvent) -> Logger.Metadata {
        var all = metadata
        if let explicit = event.metadata { all.merge(explicit) { $1 } }
        if let error = event.error {
            all["error.message"] = "\(error)"
            all["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        return all
    }

    /// One line: local time with its offset, level, label, the metadata sorted by key, the
    /// source module and the message.
    static func line(label: String, level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata, source: String, time: time_t) -> String {
        var seconds = time
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        let stamp = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let pretty = metadata.isEmpty ? "" : " " + metadata.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
        return "\(stamp) \(level)\(label.isEmpty ? "" : " ")\(label):\(pretty) [\(source)] \(message)\n"
    }

    /// One `write` to standard error per line (more only if the system takes part of it), so
    /// lines from several threads do not interleave.
    private func write(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if n > 0 { offset += n } else if n < 0, errno == EINTR { continue } else { return }
            }
        }
    }
}
