import Foundation
import VigilCore

/// Turns firing alerts into incidents by `incident_rules`: the first matching rule decides the
/// severity, escalation policy and group key; an alert whose group key has an open incident
/// joins it.
public struct IncidentRouter: Sendable {
    /// What to do with one alert.
    public enum Decision: Sendable, Hashable {
        /// No rule matched (or the severity has no policy): no incident.
        case ignore
        /// Join the open incident with this group key.
        case join(IncidentID)
        /// Open a new incident.
        case open(Opening)
    }

    /// Everything needed to open an incident for an alert.
    public struct Opening: Sendable, Hashable {
        public var rule: String
        public var title: String
        public var severity: Severity
        public var escalationPolicy: String?
        public var groupKey: String
        public var autoResolve: Bool
    }

    public let config: OnCallConfig
    public init(config: OnCallConfig) { self.config = config }

    /// Decides for an alert with `labels`, given the open incidents by group key.
    public func route(_ labels: Labels, openIncidents: [String: IncidentID]) -> Decision {
        guard let rule = config.incidentRules.first(where: { $0.matchers.matches(labels) }) else { return .ignore }
        let key = rule.groupKey(for: labels)
        if let open = openIncidents[key] { return .join(open) }
        let severity: Severity
        if let fixed = rule.severity {
            severity = fixed
        } else if let policy = config.severityPolicy(forLabel: labels.value(of: "severity")) {
            severity = policy.severity
        } else {
            return .ignore
        }
        let name = labels.value(of: "alertname")
        return .open(Opening(rule: rule.name, title: rule.title ?? (name.isEmpty ? rule.name : name), severity: severity,
                             escalationPolicy: rule.escalationPolicy ?? config.severityPolicy(for: severity)?.escalationPolicy,
                             groupKey: key, autoResolve: rule.autoResolve))
    }

    /// A new incident for `opening`, with the alert on it and its escalation ladder started.
    public func open(_ opening: Opening, id: IncidentID, fingerprint: String, labels: Labels, at instant: Date) -> Incident {
        let engine = EscalationEngine(config: config)
        var incident = Incident(id: id, title: opening.title, severity: opening.severity,
                                summary: labels.value(of: "summary"), openedAt: instant, openedBy: .system("incident_rule \(opening.rule)"),
                                groupKey: opening.groupKey, autoResolve: opening.autoResolve,
                                escalation: engine.start(severity: opening.severity, policy: opening.escalationPolicy, triggeredAt: instant))
        // A fresh incident is never resolved, so the alert always joins.
        incident.appendAlert(RelatedAlert(fingerprint: fingerprint, labels: labels, firedAt: instant))
        incident.record(.alertFired(fingerprint: fingerprint, alertname: labels.value(of: "alertname")), at: instant, by: .system("alerts"))
        return incident
    }
}
