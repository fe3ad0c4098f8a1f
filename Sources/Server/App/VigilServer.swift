import Alerting
import Foundation
import Hummingbird
import Logging
import Persistence
import Prometheus
import ServiceLifecycle
import UnixSignals
import VigilConfig
import VigilCore

/// The whole server: state database, alert pipeline and HTTP API, run as services that stop
/// gracefully on SIGINT/SIGTERM and reload the config on SIGHUP.
public struct VigilServer: Sendable {
    public let options: ServerOptions
    public let system: AlertingSystem
    public let state: ServerState
    public let database: SQLiteDatabase
    let registry: PrometheusCollectorRegistry
    let logger: Logger
    let startedAt: Date

    /// Opens the data directory and wires every component; nothing runs until `run`.
    public init(options: ServerOptions, config: VigilConfiguration, registry: PrometheusCollectorRegistry,
                clock: any VigilCore.Clock = SystemClock(), integrationFactory: @escaping IntegrationFactory,
                logger: Logger) throws {
        self.options = options
        self.registry = registry
        self.logger = logger
        if let directory = options.dataDirectory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            database = try SQLiteDatabase(path: (directory as NSString).appendingPathComponent("vigil.sqlite"))
        } else {
            database = try SQLiteDatabase(path: nil)
        }
        system = AlertingSystem(
            config: config, silenceRepository: SQLiteSilenceRepository(database: database),
            notificationStore: SQLiteNotificationStore(database: database), clock: clock,
            integrationFactory: integrationFactory, externalURL: options.resolvedExternalURL, logger: logger)
        state = ServerState(config: config, configPath: options.configPath, system: system,
                            externalURL: options.resolvedExternalURL, logger: logger)
        startedAt = clock.now()
    }

    /// The HTTP routes of every API.
    public func router() -> Router<VigilRequestContext> {
        let router = Router(context: VigilRequestContext.self)
        let state = self.state
        AlertsAPI(system: system, resolveTimeout: { [state] in
            // Read without an actor hop on the hot path: the value only changes on reload.
            state.resolveTimeoutSnapshot.value
        }).addRoutes(to: router)
        SilencesAPI(silences: system.silences, clock: system.clock).addRoutes(to: router)
        StatusAPI(state: state, startedAt: startedAt).addRoutes(to: router)
        OperationsAPI(state: state, system: system, database: database, registry: registry).addRoutes(to: router)
        NotificationsAPI(system: system).addRoutes(to: router)
        return router
    }

    /// Loads persisted state, then serves until a shutdown signal.
    public func run() async throws {
        let config = await state.config
        try await system.start(config: config, externalURL: options.resolvedExternalURL)
        let logger = self.logger
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "Vigil"),
            onServerRunning: { channel in
                logger.notice("listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
            },
            logger: logger)
        let services: [any Service] = [app, PipelineService(system: system), ReloadOnHangup(state: state, logger: logger)]
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Runs the dispatcher and the delivery workers as one service.
struct PipelineService: Service {
    let system: AlertingSystem
    func run() async throws {
        await cancelWhenGracefulShutdown {
            await system.run()
        }
    }
}

/// Reloads the configuration on SIGHUP, as Alertmanager and Prometheus do.
struct ReloadOnHangup: Service {
    let state: ServerState
    let logger: Logger
    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                do { try await state.reload() } catch {
                    logger.error("SIGHUP reload failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
