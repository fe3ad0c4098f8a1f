import Foundation
import VigilCore

/// Where one incident's escalation stands, as data that survives a restart: the ladder's
/// deadlines are derived from `startsAt` (never from timers held in memory), and `notified`
/// records each step already sent, so a restarted server sends exactly the steps still owed.
public struct EscalationState: Sendable, Hashable, Codable {
    public var policy: String
    public var severity: Severity
    public var triggeredAt: Date
    /// When the ladder's clock starts: the trigger plus the severity's `escalate_after`
    /// (counted in business time when the severity does not page outside business hours).
    public var startsAt: Date
    /// Steps already sent, in the order they were sent.
    public private(set) var notified: [EscalationStep.ID] = []
    /// Set when someone acknowledged or the incident moved on; no step is due after it.
    public private(set) var stoppedAt: Date?

    public init(policy: String, severity: Severity, triggeredAt: Date, startsAt: Date) {
        self.policy = policy
        self.severity = severity
        self.triggeredAt = triggeredAt
        self.startsAt = startsAt
    }

    public var isStopped: Bool { stoppedAt != nil }

    /// Stops the ladder; later calls keep the first stop time.
    public mutating func stop(at instant: Date) {
        if stoppedAt == nil { stoppedAt = instant }
    }

    mutating func markNotified(_ id: EscalationStep.ID) {
        if !notified.contains(id) { notified.append(id) }
    }
}
