import Foundation
import VigilCore

/// Alerts of one route that share the route's `group_by` labels, with their flush timer.
///
/// Timer rules are Alertmanager's: the first flush comes `group_wait` after the group was
/// created (at once if an alert started more than `group_wait` ago and nothing was flushed
/// yet), then every `group_interval` from the previous flush's instant.
public struct AggregationGroup: Sendable {
    public let id: GroupID
    /// `route key:group labels`, e.g. `{}/{team="db"}:{alertname="DiskFull"}`.
    public let key: String
    public let labels: Labels
    public let options: RouteOptions
    public internal(set) var alerts: [Fingerprint: Alert] = [:]
    public internal(set) var nextFlush: Date
    public internal(set) var hasFlushed = false
    /// Set while a flush is with the pipeline; the next one waits for it, as each group's
    /// loop in Alertmanager flushes one at a time.
    public internal(set) var flushing = false

    init(id: GroupID, routeKey: String, labels: Labels, options: RouteOptions, now: Date) {
        self.id = id
        key = "\(routeKey):\(labels)"
        self.labels = labels
        self.options = options
        nextFlush = now.addingTimeInterval(options.groupWait.seconds)
    }

    /// Adds or replaces an alert; returns true when that made the group due now.
    mutating func insert(_ alert: Alert, now: Date) -> Bool {
        alerts[alert.fingerprint] = alert
        if !hasFlushed, alert.startsAt.addingTimeInterval(options.groupWait.seconds) < now, nextFlush > now {
            nextFlush = now
            return true
        }
        return false
    }

    /// Starts a flush at `now`: schedules the next one and returns the alerts to notify, sorted.
    mutating func beginFlush(now: Date) -> [Alert] {
        nextFlush = now.addingTimeInterval(options.groupInterval.seconds)
        hasFlushed = true
        flushing = true
        return alerts.values.sorted(by: Alert.notificationOrder)
    }

    /// Ends a flush. After a successful one, alerts that were resolved in it and not updated
    /// since are dropped from the group.
    mutating func endFlush(notified: [Alert], success: Bool, now: Date) {
        flushing = false
        guard success else { return }
        for alert in notified where alert.isResolved(at: now) {
            if let current = alerts[alert.fingerprint], current.updatedAt == alert.updatedAt {
                alerts[alert.fingerprint] = nil
            }
        }
    }

    public var isEmpty: Bool { alerts.isEmpty }
}

/// Identifies a group: the route it belongs to and its group labels.
public struct GroupID: Hashable, Sendable {
    public let routeID: String
    public let labels: Fingerprint
}
