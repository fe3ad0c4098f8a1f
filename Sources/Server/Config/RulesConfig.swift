import PromQL
import Rules
import VigilConfig
import VigilCore

/// `rules`: how rule groups are evaluated (Prometheus keeps these in `global` and in
/// command-line flags; Vigil's `global` is Alertmanager's, so they live here).
public struct RulesConfig: Sendable, Hashable, Codable {
    /// Interval of groups that set none (Prometheus's `global.evaluation_interval`).
    public var evaluationInterval = PromDuration.minutes(1)
    /// `$externalLabels` in templates (Prometheus's `global.external_labels`).
    public var externalLabels: [String: String] = [:]
    /// Minimum time between two sends of an unchanged firing alert (`--rules.alert.resend-delay`).
    public var resendDelay = PromDuration.minutes(1)
    /// How long an outage may last for `for` state to be restored (`--rules.alert.for-outage-tolerance`).
    public var outageTolerance = PromDuration.hours(1)
    /// Minimum wait of a restored pending alert (`--rules.alert.for-grace-period`; Prometheus: 10m).
    public var forGracePeriod = PromDuration.zero

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case evaluationInterval = "evaluation_interval", externalLabels = "external_labels", resendDelay = "resend_delay"
        case outageTolerance = "outage_tolerance", forGracePeriod = "for_grace_period"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "rules")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RulesConfig()
        evaluationInterval = try c.decode(PromDuration.self, forKey: .evaluationInterval, default: d.evaluationInterval)
        externalLabels = try c.decode([String: String].self, forKey: .externalLabels, default: [:])
        resendDelay = try c.decode(PromDuration.self, forKey: .resendDelay, default: d.resendDelay)
        outageTolerance = try c.decode(PromDuration.self, forKey: .outageTolerance, default: d.outageTolerance)
        forGracePeriod = try c.decode(PromDuration.self, forKey: .forGracePeriod, default: d.forGracePeriod)
        if evaluationInterval.milliseconds <= 0 { throw c.invalid(.evaluationInterval, "evaluation_interval must be positive") }
        if resendDelay.milliseconds <= 0 { throw c.invalid(.resendDelay, "resend_delay must be positive") }
        for name in externalLabels.keys.sorted() where !LabelName.isValid(name) {
            throw c.invalid(.externalLabels, "invalid label name \(quoteGoString(name))")
        }
    }

    /// The evaluation environment for this config.
    func environment(engine: PromQL.Engine, externalURL: String) -> RuleEnvironment {
        RuleEnvironment(engine: engine, externalLabels: externalLabels, externalURL: externalURL,
                        resendDelay: resendDelay.milliseconds, outageTolerance: outageTolerance.milliseconds,
                        forGracePeriod: forGracePeriod.milliseconds)
    }
}
