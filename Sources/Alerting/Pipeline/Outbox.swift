import Foundation

/// A notification written down before it is sent: it survives restarts and is retried until
/// the receiver accepts it, then never sent again.
public struct OutboxItem: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var integration: IntegrationID
    public var groupKey: String
    public var data: NotificationData
    public var createdAt: Date
    public var attempts: Int
    public var nextAttemptAt: Date
    public var state: State
    public var lastError: String?
    /// Set on a copy sent to a fallback receiver: the item it stands in for.
    public var fallbackOf: Int64?
    /// Whether copies of this item went to the receiver's fallback (done once).
    public var fellBack = false

    public enum State: String, Sendable, Hashable, Codable {
        case pending, delivered, failed
    }

    public init(id: Int64 = 0, integration: IntegrationID, groupKey: String, data: NotificationData, createdAt: Date,
                attempts: Int = 0, nextAttemptAt: Date, state: State = .pending, lastError: String? = nil,
                fallbackOf: Int64? = nil) {
        self.id = id
        self.integration = integration
        self.groupKey = groupKey
        self.data = data
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.state = state
        self.lastError = lastError
        self.fallbackOf = fallbackOf
    }
}

/// One try at delivering an outbox item: the answer to "who was told what, when".
public struct NotificationAttempt: Sendable, Hashable, Codable {
    public var outboxID: Int64
    public var integration: IntegrationID
    public var groupKey: String
    public var alerts: [String]       // fingerprints
    public var payloadHash: String    // SHA-256 of the stored notification data
    public var attempt: Int
    public var at: Date
    public var latencySeconds: Double
    public var success: Bool
    public var error: String?

    public init(outboxID: Int64, integration: IntegrationID, groupKey: String, alerts: [String], payloadHash: String,
                attempt: Int, at: Date, latencySeconds: Double, success: Bool, error: String?) {
        self.outboxID = outboxID
        self.integration = integration
        self.groupKey = groupKey
        self.alerts = alerts
        self.payloadHash = payloadHash
        self.attempt = attempt
        self.at = at
        self.latencySeconds = latencySeconds
        self.success = success
        self.error = error
    }
}

/// Filters for reading the attempt log.
public struct AttemptQuery: Sendable {
    public var receiver: String?
    public var groupKey: String?
    public var since: Date?
    public var limit: Int
    public init(receiver: String? = nil, groupKey: String? = nil, since: Date? = nil, limit: Int = 100) {
        self.receiver = receiver
        self.groupKey = groupKey
        self.since = since
        self.limit = limit
    }
}

/// Durable state of the notification pipeline. Every method is one transaction.
public protocol NotificationStore: Sendable {
    /// The latest log entry of every group and integration, loaded once at start.
    func loadLog() async throws -> [NotificationLogEntry]
    /// Items not yet delivered, oldest first.
    func pendingItems() async throws -> [OutboxItem]
    /// Records a dedup decision and, when something is to be sent, queues it; returns the item
    /// with its assigned id.
    func record(_ entry: NotificationLogEntry, enqueue item: OutboxItem?) async throws -> OutboxItem?
    /// Queues an item without a log entry (a fallback copy); returns it with its id.
    func enqueue(_ item: OutboxItem) async throws -> OutboxItem
    /// Stores the outcome of one attempt and the item's new state.
    func update(_ item: OutboxItem, attempt: NotificationAttempt) async throws
    func attempts(_ query: AttemptQuery) async throws -> [NotificationAttempt]
    /// Deletes attempts and delivered items older than `cutoff`; returns how many rows went.
    func prune(before cutoff: Date) async throws -> Int
}
