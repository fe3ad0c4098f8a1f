/// One integration of a receiver, ready to send.
public struct Integration: Sendable {
    public var id: IntegrationID
    public var notifier: any Notifier
    public var sendResolved: Bool

    public init(id: IntegrationID, notifier: any Notifier, sendResolved: Bool) {
        self.id = id
        self.notifier = notifier
        self.sendResolved = sendResolved
    }
}

/// Retry, circuit-breaker and fallback settings of the delivery service (config key
/// `notifications`, Vigil's own).
public struct DeliveryPolicy: Sendable, Hashable {
    /// First retry delay; each further retry doubles it, up to `maxBackoff`, with ±20% jitter.
    public var initialBackoff: Double = 1
    public var maxBackoff: Double = 300
    /// Consecutive failures after which an integration's circuit opens.
    public var breakerThreshold: Int = 5
    /// While open, one attempt per this many seconds (the slow schedule).
    public var breakerOpenFor: Double = 60
    public init() {}
}

/// How a receiver falls back when its integrations keep failing.
public struct FallbackPolicy: Sendable, Hashable {
    public var receiver: String
    public var afterAttempts: Int
    public var afterSeconds: Double
    public init(receiver: String, afterAttempts: Int, afterSeconds: Double) {
        self.receiver = receiver
        self.afterAttempts = afterAttempts
        self.afterSeconds = afterSeconds
    }
}
