import Foundation
import VigilCore

/// What a notification is about, in the shape of Alertmanager's template `Data`: it is both
/// the webhook payload (`version: "4"`) and the dot (`.`) of notification templates.
public struct NotificationData: Sendable, Hashable {
    public var receiver: String
    public var status: Status
    public var alerts: [AlertData]
    public var groupLabels: Labels
    public var commonLabels: Labels
    public var commonAnnotations: Labels
    public var externalURL: String
    public var groupKey: String
    public var truncatedAlerts: Int

    public enum Status: String, Sendable, Hashable, Codable { case firing, resolved }

    /// One alert as templates and the webhook see it; `endsAt` is the zero time while firing.
    public struct AlertData: Sendable, Hashable {
        public var status: Status
        public var labels: Labels
        public var annotations: Labels
        public var startsAt: Date
        public var endsAt: Date?
        public var generatorURL: String
        public var fingerprint: Fingerprint
    }

    /// Builds the data for `alerts` (sorted as Alertmanager sorts them) at `now`: status firing
    /// when any alert fires; common labels and annotations are those all alerts share.
    public init(receiver: String, groupKey: String, groupLabels: Labels, alerts: [Alert], now: Date, externalURL: String,
                truncatedAlerts: Int = 0) {
        self.receiver = receiver
        self.groupKey = groupKey
        self.groupLabels = groupLabels
        self.externalURL = externalURL
        self.truncatedAlerts = truncatedAlerts
        self.alerts = alerts.map { alert in
            let resolved = alert.isResolved(at: now)
            return AlertData(status: resolved ? .resolved : .firing, labels: alert.labels, annotations: alert.annotations,
                             startsAt: alert.startsAt, endsAt: resolved ? alert.endsAt : nil,
                             generatorURL: alert.generatorURL, fingerprint: alert.fingerprint)
        }
        status = self.alerts.contains { $0.status == .firing } ? .firing : .resolved
        commonLabels = NotificationData.common(self.alerts.map(\.labels))
        commonAnnotations = NotificationData.common(self.alerts.map(\.annotations))
    }

    public var firing: [AlertData] { alerts.filter { $0.status == .firing } }
    public var resolved: [AlertData] { alerts.filter { $0.status == .resolved } }

    private static func common(_ sets: [Labels]) -> Labels {
        guard var shared = sets.first?.pairs else { return .empty }
        for set in sets.dropFirst() { shared.removeAll { set[$0.name] != $0.value } }
        return Labels(sortedUnchecked: shared)
    }
}
