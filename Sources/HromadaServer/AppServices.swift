import Foundation
public import HromadaStorage
public import HromadaPostgres
public import Logging
public import NIOPosix

/// What handlers need, built once per process and shared (every member is `Sendable`).
public struct AppServices: Sendable {
    public let configuration: ServerConfiguration
    public let pool: PGPool
    /// Where reports are read: a replica's pool when `HROMADA_REPORTS_DATABASE_URL` is set, else `pool`.
    /// Reports only read, and a replica a few seconds behind is fine for them.
    public let reportsPool: PGPool
    public let passwords: PasswordService
    /// Threads for CPU-heavy work (pack validation, PDFs, multipart bodies), away from the cooperative
    /// pool and apart from the password hashing threads.
    public let blocking: NIOThreadPool
    public let migrator: Migrator
    /// This app's metrics registry (``ServerMetrics``): request figures, gauges, the background loops.
    public let metrics: ServerMetrics
    public let logger: Logger
    /// Attempts, with the quiz definitions read so far (immutable once published).
    public let attempts: AttemptStore
    /// The private signing keys (files under `HROMADA_KEYS_DIR`).
    public let keys: KeyRing

    public init(
        configuration: ServerConfiguration, pool: PGPool, reportsPool: PGPool? = nil, passwords: PasswordService,
        blocking: NIOThreadPool = .singleton, migrator: Migrator, metrics: ServerMetrics = ServerMetrics(), logger: Logger
    ) {
        self.configuration = configuration
        self.pool = pool
        self.reportsPool = reportsPool ?? pool
        self.passwords = passwords
        self.blocking = blocking
        self.migrator = migrator
        self.metrics = metrics
        self.logger = logger
        self.attempts = AttemptStore()
        self.keys = KeyRing(directory: configuration.keysDirectory, passphrase: configuration.keyPassphrase)
    }

    var issuer: CertificateStore.Issuer {
        CertificateStore.Issuer(publicURL: configuration.publicURL, association: configuration.association)
    }

    /// Signs the certificates waiting for `enrolment` (or any) right away. Best effort: what fails here
    /// stays pending and the background issuer signs it on its next pass.
    func issueCertificates(enrolment: UUID? = nil) async {
        let keys = self.keys, issuer = self.issuer
        do {
            _ = try await pool.transaction { try CertificateStore.signPending($0, ring: keys, issuer: issuer, enrolmentID: enrolment) }
        } catch {
            logger.warning("certificate signing postponed", metadata: ["error": "\(error)"])
        }
    }

    var body: BodyDecoder { BodyDecoder(limit: configuration.maxBodySize) }
}
