import Alerting

/// One integration of a receiver, ready to send: what the dispatcher fans a notification out to.
public struct Integration: Sendable {
    public var id: IntegrationID
    public var notifier: any Notifier
    /// Whether resolved alerts are sent (`send_resolved`). When false, the pipeline drops
    /// resolved alerts and skips a notification that has none left, as Alertmanager's retry stage does.
    public var sendResolved: Bool

    public init(id: IntegrationID, notifier: any Notifier, sendResolved: Bool) {
        self.id = id
        self.notifier = notifier
        self.sendResolved = sendResolved
    }
}
