import Foundation
import HromadaDomain

/// Waits until `condition` holds, looking every few milliseconds, and throws once `limit` of real time
/// has passed without it: a test that waits for another task to reach a point (a connection held, a
/// caller queued) fails with what it was waiting for instead of hanging the whole run when that
/// point never comes (on a loaded machine, a held connection's own timeout once let the waiter
/// through first, and the loop that waited for it to queue never ended).
public func waitUntil(
    _ what: String, within limit: Duration = .seconds(60), every step: Duration = .milliseconds(3),
    _ condition: () -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { throw ConfigurationError("waited \(limit) for \(what)") }
        try await Task.sleep(for: step)
    }
}
