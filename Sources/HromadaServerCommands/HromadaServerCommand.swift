public import ArgumentParser
import Foundation
import HromadaDomain
import HromadaPostgres
import HromadaServer
import HromadaStorage
import Logging

/// `hromada-server`: serves the API and administers a Hromada installation.
public struct HromadaServerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hromada-server",
        abstract: "Serve and administer Hromada / Сервер і адміністрування Громади.",
        subcommands: [Serve.self, Migrate.self, CreateAdmin.self, Users.self, Courses.self, Programmes.self, CA.self, Hromadas.self, PolicySettings.self, Trust.self],
        defaultSubcommand: Serve.self
    )

    public init() {}
}

/// `--database-url`, shared by every command that touches the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "libpq URL or conninfo (default: HROMADA_DATABASE_URL, else libpq's PG* variables).")
    var databaseURL: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default: HROMADA_LOG_LEVEL or info).")
    var logLevel: String?

    func configuration() throws -> ServerConfiguration {
        var c = try ServerConfiguration.fromEnvironment()
        if let databaseURL { c.databaseURL = databaseURL }
        if let logLevel { c.logLevel = logLevel }
        return c
    }

    /// A pool of one connection for a command's few statements; the caller shuts it down.
    func onePool() throws -> PGPool {
        let c = try configuration()
        return PGPool(conninfo: c.databaseURL, maxConnections: 1, logger: try logger(c))
    }

    func logger(_ c: ServerConfiguration) throws -> Logger {
        guard let level = Logger.Level(rawValue: c.logLevel) else {
            throw ConfigurationError("Unknown log level \(c.logLevel); use trace, debug, info, notice, warning, error or critical.")
        }
        LoggingBootstrap.once(level: level)
        var logger = Logger(label: "hromada")
        logger.logLevel = level
        return logger
    }
}

/// Installs the log handler once per process.
enum LoggingBootstrap {
    private static let done = Mutex(false)
    static func once(level: Logger.Level) {
        let first = done.withLock { d -> Bool in
            defer { d = true }
            return !d
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, level: level) }
    }
}

import Synchronization

/// Prints an error as one plain sentence and exits non-zero.
func failure(_ error: any Error) -> ExitCode {
    if let exit = error as? ExitCode { return exit }
    let message: String
    switch error {
    case let e as HromadaError:
        switch e.code {
        case .databaseUnavailable:
            message = "The database cannot be reached; check HROMADA_DATABASE_URL and that PostgreSQL runs. / База даних недоступна."
        case .internalError:
            // The operator's own terminal: the cause helps more than a generic sentence.
            message = "Failed: \(e). / Помилка."
        default:
            var lines = [e.detail?.en ?? "Failed: \(e.code.rawValue)."]
            lines += e.fieldProblems.map { "\($0.field): \($0.message.en)" }
            lines += e.lineProblems.map { "line \($0.line): \($0.message.en)" }
            message = lines.joined(separator: "\n")
        }
    case let e as ConfigurationError:
        message = e.description
    default:
        message = "\(error)"
    }
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return ExitCode.failure
}
