import Foundation
import HTTPTypes
import HromadaCrypto
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import NIOPosix
import Testing
import HromadaPostgres
import HromadaTestSupport

/// Login throttling against the real database: counters per account and per client address, taken
/// before the password is hashed; and the bounded queue of the hashing threads.
@Suite struct LoginThrottleTests {
    static let login = "/api/v1/auth/login"
    static let xff = ClientAddressMiddleware.forwardedFor

    static func body(_ email: String, _ password: String) -> String {
        #"{"email": "\#(email)", "password": "\#(password)"}"#
    }

    /// Behind a proxy at 127.0.0.1, so each request's client address comes from X-Forwarded-For.
    static func proxied() async throws -> TestApp {
        try await TestApp.make { $0.trustedProxies = try! TrustedProxies(parsing: "127.0.0.1, ::1") }
    }

    @Test func aBurstOfParallelWrongPasswordsIsCutAtTheLimit() async throws {
        let app = try await Self.proxied()
        try await app.person("olena@example.org")
        try await app.person("petro@example.org")
        // In-process, so the 40 run truly at once (an HTTP client's connection pool would queue them).
        let statuses = try await app.run { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        try await client.send(.post, Self.login, json: Self.body("olena@example.org", "wrong-guess-\(i)")).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
        }
        let wrong = statuses.filter { $0 == .unauthorized }.count
        let refused = statuses.filter { $0 == .tooManyRequests }.count
        #expect(wrong == LoginThrottle.accountLimit, "\(statuses)")
        #expect(wrong + refused == 40, "\(statuses)")
        let counted = try await app.db.pool.withConnection { try LoginThrottle.count($0, scope: "account", key: "olena@example.org") }
        #expect(counted == LoginThrottle.accountLimit)
        // Over a socket behind the trusted proxy, from another address.
        try await app.run(.live) { client in
            // The account is at its limit now: even its right password waits.
            let olena = try await client.send(.post, Self.login, json: Self.body("olena@example.org", "Correct-Horse-1"),
                                              headers: [Self.xff: "198.51.100.7"])
            #expect(olena.status == .tooManyRequests)
            #expect(olena.headers[.retryAfter].flatMap(Int.init).map { (1...LoginThrottle.window).contains($0) } == true)
            // Another account's right password from another address is not affected.
            let petro = try await client.send(.post, Self.login, json: Self.body("petro@example.org", "Correct-Horse-1"),
                                              headers: [Self.xff: "198.51.100.7"])
            #expect(petro.status == .ok)
        }
    }

    @Test func failuresForMadeUpAccountsFromOneAddressDoNotLockOutAnotherAddress() async throws {
        let app = try await Self.proxied()
        try await app.person("admin@example.org", roles: [.admin])
        try await app.db.pool.withConnection { db in
            for i in 0..<LoginThrottle.addressLimit {
                try LoginThrottle.recordFailure(db, email: "made-up-\(i)@example.org", address: "203.0.113.9")
            }
        }
        try await app.run(.live) { client in
            let attacker = try await client.send(.post, Self.login, json: Self.body("admin@example.org", "Correct-Horse-1"),
                                                 headers: [Self.xff: "203.0.113.9"])
            #expect(attacker.status == .tooManyRequests)
            // A spoofed left-most entry does not move the attacker to another address.
            let spoofed = try await client.send(.post, Self.login, json: Self.body("admin@example.org", "Correct-Horse-1"),
                                                headers: [Self.xff: "198.51.100.7, 203.0.113.9"])
            #expect(spoofed.status == .tooManyRequests)
            let admin = try await client.send(.post, Self.login, json: Self.body("admin@example.org", "Correct-Horse-1"),
                                              headers: [Self.xff: "198.51.100.7"])
            #expect(admin.status == .ok)
        }
        // The refused tries gave back what they took from the admin's account.
        let counted = try await app.db.pool.withConnection { try LoginThrottle.count($0, scope: "account", key: "admin@example.org") }
        #expect(counted == 0)
    }

    @Test func aRightPasswordGivesTheAddressItsTryBack() async throws {
        let app = try await TestApp.make()
        try await app.person("olena@example.org")
        try await app.run { client in
            _ = try await client.send(.post, Self.login, json: Self.body("olena@example.org", "wrong-wrong-1"))
            _ = try await client.login("olena@example.org")
        }
        let (account, address) = try await app.db.pool.withConnection { db in
            (try LoginThrottle.count(db, scope: "account", key: "olena@example.org"), try LoginThrottle.count(db, scope: "address", key: "unknown"))
        }
        #expect(account == 0)
        #expect(address == 1)
    }

    @Test func anExpiredWindowStartsAfresh() async throws {
        let app = try await TestApp.make()
        try await app.person("olena@example.org")
        try await app.db.pool.withConnection { db in
            for _ in 0..<LoginThrottle.accountLimit { try LoginThrottle.recordFailure(db, email: "olena@example.org", address: "elsewhere") }
            try db.execute("UPDATE login_counters SET window_ends = now() - interval '1 second'")
        }
        let status = try await app.run { client in
            try await client.send(.post, Self.login, json: Self.body("olena@example.org", "Correct-Horse-1")).status
        }
        #expect(status == .ok)
    }

    @Test func aFullHashingQueueAnswers503WithRetryAfterAndCountsNothing() async throws {
        let app = try await TestApp.make()
        let threads = NIOThreadPool(numberOfThreads: 1)
        threads.start()
        let passwords = PasswordService(hasher: TestApp.hasher, threads: threads, capacity: 1)
        let services = AppServices(configuration: app.services.configuration, pool: app.db.pool, passwords: passwords,
                                   migrator: app.db.migrator, logger: app.services.logger)
        let busy = TestApp(db: app.db, services: services)
        try await busy.person("olena@example.org")
        // Something holds the one place in the queue.
        let release = Gate()
        let holder = Task { try await passwords.run { release.wait() } }
        try await waitUntil("a password to be hashed") { passwords.inFlight >= 1 }
        try await busy.run { client in
            let answer = try await client.send(.post, Self.login, json: Self.body("olena@example.org", "Correct-Horse-1"),
                                               headers: [.acceptLanguage: "en"])
            #expect(answer.status == .serviceUnavailable)
            #expect(answer.code == "server_busy")
            #expect(answer.headers[.retryAfter].flatMap(Int.init).map { $0 > 0 } == true)
            #expect(answer.isProblem)
            // CPU work of other requests (PDFs, pack validation) runs on threads of its own meanwhile:
            // on the hashing threads it would wait for the gate, which stays shut until after it.
            #expect(services.blocking !== passwords.threads)
            #expect(try await services.blocking.runIfActive { 42 } == 42)
            release.open()
            _ = try await holder.value
            #expect(try await client.send(.post, Self.login, json: Self.body("olena@example.org", "Correct-Horse-1")).status == .ok)
        }
        // The refused try was not counted against the account.
        let counted = try await app.db.pool.withConnection { try LoginThrottle.count($0, scope: "account", key: "olena@example.org") }
        #expect(counted == 0)
        try await threads.shutdownGracefully()
    }

    @Test func theHashingQueueRefusesBeyondItsCapacityOnly() async throws {
        let threads = NIOThreadPool(numberOfThreads: 1)
        threads.start()
        let passwords = PasswordService(hasher: TestApp.hasher, threads: threads, capacity: 3)
        let release = Gate()
        let holders = (0..<3).map { _ in Task { try await passwords.run { release.wait() } } }
        try await waitUntil("three passwords to be hashed") { passwords.inFlight >= 3 }
        await #expect(throws: HromadaError(.serverBusy)) { try await passwords.verify("x", against: nil) }
        release.open()
        for holder in holders { _ = try await holder.value }
        #expect(passwords.inFlight == 0)
        #expect(try await passwords.verify("x", against: nil) == false)
        try await threads.shutdownGracefully()
    }
}

/// A latch a blocking thread waits on until the test opens it.
final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    func wait() { semaphore.wait(); semaphore.signal() }
    func open() { semaphore.signal() }
}
