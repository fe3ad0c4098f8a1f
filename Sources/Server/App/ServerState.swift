import Alerting
import Foundation
import Governance
import Persistence
import PromQL
import Rules
import Runbooks
import Logging
import VigilConfig
import VigilCore

/// The configuration in force and how it changes: a reload parses and checks the file first
/// and applies it only when valid, so a bad edit keeps the old config running.
public actor ServerState {
    public private(set) var config: VigilConfiguration
    /// `global.resolve_timeout` in force, for the alert intake path.
    public nonisolated let resolveTimeoutSnapshot: Locked<PromDuration>
    public private(set) var lastReloadSuccess = true
    public private(set) var lastReloadAt: Date
    private let configPath: String?
    private let system: AlertingSystem
    /// The rule manager this state installs rule groups into.
    nonisolated let rules: RuleManager
    /// The incident manager reloads reconfigure.
    nonisolated let incidents: IncidentManager
    /// The runbooks in force (`runbooks.directory`), read without an actor hop.
    public nonisolated let runbooks: Locked<RunbookLibrary?>
    /// `storage.ingest` in force (flags applied), read by the write endpoints without an actor hop.
    public nonisolated let ingestLimits: Locked<IngestLimits>
    /// `storage` as the server started with it (flags applied): `tsdb` stays until a restart.
    public let storageAtStart: StorageConfig
    private let storageOverrides: StorageOverrides
    private let accessControl: AccessControl
    private let engine: Engine
    private let externalURL: String
    private let logger: Logger
    private let ledger: LedgerRepository
    private let scraping: ScrapeWiring

    init(config: VigilConfiguration, configPath: String?, system: AlertingSystem, rules: RuleManager, incidents: IncidentManager,
         accessControl: AccessControl, engine: Engine, externalURL: String, ledger: LedgerRepository, scraping: ScrapeWiring,
         storage: StorageConfig, storageOverrides: StorageOverrides, logger: Logger) {
        self.rules = rules
        self.scraping = scraping
        self.incidents = incidents
        runbooks = Locked(nil)
        storageAtStart = storage
        ingestLimits = Locked(storage.ingest)
        self.storageOverrides = storageOverrides
        self.accessControl = accessControl
        self.engine = engine
        self.ledger = ledger
        self.config = config
        resolveTimeoutSnapshot = Locked(config.alertmanager.global.resolveTimeout)
        self.configPath = configPath
        self.system = system
        self.externalURL = externalURL
        self.logger = logger
        lastReloadAt = system.clock.now()
    }

    /// Loads the config's rule files into the rule manager and its runbooks (at start; reloads go
    /// through `reload`).
    public func applyRules(_ config: VigilConfiguration) async throws {
        await install(try config.ruleGroups(compatibility: engine.options.compatibility), config: config)
        runbooks.set(try config.runbookLibrary())
    }

    /// Hands the config's scrape jobs to the scrape manager (at start and on each reload).
    public func applyScrapeConfigs(_ config: VigilConfiguration) async {
        let (system, registry) = (self.system, scraping.registry)
        let jobs = scraping.jobs(for: config) { [self] in
            await OperationsAPI.refreshGauges(state: self, system: system, registry: registry)
        }
        await scraping.manager.update(jobs)
    }

    private func install(_ groups: [RuleGroupDefinition], config: VigilConfiguration) async {
        await rules.update(groups: groups, environment: config.rules.environment(engine: engine, externalURL: externalURL),
                           defaultInterval: config.rules.evaluationInterval.milliseconds)
        logger.info("rules loaded", metadata: ["groups": "\(groups.count)", "rules": "\(groups.reduce(0) { $0 + $1.rules.count })"])
    }

    /// Re-reads the config file and applies it. Throws the file's errors and keeps the old
    /// config when it is invalid. Without a config file there is nothing to reload.
    /// - Parameter actor: who asked, for the ledger: a principal, or `system:sighup`.
    public func reload(by actor: String) async throws {
        guard let configPath else {
            logger.info("reload requested without a config file; embedded defaults stay")
            return
        }
        do {
            let next = try VigilConfiguration.load(path: configPath)
            _ = try next.notificationTemplates(clock: system.clock)
            let groups = try next.ruleGroups(compatibility: engine.options.compatibility)
            let library = try next.runbookLibrary()
            _ = try next.roleCatalog()
            try await ledger.record(AuditEvent(time: system.clock.now(), actor: actor, action: "config.reload", target: configPath,
                                               details: ["sha256": .string(next.source.sha256)])) { _ in }
            try await system.apply(next, externalURL: externalURL)
            await install(groups, config: next)
            await applyScrapeConfigs(next)
            await incidents.configure(next.oncall)
            runbooks.set(library)
            try await accessControl.apply(next)
            config = next
            resolveTimeoutSnapshot.set(next.alertmanager.global.resolveTimeout)
            applyStorage(next.storage)
            lastReloadSuccess = true
            lastReloadAt = system.clock.now()
            logger.info("configuration reloaded", metadata: ["config.file": "\(configPath)", "config.sha256": "\(next.source.sha256)"])
        } catch {
            lastReloadSuccess = false
            logger.error("configuration reload failed; keeping the previous one", metadata: ["error": "\(error)"])
            throw error
        }
    }

    /// Applies `storage.ingest` (flags still winning) and warns about `storage.tsdb` changes,
    /// which wait for a restart.
    private func applyStorage(_ storage: StorageConfig) {
        let next = storage.overridden(by: storageOverrides)
        ingestLimits.set(next.ingest)
        let keys = storageAtStart.keysNeedingRestart(toApply: next)
        if !keys.isEmpty {
            logger.warning("storage settings changed; they take effect at the next restart", metadata: [
                "config.keys": "\(keys.joined(separator: ", "))",
            ])
        }
    }
}
