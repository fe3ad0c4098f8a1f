import Foundation
import VigilCore

/// One flush of an aggregation group, handed from the dispatcher to the notification pipeline.
public struct FlushJob: Sendable {
    public var groupKey: String
    public var groupLabels: Labels
    public var receiver: String
    /// Every alert of the group at `now`, in notification order.
    public var alerts: [Alert]
    /// Fingerprints of the alerts that inhibiting alerts mute at `now`.
    public var inhibited: Set<Fingerprint>
    /// The flush instant: the timer's deadline, the pipeline's only "now".
    public var now: Date
    public var repeatInterval: PromDuration
    public var muteTimeIntervals: [String]
    public var activeTimeIntervals: [String]
}

/// Carries a flush through muting, deduplication and delivery. Returns true when the
/// notifications it decided on are durably queued (or none were needed), as Alertmanager's
/// pipeline returns success, so resolved alerts can leave the group.
public protocol FlushHandler: Sendable {
    func flush(_ job: FlushJob) async -> Bool
}
