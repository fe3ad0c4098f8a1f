import Foundation
import VigilCore

/// An alert as Alertmanager holds it: identified by its label set, active from `startsAt` until
/// `endsAt`. An alert posted without `endsAt` gets `now + resolve_timeout` and `timeout = true`,
/// so a later explicit end wins over it when the two are merged.
public struct Alert: Sendable, Hashable {
    public var labels: Labels
    public var annotations: Labels
    public var startsAt: Date
    public var endsAt: Date
    public var generatorURL: String
    public var updatedAt: Date
    public var timeout: Bool

    public init(labels: Labels, annotations: Labels = .empty, startsAt: Date, endsAt: Date, generatorURL: String = "",
                updatedAt: Date, timeout: Bool = false) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
        self.updatedAt = updatedAt
        self.timeout = timeout
    }

    public var fingerprint: Fingerprint { labels.fingerprint }
    public var name: String { labels.value(of: "alertname") }

    /// Whether the alert has ended at `now` (`endsAt` is not after it).
    public func isResolved(at now: Date) -> Bool { endsAt <= now }

    /// Combines `self` (already stored) with `newer` for the same fingerprint, as Alertmanager's
    /// `Alert.Merge` does: the earliest start, and an explicit end over a timeout end.
    public func merged(with other: Alert) -> Alert {
        if other.updatedAt < updatedAt { return other.merged(with: self) }
        var result = other
        if startsAt < other.startsAt { result.startsAt = startsAt }
        if other.isResolved(at: other.updatedAt) {
            if isResolved(at: updatedAt), endsAt > other.endsAt { result.endsAt = endsAt }
        } else if endsAt > other.endsAt, !timeout {
            result.endsAt = endsAt
        }
        return result
    }

    /// Stores `incoming` over `existing` the way Alertmanager's in-memory provider does: merged
    /// when their activity ranges overlap, replaced otherwise.
    public static func storing(_ incoming: Alert, over existing: Alert?) -> Alert {
        guard let old = existing else { return incoming }
        let overlaps = (incoming.endsAt > old.startsAt && incoming.endsAt < old.endsAt)
            || (incoming.startsAt > old.startsAt && incoming.startsAt < old.endsAt)
        return overlaps ? old.merged(with: incoming) : incoming
    }
}
