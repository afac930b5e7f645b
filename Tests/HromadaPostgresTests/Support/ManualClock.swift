/// Time that moves only when a test moves it: the pool's deadlines, checked to the nanosecond
/// without waiting for them.
struct ManualClock {
    struct Instant: InstantProtocol {
        var sinceStart: Duration

        func advanced(by duration: Duration) -> Instant { Instant(sinceStart: sinceStart + duration) }
        func duration(to other: Instant) -> Duration { other.sinceStart - sinceStart }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.sinceStart < rhs.sinceStart }
    }

    private(set) var now = Instant(sinceStart: .zero)

    mutating func advance(by duration: Duration) { now = now.advanced(by: duration) }
}
