import Crypto
import Foundation
import Logging
import Metrics
import VigilCore

/// Sends queued notifications, one integration at a time in order, retrying with exponential
/// backoff and jitter while the receiver fails. An integration that keeps failing opens its
/// circuit (one attempt per `breakerOpenFor`), and its receiver's `fallback_receiver` gets a
/// copy once. Items are persisted before they get here, so nothing is lost on a restart.
public actor DeliveryService {
    private var integrations: [IntegrationID: Integration] = [:]
    private var receiverIntegrations: [String: [IntegrationID]] = [:]
    private var fallbacks: [String: FallbackPolicy] = [:]
    private var policy: DeliveryPolicy
    private var queues: [IntegrationID: [OutboxItem]] = [:]
    private var working: Set<IntegrationID> = []
    private var consecutiveFailures: [IntegrationID: Int] = [:]
    private var muted = false
    /// Deliveries being attempted right now.
    public private(set) var attemptsInFlight = 0
    private let store: any NotificationStore
    private let clock: any VigilCore.Clock
    private let logger: Logger
    private let startRequests: AsyncStream<IntegrationID>
    private let startContinuation: AsyncStream<IntegrationID>.Continuation

    public init(store: any NotificationStore, clock: any VigilCore.Clock, policy: DeliveryPolicy = DeliveryPolicy(),
                logger: Logger) {
        self.store = store
        self.clock = clock
        self.policy = policy
        self.logger = logger
        (startRequests, startContinuation) = AsyncStream.makeStream(of: IntegrationID.self)
    }

    /// Installs the integrations of every receiver (on start and on reload).
    public func configure(receivers: [String: [Integration]], fallbacks: [String: FallbackPolicy], policy: DeliveryPolicy) {
        integrations = [:]
        receiverIntegrations = [:]
        for (receiver, list) in receivers {
            receiverIntegrations[receiver] = list.map(\.id)
            for integration in list { integrations[integration.id] = integration }
        }
        self.fallbacks = fallbacks
        self.policy = policy
        for id in queues.keys { startIfNeeded(id) }
    }

    /// Loads what was still undelivered when Vigil last stopped and starts sending it.
    public func resume() async throws {
        for item in try await store.pendingItems() { queues[item.integration, default: []].append(item) }
        for id in queues.keys { startIfNeeded(id) }
    }

    /// Queues an item already persisted by the store.
    public func submit(_ item: OutboxItem) {
        queues[item.integration, default: []].append(item)
        startIfNeeded(item.integration)
    }

    /// The kill switch: while muted nothing is sent; queued items wait and go out on unmute.
    public func setMuted(_ value: Bool) {
        muted = value
        if !value { for id in queues.keys { startIfNeeded(id) } }
    }

    public var isMuted: Bool { muted }

    /// Items waiting per integration, for `/health` and the API.
    public func backlog() -> [IntegrationID: Int] { queues.mapValues(\.count).filter { $0.value > 0 } }

    /// Whether an integration's circuit is open (it failed `breakerThreshold` times in a row).
    public func isCircuitOpen(_ id: IntegrationID) -> Bool {
        consecutiveFailures[id, default: 0] >= policy.breakerThreshold
    }

    /// Runs the workers until the task is cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            for await id in startRequests {
                group.addTask { await self.drain(id) }
            }
        }
    }

    private func startIfNeeded(_ id: IntegrationID) {
        guard !muted, !working.contains(id), queues[id]?.isEmpty == false else { return }
        working.insert(id)
        startContinuation.yield(id)
    }

    private func drain(_ id: IntegrationID) async {
        defer { working.remove(id) }
        while !Task.isCancelled {
            guard !muted, let head = queues[id]?.first else { return }
            var due = head.nextAttemptAt
            if isCircuitOpen(id), head.attempts > 0 {
                due = max(due, head.nextAttemptAt)
            }
            if due > clock.now() {
                do { try await clock.sleep(until: due) } catch { return }
                continue  // re-check mute state and the head after waking
            }
            attemptsInFlight += 1
            await attempt(head, id: id)
            attemptsInFlight -= 1
        }
    }

    private func attempt(_ original: OutboxItem, id: IntegrationID) async {
        var item = original
        guard let integration = integrations[id] else {
            // The receiver was removed by a reload: nothing can deliver this any more.
            item.state = .failed
            item.lastError = "integration \(id) no longer configured"
            await persist(item, success: false, error: item.lastError, latency: 0)
            dequeue(id)
            return
        }
        let started = ContinuousClock.now
        var failure: NotifyError?
        do {
            try await integration.notifier.notify(item.data)
        } catch {
            failure = error
        }
        if Task.isCancelled, failure != nil { return }  // shutting down: stays pending for the next start
        let elapsed = ContinuousClock.now - started
        let latency = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let now = clock.now()
        item.attempts += 1
        let dimensions = [("receiver", id.receiver), ("integration", id.kind)]
        Timer(label: "vigil_notification_latency_seconds", dimensions: dimensions).recordNanoseconds(Int64(latency * 1e9))
        if let failure {
            Counter(label: "vigil_notifications_failed_total", dimensions: dimensions).increment()
            consecutiveFailures[id, default: 0] += 1
            item.lastError = failure.message
            if failure.retryable {
                item.nextAttemptAt = now.addingTimeInterval(backoff(attempts: item.attempts, id: id))
            } else {
                item.state = .failed
            }
            logger.warning("notification attempt failed", metadata: [
                "integration": "\(id)", "group.key": "\(item.groupKey)", "attempt": "\(item.attempts)",
                "retryable": "\(failure.retryable)", "error": "\(failure.message)",
            ])
            await fallBackIfDue(&item, now: now)
            await persist(item, success: false, error: failure.message, latency: latency)
            if item.state == .failed { dequeue(id) } else { queues[id]?[0] = item }
        } else {
            Counter(label: "vigil_notifications_total", dimensions: dimensions).increment()
            consecutiveFailures[id] = 0
            item.state = .delivered
            item.lastError = nil
            await persist(item, success: true, error: nil, latency: latency)
            dequeue(id)
        }
    }

    private func dequeue(_ id: IntegrationID) {
        if queues[id]?.isEmpty == false { queues[id]?.removeFirst() }
    }

    private func backoff(attempts: Int, id: IntegrationID) -> Double {
        let exponential = min(policy.maxBackoff, policy.initialBackoff * pow(2, Double(max(0, attempts - 1))))
        let jittered = exponential * Double.random(in: 0.8...1.2)
        return isCircuitOpen(id) ? max(jittered, policy.breakerOpenFor) : jittered
    }

    private func fallBackIfDue(_ item: inout OutboxItem, now: Date) async {
        guard !item.fellBack, item.fallbackOf == nil, let fallback = fallbacks[item.integration.receiver] else { return }
        let due = item.state == .failed || item.attempts >= fallback.afterAttempts
            || now.timeIntervalSince(item.createdAt) >= fallback.afterSeconds
        guard due else { return }
        item.fellBack = true
        logger.error("receiver failing, notifying fallback", metadata: [
            "integration": "\(item.integration)", "fallback.receiver": "\(fallback.receiver)",
        ])
        for target in receiverIntegrations[fallback.receiver] ?? [] {
            var data = item.data
            data.receiver = fallback.receiver
            let copy = OutboxItem(integration: target, groupKey: item.groupKey, data: data, createdAt: now, nextAttemptAt: now,
                                  fallbackOf: item.id)
            do {
                submit(try await store.enqueue(copy))
            } catch {
                logger.error("cannot queue fallback notification", metadata: ["error": "\(error)"])
            }
        }
    }

    private func persist(_ item: OutboxItem, success: Bool, error: String?, latency: Double) async {
        let attempt = NotificationAttempt(
            outboxID: item.id, integration: item.integration, groupKey: item.groupKey,
            alerts: item.data.alerts.map(\.fingerprint.description), payloadHash: DeliveryService.hash(item.data),
            attempt: item.attempts, at: clock.now(), latencySeconds: latency, success: success, error: error)
        do {
            try await store.update(item, attempt: attempt)
        } catch {
            logger.error("cannot record notification attempt", metadata: ["error": "\(error)", "outbox.id": "\(item.id)"])
        }
    }

    /// SHA-256 of the notification as stored, hex.
    public static func hash(_ data: NotificationData) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let bytes = (try? encoder.encode(data)) ?? Data()
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
