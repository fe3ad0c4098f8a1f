import Alerting
import Foundation
import Logging
import Persistence
import VigilCore

/// Builds the integrations of a receiver, rendering its fields with the given templates;
/// `Notifiers.IntegrationFactory.build` is the real one.
public typealias IntegrationFactory = @Sendable (ReceiverConfig, GlobalConfig, any TemplateRenderer) throws -> [Integration]

/// The Alertmanager-compatible pipeline, wired: silences, dispatcher, notification pipeline
/// and delivery, over one state database.
public final class AlertingSystem: Sendable {
    public let silences: SilenceStore
    public let dispatcher: Dispatcher
    public let pipeline: NotificationPipeline
    public let delivery: DeliveryService
    public let notificationStore: any NotificationStore
    public let clock: any VigilCore.Clock
    let integrationFactory: IntegrationFactory
    let logger: Logger
    /// `notifications.log_retention` in force.
    let retention: Locked<PromDuration>

    public init(config: VigilConfiguration, silenceRepository: any SilenceRepository, notificationStore: any NotificationStore,
                clock: any VigilCore.Clock, integrationFactory: @escaping IntegrationFactory, externalURL: String,
                logger: Logger) {
        self.clock = clock
        self.notificationStore = notificationStore
        self.integrationFactory = integrationFactory
        self.logger = logger
        retention = Locked(config.notifications.logRetention)
        silences = SilenceStore(repository: silenceRepository, clock: clock)
        delivery = DeliveryService(store: notificationStore, clock: clock, policy: config.notifications.deliveryPolicy,
                                   logger: logger)
        pipeline = NotificationPipeline(store: notificationStore, silences: silences, delivery: delivery,
                                        externalURL: externalURL, logger: logger)
        dispatcher = Dispatcher(route: Route(config.alertmanager.route), inhibitRules: config.alertmanager.inhibitRules,
                                clock: clock, handler: pipeline, logger: logger)
    }

    /// Loads persisted state and installs `config`'s receivers. Call once before `run`.
    public func start(config: VigilConfiguration, externalURL: String) async throws {
        try await silences.load()
        try await pipeline.load()
        try await configureReceivers(config, externalURL: externalURL)
        await pipeline.setMuted(config.notifications.muted)
        try await delivery.resume()
    }

    /// Applies a new, already validated config: receivers first, then routes.
    public func apply(_ config: VigilConfiguration, externalURL: String) async throws {
        try await configureReceivers(config, externalURL: externalURL)
        await dispatcher.apply(route: Route(config.alertmanager.route), inhibitRules: config.alertmanager.inhibitRules)
    }

    private func configureReceivers(_ config: VigilConfiguration, externalURL: String) async throws {
        var integrations: [String: [Integration]] = [:]
        var fallbacks: [String: FallbackPolicy] = [:]
        let templates = try config.notificationTemplates(clock: clock)
        for receiver in config.alertmanager.receivers {
            integrations[receiver.name] = try integrationFactory(receiver, config.alertmanager.global, templates)
            if let fallback = receiver.fallbackReceiver {
                fallbacks[receiver.name] = FallbackPolicy(receiver: fallback, afterAttempts: receiver.fallbackAfterAttempts,
                                                          afterSeconds: receiver.fallbackAfter.seconds)
            }
        }
        retention.set(config.notifications.logRetention)
        await delivery.configure(receivers: integrations, fallbacks: fallbacks, policy: config.notifications.deliveryPolicy)
        await pipeline.configure(integrations: integrations, timeIntervals: config.alertmanager.timeIntervals,
                                 externalURL: externalURL)
    }

    /// Runs the dispatcher's timers, the delivery workers and retention until cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.dispatcher.run() }
            group.addTask { await self.delivery.run() }
            group.addTask { await self.pruneLoop() }
        }
    }

    /// Once an hour, deletes attempts, finished outbox rows and silences expired longer than
    /// `notifications.log_retention` ago.
    func pruneLoop() async {
        while !Task.isCancelled {
            await prune()
            do { try await clock.sleep(until: clock.now().addingTimeInterval(3600)) } catch { return }
        }
    }

    /// Deletes what is older than the retention; returns how many rows went.
    @discardableResult
    public func prune() async -> Int {
        let cutoff = clock.now().addingTimeInterval(-retention.value.seconds)
        do {
            let removed = try await notificationStore.prune(before: cutoff)
                + silences.deleteExpired(before: cutoff)
            if removed > 0 { logger.info("retention pruned old rows", metadata: ["rows": "\(removed)"]) }
            return removed
        } catch {
            logger.error("retention pruning failed", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
