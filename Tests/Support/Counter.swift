import Synchronization

/// A thread-safe integer for counting what concurrent test tasks saw.
public final class Counter: Sendable {
    private let value = Mutex(0)
    public init() {}
    public func add(_ n: Int = 1) { value.withLock { $0 += n } }
    public func max(_ n: Int) { value.withLock { $0 = Swift.max($0, n) } }
    public var current: Int { value.withLock { $0 } }
}
