import PromQL
import Templating
import VigilCore

/// Whether a rule's last evaluation worked.
public enum RuleHealth: String, Sendable, Hashable { case unknown, ok, err }

/// A rule and what its evaluations left behind: health, timings and, for alerting rules, the
/// active alerts.
public struct RuleState: Sendable {
    public let definition: RuleDefinition
    public internal(set) var health = RuleHealth.unknown
    public internal(set) var lastError: String?
    /// Milliseconds since the epoch of the last evaluation.
    public internal(set) var lastEvaluation: Int64?
    /// Seconds the last evaluation took.
    public internal(set) var evaluationDuration = 0.0
    /// Alerts by label set (alerting rules only); resolved ones stay 15 minutes to be sent.
    public internal(set) var alerts: [Labels: ActiveAlert] = [:]
    let templates: AlertTemplates?

    public init(_ definition: RuleDefinition) {
        self.definition = definition
        templates = definition.kind == .alerting ? AlertTemplates(rule: definition) : nil
    }

    /// Active (pending or firing) alerts, in label order.
    public var activeAlerts: [ActiveAlert] {
        alerts.values.filter { $0.state != .inactive }.sorted { Labels.precedes($0.labels, $1.labels) }
    }

    /// The highest state among the alerts (`inactive` when none).
    public var state: AlertState {
        var state = AlertState.inactive
        for alert in alerts.values {
            if alert.state == .firing { return .firing }
            if alert.state == .pending { state = .pending }
        }
        return state
    }

    /// Takes the query result of one evaluation at `ts`: the samples to write.
    mutating func apply(_ result: QueryResult, at ts: Int64, limit: Int, functions: () -> FunctionTable,
                        environment: RuleEnvironment, restore: ForStateRestore?) throws -> [RuleSample] {
        switch definition.kind {
        case .recording: return try record(result, at: ts, limit: limit)
        case .alerting:
            return try evaluateAlerts(try Self.vector(result), at: ts, limit: limit, functions: functions,
                                      environment: environment, restore: restore)
        }
    }

    /// A vector as rules see query results: a scalar is one sample without labels.
    static func vector(_ result: QueryResult) throws -> [Sample] {
        switch result {
        case .vector(let samples): return samples
        case .scalar(let value): return [Sample(metric: .empty, value: value, timestamp: 0)]
        case .string, .matrix: throw RuleEvaluationError("rule result is not a vector or scalar")
        }
    }

    /// Recording rule: the result renamed and relabelled.
    private func record(_ result: QueryResult, at ts: Int64, limit: Int) throws -> [RuleSample] {
        let samples = try Self.vector(result)
        var output: [RuleSample] = []
        output.reserveCapacity(samples.count)
        var seen: Set<Labels> = []
        for sample in samples {
            var labels = sample.metric.setting("__name__", to: definition.name)
            for (name, value) in definition.labels {
                labels = value.isEmpty ? labels.removing([name]) : labels.setting(name, to: value)
            }
            guard seen.insert(labels).inserted else {
                throw RuleEvaluationError("vector contains metrics with the same labelset after applying rule labels")
            }
            output.append(RuleSample(labels: labels, timestamp: ts, value: sample.value))
        }
        if limit > 0 && output.count > limit {
            throw RuleEvaluationError("exceeded limit of \(limit) with \(output.count) series")
        }
        return output
    }
}
