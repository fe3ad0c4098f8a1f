// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
    ],
    targets: [
        // Pure domain code: no I/O.
        .target(name: "VigilCore", swiftSettings: strict),
        .target(name: "VigilConfig", dependencies: ["VigilCore", "Yams"], swiftSettings: strict),
        .target(name: "Templating", dependencies: ["VigilCore"], swiftSettings: strict),
        .target(name: "PromQL", dependencies: ["VigilCore"], swiftSettings: strict),
        .target(name: "TSDB", dependencies: ["VigilCore", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .target(name: "Ingest", dependencies: ["VigilCore", "TSDB"], swiftSettings: strict),
        .target(name: "Scrape", dependencies: ["VigilCore", "VigilConfig", "Ingest"], swiftSettings: strict),
        .target(
            name: "Rules",
            dependencies: ["VigilCore", "VigilConfig", "PromQL", "Templating", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "Alerting",
            dependencies: [
                "VigilCore", "VigilConfig", "Templating",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // Edges: network, disk, HTTP.
        .target(
            name: "Notifiers",
            dependencies: [
                "Alerting", "VigilCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(name: "OnCall", dependencies: ["VigilCore", "VigilConfig"], swiftSettings: strict),
        .target(
            name: "Runbooks",
            dependencies: ["VigilCore", "VigilConfig", "Templating", .product(name: "Ink", package: "Ink")],
            swiftSettings: strict),
        .target(
            name: "Governance",
            dependencies: [
                "VigilCore", "VigilConfig",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "Persistence",
            dependencies: ["Alerting", "Governance", "OnCall", "VigilCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(
            name: "Server",
            dependencies: [
                "VigilCore", "VigilConfig", "Alerting", "Notifiers", "OnCall", "Persistence", "PromQL", "Rules", "Runbooks", "Templating", "Ingest", "Scrape", "TSDB", "Governance",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                // Health probes: TCP connections and their TLS handshake.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "vigil",
            dependencies: [
                "Server", "Ingest", "TSDB", "PromQL", "Rules", "Runbooks", "OnCall", "VigilCore", "VigilConfig", "Alerting", "Notifiers", "Governance", "Persistence",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .target(name: "VigilTestSupport", dependencies: ["VigilCore", "Governance", .product(name: "Hummingbird", package: "hummingbird")], path: "Tests/VigilTestSupport", swiftSettings: strict),

        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore", "VigilConfig", "VigilTestSupport"], swiftSettings: strict),
        .testTarget(name: "PromQLTests", dependencies: ["PromQL", "VigilCore"], swiftSettings: strict),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "TSDB", "VigilCore", "VigilTestSupport"], swiftSettings: strict),
        .testTarget(name: "ScrapeTests", dependencies: ["Scrape", "Ingest", "VigilCore", "VigilConfig"], swiftSettings: strict),
        .testTarget(name: "TSDBTests", dependencies: ["TSDB", "VigilCore", "PromQL"], swiftSettings: strict),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "PromQL", "VigilCore", "VigilConfig", "VigilTestSupport",
            .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(name: "TemplatingTests", dependencies: ["Templating"], swiftSettings: strict),
        .testTarget(name: "AlertingTests", dependencies: ["Alerting", "VigilCore", "VigilConfig", "VigilTestSupport"], swiftSettings: strict),
        .testTarget(name: "NotifiersTests", dependencies: ["Notifiers", "Alerting", "VigilCore", "VigilTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log")],
            exclude: ["Resources"], swiftSettings: strict),
        .testTarget(name: "OnCallTests", dependencies: ["OnCall", "VigilCore", "VigilConfig"], swiftSettings: strict),
        .testTarget(name: "RunbooksTests", dependencies: ["Runbooks", "VigilCore", "VigilConfig", "Templating"], swiftSettings: strict),
        .testTarget(name: "PersistenceTests", dependencies: ["Persistence", "Alerting", "VigilTestSupport"], swiftSettings: strict),
        .testTarget(name: "GovernanceTests", dependencies: ["Governance", "Persistence", "VigilTestSupport", "VigilConfig",
            .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "ServerTests", dependencies: ["Server", "Alerting", "Notifiers", "OnCall", "Persistence", "PromQL", "Rules", "Runbooks", "Scrape", "Ingest", "TSDB", "VigilTestSupport", "VigilConfig", "Governance",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "InMemoryLogging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            // Rewriting the ledger as an attacker with the file would (anchor tests).
            .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
    ]
)
