import Foundation
import VigilCore

/// One entry of an incident's timeline: what happened, when, and who did it.
public struct TimelineEvent: Sendable, Hashable, Codable {
    public enum Kind: Sendable, Hashable, Codable {
        case opened(severity: Severity)
        case alertFired(fingerprint: String, alertname: String)
        case alertResolved(fingerprint: String, alertname: String)
        /// An escalation step went out (`escalated` is true from the second level on, or when forced).
        case notified(step: EscalationStep.ID, users: [UserID], receivers: [String], escalated: Bool)
        case statusChanged(from: IncidentStatus, to: IncidentStatus)
        case note(String)
        case severityChanged(from: Severity, to: Severity)
        case rootCauseSet(category: RootCauseCategory, analysis: String)
        case runbookStepChecked(runbook: String, step: String)
        case actionRun(name: String, succeeded: Bool, detail: String)
        /// An action that requires approval is waiting for a person to approve it.
        case actionAwaitingApproval(name: String)
        case followUpCreated(task: String, dueAt: Date)
        case followUpDone(task: String)
    }

    public var at: Date
    public var by: Agent
    public var kind: Kind

    public init(at: Date, by: Agent, kind: Kind) {
        self.at = at
        self.by = by
        self.kind = kind
    }
}
