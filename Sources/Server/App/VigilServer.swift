import Alerting
import Foundation
import Hummingbird
import Logging
import Persistence
import Prometheus
import PromQL
import Rules
import TSDB
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
    /// The embedded metrics store, in `<data-dir>/tsdb`.
    public let tsdb: TimeSeriesDB
    /// Evaluates the rule files' groups over the store; alerts go to `system`'s dispatcher.
    public let rules: RuleManager
    /// Incidents opened from alerts, escalation pages, people's actions.
    public let incidents: IncidentManager
    /// Scrapes `scrape_configs` targets and Vigil itself, and probes `probe_configs` targets, into `tsdb`.
    public let scrapes: ScrapeManager
    let httpScraper: HTTPScraper
    /// Probes `probe_configs` targets; its clients close when the scrape service stops.
    public let prober: Prober
    /// The `auth` settings in force, users and tokens.
    public let accessControl: AccessControl
    let engine: Engine
    let registry: PrometheusCollectorRegistry
    let logger: Logger
    let startedAt: Date

    /// Opens the data directory and wires every component; nothing runs until `run`.
    public init(options: ServerOptions, config: VigilConfiguration, registry: PrometheusCollectorRegistry,
                clock: any VigilCore.Clock = SystemClock(), integrationFactory: @escaping IntegrationFactory,
                engineOptions: EngineOptions = EngineOptions(), logger: Logger) throws {
        self.options = options
        engine = Engine(options: engineOptions)
        self.registry = registry
        self.logger = logger
        let storage = config.storage.overridden(by: options.storageOverrides)
        if let directory = options.dataDirectory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            database = try SQLiteDatabase(path: (directory as NSString).appendingPathComponent("vigil.sqlite"))
            tsdb = try TimeSeriesDB.open(directory: (directory as NSString).appendingPathComponent("tsdb"),
                                         options: storage.tsdb.tsdbOptions, logger: logger)
        } else {
            database = try SQLiteDatabase(path: nil)
            let scratch = (NSTemporaryDirectory() as NSString).appendingPathComponent("vigil-tsdb-\(UUID().uuidString)")
            tsdb = try TimeSeriesDB.open(directory: scratch, options: storage.tsdb.tsdbOptions, logger: logger)
        }
        logger.info("metrics store opened", metadata: [
            "storage.tsdb.retention_time": "\(storage.tsdb.retentionTime)", "storage.tsdb.retention_size": "\(storage.tsdb.retentionSize)",
            "storage.tsdb.wal_fsync": "\(storage.tsdb.walFsync)", "storage.ingest.max_import_body": "\(storage.ingest.maxImportBody)",
            "storage.ingest.max_remote_write_body": "\(storage.ingest.maxRemoteWriteBody)",
        ])
        system = AlertingSystem(
            config: config, silenceRepository: SQLiteSilenceRepository(database: database),
            notificationStore: SQLiteNotificationStore(database: database), clock: clock,
            integrationFactory: integrationFactory, externalURL: options.resolvedExternalURL, logger: logger)
        let dispatcher = system.dispatcher
        let ruleClock = clock
        let externalURL = options.resolvedExternalURL
        rules = RuleManager(storage: TSDBRuleStorage(db: tsdb), clock: clock, logger: logger) { alerts in
            let now = ruleClock.now()
            await dispatcher.put(alerts.map { Alert($0, receivedAt: now, externalURL: externalURL) })
        }
        accessControl = try AccessControl(config: config, database: database, clock: clock, metrics: AuthMetrics(registry: registry))
        incidents = IncidentManager(store: SQLiteIncidentStore(database: database), system: system, clock: clock,
                                    externalURL: options.resolvedExternalURL, logger: logger)
        scrapes = ScrapeManager(tsdb: tsdb, clock: clock, logger: logger)
        httpScraper = HTTPScraper()
        prober = Prober()
        let scraping = ScrapeWiring(manager: scrapes, http: httpScraper, prober: prober, registry: registry,
                                    selfAddress: "\(options.host):\(options.port)", selfPort: options.port)
        state = ServerState(config: config, configPath: options.configPath, system: system, rules: rules, incidents: incidents,
                            accessControl: accessControl, engine: engine,
                            externalURL: options.resolvedExternalURL, ledger: LedgerRepository(database: database),
                            scraping: scraping, storage: storage, storageOverrides: options.storageOverrides, logger: logger)
        startedAt = clock.now()
    }

    /// The HTTP routes of every API.
    public func router() -> Router<VigilRequestContext> {
        let router = Router(context: VigilRequestContext.self)
        // First: a middleware applies only to routes added after it.
        router.add(middleware: AuthMiddleware(control: accessControl))
        let state = self.state
        AlertsAPI(system: system, resolveTimeout: { [state] in
            // Read without an actor hop on the hot path: the value only changes on reload.
            state.resolveTimeoutSnapshot.value
        }).addRoutes(to: router)
        SilencesAPI(silences: system.silences, clock: system.clock).addRoutes(to: router)
        StatusAPI(state: state, startedAt: startedAt).addRoutes(to: router)
        OperationsAPI(state: state, system: system, database: database, registry: registry).addRoutes(to: router)
        NotificationsAPI(system: system, ledger: LedgerRepository(database: database)).addRoutes(to: router)
        AuditAPI(ledger: LedgerRepository(database: database)).addRoutes(to: router)
        QueryAPI(storage: tsdb, engine: engine, clock: system.clock).addRoutes(to: router)
        // Read per request without an actor hop: the limits only change on reload.
        ImportAPI(db: tsdb, bodyLimit: { [state] in state.ingestLimits.value.importBody }).addRoutes(to: router)
        RemoteWriteAPI(db: tsdb, bodyLimit: { [state] in state.ingestLimits.value.remoteWriteBody }).addRoutes(to: router)
        RulesAPI(manager: rules).addRoutes(to: router)
        IncidentsAPI(manager: incidents, clock: system.clock, runbooks: state.runbooks, externalURL: options.resolvedExternalURL)
            .addRoutes(to: router)
        RunbooksAPI(library: state.runbooks, externalURL: options.resolvedExternalURL).addRoutes(to: router)
        DrillsAPI(system: system, incidents: incidents).addRoutes(to: router)
        TargetsAPI(manager: scrapes, hostname: ProcessInfo.processInfo.hostName).addRoutes(to: router)
        MetadataAPI(manager: scrapes).addRoutes(to: router)
        LoginAPI(control: accessControl).addRoutes(to: router)
        return router
    }

    /// Loads persisted state, then serves until a shutdown signal.
    public func run() async throws {
        let config = await state.config
        try await system.start(config: config, externalURL: options.resolvedExternalURL)
        try await state.applyRules(config)
        await state.applyScrapeConfigs(config)
        try await incidents.load()
        await incidents.configure(config.oncall)
        let logger = self.logger
        try await announceAuth(config.auth)
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "Vigil"),
            onServerRunning: { channel in
                logger.notice("listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
            },
            logger: logger)
        var services: [any Service] = [app, PipelineService(system: system), ReloadOnHangup(state: state, logger: logger),
                                       StorageMaintenance(tsdb: tsdb, clock: system.clock, logger: logger),
                                       RulesService(manager: rules), IncidentService(manager: incidents),
                                       ScrapeService(manager: scrapes, http: httpScraper, prober: prober)]
        if let anchor = config.audit.anchor {
            // Changes to `audit.anchor` take effect at the next start, not on reload.
            services.append(AnchorService(config: anchor, ledger: LedgerRepository(database: database), clock: system.clock,
                                          registry: registry, logger: logger))
        }
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

extension VigilServer {
    /// Says at every start how requests are checked: loudly when they are not, and how to
    /// create the first admin when no user exists yet.
    func announceAuth(_ auth: AuthConfig) async throws {
        switch auth.mode {
        case .none:
            logger.warning("auth.mode is none: every request may do everything, unauthenticated; use it only for a local try-out",
                           metadata: ["listen": "\(options.host):\(options.port)"])
        case .token:
            let compat = "loopback: \(auth.loopbackRole ?? "closed"), anyone: \(auth.anonymousRole ?? "closed")"
            logger.notice("API tokens required", metadata: ["auth.compat": "\(compat)"])
            if try await accessControl.access.users().isEmpty {
                let dataDir = options.dataDirectory ?? "vigil-data"
                logger.notice("no users yet: create the first admin and a token (no restart needed)", metadata: [
                    "command": "vigil user add NAME --role admin --data-dir \(dataDir) && vigil token create --user NAME --data-dir \(dataDir)",
                ])
            }
        }
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

/// Cuts head data into blocks, truncates the WAL and applies retention, once a minute; on
/// shutdown, syncs and closes the store.
struct StorageMaintenance: Service {
    let tsdb: TimeSeriesDB
    let clock: any VigilCore.Clock
    let logger: Logger
    func run() async throws {
        await cancelWhenGracefulShutdown {
            // The oldest timestamps written in this period and the one before: a range written into
            // lately (a backfill through the import endpoint) is not cut into a block yet.
            var previousOldest: Int64?
            while !Task.isCancelled {
                do { try await clock.sleep(until: clock.now().addingTimeInterval(60)) } catch { break }
                let oldest = tsdb.takeOldestAppend()
                let writesFrom = [oldest, previousOldest].compactMap { $0 }.min()
                previousOldest = oldest
                do {
                    _ = try tsdb.compact(now: Int64(clock.now().timeIntervalSince1970 * 1000), writesFrom: writesFrom)
                } catch {
                    logger.error("storage compaction failed", metadata: ["error": "\(error)"])
                }
            }
        }
        do { try tsdb.syncWAL(); try tsdb.close() } catch {
            logger.error("closing the metrics store failed", metadata: ["error": "\(error)"])
        }
    }
}

/// Runs the rule groups on their schedules.
struct RulesService: Service {
    let manager: RuleManager
    func run() async throws {
        await cancelWhenGracefulShutdown { await manager.run() }
    }
}

/// Opens incidents from alerts and sends escalation pages.
struct IncidentService: Service {
    let manager: IncidentManager
    func run() async throws {
        await cancelWhenGracefulShutdown { await manager.run() }
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
                do { try await state.reload(by: "system:sighup") } catch {
                    logger.error("SIGHUP reload failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
