import Foundation
import VigilCore

extension Incident {
    /// Sends what the escalation ladder owes at `now`: advances `escalation` and records each
    /// step on the timeline. Returns the steps for the caller to deliver through receivers.
    public mutating func escalate(to now: Date, engine: EscalationEngine) -> [EscalationStep] {
        guard var state = escalation, status == .triggered else { return [] }
        let steps = engine.advance(&state, to: now)
        escalation = state
        for step in steps { recordStep(step, forced: false) }
        return steps
    }

    /// Sends the next level now, ahead of its deadline (a responder asking for help); nil when
    /// the ladder is exhausted or stopped.
    public mutating func escalateNow(by agent: Agent, at now: Date, engine: EscalationEngine) -> EscalationStep? {
        guard var state = escalation, let step = engine.escalateNow(&state, at: now) else { return nil }
        escalation = state
        recordStep(step, forced: true, by: agent)
        return step
    }

    private mutating func recordStep(_ step: EscalationStep, forced: Bool, by agent: Agent = .system("escalation")) {
        let escalated = forced || step.id.level > 0 || step.id.cycle > 0
        record(.notified(step: step.id, users: step.users, receivers: step.receivers, escalated: escalated), at: step.dueAt, by: agent)
    }
}
