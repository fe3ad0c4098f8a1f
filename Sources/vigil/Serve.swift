import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import PromQL
import Server
import VigilConfig
import VigilCore

/// `vigil serve`: runs the server until SIGINT/SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Vigil server.")

    @Option(name: .long, help: "Address to listen on, HOST:PORT.")
    var listen = "127.0.0.1:9797"

    @Option(name: .long, help: "Directory for Vigil's state database.")
    var dataDir = "vigil-data"

    @Option(name: .long, help: "Config file (YAML). Without one, Vigil runs with embedded defaults.")
    var config: String?

    @Option(name: .long, help: "URL Vigil is reached at, used in notification links.")
    var externalURL: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Option(name: .customLong("promql-compat"), help: "PromQL semantics: prometheus3 (default) or prometheus2; overrides promql.compatibility.")
    var promqlCompat: String?

    @Option(name: [.customLong("retention-time"), .customLong("storage.tsdb.retention.time")],
            help: "How long the metrics store keeps samples (a duration); overrides storage.tsdb.retention_time.")
    var retentionTime: String?

    @Option(name: [.customLong("retention-size"), .customLong("storage.tsdb.retention.size")],
            help: "Most bytes the store's blocks may take, e.g. 50GB; 0: no limit. Overrides storage.tsdb.retention_size.")
    var retentionSize: String?

    @Option(name: .long, help: "When the WAL syncs: always, never or a duration; overrides storage.tsdb.wal_fsync.")
    var walFsync: String?

    @Option(name: .long, help: "Largest POST /api/v1/import/prometheus body, e.g. 8GiB; overrides storage.ingest.max_import_body.")
    var maxImportBody: String?

    @Option(name: .long, help: "Largest POST /api/v1/write body (compressed); overrides storage.ingest.max_remote_write_body.")
    var maxRemoteWriteBody: String?

    /// The storage flags given, parsed; throws a `ValidationError` naming the flag.
    func storageOverrides() throws -> StorageOverrides {
        func parse<T>(_ flag: String, _ text: String?, _ parser: (String) throws -> T) throws -> T? {
            guard let text else { return nil }
            do { return try parser(text) } catch { throw ValidationError("--\(flag): \(error)") }
        }
        func positive(_ flag: String, _ size: ByteSize?) throws -> ByteSize? {
            if let size, size.bytes <= 0 { throw ValidationError("--\(flag): must be positive") }
            return size
        }
        let retention = try parse("retention-time", retentionTime) { try PromDuration(parsing: $0) }
        if let retention, retention.milliseconds <= 0 { throw ValidationError("--retention-time: must be positive") }
        return StorageOverrides(
            retentionTime: retention,
            retentionSize: try parse("retention-size", retentionSize) { try ByteSize(parsing: $0) },
            walFsync: try parse("wal-fsync", walFsync) { try WALFsync(parsing: $0) },
            maxImportBody: try positive("max-import-body", try parse("max-import-body", maxImportBody) { try ByteSize(parsing: $0) }),
            maxRemoteWriteBody: try positive("max-remote-write-body",
                                             try parse("max-remote-write-body", maxRemoteWriteBody) { try ByteSize(parsing: $0) }))
    }

    func validate() throws {
        _ = try storageOverrides()
        if ServerOptions.parseListen(listen) == nil { throw ValidationError("--listen: expected HOST:PORT, got \"\(listen)\"") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level: unknown level \"\(logLevel)\"") }
        if let promqlCompat, PromQLCompatibility(rawValue: promqlCompat) == nil {
            throw ValidationError("--promql-compat: expected prometheus3 or prometheus2, got \"\(promqlCompat)\"")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "vigil")
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let loaded: VigilConfiguration
        if let config {
            do {
                loaded = try VigilConfiguration.load(path: config)
            } catch {
                for problem in error.errors { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
                FileHandle.standardError.write(Data("vigil: refusing to start with an invalid config\n".utf8))
                throw ExitCode(1)
            }
            logger.info("configuration loaded", metadata: ["config.file": "\(config)", "config.sha256": "\(loaded.source.sha256)"])
        } else {
            loaded = .embeddedDefault
            logger.notice("no --config given: running with embedded defaults (every alert goes to the log-only receiver)")
        }
        let compatibility = promqlCompat.flatMap(PromQLCompatibility.init(rawValue:))
        do {
            _ = try loaded.ruleGroups(compatibility: compatibility ?? loaded.promql.compatibility)
            _ = try loaded.runbookLibrary()
        } catch {
            for problem in error.errors { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            FileHandle.standardError.write(Data("vigil: refusing to start with invalid rule files or runbooks\n".utf8))
            throw ExitCode(1)
        }
        guard let (host, port) = ServerOptions.parseListen(listen) else { throw ExitCode(2) }
        let options = ServerOptions(host: host, port: port, dataDirectory: dataDir, configPath: config, externalURL: externalURL,
                                    storageOverrides: try storageOverrides())
        let server = try VigilServer(options: options, config: loaded, registry: registry,
                                     integrationFactory: makeIntegrationFactory(logger: logger),
                                     engineOptions: loaded.promql.engineOptions(override: promqlCompat.flatMap(PromQLCompatibility.init(rawValue:))),
                                     logger: logger)
        try await server.run()
    }
}
