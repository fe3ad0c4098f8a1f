import VigilCore

/// Where an alert of an alerting rule stands, as in Prometheus.
public enum AlertState: String, Sendable, Hashable, Codable {
    case inactive, pending, firing
}

/// One alert of an alerting rule: a label set the rule's expression produced. Times are
/// milliseconds since the epoch.
public struct ActiveAlert: Sendable, Hashable {
    public var labels: Labels
    public var annotations: Labels
    public var state: AlertState
    /// The sample value of the latest evaluation that produced the alert (`$value`).
    public var value: Double
    /// When the expression first produced this label set (start of `pending`).
    public var activeAt: Int64
    public var firedAt: Int64?
    public var resolvedAt: Int64?
    public var lastSentAt: Int64?
    /// The `endsAt` sent with a firing alert: it resolves by itself if evaluations stop.
    public var validUntil: Int64 = 0
    /// Start of `keep_firing_for` after the expression stopped producing the alert.
    public var keepFiringSince: Int64?

    /// Prometheus's `needsSending`: never while pending; once after resolving; otherwise when
    /// the last send is older than `resendDelay`.
    func needsSending(at ts: Int64, resendDelay: Int64) -> Bool {
        if state == .pending { return false }
        guard let lastSentAt else { return true }
        if let resolvedAt, resolvedAt > lastSentAt { return true }
        return lastSentAt + resendDelay < ts
    }
}

/// An alert as the rules engine hands it to the alert pipeline (Alertmanager's postable alert).
public struct RuleAlert: Sendable, Hashable {
    public var labels: Labels
    public var annotations: Labels
    /// Milliseconds: when the alert started firing.
    public var startsAt: Int64
    /// Milliseconds: when it resolved, or until when it is valid without another send.
    public var endsAt: Int64
    public var generatorURL: String
}
