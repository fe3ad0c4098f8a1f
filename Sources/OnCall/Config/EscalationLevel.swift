import VigilConfig
import VigilCore

/// One rung of an escalation ladder (`escalation_policies[].levels[]`).
///
/// ```yaml
/// - after: 15m                 # since escalation started (the trigger plus escalate_after)
///   schedules: [backup]
/// - after: 0m
///   severities: [critical]     # only for these severities
///   everyone: true
/// ```
public struct EscalationLevel: Sendable, Hashable, Decodable {
    /// Offset from the start of escalation, not from the previous level.
    public var after: PromDuration
    public var targets: EscalationTargets
    /// The severities this level applies to; empty for all.
    public var severities: [Severity]

    public init(after: PromDuration, targets: EscalationTargets, severities: [Severity] = []) {
        self.after = after
        self.targets = targets
        self.severities = severities
    }

    public func applies(to severity: Severity) -> Bool { severities.isEmpty || severities.contains(severity) }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, after, users, schedules, receivers, everyone, severities }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "escalation level")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        after = try c.decode(PromDuration.self, forKey: .after, default: .zero)
        if after.milliseconds < 0 { throw c.invalid(.after, "after must not be negative") }
        targets = EscalationTargets(
            users: try c.decode([UserID].self, forKey: .users, default: []),
            schedules: try c.decode([String].self, forKey: .schedules, default: []),
            receivers: try c.decode([String].self, forKey: .receivers, default: []),
            everyone: try c.decode(Bool.self, forKey: .everyone, default: false))
        severities = try c.decode([Severity].self, forKey: .severities, default: [])
        if targets.isEmpty { throw c.invalid(.after, "escalation level has no targets (users, schedules, receivers or everyone)") }
    }
}
