import HromadaCrypto
import NIOPosix

/// Hashes and checks passwords on a small thread pool of its own: scrypt takes ~0.1 s of CPU and
/// must never block Swift's cooperative threads. The pool's size bounds the memory scrypt uses.
public struct PasswordService: Sendable {
    let hasher: PasswordHasher
    let threads: NIOThreadPool
    let dummy: String

    public init(hasher: PasswordHasher = PasswordHasher(), threads: NIOThreadPool) {
        self.hasher = hasher
        self.threads = threads
        self.dummy = hasher.dummyHash()
    }

    public func hash(_ password: String) async throws -> String {
        let hasher = self.hasher
        return try await threads.runIfActive { try hasher.hash(password) }
    }

    /// Checks `password`; with no stored hash it spends the same time and answers false, so a
    /// wrong email and a wrong password cannot be told apart by timing.
    public func verify(_ password: String, against stored: String?) async throws -> Bool {
        let hasher = self.hasher
        let target = stored ?? dummy
        let matches = try await threads.runIfActive { hasher.verify(password, against: target) }
        return matches && stored != nil
    }
}
