import Foundation
import VigilCore

/// An alert that opened or joined an incident.
public struct RelatedAlert: Sendable, Hashable, Codable {
    /// The alert's label fingerprint, as the alert pipeline prints it.
    public var fingerprint: String
    public var labels: Labels
    public var firedAt: Date
    /// Set when the alert resolved; cleared if it fires again.
    public var resolvedAt: Date?

    public init(fingerprint: String, labels: Labels, firedAt: Date) {
        self.fingerprint = fingerprint
        self.labels = labels
        self.firedAt = firedAt
    }

    public var alertname: String { labels.value(of: "alertname") }
    public var isFiring: Bool { resolvedAt == nil }
}
