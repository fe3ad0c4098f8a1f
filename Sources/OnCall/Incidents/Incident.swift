import Foundation
import VigilCore

/// An incident: opened from alerts by an incident rule or by a person, moved through
/// triggered → acknowledged → investigating → mitigated → resolved, with every event on its
/// timeline. A value: every change is a `mutating` method taking its instant and its agent,
/// which either applies completely or throws `IncidentError` and changes nothing.
public struct Incident: Sendable, Hashable, Codable {
    /// One status change: from what, to what, when, by whom.
    public struct Transition: Sendable, Hashable, Codable {
        public var from: IncidentStatus
        public var to: IncidentStatus
        public var at: Date
        public var by: Agent
    }

    /// A root cause filed against a configured category.
    public struct RootCause: Sendable, Hashable, Codable {
        public var category: RootCauseCategory
        public var analysis: String
    }

    public let id: IncidentID
    public var title: String
    public private(set) var severity: Severity
    public var summary: String
    /// Services affected and how, for the post-mortem's impact section.
    public var impact: String
    public let openedAt: Date
    public let openedBy: Agent
    public private(set) var status: IncidentStatus = .triggered
    public private(set) var transitions: [Transition] = []
    public private(set) var timeline: [TimelineEvent] = []
    public private(set) var alerts: [RelatedAlert] = []
    /// People who acknowledged, were paged or acted, in the order they joined.
    public private(set) var responders: [UserID] = []
    public private(set) var rootCause: RootCause?
    public private(set) var followUps: [FollowUpTask] = []
    /// The incident rule's group key, for alerts joining this incident.
    public var groupKey: String?
    /// Resolve once every related alert has resolved.
    public var autoResolve: Bool
    public var escalation: EscalationState?
    /// The post-mortem as a person edited it (Markdown); nil while only the generated draft exists.
    public var postMortem: String?

    public init(id: IncidentID, title: String, severity: Severity, summary: String = "", openedAt: Date, openedBy: Agent,
                groupKey: String? = nil, autoResolve: Bool = false, escalation: EscalationState? = nil) {
        self.id = id
        self.title = title
        self.severity = severity
        self.summary = summary
        self.impact = ""
        self.openedAt = openedAt
        self.openedBy = openedBy
        self.groupKey = groupKey
        self.autoResolve = autoResolve
        self.escalation = escalation
        timeline.append(TimelineEvent(at: openedAt, by: openedBy, kind: .opened(severity: severity)))
    }

    /// When the incident first left `triggered` (acknowledged, or moved straight past it).
    public var acknowledgedAt: Date? { transitions.first { $0.from == .triggered }?.at }
    public var acknowledgedBy: Agent? { transitions.first { $0.from == .triggered }?.by }
    public var resolvedAt: Date? { transitions.first { $0.to == .resolved }?.at }
    public var resolvedBy: Agent? { transitions.first { $0.to == .resolved }?.by }
    public var notes: [String] {
        timeline.compactMap { if case .note(let text) = $0.kind { text } else { nil } }
    }

    mutating func record(_ kind: TimelineEvent.Kind, at: Date, by: Agent) {
        timeline.append(TimelineEvent(at: at, by: by, kind: kind))
    }

    mutating func addResponder(_ agent: Agent) {
        if case .user(let id) = agent, !responders.contains(id) { responders.append(id) }
    }

    mutating func setStatus(_ to: IncidentStatus, at: Date, by: Agent) {
        transitions.append(Transition(from: status, to: to, at: at, by: by))
        record(.statusChanged(from: status, to: to), at: at, by: by)
        status = to
    }

    mutating func setSeverityValue(_ value: Severity) { severity = value }
    mutating func setRootCauseValue(_ value: RootCause) { rootCause = value }
    mutating func appendFollowUp(_ task: FollowUpTask) { followUps.append(task) }
    mutating func updateFollowUp(_ index: Int, _ task: FollowUpTask) { followUps[index] = task }
    mutating func appendAlert(_ alert: RelatedAlert) { alerts.append(alert) }
    mutating func updateAlert(_ index: Int, _ alert: RelatedAlert) { alerts[index] = alert }
}
