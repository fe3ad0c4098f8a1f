import Alerting
import VigilConfig
import VigilCore

/// `notifications`: Vigil's own delivery settings (Alertmanager has none of these keys).
public struct NotificationsConfig: Sendable, Hashable, Codable {
    /// The kill switch's state at start; the API can flip it at run time.
    public var muted = false
    public var initialBackoff = PromDuration.seconds(1)
    public var maxBackoff = PromDuration.minutes(5)
    public var breakerThreshold = 5
    public var breakerOpenFor = PromDuration.minutes(1)
    /// How long the attempt log and delivered outbox rows are kept.
    public var logRetention = PromDuration.hours(24 * 30)

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case muted, initialBackoff = "initial_backoff", maxBackoff = "max_backoff", breakerThreshold = "breaker_threshold"
        case breakerOpenFor = "breaker_open_for", logRetention = "log_retention"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "notifications")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = NotificationsConfig()
        muted = try c.decode(Bool.self, forKey: .muted, default: d.muted)
        initialBackoff = try c.decode(PromDuration.self, forKey: .initialBackoff, default: d.initialBackoff)
        maxBackoff = try c.decode(PromDuration.self, forKey: .maxBackoff, default: d.maxBackoff)
        breakerThreshold = try c.decode(Int.self, forKey: .breakerThreshold, default: d.breakerThreshold)
        breakerOpenFor = try c.decode(PromDuration.self, forKey: .breakerOpenFor, default: d.breakerOpenFor)
        logRetention = try c.decode(PromDuration.self, forKey: .logRetention, default: d.logRetention)
        if initialBackoff.milliseconds <= 0 { throw c.invalid(.initialBackoff, "initial_backoff must be positive") }
        if maxBackoff < initialBackoff { throw c.invalid(.maxBackoff, "max_backoff must not be less than initial_backoff") }
        if breakerThreshold < 1 { throw c.invalid(.breakerThreshold, "breaker_threshold must be at least 1") }
        if logRetention.milliseconds <= 0 { throw c.invalid(.logRetention, "log_retention must be positive") }
    }

    var deliveryPolicy: DeliveryPolicy {
        var policy = DeliveryPolicy()
        policy.initialBackoff = initialBackoff.seconds
        policy.maxBackoff = maxBackoff.seconds
        policy.breakerThreshold = breakerThreshold
        policy.breakerOpenFor = breakerOpenFor.seconds
        return policy
    }
}
