import Foundation
import VigilCore

/// What was last decided for one group and integration: the alerts that were firing and
/// resolved in it. Dedup compares each flush with this entry, as Alertmanager's nflog.
public struct NotificationLogEntry: Sendable, Hashable, Codable {
    public var groupKey: String
    public var integration: IntegrationID
    public var firing: Set<Fingerprint>
    public var resolved: Set<Fingerprint>
    public var timestamp: Date

    public init(groupKey: String, integration: IntegrationID, firing: Set<Fingerprint>, resolved: Set<Fingerprint>,
                timestamp: Date) {
        self.groupKey = groupKey
        self.integration = integration
        self.firing = firing
        self.resolved = resolved
        self.timestamp = timestamp
    }
}

/// Alertmanager's `DedupStage.needsUpdate`: whether a flush with these firing and resolved
/// alerts must notify, given the last entry for the group and integration.
public func needsUpdate(last entry: NotificationLogEntry?, firing: Set<Fingerprint>, resolved: Set<Fingerprint>,
                        sendResolved: Bool, repeatInterval: PromDuration, now: Date) -> Bool {
    guard let entry else { return !firing.isEmpty }
    // Firing alerts the last notification did not have.
    if !firing.isSubset(of: entry.firing) { return true }
    // All resolved: tell the receiver if it was told of firing ones (regardless of send_resolved,
    // so the entry is cleared).
    if firing.isEmpty { return !entry.firing.isEmpty }
    if sendResolved, !resolved.isSubset(of: entry.resolved) { return true }
    return entry.timestamp < now.addingTimeInterval(-repeatInterval.seconds)
}
