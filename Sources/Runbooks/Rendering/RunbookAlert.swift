/// What a runbook is rendered for: the alert's labels and value, as an alerting rule's
/// annotations see them (`$labels`, `$value`, `$externalLabels`, `$externalURL`).
public struct RunbookAlert: Sendable, Hashable {
    public var labels: [String: String]
    /// The alert's value at its last evaluation; 0 when unknown (an alert posted by a client).
    public var value: Double
    public var externalLabels: [String: String]
    public var externalURL: String

    public init(labels: [String: String], value: Double = 0, externalLabels: [String: String] = [:], externalURL: String = "") {
        self.labels = labels
        self.value = value
        self.externalLabels = externalLabels
        self.externalURL = externalURL
    }
}
