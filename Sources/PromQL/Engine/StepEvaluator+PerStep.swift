import VigilCore

/// Nodes whose own operation needs a whole vector at one instant (`topk`, `quantile`,
/// `histogram_quantile`, label functions, ...): their arguments run node by node over all steps,
/// then the operation runs once per step over those values, so storage is never read per step.
extension StepEvaluator {
    /// Functions that need more than their arguments' values (sample timestamps, their own selection).
    static var perStepExcluded: Set<String> { ["timestamp", "info"] }

    func evalCallPerStep(_ call: Call) throws -> StepValue? {
        guard !Self.perStepExcluded.contains(call.function.name),
              call.args.allSatisfy({ $0.type != .matrix }) else { return nil }
        let args = try call.args.map(evalArgument)
        if call.function.returnType == .scalar {
            var values: [Double] = []
            values.reserveCapacity(steps.count)
            for (k, t) in steps.enumerated() {
                guard case .scalar(let v) = try base.applyCall(call, args: args.map { $0.value(at: k, t) }, at: t) else {
                    preconditionFailure("BUG: scalar function gave a non-scalar")
                }
                values.append(v)
            }
            return .scalar(values)
        }
        var collector = StepCollector(steps: steps.count)
        for (k, t) in steps.enumerated() {
            guard case .vector(let samples) = try base.applyCall(call, args: args.map { $0.value(at: k, t) }, at: t) else {
                preconditionFailure("BUG: vector function gave a non-vector")
            }
            collector.add(samples, at: k)
        }
        return .vector(collector.series)
    }

    func evalAggregationPerStep(_ aggregation: Aggregation) throws -> StepValue {
        let param = try aggregation.param.map(evalArgument)
        let input = try evalArgument(aggregation.expr)
        var collector = StepCollector(steps: steps.count)
        for (k, t) in steps.enumerated() {
            var number: Double = 0, label = ""
            switch param?.value(at: k, t) {
            case .scalar(let v)?: number = v
            case .string(let s)?: label = s
            default: break
            }
            guard case .vector(let samples) = input.value(at: k, t) else { preconditionFailure("BUG: aggregation over a non-vector") }
            collector.add(try base.aggregate(aggregation, samples, param: number, label: label, at: t), at: k)
        }
        return .vector(collector.series)
    }

    /// An argument evaluated over all steps (strings are constants).
    enum Argument {
        case string(String)
        case steps(StepValue)

        func value(at k: Int, _ t: Int64) -> Value {
            switch self {
            case .string(let s): return .string(s)
            case .steps(.scalar(let values)): return .scalar(values[k])
            case .steps(.vector(let series)):
                var samples: [Sample] = []
                for s in series where s.present[k] {
                    samples.append(Sample(metric: s.metric, value: s.values[k], timestamp: t, dropName: s.dropName))
                }
                return .vector(samples)
            }
        }
    }

    func evalArgument(_ expr: Expr) throws -> Argument {
        if expr.type == .string {
            guard case .string(let s) = try base.eval(expr, at: steps.first ?? 0) else { preconditionFailure("BUG: string node gave a non-string") }
            return .string(s)
        }
        return .steps(try eval(expr))
    }
}
