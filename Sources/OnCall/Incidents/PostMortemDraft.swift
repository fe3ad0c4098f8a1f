import Foundation
import VigilCore

/// A post-mortem draft in Markdown, following seed 001's template: summary, impact, root
/// cause, timeline, response analysis, action items. Meant to be edited by people; every
/// fact in it comes from the incident.
public struct PostMortemDraft: Sendable {
    public let incident: Incident
    public let policy: SeverityPolicy?
    /// Zone in which times are printed.
    public let timeZone: TimeZone

    public init(incident: Incident, policy: SeverityPolicy?, timeZone: TimeZone = .gmt) {
        self.incident = incident
        self.policy = policy
        self.timeZone = timeZone
    }

    /// The draft; `now` is used for open SLA clocks and overdue follow-ups.
    public func markdown(at now: Date) -> String {
        var out = "# Post-mortem: \(incident.title) (\(incident.id))\n\n"
        out += "## Incident Summary\n\n"
        out += incident.summary.isEmpty ? "_What happened and when._\n\n" : "\(incident.summary)\n\n"
        out += "- Severity: \(incident.severity)\n"
        out += "- Opened: \(time(incident.openedAt)) by \(incident.openedBy)\n"
        if let resolved = incident.resolvedAt { out += "- Resolved: \(time(resolved))\(incident.resolvedBy.map { " by \($0)" } ?? "")\n" }
        out += "- Status: \(incident.status)\n\n"

        out += "## Impact Assessment\n\n"
        out += incident.impact.isEmpty ? "_Services affected and duration._\n" : "\(incident.impact)\n"
        let end = incident.resolvedAt ?? now
        out += "\nDuration: \(span(end.timeIntervalSince(incident.openedAt)))"
        out += incident.resolvedAt == nil ? " so far.\n" : ".\n"
        if !incident.alerts.isEmpty {
            out += "\nAlerts:\n\n"
            for alert in incident.alerts {
                out += "- `\(alert.labels)` fired \(time(alert.firedAt))"
                out += alert.resolvedAt.map { ", resolved \(time($0))\n" } ?? ", still firing\n"
            }
        }

        out += "\n## Root Cause Analysis\n\n"
        if let cause = incident.rootCause {
            out += "Category: **\(cause.category)**\n\n"
            out += cause.analysis.isEmpty ? "_Why it happened._\n" : "\(cause.analysis)\n"
        } else {
            out += "_Not yet classified. Why it happened._\n"
        }

        out += "\n## Timeline\n\n| Time | Who | Event |\n| --- | --- | --- |\n"
        for event in incident.timeline {
            out += "| \(time(event.at)) | \(event.by) | \(describe(event.kind).replacingOccurrences(of: "|", with: "\\|")) |\n"
        }

        out += "\n## Response Analysis\n\n"
        if let policy {
            let sla = policy.evaluate(incident, at: now)
            out += "- Time to acknowledge: \(sla.timeToAcknowledge.map(span) ?? "not acknowledged")"
            out += " (target \(policy.respondWithin)\(sla.acknowledgeBreached ? ", **breached**" : ", met"))\n"
            if let target = policy.resolveWithin {
                out += "- Time to resolve: \(sla.timeToResolve.map(span) ?? "not resolved")"
                out += " (target \(target)\(sla.resolveBreached ? ", **breached**" : ", met"))\n"
            }
        }
        let pages = incident.timeline.filter { if case .notified = $0.kind { true } else { false } }.count
        out += "- Escalation steps sent: \(pages)\n"
        out += "- Responders: \(incident.responders.isEmpty ? "none recorded" : incident.responders.map(\.rawValue).joined(separator: ", "))\n"
        out += "\n### What went well\n\n_…_\n\n### What didn't\n\n_…_\n"

        out += "\n## Action Items\n\n"
        if incident.followUps.isEmpty { out += "_Preventive measures and improvements._\n" }
        for task in incident.followUps {
            let state = task.isDone ? "x" : " "
            out += "- [\(state)] \(task.task), due \(time(task.dueAt))\(task.isOverdue(at: now) ? " (**overdue**)" : "")\n"
        }
        return out
    }

    private func describe(_ kind: TimelineEvent.Kind) -> String {
        switch kind {
        case .opened(let severity): "incident opened (\(severity))"
        case .alertFired(let fingerprint, let name): "alert \(name) fired (\(fingerprint))"
        case .alertResolved(let fingerprint, let name): "alert \(name) resolved (\(fingerprint))"
        case .notified(let step, let users, let receivers, let escalated):
            "\(escalated ? "escalated" : "notified"), \(step): "
                + (users.map(\.rawValue) + receivers.map { "#\($0)" }).joined(separator: ", ")
        case .statusChanged(let from, let to): "status \(from) → \(to)"
        case .note(let text): "note: \(text)"
        case .severityChanged(let from, let to): "severity \(from) → \(to)"
        case .rootCauseSet(let category, _): "root cause: \(category)"
        case .runbookStepChecked(let runbook, let step): "runbook \(runbook): checked \(quoteGoString(step))"
        case .actionRun(let name, let succeeded, let detail): "action \(name) \(succeeded ? "succeeded" : "failed")\(detail.isEmpty ? "" : ": \(detail)")"
        case .actionAwaitingApproval(let name): "action \(name) awaiting approval"
        case .followUpCreated(let task, let due): "follow-up created: \(task) (due \(time(due)))"
        case .followUpDone(let task): "follow-up done: \(task)"
        }
    }

    private func time(_ date: Date) -> String {
        let local = LocalDateTime(date, in: timeZone)
        return "\(local) \(timeZone.abbreviation(for: date) ?? timeZone.identifier)"
    }

    private func span(_ seconds: TimeInterval) -> String {
        PromDuration(milliseconds: Int64(seconds.rounded()) * 1000).description
    }
}
