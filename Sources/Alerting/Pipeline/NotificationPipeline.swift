import Foundation
import Logging
import Metrics
import VigilCore

/// Takes each group flush through Alertmanager's stages: time intervals, inhibition and
/// silences mute; dedup against the notification log decides per integration; what must be
/// sent is written to the outbox (with its log entry, in one transaction) and handed to the
/// delivery service.
public actor NotificationPipeline: FlushHandler {
    private var integrations: [String: [Integration]] = [:]
    private var timeIntervals: [String: NamedTimeInterval] = [:]
    private var log: [LogKey: NotificationLogEntry] = [:]
    private var externalURL: String
    private var muted = false
    private let store: any NotificationStore
    private let silences: SilenceStore
    private let delivery: DeliveryService
    private let logger: Logger

    struct LogKey: Hashable {
        var groupKey: String
        var integration: IntegrationID
    }

    public init(store: any NotificationStore, silences: SilenceStore, delivery: DeliveryService, externalURL: String,
                logger: Logger) {
        self.store = store
        self.silences = silences
        self.delivery = delivery
        self.externalURL = externalURL
        self.logger = logger
    }

    /// Loads the notification log; call once before the dispatcher runs.
    public func load() async throws {
        for entry in try await store.loadLog() { log[LogKey(groupKey: entry.groupKey, integration: entry.integration)] = entry }
    }

    public func configure(integrations: [String: [Integration]], timeIntervals: [NamedTimeInterval], externalURL: String) {
        self.integrations = integrations
        self.timeIntervals = Dictionary(timeIntervals.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.externalURL = externalURL
    }

    /// The kill switch. While muted, flushes send nothing and leave the log untouched, so the
    /// first flush after unmuting notifies the state of that moment.
    public func setMuted(_ value: Bool) async {
        muted = value
        await delivery.setMuted(value)
    }

    public var isMuted: Bool { muted }

    public func flush(_ job: FlushJob) async -> Bool {
        if !job.activeTimeIntervals.isEmpty,
           !job.activeTimeIntervals.contains(where: { timeIntervals[$0]?.contains(job.now) == true }) {
            return true
        }
        if job.muteTimeIntervals.contains(where: { timeIntervals[$0]?.contains(job.now) == true }) {
            return true
        }
        let active = await silences.activeSnapshot(at: job.now)
        let alerts = job.alerts.filter { alert in
            !job.inhibited.contains(alert.fingerprint) && !active.contains { $0.matchers.matches(alert.labels) }
        }
        guard !alerts.isEmpty else { return true }
        if muted {
            Counter(label: "vigil_notifications_suppressed_total", dimensions: [("reason", "kill_switch")]).increment()
            return false
        }
        var firing: Set<Fingerprint> = []
        var resolved: Set<Fingerprint> = []
        for alert in alerts {
            if alert.isResolved(at: job.now) { resolved.insert(alert.fingerprint) } else { firing.insert(alert.fingerprint) }
        }
        var success = true
        for integration in integrations[job.receiver] ?? [] {
            let key = LogKey(groupKey: job.groupKey, integration: integration.id)
            guard needsUpdate(last: log[key], firing: firing, resolved: resolved, sendResolved: integration.sendResolved,
                              repeatInterval: job.repeatInterval, now: job.now) else { continue }
            let entry = NotificationLogEntry(groupKey: job.groupKey, integration: integration.id, firing: firing,
                                             resolved: resolved, timestamp: job.now)
            let toSend = integration.sendResolved ? alerts : alerts.filter { firing.contains($0.fingerprint) }
            var item: OutboxItem?
            if !toSend.isEmpty {
                let data = NotificationData(receiver: job.receiver, groupKey: job.groupKey, groupLabels: job.groupLabels,
                                            alerts: toSend, now: job.now, externalURL: externalURL)
                item = OutboxItem(integration: integration.id, groupKey: job.groupKey, data: data, createdAt: job.now,
                                  nextAttemptAt: job.now)
            }
            do {
                let queued = try await store.record(entry, enqueue: item)
                log[key] = entry
                if let queued { await delivery.submit(queued) }
            } catch {
                success = false
                logger.error("cannot queue notification", metadata: [
                    "group.key": "\(job.groupKey)", "integration": "\(integration.id)", "error": "\(error)",
                ])
            }
        }
        if integrations[job.receiver]?.isEmpty ?? true {
            // A receiver without integrations (the embedded default's `log-only`): the log is the notification.
            logger.info("notification", metadata: [
                "receiver": "\(job.receiver)", "group.key": "\(job.groupKey)",
                "alerts.firing": "\(firing.count)", "alerts.resolved": "\(resolved.count)",
            ])
        }
        return success
    }

    /// Queues one notification to every integration of `receiver` outside the grouping flow
    /// (an on-call page): no dedup, but the outbox, retries and the kill switch apply. Returns
    /// how many integrations it was queued for (0 when muted or the receiver has none).
    public func page(receiver: String, groupKey: String, groupLabels: Labels, alerts: [Alert], now: Date) async throws -> Int {
        if muted {
            Counter(label: "vigil_notifications_suppressed_total", dimensions: [("reason", "kill_switch")]).increment()
            return 0
        }
        let targets = integrations[receiver] ?? []
        if targets.isEmpty {
            logger.info("page", metadata: ["receiver": "\(receiver)", "group.key": "\(groupKey)", "alerts": "\(alerts.count)"])
        }
        for integration in targets {
            let data = NotificationData(receiver: receiver, groupKey: groupKey, groupLabels: groupLabels, alerts: alerts, now: now,
                                        externalURL: externalURL)
            let queued = try await store.enqueue(OutboxItem(integration: integration.id, groupKey: groupKey, data: data,
                                                            createdAt: now, nextAttemptAt: now))
            await delivery.submit(queued)
        }
        return targets.count
    }
}
