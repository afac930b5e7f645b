public import HromadaCrypto
import HromadaDomain
public import NIOPosix
import Synchronization

/// Hashes and checks passwords on a small thread pool of its own: scrypt takes ~0.1 s of CPU and
/// must never block Swift's cooperative threads. The pool's size bounds the memory scrypt uses.
///
/// In front of the pool is a bounded queue: when `capacity` hashes are already running or waiting,
/// another is refused at once with 503 `server_busy` and a `Retry-After`, instead of waiting behind
/// a flood. Nothing else runs on these threads (pack validation and PDFs have ``AppServices/blocking``).
public struct PasswordService: Sendable {
    let hasher: PasswordHasher
    let threads: NIOThreadPool
    let dummy: String
    /// Hashes running or waiting at most.
    public let capacity: Int
    private let load: Load

    /// The hashes in the queue and on the threads.
    final class Load: Sendable {
        let count = Atomic<Int>(0)
    }

    /// `capacity`: hashes running or waiting at most (about 0.1 s each per thread at the production cost).
    public init(hasher: PasswordHasher = PasswordHasher(), threads: NIOThreadPool, capacity: Int = 32) {
        self.hasher = hasher
        self.threads = threads
        self.dummy = hasher.dummyHash()
        self.capacity = max(1, capacity)
        self.load = Load()
    }

    /// Hashes in the queue or running now.
    public var inFlight: Int { load.count.load(ordering: .relaxed) }

    public func hash(_ password: String) async throws -> String {
        let hasher = self.hasher
        return try await run { try hasher.hash(password) }
    }

    /// Checks `password`; with no stored hash it spends the same time and answers false, so a
    /// wrong email and a wrong password cannot be told apart by timing.
    public func verify(_ password: String, against stored: String?) async throws -> Bool {
        let hasher = self.hasher
        let target = stored ?? dummy
        let matches = try await run { hasher.verify(password, against: target) }
        return matches && stored != nil
    }

    /// `work` on the pool, or `server_busy` (503) when the queue is full.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let queued = load.count.add(1, ordering: .acquiringAndReleasing).newValue
        defer { load.count.subtract(1, ordering: .acquiringAndReleasing) }
        guard queued <= capacity else {
            throw HromadaError(.serverBusy, retryAfter: 2, reason: "password hashing queue full (\(capacity))")
        }
        return try await threads.runIfActive(work)
    }
}
