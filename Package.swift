// swift-tools-version:6.2
import PackageDescription

// Upcoming language features Hummingbird turns on, for every Swift target. With InternalImportsByDefault an
// import is internal unless written `public import`: a file says which of its imports its public
// declarations show (UUID and Date from Foundation, PGConnection from HromadaPostgres, …).
let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "hromada",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hromada-server", targets: ["hromada-server"]),
        .executable(name: "hromada", targets: ["hromada"]),
    ],
    traits: [
        // Off by default: the OTLP exporters bring AsyncHTTPClient, swift-nio-ssl (BoringSSL) and
        // SwiftProtobuf into the build. `swift build --traits OTLP` builds a server that exports traces
        // when OTEL_EXPORTER_OTLP_ENDPOINT is set.
        .trait(name: "OTLP", description: "Export traces over OTLP/HTTP with swift-otel."),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // Only its OTLP/HTTP exporter, and only with our OTLP trait (no gRPC either way).
        .package(
            url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0",
            traits: [.trait(name: "OTLPHTTP", condition: .when(traits: ["OTLP"]))]
        ),
    ],
    targets: [
        // C boundaries
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "CHromadaShim",
            dependencies: ["COpenSSL"]
        ),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev", "libfontconfig-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),

        // Pure domain: no I/O.
        .target(name: "HromadaDomain"),

        // The JSON shapes of the API, once for the server (Encodable) and the client (Decodable).
        .target(name: "HromadaAPI", dependencies: ["HromadaDomain"]),

        // OpenSSL: hashing, randomness, scrypt; later CMS and X.509.
        .target(
            name: "HromadaCrypto",
            dependencies: ["COpenSSL", "CHromadaShim", "HromadaDomain"]
        ),

        // Course packs and programme folders: the validators, GIFT, Markdown rendering, ZIP. Pure: no
        // database, no HTTP. A programme validates into the API's own `ProgrammeDefinition`.
        .target(
            name: "HromadaPacks",
            dependencies: [
                "HromadaDomain", "HromadaAPI", "HromadaCrypto",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),

        // Lesson Markdown laid out for a terminal: the terminal client's alone. Pure: Foundation only.
        .target(name: "HromadaTerminal"),

        // The PostgreSQL driver: libpq connections, the pool, SQL with binds, rows. No tables.
        .target(
            name: "HromadaPostgres",
            dependencies: ["CLibPQ", "HromadaDomain", .product(name: "Logging", package: "swift-log")]
        ),

        // Migrations and repositories, on the driver.
        .target(
            name: "HromadaStorage",
            dependencies: [
                "HromadaPostgres", "HromadaAPI", "HromadaDomain", "HromadaCrypto", "HromadaPacks",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The printed certificate: a PDF drawn with Cairo (DejaVu fonts) and a QR code from libqrencode.
        .target(name: "HromadaPrint", dependencies: ["CCairo", "CQREncode"]),

        // Outgoing mail: RFC 5322/MIME messages and SMTP through libcurl. No database, no HTTP.
        .target(name: "HromadaMail", dependencies: ["CCurl"]),

        // The HTTP API.
        .target(
            name: "HromadaServer",
            dependencies: [
                "HromadaPrint", "HromadaMail",
                "HromadaAPI", "HromadaDomain", "HromadaPostgres", "HromadaStorage", "HromadaCrypto", "HromadaPacks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/common-passwords.txt")]
        ),

        // The JSON API client used by the terminal client.
        .target(
            name: "HromadaClient",
            dependencies: ["HromadaAPI", "HromadaDomain"]
        ),

        // Command libraries and thin executables.
        .target(
            name: "HromadaServerCommands",
            dependencies: [
                "HromadaServer", "HromadaPostgres", "HromadaStorage", "HromadaCrypto", "HromadaDomain", "HromadaPacks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "OTel", package: "swift-otel", condition: .when(traits: ["OTLP"])),
            ]
        ),
        .target(
            name: "HromadaCommands",
            dependencies: [
                "HromadaAPI", "HromadaClient", "HromadaDomain", "HromadaPacks", "HromadaCrypto", "HromadaTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "hromada-server",
            dependencies: [
                "HromadaServerCommands", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "hromada",
            dependencies: ["HromadaCommands", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // `make bench`: measurements, not tests.
        .executableTarget(
            name: "hromada-bench",
            dependencies: [
                "HromadaPacks", "HromadaPostgres", "HromadaStorage", "HromadaDomain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // Tests: every suite that touches data runs against the real PostgreSQL `make test` starts.
        .target(
            name: "HromadaTestSupport",
            dependencies: [
                "HromadaPostgres", "HromadaStorage", "HromadaDomain", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Support"
        ),
        .testTarget(name: "HromadaDomainTests", dependencies: ["HromadaDomain"]),
        .testTarget(name: "HromadaAPITests", dependencies: ["HromadaAPI", "HromadaDomain"]),
        .testTarget(name: "HromadaCryptoTests", dependencies: ["HromadaCrypto"]),
        .testTarget(name: "HromadaPrintTests", dependencies: ["HromadaPrint"]),
        .testTarget(name: "HromadaMailTests", dependencies: ["HromadaMail"]),
        .testTarget(name: "HromadaTerminalTests", dependencies: ["HromadaTerminal"]),
        .testTarget(name: "HromadaCommandsTests", dependencies: ["HromadaCommands", "HromadaDomain", "HromadaAPI", "HromadaClient", "HromadaPacks", "HromadaTerminal", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "HromadaPacksTests", dependencies: ["HromadaPacks", "HromadaAPI", "HromadaDomain"], exclude: ["Fixtures"]),
        // The driver's own tests: the pool's state machine without a database, the rest on one.
        .testTarget(
            name: "HromadaPostgresTests",
            dependencies: ["HromadaPostgres", "HromadaDomain", "HromadaTestSupport"]
        ),
        .testTarget(
            name: "HromadaStorageTests",
            dependencies: ["HromadaPostgres", "HromadaStorage", "HromadaAPI", "HromadaDomain", "HromadaCrypto", "HromadaTestSupport"]
        ),
        .testTarget(
            name: "HromadaServerTests",
            dependencies: [
                "HromadaServer", "HromadaPostgres", "HromadaStorage", "HromadaAPI", "HromadaDomain", "HromadaCrypto", "HromadaPacks",
                "HromadaMail", "HromadaClient", "HromadaCommands", "HromadaServerCommands", "HromadaTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
    ]
)

// Every Swift target gets the upcoming features above (CHromadaShim is C, the others here are system libraries).
for target in package.targets where target.type != .system && target.name != "CHromadaShim" {
    target.swiftSettings = (target.swiftSettings ?? []) + upcoming
}
