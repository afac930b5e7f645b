import CLibPQ
import Foundation
import HromadaDomain

/// One libpq connection.
///
/// `@unchecked Sendable`: the `PGconn` handle is touched only by the thread that currently holds
/// the connection, and the ``PGPool`` hands each connection to one holder at a time, on the
/// connection's own serial queue, never on Swift's cooperative pool.
public final class PGConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    let conninfo: String
    /// The serial queue on which every blocking libpq call of this connection runs.
    let queue: DispatchQueue

    /// Keywords that override what `conninfo` says (e.g. another `dbname`).
    let overrides: [(String, String)]

    /// Statements prepared on this connection, by SQL text: each is parsed and planned by
    /// PostgreSQL once per connection instead of on every call. Bounded, so statements whose text
    /// varies (lists spliced by code) cannot grow it without end; past the bound they run unnamed.
    private var prepared: [String: String] = [:]
    static let preparedLimit = 400

    /// A transaction's `BEGIN` not sent yet: it goes out with the transaction's first statements
    /// (``inTransaction(_:deferBegin:_:)``), saving a round trip of its own.
    private var pendingBegin: SQL?
    /// Whether the open transaction was committed with a pipeline's last statement (`commit: true`).
    private var committedEarly = false

    init(conninfo: String, overrides: [(String, String)] = [], label: String) {
        self.conninfo = conninfo
        self.overrides = overrides
        self.queue = DispatchQueue(label: label)
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Opens the connection (blocking). Throws `database_unavailable` when PostgreSQL cannot be reached.
    func open() throws {
        if let handle { PQfinish(handle) }
        let keywords = ["connect_timeout", "application_name", "dbname"] + overrides.map(\.0)
        let values = ["5", "hromada", conninfo] + overrides.map(\.1)
        let conn = withCStringArray(keywords) { k in
            withCStringArray(values) { v in PQconnectdbParams(k, v, 1) }
        }
        handle = conn
        prepared.removeAll()
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let message = conn.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            throw HromadaError(.databaseUnavailable, retryAfter: 2, reason: "connect: \(message)")
        }
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        _ = try execute("SET TIME ZONE 'UTC'")
        // No JIT compiling: it pays off for analytic statements of many seconds, and this application's
        // are short. The development reports at national scale (`make bench`) spent about 400 ms of
        // each second compiling the statement's expressions with it on.
        _ = try execute("SET jit = off")
    }

    /// True when the connection is usable. Reads whatever PostgreSQL sent while the connection was
    /// idle, so a server restart (which closes the socket) is noticed before the next statement.
    var isHealthy: Bool {
        guard let handle else { return false }
        // A terminated backend first sends its FATAL message, then closes: the first read takes the
        // message, the second meets the end of the stream. With nothing pending both return at once.
        if PQconsumeInput(handle) == 0 || PQconsumeInput(handle) == 0 { return false }
        return PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    var isBroken: Bool {
        guard let handle else { return true }
        return PQstatus(handle) != CONNECTION_OK
    }

    func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// Runs one statement with its parameters bound. Blocking: call only on `queue`.
    @discardableResult
    public func execute(_ sql: SQL) throws -> [PGRow] {
        guard let handle else {
            throw HromadaError(.databaseUnavailable, retryAfter: 2, reason: "connection is closed")
        }
        if pendingBegin != nil { return try pipeline([sql])[0] }
        try Self.refuseNUL(sql)
        let name = try preparedName(for: sql, handle: handle)
        let result: OpaquePointer? = withOptionalCStringArray(sql.binds) { params in
            if let name {
                PQexecPrepared(handle, name, Int32(sql.binds.count), params, nil, nil, 0)
            } else {
                PQexecParams(handle, sql.text, Int32(sql.binds.count), nil, params, nil, nil, 0)
            }
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        switch status {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return []
        case PGRES_TUPLES_OK:
            return rows(of: result!)
        default:
            throw PGErrorMapper.error(for: result, connection: handle)
        }
    }

    /// Runs independent statements in libpq's pipeline mode: all are sent at once and PostgreSQL
    /// answers them back to back, one network round trip instead of one per statement. They run in
    /// one implicit transaction (or in the open one); the first error is thrown once every result
    /// has been read, and nothing after a failed statement runs. Blocking: call only on `queue`.
    ///
    /// Inside a transaction begun with `deferBegin`, its `BEGIN` leads the first pipeline; with
    /// `commit`, its `COMMIT` ends this one, and nothing may run in the transaction afterwards.
    public func pipeline(_ statements: [SQL], commit: Bool = false) throws -> [[PGRow]] {
        let begin = pendingBegin
        pendingBegin = nil
        let all = (begin.map { [$0] } ?? []) + statements + (commit ? ["COMMIT"] : [])
        let results = try sendPipeline(all)
        if commit { committedEarly = true }
        return Array(results[(begin == nil ? 0 : 1)...].prefix(statements.count))
    }

    private func sendPipeline(_ statements: [SQL]) throws -> [[PGRow]] {
        guard let handle else {
            throw HromadaError(.databaseUnavailable, retryAfter: 2, reason: "connection is closed")
        }
        for sql in statements { try Self.refuseNUL(sql) }
        // Statements not yet prepared are prepared first (one round trip each, on first use only).
        let names = try statements.map { try preparedName(for: $0, handle: handle) }
        guard PQenterPipelineMode(handle) == 1 else { throw PGErrorMapper.error(for: nil, connection: handle) }
        let sendFailure = sendPipelined(zip(statements, names), handle: handle)
        var failure = sendFailure
        var results: [[PGRow]] = []
        results.reserveCapacity(statements.count)
        if sendFailure == nil {
            for _ in statements {
                let answer = readPipelined(handle)
                failure = failure ?? answer.failure
                results.append(answer.rows)
            }
        }
        if let failure = endPipeline(handle, readToSync: sendFailure == nil, failure: failure) { throw failure }
        return results
    }

    /// Runs several callers' read-only pipelines as one (``PGPool/read(_:)`` gathers them): every
    /// statement of every group is sent at once, with one sync point at the end, and the results
    /// come back in order. One send, one sync and one wake of the backend serve them all.
    ///
    /// They share one implicit transaction, so a failed statement leaves the groups after it
    /// unrun (`PGRES_PIPELINE_ABORTED`); those run again in a batch of their own, and each group
    /// gets its own result: its rows, or its own first error. Blocking: call only on `queue`,
    /// outside any transaction.
    func readBatch(_ groups: [[SQL]]) -> [Result<[[PGRow]], any Error>] {
        var outcomes = [Result<[[PGRow]], any Error>?](repeating: nil, count: groups.count)
        var pending = Array(groups.indices)
        while !pending.isEmpty {
            guard let handle, pendingBegin == nil else {
                let error = HromadaError(.databaseUnavailable, retryAfter: 2, reason: "connection is closed")
                for g in pending { outcomes[g] = .failure(error) }
                break
            }
            // Refused before anything is sent: a NUL in a value, a statement that cannot be prepared.
            var sendable: [(group: Int, names: [String?])] = []
            for g in pending {
                do {
                    for sql in groups[g] { try Self.refuseNUL(sql) }
                    sendable.append((g, try groups[g].map { try preparedName(for: $0, handle: handle) }))
                } catch {
                    outcomes[g] = .failure(error)
                }
            }
            pending = []
            if sendable.isEmpty || isBroken { break }
            guard PQenterPipelineMode(handle) == 1 else {
                let error = PGErrorMapper.error(for: nil, connection: handle)
                for (g, _) in sendable { outcomes[g] = .failure(error) }
                break
            }
            let sent = sendPipelined(sendable.lazy.flatMap { g, names in zip(groups[g], names) }, handle: handle)
            if sent == nil {
                for (g, names) in sendable {
                    var rows: [[PGRow]] = []
                    rows.reserveCapacity(names.count)
                    var failure: (any Error)?, aborted = false
                    for _ in names {
                        let answer = readPipelined(handle)
                        failure = failure ?? answer.failure
                        aborted = aborted || answer.aborted
                        rows.append(answer.rows)
                    }
                    if let failure {
                        outcomes[g] = .failure(failure)
                    } else if aborted {
                        pending.append(g)
                    } else {
                        outcomes[g] = .success(rows)
                    }
                }
            }
            var failure = endPipeline(handle, readToSync: sent == nil, failure: sent)
            if failure == nil, pending.count == sendable.count {
                // Every group aborted and none failed: PostgreSQL did not say why; nothing is run again.
                failure = HromadaError(.databaseUnavailable, retryAfter: 2, reason: "pipeline aborted")
            }
            if let failure {
                for (g, _) in sendable where outcomes[g] == nil { outcomes[g] = .failure(failure) }
                pending = []
            }
        }
        let lost = HromadaError(.databaseUnavailable, retryAfter: 2, reason: "connection lost")
        return outcomes.map { $0 ?? .failure(lost) }
    }

    /// Sends statements (each with its prepared name, or nil) in pipeline mode, then a sync point;
    /// the error if a send failed.
    private func sendPipelined(_ statements: some Sequence<(SQL, String?)>, handle: OpaquePointer) -> (any Error)? {
        for (sql, name) in statements {
            let sent = withOptionalCStringArray(sql.binds) { params in
                if let name {
                    PQsendQueryPrepared(handle, name, Int32(sql.binds.count), params, nil, nil, 0)
                } else {
                    PQsendQueryParams(handle, sql.text, Int32(sql.binds.count), nil, params, nil, nil, 0)
                }
            }
            if sent != 1 { return PGErrorMapper.error(for: nil, connection: handle) }
        }
        return PQpipelineSync(handle) == 1 ? nil : PGErrorMapper.error(for: nil, connection: handle)
    }

    /// One pipelined statement's answer: its rows, its error, or that an earlier failure left it unrun.
    private struct PipelinedAnswer {
        var rows: [PGRow] = []
        var failure: (any Error)?
        var aborted = false
    }

    /// Reads the next pipelined statement's results, which end with NULL (none at all: the connection was lost).
    private func readPipelined(_ handle: OpaquePointer) -> PipelinedAnswer {
        var answer = PipelinedAnswer()
        var answered = false
        while let result = PQgetResult(handle) {
            answered = true
            switch PQresultStatus(result) {
            case PGRES_TUPLES_OK: answer.rows = rows(of: result)
            case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY: break
            case PGRES_PIPELINE_ABORTED: answer.aborted = true
            default: if answer.failure == nil { answer.failure = PGErrorMapper.error(for: result, connection: handle) }
            }
            PQclear(result)
        }
        if !answered { answer.failure = PGErrorMapper.error(for: nil, connection: handle) }
        return answer
    }

    /// Reads up to the pipeline's sync point (when everything was sent) and leaves pipeline mode.
    /// Results still pending (a send failed half-way) mean the connection cannot be trusted again:
    /// it is closed. Returns `failure`, or the error that closed the connection.
    private func endPipeline(_ handle: OpaquePointer, readToSync: Bool, failure: (any Error)?) -> (any Error)? {
        if readToSync {
            while let result = PQgetResult(handle) {
                let status = PQresultStatus(result)
                PQclear(result)
                if status == PGRES_PIPELINE_SYNC { break }
            }
        }
        guard PQexitPipelineMode(handle) == 1 else {
            let error = failure ?? PGErrorMapper.error(for: nil, connection: handle)
            close()
            return error
        }
        return failure
    }

    /// PostgreSQL's text cannot hold a NUL: a value with one is the client's mistake, refused
    /// before anything is sent.
    static func refuseNUL(_ sql: SQL) throws {
        for bind in sql.binds where bind?.utf8.contains(0) == true {
            throw HromadaError(.malformedRequest, detail: .init(uk: "Текст не може містити символів NUL.", en: "Text must not contain NUL characters."), reason: "NUL in bind")
        }
    }

    /// The name of `sql`'s prepared statement on this connection, preparing it on first use; `nil`
    /// for statements that are not worth preparing (transaction control, settings) or past the bound.
    private func preparedName(for sql: SQL, handle: OpaquePointer) throws -> String? {
        if let name = prepared[sql.text] { return name }
        guard prepared.count < Self.preparedLimit, Self.isPreparable(sql.text) else { return nil }
        let name = "h\(prepared.count)"
        let result = PQprepare(handle, name, sql.text, Int32(sql.binds.count), nil)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw PGErrorMapper.error(for: result, connection: handle)
        }
        prepared[sql.text] = name
        return name
    }

    static func isPreparable(_ text: String) -> Bool {
        let head = text.drop { $0 == " " || $0 == "\n" }.prefix(6).uppercased()
        return head.hasPrefix("SELECT") || head.hasPrefix("INSERT") || head.hasPrefix("UPDATE")
            || head.hasPrefix("DELETE") || head.hasPrefix("WITH")
    }

    /// Runs a script of several statements with no parameters (simple query protocol).
    /// Only for migration files shipped with the program, never for anything a client sent.
    package func executeScript(_ script: String) throws {
        guard let handle else {
            throw HromadaError(.databaseUnavailable, retryAfter: 2, reason: "connection is closed")
        }
        let result = PQexec(handle, script)
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default: throw PGErrorMapper.error(for: result, connection: handle)
        }
    }

    /// Runs `body` inside `BEGIN … COMMIT`; any thrown error rolls back. With `deferBegin`, the
    /// `BEGIN` goes out with `body`'s first statements instead of in a round trip of its own (a
    /// transaction that sends nothing then sends nothing at all), and `body` may commit with its
    /// last pipeline (``pipeline(_:commit:)``).
    package func inTransaction<T>(_ isolation: Isolation, deferBegin: Bool = false, _ body: (PGConnection) throws -> T) throws -> T {
        let begin = SQL(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)")
        committedEarly = false
        if deferBegin {
            pendingBegin = begin
        } else {
            do {
                try execute(begin)
            } catch let error as HromadaError where error.code == .databaseUnavailable && handle != nil {
                // Nothing has run yet, so a connection lost since its last use can be replaced safely.
                close()
                try open()
                try execute(begin)
            }
        }
        do {
            let value = try body(self)
            if pendingBegin != nil {
                pendingBegin = nil
            } else if !committedEarly {
                try execute("COMMIT")
            }
            committedEarly = false
            return value
        } catch {
            let begun = pendingBegin == nil
            pendingBegin = nil
            committedEarly = false
            if begun, !isBroken { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    public enum Isolation: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    private func rows(of result: OpaquePointer) -> [PGRow] {
        let fieldCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        var columns: [String: Int] = [:]
        for f in 0..<fieldCount {
            columns[String(cString: PQfname(result, Int32(f)))] = f
        }
        var out: [PGRow] = []
        out.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            // The row's values back to back in one buffer: two allocations per row, whatever its
            // width; text is checked as UTF-8 only when a column is decoded as a string.
            var size = 0
            for f in 0..<fieldCount { size += Int(PQgetlength(result, Int32(r), Int32(f))) }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(size)
            var spans: [PGRow.Span] = []
            spans.reserveCapacity(fieldCount)
            for f in 0..<fieldCount {
                if PQgetisnull(result, Int32(r), Int32(f)) == 1 {
                    spans.append(.null)
                } else {
                    let length = Int(PQgetlength(result, Int32(r), Int32(f)))
                    let start = bytes.count
                    PQgetvalue(result, Int32(r), Int32(f)).withMemoryRebound(to: UInt8.self, capacity: length) {
                        bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
                    }
                    spans.append(PGRow.Span(start: start, end: start + length))
                }
            }
            out.append(PGRow(columns: columns, bytes: bytes, spans: spans))
        }
        return out
    }
}

/// Calls `body` with a NULL-terminated-free array of C strings that stay alive for the call.
func withCStringArray<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    withOptionalCStringArray(strings.map { Optional($0) }, body)
}

func withOptionalCStringArray<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0)! } }
    defer { for c in copies { free(c) } }
    return body(copies.map { $0.map { UnsafePointer($0) } } + [nil])
}
