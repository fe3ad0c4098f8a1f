import Foundation
import VigilCore

/// How an incident stands against its severity's promises at one instant.
public struct SLAReport: Sendable, Hashable, Codable {
    public var severity: Severity
    public var acknowledgeBy: Date
    /// Nil until acknowledged.
    public var timeToAcknowledge: TimeInterval?
    /// Acknowledged late, or still unacknowledged past `acknowledgeBy`.
    public var acknowledgeBreached: Bool
    /// Nil when the severity has no `resolve_within`.
    public var resolveBy: Date?
    public var timeToResolve: TimeInterval?
    public var resolveBreached: Bool

    /// Whether any promise is broken.
    public var breached: Bool { acknowledgeBreached || resolveBreached }
}

extension SeverityPolicy {
    /// Evaluates `incident` at `now`. Deadlines count business time only when the policy
    /// does not page outside business hours; durations are wall time.
    public func evaluate(_ incident: Incident, at now: Date) -> SLAReport {
        let ackBy = deadline(after: incident.openedAt, respondWithin)
        let acked = incident.acknowledgedAt
        let resolveBy = resolveWithin.map { deadline(after: incident.openedAt, $0) }
        let resolved = incident.resolvedAt
        return SLAReport(
            severity: severity,
            acknowledgeBy: ackBy,
            timeToAcknowledge: acked.map { $0.timeIntervalSince(incident.openedAt) },
            acknowledgeBreached: (acked ?? now) > ackBy,
            resolveBy: resolveBy,
            timeToResolve: resolved.map { $0.timeIntervalSince(incident.openedAt) },
            resolveBreached: resolveBy.map { (resolved ?? now) > $0 } ?? false)
    }
}
