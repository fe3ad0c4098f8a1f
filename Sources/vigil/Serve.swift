import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import PromQL
import Server
import VigilConfig

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

    func validate() throws {
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
        let options = ServerOptions(host: host, port: port, dataDirectory: dataDir, configPath: config, externalURL: externalURL)
        let server = try VigilServer(options: options, config: loaded, registry: registry,
                                     integrationFactory: makeIntegrationFactory(logger: logger),
                                     engineOptions: loaded.promql.engineOptions(override: promqlCompat.flatMap(PromQLCompatibility.init(rawValue:))),
                                     logger: logger)
        try await server.run()
    }
}
