import Foundation
import PromQL
import Templating
import VigilCore

/// What every rule evaluation needs besides the store: the engine, the server's identity for
/// templates, and the timing options of the rule manager.
public struct RuleEnvironment: Sendable {
    public var engine: Engine
    /// `global.external_labels`: visible to templates as `$externalLabels` (not added to alerts).
    public var externalLabels: [String: String]
    /// The server's external URL: `$externalURL`, `externalURL` and generator links.
    public var externalURL: String
    /// Minimum time between two sends of an unchanged firing alert (Prometheus: 1m).
    public var resendDelay: Int64
    /// How far back `ALERTS_FOR_STATE` is read when restoring `for` state after a restart.
    public var outageTolerance: Int64
    /// Minimum time a restored pending alert still waits (Prometheus's `for-grace-period`;
    /// Vigil defaults to 0: an alert pending 9 of 10 minutes fires 1 minute after a restart).
    public var forGracePeriod: Int64

    public init(engine: Engine = Engine(), externalLabels: [String: String] = [:], externalURL: String = "",
                resendDelay: Int64 = 60_000, outageTolerance: Int64 = 3_600_000, forGracePeriod: Int64 = 0) {
        self.engine = engine
        self.externalLabels = externalLabels
        self.externalURL = externalURL
        self.resendDelay = resendDelay
        self.outageTolerance = outageTolerance
        self.forGracePeriod = forGracePeriod
    }

    /// Template functions with `query` running instant queries at `time` against `storage`.
    func templateFunctions(at time: Int64, storage: some RuleStorage) -> FunctionTable {
        let engine = self.engine
        let context = PrometheusTemplateContext(externalURL: URL(string: externalURL)) { text in
            let expr = try engine.parse(text)
            let (result, _) = try engine.instantQuery(expr, at: time, storage: storage)
            switch result {
            case .vector(let samples):
                return samples.map { PrometheusSample(labels: $0.metric.dictionary, value: $0.value) }
            case .scalar(let value):
                return [PrometheusSample(labels: [:], value: value)]
            case .string, .matrix:
                throw EvalError("query result is not a vector or scalar")
            }
        }
        return FunctionTable.builtins.merging(.prometheus(context: context))
    }

    /// Prometheus's generator link for an expression: `<external URL>/graph?g0.expr=…&g0.tab=1`.
    func generatorURL(for query: String) -> String {
        externalURL + "/graph?g0.expr=" + Escaping.queryComponent(query) + "&g0.tab=1"
    }
}

/// Why a rule produced nothing this time; the text goes to `lastError`.
public struct RuleEvaluationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
