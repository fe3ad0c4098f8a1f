/// What Alertmanager's API reports of an alert: `unprocessed` before routing has seen it,
/// `active`, or `suppressed` by silences and/or inhibiting alerts.
public enum AlertState: String, Sendable, Hashable, Codable {
    case unprocessed, active, suppressed
}

/// The state of one alert plus the silences and inhibiting alerts that suppress it.
public struct AlertStatus: Sendable, Hashable {
    public var silencedBy: [String]
    public var inhibitedBy: [String]
    public var mutedBy: [String]

    public init(silencedBy: [String] = [], inhibitedBy: [String] = [], mutedBy: [String] = []) {
        self.silencedBy = silencedBy
        self.inhibitedBy = inhibitedBy
        self.mutedBy = mutedBy
    }

    public var state: AlertState { silencedBy.isEmpty && inhibitedBy.isEmpty ? .active : .suppressed }
}
