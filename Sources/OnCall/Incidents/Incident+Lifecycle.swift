import Foundation
import VigilCore

extension Incident {
    /// Acknowledges: someone owns the incident and escalation stops.
    /// Throws `IncidentError.invalidTransition` unless the incident is `triggered`.
    public mutating func acknowledge(by user: UserID, at instant: Date) throws(IncidentError) {
        try move(to: .acknowledged, by: .user(user), at: instant)
    }

    /// Moves the status forward to `status` (skipping steps is allowed: a mitigated incident
    /// may be resolved at once). Leaving `triggered` stops escalation, whatever the new status;
    /// resolving creates the follow-ups in `followUpRules` that apply to the severity.
    public mutating func move(to target: IncidentStatus, by agent: Agent, at instant: Date,
                              followUpRules: [FollowUpRule] = []) throws(IncidentError) {
        guard target > status else { throw .invalidTransition(id, from: status, to: target) }
        applyMove(to: target, by: agent, at: instant, followUpRules: followUpRules)
    }

    /// `move` once the transition is known to be valid.
    mutating func applyMove(to target: IncidentStatus, by agent: Agent, at instant: Date, followUpRules: [FollowUpRule]) {
        setStatus(target, at: instant, by: agent)
        addResponder(agent)
        escalation?.stop(at: instant)
        if target == .resolved {
            for rule in followUpRules where rule.applies(to: severity) {
                let task = FollowUpTask(task: rule.task, createdAt: instant, dueAt: instant.addingTimeInterval(rule.due.seconds))
                appendFollowUp(task)
                record(.followUpCreated(task: task.task, dueAt: task.dueAt), at: instant, by: .system("follow_ups"))
            }
        }
    }

    /// Resolves with the config's follow-up rules.
    public mutating func resolve(by agent: Agent, at instant: Date, config: OnCallConfig) throws(IncidentError) {
        try move(to: .resolved, by: agent, at: instant, followUpRules: config.followUps)
    }

    /// Adds a note; allowed in every status (post-mortem notes come after resolution).
    public mutating func addNote(_ text: String, by agent: Agent, at instant: Date) {
        record(.note(text), at: instant, by: agent)
        addResponder(agent)
    }

    /// Files the root cause under one of `categories` (the config's `root_cause_categories`).
    public mutating func setRootCause(_ category: RootCauseCategory, analysis: String, categories: [RootCauseCategory],
                                      by agent: Agent, at instant: Date) throws(IncidentError) {
        guard categories.contains(category) else { throw .unknownRootCause(id, category, allowed: categories) }
        setRootCauseValue(RootCause(category: category, analysis: analysis))
        record(.rootCauseSet(category: category, analysis: analysis), at: instant, by: agent)
    }

    /// Changes the severity (the SLA is then measured against the new severity's policy).
    public mutating func changeSeverity(to value: Severity, by agent: Agent, at instant: Date) throws(IncidentError) {
        guard status != .resolved else { throw .invalidTransition(id, from: status, to: status) }
        guard value != severity else { return }
        record(.severityChanged(from: severity, to: value), at: instant, by: agent)
        setSeverityValue(value)
    }

    /// Records a responder ticking a runbook step.
    public mutating func checkRunbookStep(_ step: String, runbook: String, by user: UserID, at instant: Date) {
        record(.runbookStepChecked(runbook: runbook, step: step), at: instant, by: .user(user))
        addResponder(.user(user))
    }

    /// Records an automated or manual action and its outcome.
    public mutating func recordAction(_ name: String, succeeded: Bool, detail: String, by agent: Agent, at instant: Date) {
        record(.actionRun(name: name, succeeded: succeeded, detail: detail), at: instant, by: agent)
    }

    /// Records that action `name` waits for a person's approval before it runs.
    public mutating func awaitApproval(ofAction name: String, at instant: Date) {
        record(.actionAwaitingApproval(name: name), at: instant, by: .system("actions"))
    }

    /// Actions waiting for approval: requested and not run since.
    public var actionsAwaitingApproval: [String] {
        var waiting: [String] = []
        for event in timeline {
            switch event.kind {
            case .actionAwaitingApproval(let name): if !waiting.contains(name) { waiting.append(name) }
            case .actionRun(let name, _, _): waiting.removeAll { $0 == name }
            default: break
            }
        }
        return waiting
    }

    /// Marks follow-up `index` (0-based) done.
    public mutating func completeFollowUp(_ index: Int, by user: UserID, at instant: Date) throws(IncidentError) {
        guard followUps.indices.contains(index) else { throw .unknownFollowUp(id, index: index) }
        var task = followUps[index]
        guard !task.isDone else { throw .followUpAlreadyDone(id, index: index) }
        task.doneAt = instant
        task.doneBy = user
        updateFollowUp(index, task)
        record(.followUpDone(task: task.task), at: instant, by: .user(user))
    }

    /// Follow-ups not done and past due at `now`.
    public func overdueFollowUps(at now: Date) -> [FollowUpTask] { followUps.filter { $0.isOverdue(at: now) } }

    /// Overdue tasks nobody was told about yet; marks them told at `now`.
    public mutating func takeNewlyOverdueFollowUps(at now: Date) -> [FollowUpTask] {
        var out: [FollowUpTask] = []
        for index in followUps.indices where followUps[index].isOverdue(at: now) && followUps[index].overdueNotifiedAt == nil {
            var task = followUps[index]
            task.overdueNotifiedAt = now
            updateFollowUp(index, task)
            out.append(task)
        }
        return out
    }
}
