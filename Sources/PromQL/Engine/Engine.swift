import VigilCore

/// Evaluates PromQL over any `SeriesQueryable`, with Prometheus's semantics.
public struct Engine: Sendable {
    public var options: EngineOptions

    public init(options: EngineOptions = EngineOptions()) { self.options = options }

    /// Functions that can give two series the same labels.
    static let labelBuilders: Set<String> = ["label_replace", "label_join", "info"]

    /// Parses `query` with this engine's parser options.
    public func parse(_ query: String) throws(ParseError) -> Expr {
        try Parser.parse(query, options: options.parserOptions)
    }

    /// Runs an instant query at `time` (ms since the epoch).
    public func instantQuery<Q: SeriesQueryable>(_ expr: Expr, at time: Int64, storage: Q) throws -> (QueryResult, [Annotation]) {
        let evaluator = Evaluator(storage: storage, options: options, start: time, end: time, interval: 0)
        evaluator.mayDuplicateLabels = expr.callsAny(Self.labelBuilders)
        let expr = expr.hasDurationExpressions ? try expr.resolvingDurations(step: 0, range: 0) : expr
        let value = try evaluator.eval(expr, at: time)
        let result: QueryResult
        switch value {
        case .scalar(let v): result = .scalar(v)
        case .string(let s): result = .string(s)
        case .vector(let samples): result = .vector(try evaluator.finish(samples))
        case .matrix(let series):
            var out = series
            for i in out.indices where out[i].dropName || !options.delayedNameRemoval && false {
                out[i].metric = out[i].metric.droppingName()
                out[i].dropName = false
            }
            result = .matrix(out)
        }
        return (result, evaluator.sortedAnnotations)
    }

    /// Runs a range query: the expression at `start`, `start + step`, ... up to `end` (ms).
    public func rangeQuery<Q: SeriesQueryable>(_ expr: Expr, start: Int64, end: Int64, step: Int64, storage: Q) throws -> (QueryResult, [Annotation]) {
        guard step > 0 else { throw EvalError("zero or negative query resolution step widths are not accepted. Try a positive integer") }
        guard end >= start else { throw EvalError("end timestamp must not be before start time") }
        guard (end - start) / step < Int64(options.maxRangeSteps) else {
            throw EvalError("exceeded maximum resolution of \(options.maxRangeSteps) points per timeseries. Try decreasing the query resolution (?step=XX)")
        }
        guard expr.type == .scalar || expr.type == .vector else {
            throw EvalError("invalid expression type \(quoteGoString(expr.type.rawValue)) for range query, must be Scalar or instant Vector")
        }
        let evaluator = Evaluator(storage: storage, options: options, start: start, end: end, interval: step)
        evaluator.isRangeQuery = true
        evaluator.mayDuplicateLabels = expr.callsAny(Self.labelBuilders)
        let expr = expr.hasDurationExpressions ? try expr.resolvingDurations(step: step, range: end - start) : expr
        var index: [Labels: Int] = [:]
        var timestamps: [[Int64]] = []
        var values: [[Double]] = []
        var labels: [Labels] = []
        var previousSlots: [Int] = []
        var slots: [Int] = []
        var t = start
        while t <= end {
            let samples: [Sample]
            evaluator.budget.used = 0  // The sample limit applies to each step, as Prometheus's peak limit.
            switch try evaluator.eval(expr, at: t) {
            case .scalar(let v): samples = [Sample(metric: .empty, value: v, timestamp: t)]
            case .vector(let vector): samples = try evaluator.finish(vector)
            default: preconditionFailure("BUG: range query of a non-vector expression")
            }
            slots.removeAll(keepingCapacity: true)
            for (position, sample) in samples.enumerated() {
                let slot: Int
                if position < previousSlots.count, labels[previousSlots[position]] == sample.metric {
                    // Series usually come in the same order at every step: skip the hash lookup.
                    slot = previousSlots[position]
                } else if let existing = index[sample.metric] {
                    slot = existing
                } else {
                    slot = labels.count
                    index[sample.metric] = slot
                    labels.append(sample.metric)
                    timestamps.append([])
                    values.append([])
                }
                timestamps[slot].append(t)
                values[slot].append(sample.value)
                slots.append(slot)
            }
            swap(&previousSlots, &slots)
            t += step
        }
        var series: [RangeSeries] = []
        for i in labels.indices {
            series.append(RangeSeries(metric: labels[i], timestamps: timestamps[i][...], values: values[i][...]))
        }
        series.sort { Labels.promLess($0.metric, $1.metric) }
        return (.matrix(series), evaluator.sortedAnnotations)
    }
}
