/// Settings of a query engine.
public struct EngineOptions: Sendable, Hashable {
    public var compatibility: PromQLCompatibility
    /// How far back a vector selector looks for the latest sample (ms). Prometheus: 5m.
    public var lookbackDelta: Int64
    /// Step of subqueries written without one (`[5m:]`), in ms.
    public var defaultSubqueryStep: Int64
    /// Prometheus 3's delayed `__name__` removal (on by default in `prometheus3` mode).
    public var delayedNameRemoval: Bool
    /// The deepest query nesting the parser accepts.
    public var maxDepth: Int
    /// The most points a query may touch (selected samples, subquery and range steps), as
    /// Prometheus's `query.max-samples`; stops runaway queries such as `foo[10y:1ms]`.
    public var maxSamples: Int
    /// The most steps of a range query (Prometheus: 11,000).
    public var maxRangeSteps: Int

    public init(compatibility: PromQLCompatibility = .prometheus3, lookbackDelta: Int64 = 300_000,
                defaultSubqueryStep: Int64 = 60_000, delayedNameRemoval: Bool? = nil, maxDepth: Int = 256,
                maxSamples: Int = 50_000_000, maxRangeSteps: Int = 11_000) {
        self.compatibility = compatibility
        self.lookbackDelta = lookbackDelta
        self.defaultSubqueryStep = defaultSubqueryStep
        self.delayedNameRemoval = delayedNameRemoval ?? (compatibility == .prometheus3)
        self.maxDepth = maxDepth
        self.maxSamples = maxSamples
        self.maxRangeSteps = maxRangeSteps
    }

    var parserOptions: ParserOptions { ParserOptions(compatibility: compatibility, maxDepth: maxDepth) }
    /// Whether windows include a sample exactly at their left edge (Prometheus 2.x).
    var leftClosed: Bool { compatibility == .prometheus2 }
}
