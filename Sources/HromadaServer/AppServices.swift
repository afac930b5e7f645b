import HromadaStorage
import Logging
import NIOPosix

/// What handlers need, built once per process and shared (every member is `Sendable`).
public struct AppServices: Sendable {
    public let configuration: ServerConfiguration
    public let pool: PGPool
    public let passwords: PasswordService
    public let migrator: Migrator
    public let metrics: Metrics
    public let logger: Logger
    /// Attempts, with the quiz definitions read so far (immutable once published).
    public let attempts: AttemptStore

    public init(
        configuration: ServerConfiguration, pool: PGPool, passwords: PasswordService,
        migrator: Migrator, metrics: Metrics = Metrics(), logger: Logger
    ) {
        self.configuration = configuration
        self.pool = pool
        self.passwords = passwords
        self.migrator = migrator
        self.metrics = metrics
        self.logger = logger
        self.attempts = AttemptStore()
    }

    var body: BodyDecoder { BodyDecoder(limit: configuration.maxBodySize) }
    /// Threads for CPU-heavy work (pack validation, hashing), away from the cooperative pool.
    var blocking: NIOThreadPool { passwords.threads }
}
