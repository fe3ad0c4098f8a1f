import Foundation
import VigilCore

/// Decides, from the config alone, which escalation steps are due for an incident at a given
/// instant. Pure: no clock, no timers, no I/O. A driver calls `advance` with its clock's "now"
/// and sleeps until `nextDeadline`; the steps returned are what it must send.
///
/// ```swift
/// let engine = EscalationEngine(config: config)
/// var state = engine.start(severity: "critical", triggeredAt: t0)!
/// engine.advance(&state, to: t0).map(\.users)             // [["alice"]]: level 1 at once
/// engine.nextDeadline(state)                               // t0 + 15 min
/// ```
public struct EscalationEngine: Sendable {
    public let config: OnCallConfig

    public init(config: OnCallConfig) { self.config = config }

    /// The ladder for a new incident, or nil when its severity has no escalation policy.
    /// `policy` overrides the severity policy's choice (an incident rule's `escalation_policy`).
    public func start(severity: Severity, policy: String? = nil, triggeredAt: Date) -> EscalationState? {
        let severityPolicy = config.severityPolicy(for: severity)
        guard let name = policy ?? severityPolicy?.escalationPolicy, config.escalationPolicy(named: name) != nil else { return nil }
        let delay = severityPolicy?.escalateAfter ?? .zero
        let startsAt = severityPolicy?.deadline(after: triggeredAt, delay) ?? triggeredAt.addingTimeInterval(delay.seconds)
        return EscalationState(policy: name, severity: severity, triggeredAt: triggeredAt, startsAt: startsAt)
    }

    /// Every step of the ladder with its due time, sent or not, in the order they fall due.
    public func plan(_ state: EscalationState) -> [(id: EscalationStep.ID, dueAt: Date)] {
        guard let policy = config.escalationPolicy(named: state.policy) else { return [] }
        let runLength = policy.repeatAfter?.seconds ?? 0
        var out: [(id: EscalationStep.ID, dueAt: Date)] = []
        for cycle in 0...policy.repeatCount {
            for (index, level) in policy.levels.enumerated() where level.applies(to: state.severity) {
                let due = state.startsAt.addingTimeInterval(Double(cycle) * runLength + level.after.seconds)
                out.append((EscalationStep.ID(cycle: cycle, level: index), due))
            }
        }
        return out.sorted { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }
    }

    /// When the next unsent step falls due; nil once stopped or when every step was sent.
    public func nextDeadline(_ state: EscalationState) -> Date? {
        guard !state.isStopped else { return nil }
        return plan(state).first { !state.notified.contains($0.id) }?.dueAt
    }

    /// The steps due at `now` and not yet sent, in order, marked as sent. Steps that fell due
    /// while the server was down are all returned, once, at the first call after it restarts.
    public func advance(_ state: inout EscalationState, to now: Date) -> [EscalationStep] {
        guard !state.isStopped else { return [] }
        var due: [EscalationStep] = []
        for entry in plan(state) where entry.dueAt <= now && !state.notified.contains(entry.id) {
            state.markNotified(entry.id)
            due.append(step(entry.id, dueAt: entry.dueAt, state: state))
        }
        return due
    }

    /// Sends the next unsent step now, ahead of its deadline (a responder pressing "escalate").
    /// Nil when stopped or when the ladder is exhausted.
    public func escalateNow(_ state: inout EscalationState, at now: Date) -> EscalationStep? {
        guard !state.isStopped, let next = plan(state).first(where: { !state.notified.contains($0.id) }) else { return nil }
        state.markNotified(next.id)
        return step(next.id, dueAt: now, state: state)
    }

    /// Resolves a level's targets at `dueAt`: named users, whoever each schedule has on call
    /// then, and every user for `everyone`; each person once, in that order.
    public func step(_ id: EscalationStep.ID, dueAt: Date, state: EscalationState) -> EscalationStep {
        guard let policy = config.escalationPolicy(named: state.policy), policy.levels.indices.contains(id.level) else {
            return EscalationStep(id: id, dueAt: dueAt, users: [], receivers: [])
        }
        let targets = policy.levels[id.level].targets
        var users: [UserID] = []
        var uncovered: [String] = []
        func add(_ user: UserID) { if !users.contains(user) { users.append(user) } }
        targets.users.forEach(add)
        for name in targets.schedules {
            if let user = config.schedule(named: name)?.onCall(at: dueAt) { add(user) } else { uncovered.append(name) }
        }
        if targets.everyone { config.users.map(\.id).forEach(add) }
        return EscalationStep(id: id, dueAt: dueAt, users: users, receivers: targets.receivers, uncoveredSchedules: uncovered)
    }
}
