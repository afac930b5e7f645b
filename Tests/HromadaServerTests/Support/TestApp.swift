import CoreMetrics
import Foundation
import HTTPTypes
import Hummingbird
import HromadaCrypto
import HromadaDomain
@testable import HromadaServer
import HromadaStorage
import HromadaTestSupport
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing
import HromadaPostgres

/// The real application on a database of its own, driven in-process through its router.
struct TestApp: Sendable {
    let db: TestDatabase
    let services: AppServices

    /// Password hashing at a lower cost than production so suites stay quick; the production
    /// parameters are covered by the crypto tests.
    static let hasher = PasswordHasher(parameters: .init(log2N: 12, r: 8, p: 1))
    static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    /// This test process's folder of signing keys, one sub-folder per app: `hromada-test-keys-PID` in
    /// the temporary folder. Those of earlier test processes that have ended are removed on first use,
    /// so runs do not pile keys up in /tmp.
    static let keysRoot: URL = {
        let tmp = FileManager.default.temporaryDirectory
        let prefix = "hromada-test-keys-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.hasPrefix(prefix) {
            if let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(at: tmp.appendingPathComponent(name))
            }
        }
        return tmp.appendingPathComponent(prefix + String(getpid()))
    }()

    /// The metrics of this test process: what `MetricsSystem` is bootstrapped with, as `serve` does, so
    /// One registry for the tests that share it (and `MetricsSystem`, as `serve` bootstraps it); other
    /// apps keep a registry of their own.
    static let processMetrics: ServerMetrics = {
        let metrics = ServerMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        return metrics
    }()

    static func make(
        migrated: Bool = true, metrics: ServerMetrics = ServerMetrics(), configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TestApp {
        let db = try await TestDatabase.create(migrated: migrated)
        var config = ServerConfiguration()
        config.keysDirectory = keysRoot.appendingPathComponent(UUID().uuidString).path
        config.keyPassphrase = "test-passphrase-1234"
        config.publicURL = "https://hromada.test"
        configure(&config)
        let services = AppServices(
            configuration: config, pool: db.pool,
            passwords: PasswordService(hasher: hasher, threads: threads),
            migrator: db.migrator, metrics: metrics, logger: TestDatabase.logger
        )
        return TestApp(db: db, services: services)
    }

    /// Runs `body` against the app: in-process through the router, or (`.live`) over a real socket on
    /// 127.0.0.1, where the client's address is 127.0.0.1 and requests run in parallel.
    func run<T: Sendable>(_ setup: TestingSetup = .router, _ body: @Sendable (Client) async throws -> T) async throws -> T {
        let (router, _) = buildRouter(services: services)
        switch setup {
        case .router:
            return try await body(Client(raw: RouterTransport(responder: router.buildResponder(), logger: TestDatabase.logger)))
        case .live:
            let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in
                    portSink.yield(channel.localAddress?.port ?? 0)
                    portSink.finish()
                },
                logger: TestDatabase.logger
            )
            let group = ServiceGroup(configuration: .init(services: [app], logger: TestDatabase.logger))
            return try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                guard let port = await ports.first(where: { _ in true }), port > 0 else {
                    tasks.cancelAll()
                    throw TransportError("the test server did not start listening")
                }
                // The server stops gracefully, and is waited for, whether the body passed or threw.
                let outcome: Result<T, any Error>
                do { outcome = .success(try await body(Client(raw: LoopbackTransport(port: port)))) } catch { outcome = .failure(error) }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return try outcome.get()
            }
        }
    }

    /// The association root and signing keys for `centres` (development chain, keys in a temp folder).
    func chain(_ centres: [String] = ["KYV", "LVV"]) async throws {
        let keys = services.keys, association = services.configuration.association
        try await db.pool.transaction { db in
            try CertificateAuthorityStore.ensureDevelopmentChain(db, ring: keys, association: association, centres: centres)
            for centre in centres { try CertificateStore.publishRevocationList(db, ring: keys, centre: centre) }
        }
    }

    /// Creates a person directly in the database and returns them.
    @discardableResult
    func person(
        _ email: String, roles: Set<Role> = [.learner], centre: String = "KYV", password: String = "Correct-Horse-1"
    ) async throws -> User {
        let hash = try Self.hasher.hash(password)
        let person = NewUser(email: email, fullName: "Тестова Особа", category: .official, position: "спеціаліст",
                             hromada: "Тестова громада", centre: centre, roles: roles)
        return try await db.pool.transaction { try UserStore.create($0, person, passwordHash: hash) }
    }
}

/// A thin client over a ``TestTransport``, speaking JSON.
struct Client: Sendable {
    let raw: any TestTransport

    struct Answer: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: any Sendable] {
            ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: any Sendable]) ?? [:]
        }
        var code: String? { json["code"] as? String }
        var isProblem: Bool { headers[.contentType] == "application/problem+json" && code != nil }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let d = JSONDecoder()
            d.dateDecodingStrategy = .custom { decoder in
                let text = try decoder.singleValueContainer().decode(String.self)
                return try Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            }
            return try d.decode(T.self, from: Data(body))
        }
    }

    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
        body: [UInt8]? = nil, contentType: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> Answer {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var payload: ByteBuffer?
        if let json {
            headers[.contentType] = contentType ?? "application/json"
            payload = ByteBuffer(string: json)
        } else if let body {
            if let contentType { headers[.contentType] = contentType }
            payload = ByteBuffer(bytes: body)
        }
        let response = try await raw.execute(uri: uri, method: method, headers: headers, body: payload)
        return Answer(status: response.status, headers: response.headers, body: response.body)
    }

    func login(_ email: String, _ password: String = "Correct-Horse-1") async throws -> String {
        let answer = try await send(.post, "/api/v1/auth/login", json: #"{"email": "\#(email)", "password": "\#(password)"}"#)
        guard answer.status == .ok, let token = answer.json["token"] as? String else {
            throw ConfigurationError("login of \(email) failed: \(answer.status) \(answer.text)")
        }
        return token
    }
}

func jsonString(_ value: [String: Any]) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
}
