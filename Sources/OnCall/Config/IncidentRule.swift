import VigilConfig
import VigilCore

/// `oncall.incident_rules[]`: which alerts open an incident, at what severity, and which alerts
/// join an open one. The first rule whose matchers all match an alert's labels decides.
///
/// ```yaml
/// - name: critical-pages
///   matchers: ['severity="critical"']
///   severity: critical            # default: the alert's `severity` label
///   escalation_policy: divan      # default: the severity policy's
///   group_by: [alertname, cluster]  # alerts with equal values join one open incident
///   auto_resolve: true            # resolve when every alert of the incident has resolved
/// ```
public struct IncidentRule: Sendable, Hashable, Decodable {
    public var name: String
    public var matchers: [LabelMatcher]
    public var severity: Severity?
    public var escalationPolicy: String?
    public var groupBy: [String]
    public var autoResolve: Bool
    /// The incident title; default: the alert's `alertname`.
    public var title: String?

    public init(name: String, matchers: [LabelMatcher], severity: Severity? = nil, escalationPolicy: String? = nil,
                groupBy: [String] = ["alertname"], autoResolve: Bool = false, title: String? = nil) {
        self.name = name
        self.matchers = matchers
        self.severity = severity
        self.escalationPolicy = escalationPolicy
        self.groupBy = groupBy
        self.autoResolve = autoResolve
        self.title = title
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, matchers, severity, escalationPolicy = "escalation_policy", groupBy = "group_by"
        case autoResolve = "auto_resolve", title
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "incident rule")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        matchers = try c.decodeMatchers(forKey: .matchers)
        severity = try c.decodeIfPresent(Severity.self, forKey: .severity)
        escalationPolicy = try c.decodeIfPresent(String.self, forKey: .escalationPolicy)
        groupBy = try c.decode([String].self, forKey: .groupBy, default: ["alertname"])
        for label in groupBy where label.isEmpty || !label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            || label.first?.isNumber == true {
            throw c.invalid(.groupBy, "invalid label name \(quoteGoString(label)) in group_by list")
        }
        autoResolve = try c.decode(Bool.self, forKey: .autoResolve, default: false)
        title = try c.decodeIfPresent(String.self, forKey: .title)
    }

    /// The key under which alerts join one incident: the rule's name and the `group_by` values.
    public func groupKey(for labels: Labels) -> String {
        name + "{" + groupBy.map { "\($0)=\(quoteGoString(labels.value(of: $0)))" }.joined(separator: ",") + "}"
    }
}
