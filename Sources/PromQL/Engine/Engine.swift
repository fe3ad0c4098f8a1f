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
        guard abs(time) <= Parser.maxTimestampMillis else { throw EvalError("evaluation time out of range") }
        let evaluator = Evaluator(storage: storage, options: options, start: time, end: time, interval: 0)
        evaluator.streamsRangeCalls = true
        evaluator.mayDuplicateLabels = expr.callsAny(Self.labelBuilders)
        let expr = expr.hasDurationExpressions ? try expr.resolvingDurations(step: 0, range: 0) : expr
        evaluator.selectionWindows = SelectionWindows(expr, start: time, end: time, lookback: options.lookbackDelta)
        let value = try evaluator.eval(expr, at: time)
        let result: QueryResult
        switch value {
        case .scalar(let v): result = .scalar(v)
        case .string(let s): result = .string(s)
        case .vector(let samples): result = .vector(try evaluator.finish(samples))
        case .matrix(let series):
            var out = series
            for i in out.indices where out[i].dropName {
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
        guard abs(start) <= Parser.maxTimestampMillis, abs(end) <= Parser.maxTimestampMillis else {
            throw EvalError("query time range out of range")
        }
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
        evaluator.selectionWindows = SelectionWindows(expr, start: start, end: end, lookback: options.lookbackDelta)
        var steps: [Int64] = []
        var t = start
        while t <= end {
            steps.append(t)
            t += step
        }
        let stepEvaluator = StepEvaluator(base: evaluator, steps: steps)
        var series: [RangeSeries] = []
        switch try stepEvaluator.eval(expr) {
        case .scalar(let values):
            series.append(RangeSeries(metric: .empty, timestamps: steps[...], values: values[...]))
        case .vector(let stepSeries):
            // Delayed name removal, then series that now share labels merge (present at
            // different steps) or collide (present at the same step).
            var merged: [StepSeries] = []
            var index: [Labels: Int] = [:]
            for var s in stepSeries {
                if s.dropName {
                    s.metric = s.metric.droppingName()
                    s.dropName = false
                }
                guard let existing = index[s.metric] else {
                    index[s.metric] = merged.count
                    merged.append(s)
                    continue
                }
                for k in steps.indices where s.present[k] {
                    if merged[existing].present[k] { throw EvalError("vector cannot contain metrics with the same labelset") }
                    merged[existing].present[k] = true
                    merged[existing].values[k] = s.values[k]
                }
            }
            for s in merged {
                var ts: [Int64] = [], vs: [Double] = []
                for k in steps.indices where s.present[k] {
                    ts.append(steps[k])
                    vs.append(s.values[k])
                }
                if !ts.isEmpty { series.append(RangeSeries(metric: s.metric, timestamps: ts[...], values: vs[...])) }
            }
        }
        series.sort { Labels.promLess($0.metric, $1.metric) }
        return (.matrix(series), evaluator.sortedAnnotations)
    }
}
