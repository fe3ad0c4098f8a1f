import VigilCore

extension StepEvaluator {
    /// The subquery's inner evaluation times for the whole range query, when evaluating them
    /// once beats evaluating each outer step's window separately: the windows must overlap
    /// (range at least the query step) and the grid must stay within the sample limit.
    func subqueryGrid(_ q: Subquery) -> [Int64]? {
        guard q.rangeExpr == nil, q.stepExpr == nil, q.offsetExpr == nil, let first = steps.first, let last = steps.last else { return nil }
        let step = q.step > 0 ? q.step : options.defaultSubqueryStep
        if steps.count > 1, q.at == nil, q.range < base.interval { return nil }
        let (lo, _) = subqueryBounds(q, end: base.resolve(q.at, default: first) - q.offset, step: step)
        let hi = base.resolve(q.at, default: last) - q.offset
        guard hi >= lo else { return [] }
        let count = (hi - lo) / step + 1
        // Huge grids go step by step, where the per-step sample limit applies.
        guard count <= Int64(options.maxSamples / 10) else { return nil }
        return stride(from: lo, through: hi, by: Int(step)).map { $0 }
    }

    /// The first inner time of the window ending at `te`, as `Evaluator.evalSubquery` aligns it.
    func subqueryBounds(_ q: Subquery, end te: Int64, step: Int64) -> (Int64, Int64) {
        let windowStart = te - q.range
        var first = (windowStart / step) * step
        if options.leftClosed ? first < windowStart : first <= windowStart { first += step }
        return (first, te)
    }

    /// The subquery's series over the whole grid, as stored-series lookalikes, with their name flags.
    func subqueryPoints(_ q: Subquery) throws -> ([SeriesSamples], [Bool]) {
        guard let grid = subqueryGrid(q) else { preconditionFailure("BUG: subquery without a grid") }
        guard !grid.isEmpty else { return ([], []) }
        let inner = StepEvaluator(base: base, steps: grid, resetsBudget: false)
        guard case .vector(let series) = try inner.eval(q.expr) else { preconditionFailure("BUG: subquery of a non-vector") }
        // Series the step-by-step path would merge (same labels) become one.
        var index: [Labels: Int] = [:]
        var timestamps: [[Int64]] = [], values: [[Double]] = [], labels: [Labels] = [], drops: [Bool] = []
        var points: [[(Int64, Double)]] = []
        for s in series {
            let slot: Int
            if let existing = index[s.metric] {
                slot = existing
            } else {
                slot = labels.count
                index[s.metric] = slot
                labels.append(s.metric)
                drops.append(s.dropName)
                points.append([])
            }
            for k in grid.indices where s.present[k] { points[slot].append((grid[k], s.values[k])) }
        }
        for slot in labels.indices {
            let sorted = points[slot].sorted { $0.0 < $1.0 }
            timestamps.append(sorted.map(\.0))
            values.append(sorted.map(\.1))
        }
        let stored = labels.indices.map {
            SeriesSamples(labels: labels[$0], timestamps: timestamps[$0][...], values: values[$0][...])
        }
        return (stored, drops)
    }

    /// The points of a subquery series inside the window ending at `te`.
    func subqueryWindow(_ s: SeriesSamples, _ q: Subquery, end te: Int64) -> RangeSeries? {
        let step = q.step > 0 ? q.step : options.defaultSubqueryStep
        let (first, last) = subqueryBounds(q, end: te, step: step)
        let lower = Evaluator<Q>.lowerBound(s.timestamps, first)
        let upper = Evaluator<Q>.upperBound(s.timestamps, last)
        guard lower < upper else { return nil }
        let shift = s.values.startIndex - s.timestamps.startIndex
        return RangeSeries(metric: s.labels, timestamps: s.timestamps[lower..<upper], values: s.values[(lower + shift)..<(upper + shift)])
    }
}
