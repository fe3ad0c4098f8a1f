/// What an exposition says about one metric family: its `# TYPE`, `# HELP` and `# UNIT`, as
/// Prometheus's `/api/v1/metadata` reports them (`type` "unknown" when not declared or
/// "untyped"; empty `help` and `unit` when not given).
public struct MetricMetadata: Sendable, Hashable {
    public var type: String
    public var help: String
    public var unit: String

    public init(type: String = "unknown", help: String = "", unit: String = "") {
        self.type = type
        self.help = help
        self.unit = unit
    }

    /// At most this many families are kept per body, so a hostile target cannot grow memory.
    public static let maxFamiliesPerBody = 10_000
}
