import VigilCore

/// The values of one series at every step of a range query.
struct StepSeries {
    var metric: Labels
    var dropName: Bool
    var values: [Double]
    /// Whether the series has a value at each step (NaN is a value, so presence is separate).
    var present: [Bool]

    init(metric: Labels, dropName: Bool, steps: Int) {
        self.metric = metric
        self.dropName = dropName
        values = Array(repeating: 0, count: steps)
        present = Array(repeating: false, count: steps)
    }

    var isEmpty: Bool { !present.contains(true) }
}

/// What a node evaluates to over all steps.
enum StepValue {
    case scalar([Double])
    case vector([StepSeries])
}

/// Evaluates range queries node by node over all steps at once, as Prometheus's `rangeEval`
/// does: label work (grouping keys, name dropping) happens once per series instead of once per
/// step. Nodes it does not handle are evaluated step by step with `Evaluator` and merged, so
/// both paths share one set of semantics.
final class StepEvaluator<Q: SeriesQueryable> {
    let base: Evaluator<Q>
    let steps: [Int64]
    /// Whether the sample limit restarts at each step (top-level range queries; not subqueries).
    let resetsBudget: Bool
    var options: EngineOptions { base.options }

    init(base: Evaluator<Q>, steps: [Int64], resetsBudget: Bool = true) {
        self.base = base
        self.steps = steps
        self.resetsBudget = resetsBudget
    }

    func eval(_ expr: Expr) throws -> StepValue {
        switch expr {
        case .number(let v): return .scalar(Array(repeating: v, count: steps.count))
        case .paren(let inner): return try eval(inner)
        case .vectorSelector(let selector) where !selector.smoothed:
            return .vector(try selectVector(selector))
        case .negate(let inner):
            switch try eval(inner) {
            case .scalar(let values): return .scalar(values.map { -$0 })
            case .vector(var series):
                for i in series.indices {
                    series[i].values = series[i].values.map { -$0 }
                    dropName(&series[i])
                }
                if !options.delayedNameRemoval { try checkDuplicates(series) }
                return .vector(series)
            }
        case .call(let call):
            if let result = try evalCall(call) { return result }
            if call.function.name == "histogram_quantile" { return try evalHistogramQuantile(call) }
            if let result = try evalCallPerStep(call) { return result }
            return try fallback(expr)
        case .aggregate(let aggregation):
            if let result = try evalAggregation(aggregation) { return result }
            return try evalAggregationPerStep(aggregation)
        case .binary(let binary) where !binary.op.isSetOperator && (binary.lhs.type == .scalar || binary.rhs.type == .scalar):
            return try evalScalarBinary(binary)
        case .binary(let binary):
            if let result = try evalVectorBinary(binary) { return result }
            return try fallback(expr)
        default:
            return try fallback(expr)
        }
    }

    func dropName(_ series: inout StepSeries) {
        if options.delayedNameRemoval {
            series.dropName = true
        } else {
            series.metric = series.metric.droppingName()
        }
    }

    /// Rejects two series with the same labels present at the same step.
    func checkDuplicates(_ series: [StepSeries]) throws(EvalError) {
        var seen: [Labels: Int] = Dictionary(minimumCapacity: series.count)
        for (i, s) in series.enumerated() {
            guard let other = seen[s.metric] else {
                seen[s.metric] = i
                continue
            }
            for k in steps.indices where s.present[k] && series[other].present[k] {
                throw EvalError("vector cannot contain metrics with the same labelset")
            }
        }
    }

    // MARK: Step-by-step fallback

    func fallback(_ expr: Expr) throws -> StepValue {
        if expr.type == .scalar {
            var values: [Double] = []
            values.reserveCapacity(steps.count)
            for t in steps {
                if resetsBudget { base.budget.used = 0 }
                guard case .scalar(let v) = try base.eval(expr, at: t) else { preconditionFailure("BUG: scalar node gave a non-scalar") }
                values.append(v)
            }
            return .scalar(values)
        }
        var collector = StepCollector(steps: steps.count)
        for (k, t) in steps.enumerated() {
            if resetsBudget { base.budget.used = 0 }
            guard case .vector(let samples) = try base.eval(expr, at: t) else { preconditionFailure("BUG: vector node gave a non-vector") }
            collector.add(samples, at: k)
        }
        return .vector(collector.series)
    }

    // MARK: Selectors

    func selectVector(_ selector: VectorSelector) throws -> [StepSeries] {
        var out: [StepSeries] = []
        for s in try base.series(for: selector) {
            var series = StepSeries(metric: s.labels, dropName: false, steps: steps.count)
            let shift = s.values.startIndex - s.timestamps.startIndex
            var any = false
            for (k, t) in steps.enumerated() {
                let te = base.resolve(selector.at, default: t) - selector.offset
                let upper = Evaluator<Q>.upperBound(s.timestamps, te)
                guard upper > s.timestamps.startIndex else { continue }
                let ts = s.timestamps[upper - 1]
                let windowStart = te - options.lookbackDelta
                if options.leftClosed ? ts < windowStart : ts <= windowStart { continue }
                let value = s.values[upper - 1 + shift]
                if StaleMarker.isStale(value) { continue }
                series.values[k] = value
                series.present[k] = true
                any = true
            }
            if any { out.append(series) }
        }
        return out
    }

    /// The samples of `s` (without stale markers) in the window ending at `te`, as
    /// `Evaluator.selectMatrix` picks them.
    func window(_ s: SeriesSamples, end te: Int64, range: Int64) -> RangeSeries? {
        guard let (lower, upper) = window(s, end: te, range: range) else { return nil }
        let shift = s.values.startIndex - s.timestamps.startIndex
        return RangeSeries(metric: s.labels, timestamps: s.timestamps[lower..<upper], values: s.values[(lower + shift)..<(upper + shift)])
    }

    /// The index range of `s.timestamps` in the window ending at `te`; nil when it is empty.
    @inline(__always) func window(_ s: SeriesSamples, end te: Int64, range: Int64) -> (Int, Int)? {
        let ts0 = te - range
        let lower = options.leftClosed ? Evaluator<Q>.lowerBound(s.timestamps, ts0) : Evaluator<Q>.upperBound(s.timestamps, ts0)
        let upper = Evaluator<Q>.upperBound(s.timestamps, te)
        return lower < upper ? (lower, upper) : nil
    }

    /// `s` without its stale markers, which no window includes; shares storage when it has none.
    static func withoutStaleMarkers(_ s: SeriesSamples) -> SeriesSamples {
        guard s.values.contains(where: StaleMarker.isStale) else { return s }
        var timestamps: [Int64] = [], values: [Double] = []
        timestamps.reserveCapacity(s.count)
        values.reserveCapacity(s.count)
        for (t, v) in zip(s.timestamps, s.values) where !StaleMarker.isStale(v) {
            timestamps.append(t)
            values.append(v)
        }
        return SeriesSamples(labels: s.labels, timestamps: timestamps[...], values: values[...])
    }
}
