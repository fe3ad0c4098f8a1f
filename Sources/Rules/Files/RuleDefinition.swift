import PromQL
import VigilCore

/// A checked rule: its expression parsed, its templates known to parse.
public struct RuleDefinition: Sendable {
    public enum Kind: String, Sendable, Hashable { case alerting, recording }

    public var kind: Kind
    /// The alert name or the recorded metric name.
    public var name: String
    public var expr: Expr
    /// The expression as written (trimmed), shown by the API and used in generator URLs.
    public var query: String
    /// Labels added to the output; templates for alerting rules.
    public var labels: [String: String]
    /// Annotation templates (alerting rules only).
    public var annotations: [String: String]
    /// `for`, in milliseconds.
    public var holdDuration: Int64
    /// `keep_firing_for`, in milliseconds.
    public var keepFiringFor: Int64

    public init(kind: Kind, name: String, expr: Expr, query: String, labels: [String: String] = [:],
                annotations: [String: String] = [:], holdDuration: Int64 = 0, keepFiringFor: Int64 = 0) {
        self.kind = kind
        self.name = name
        self.expr = expr
        self.query = query
        self.labels = labels
        self.annotations = annotations
        self.holdDuration = holdDuration
        self.keepFiringFor = keepFiringFor
    }
}

/// A checked group. `interval` nil means the global `evaluation_interval`.
public struct RuleGroupDefinition: Sendable {
    public var name: String
    /// The file the group came from, as listed (the group's identity together with `name`).
    public var file: String
    public var interval: PromDuration?
    public var queryOffset: PromDuration?
    /// Most alerts (or recorded series) one rule may produce; 0 is no limit.
    public var limit: Int
    public var rules: [RuleDefinition]

    public init(name: String, file: String, interval: PromDuration?, queryOffset: PromDuration?, limit: Int, rules: [RuleDefinition]) {
        self.name = name
        self.file = file
        self.interval = interval
        self.queryOffset = queryOffset
        self.limit = limit
        self.rules = rules
    }
}
