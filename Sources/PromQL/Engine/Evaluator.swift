import VigilCore

/// The state of one query: storage, options, selection cache and annotations.
final class Evaluator<Q: SeriesQueryable> {
    let storage: Q
    let options: EngineOptions
    let start: Int64
    let end: Int64
    let interval: Int64
    private var selectCache: [String: [SeriesSamples]] = [:]
    /// What each selector can read; nil reads whole series.
    var selectionWindows: SelectionWindows?
    var annotations: Set<Annotation> = []
    /// Set for range queries (some functions warn there).
    var isRangeQuery = false
    /// Whether range-vector functions over a selector may read series one at a time
    /// (`evalStreamingRangeCall`): only for an instant query's own evaluator, whose selectors
    /// run once; step-by-step evaluation reads each selection once for every step instead.
    var streamsRangeCalls = false
    /// Points touched in the current step, shared with subquery evaluators, against `options.maxSamples`.
    final class Budget { var used = 0 }
    var budget = Budget()

    @inline(__always) func spend(_ points: Int) throws(EvalError) {
        budget.used &+= points
        if budget.used > options.maxSamples {
            throw EvalError("query processing would load too many samples into memory in query execution")
        }
    }

    init(storage: Q, options: EngineOptions, start: Int64, end: Int64, interval: Int64) {
        self.storage = storage
        self.options = options
        self.start = start
        self.end = end
        self.interval = interval
    }

    var sortedAnnotations: [Annotation] { annotations.sorted { $0.description < $1.description } }

    func warn(_ message: String) { annotations.insert(Annotation(kind: .warning, message: message)) }
    func info(_ message: String) { annotations.insert(Annotation(kind: .info, message: message)) }

    /// Whether the query may build equal label sets itself (label functions, `info`), so final
    /// vectors must always be checked for duplicates.
    var mayDuplicateLabels = true

    /// Applies delayed name removal and rejects duplicate label sets in a final vector.
    func finish(_ samples: [Sample]) throws(EvalError) -> [Sample] {
        var out = samples
        // Dropping names can only collide when the dropped samples had different names.
        var firstName: String?
        var severalNames = false
        for i in out.indices where out[i].dropName {
            let name = out[i].metric.value(of: Label.metricName)
            if let firstName { if firstName != name { severalNames = true } } else { firstName = name }
            out[i].metric = out[i].metric.droppingName()
            out[i].dropName = false
        }
        if severalNames || (options.delayedNameRemoval && mayDuplicateLabels) { try checkDuplicates(out) }
        return out
    }

    func checkDuplicates(_ samples: [Sample]) throws(EvalError) {
        guard samples.count > 1 else { return }
        if samples.count == 2 {
            if samples[0].metric == samples[1].metric { throw EvalError("vector cannot contain metrics with the same labelset") }
            return
        }
        var seen = Set<Labels>(minimumCapacity: samples.count)
        for sample in samples where !seen.insert(sample.metric).inserted {
            throw EvalError("vector cannot contain metrics with the same labelset")
        }
    }

    /// Drops `__name__` now (2.x) or marks it for dropping at the end (3.x).
    @inline(__always) func dropName(_ sample: inout Sample) {
        if options.delayedNameRemoval {
            sample.dropName = true
        } else {
            sample.metric = sample.metric.droppingName()
        }
    }

    func resolve(_ at: AtModifier?, default t: Int64) -> Int64 {
        switch at {
        case nil: return t
        case .timestamp(let ts): return ts
        case .start: return start
        case .end: return end
        }
    }

    // MARK: Dispatch

    func eval(_ expr: Expr, at t: Int64) throws -> Value {
        switch expr {
        case .number(let v): return .scalar(v)
        case .string(let s): return .string(s)
        case .paren(let inner): return try eval(inner, at: t)
        case .negate(let inner):
            switch try eval(inner, at: t) {
            case .scalar(let v): return .scalar(-v)
            case .vector(var samples):
                for i in samples.indices {
                    samples[i].value = -samples[i].value
                    dropName(&samples[i])
                }
                if !options.delayedNameRemoval { try checkDuplicates(samples) }
                return .vector(samples)
            default: preconditionFailure("BUG: negation of a non-numeric value")
            }
        case .vectorSelector(let selector):
            return .vector(try selectVector(selector, at: t))
        case .matrixSelector(let selector, let range):
            return .matrix(try selectMatrix(selector, range: range, at: t))
        case .subquery(let subquery):
            return .matrix(try evalSubquery(subquery, at: t))
        case .call(let call):
            return try evalCall(call, at: t)
        case .aggregate(let aggregation):
            return .vector(try evalAggregation(aggregation, at: t))
        case .binary(let binary):
            return try evalBinary(binary, at: t)
        }
    }

    // MARK: Selection

    func series(for selector: VectorSelector) throws -> [SeriesSamples] {
        let key = SelectionWindows.key(selector)
        if let cached = selectCache[key] { return cached }
        let window = selectionWindows?.window(for: key)
        let selected = try storage.select(selector.matchers, mint: window?.mint ?? Int64.min / 2, maxt: window?.maxt ?? Int64.max / 2)
        selectCache[key] = selected
        return selected
    }

    /// Index of the first timestamp greater than `t` (or `>= t` when `inclusive` is false).
    @inline(__always) static func upperBound(_ ts: ArraySlice<Int64>, _ t: Int64) -> Int {
        var low = ts.startIndex, high = ts.endIndex
        while low < high {
            let mid = (low + high) >> 1
            if ts[mid] <= t { low = mid + 1 } else { high = mid }
        }
        return low
    }

    @inline(__always) static func lowerBound(_ ts: ArraySlice<Int64>, _ t: Int64) -> Int {
        var low = ts.startIndex, high = ts.endIndex
        while low < high {
            let mid = (low + high) >> 1
            if ts[mid] < t { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func selectVector(_ selector: VectorSelector, at t: Int64) throws -> [Sample] {
        let te = resolve(selector.at, default: t) - selector.offset
        let windowStart = te - options.lookbackDelta
        var out: [Sample] = []
        for s in try series(for: selector) {
            let upper = Self.upperBound(s.timestamps, te)
            guard upper > s.timestamps.startIndex else { continue }
            let index = upper - 1
            let ts = s.timestamps[index]
            if options.leftClosed ? ts < windowStart : ts <= windowStart { continue }
            let shift = s.values.startIndex - s.timestamps.startIndex
            var value = s.values[index + shift]
            if StaleMarker.isStale(value) { continue }
            if selector.smoothed, ts < te, upper < s.timestamps.endIndex {
                let nextT = s.timestamps[upper], next = s.values[upper + shift]
                if nextT <= te + options.lookbackDelta, !StaleMarker.isStale(next) {
                    value += (next - value) * Double(te - ts) / Double(nextT - ts)
                }
            }
            out.append(Sample(metric: s.labels, value: value, timestamp: ts))
        }
        return out
    }

    func selectMatrix(_ selector: VectorSelector, range: Int64, at t: Int64) throws -> [RangeSeries] {
        let te = resolve(selector.at, default: t) - selector.offset
        let ts0 = te - range
        var out: [RangeSeries] = []
        for s in try series(for: selector) {
            var lower = options.leftClosed ? Self.lowerBound(s.timestamps, ts0) : Self.upperBound(s.timestamps, ts0)
            var upper = Self.upperBound(s.timestamps, te)
            if selector.anchored, lower >= upper { continue }
            if selector.anchored || selector.smoothed {
                // Extended selectors add the sample before the window (within the lookback delta).
                if lower > s.timestamps.startIndex, s.timestamps[lower - 1] > ts0 - options.lookbackDelta { lower -= 1 }
            }
            if selector.smoothed, upper < s.timestamps.endIndex, s.timestamps[upper] <= te + options.lookbackDelta { upper += 1 }
            guard lower < upper else { continue }
            try spend(upper - lower)
            let shift = s.values.startIndex - s.timestamps.startIndex
            if let window = RangeSeries(metric: s.labels, live: s.timestamps[lower..<upper], s.values[(lower + shift)..<(upper + shift)]) {
                out.append(window)
            }
        }
        return out
    }

    // MARK: Subqueries

    func evalSubquery(_ subquery: Subquery, at t: Int64) throws -> [RangeSeries] {
        let te = resolve(subquery.at, default: t) - subquery.offset
        let step = subquery.step > 0 ? subquery.step : options.defaultSubqueryStep
        let windowStart = te - subquery.range
        var first = (windowStart / step) * step
        if options.leftClosed ? first < windowStart : first <= windowStart { first += step }
        var index: [Labels: Int] = [:]
        var labels: [Labels] = []
        var drops: [Bool] = []
        var timestamps: [[Int64]] = []
        var values: [[Double]] = []
        let inner = Evaluator(storage: storage, options: options, start: start, end: end, interval: interval)
        inner.isRangeQuery = isRangeQuery
        inner.budget = budget
        let stepCount = te >= first ? (te - first) / step + 1 : 0
        try spend(Int(clamping: stepCount))
        inner.selectCache = selectCache
        inner.selectionWindows = selectionWindows
        var points: [Int64] = []
        var point = first
        while point <= te {
            points.append(point)
            point += step
        }
        // The inner expression runs over all of the subquery's points at once.
        guard case .vector(let series) = try StepEvaluator(base: inner, steps: points, resetsBudget: false).eval(subquery.expr) else {
            preconditionFailure("BUG: subquery of a non-vector expression")
        }
        var merged = false
        for s in series {
            let slot: Int
            if let existing = index[s.metric] {
                slot = existing
                merged = true
            } else {
                slot = labels.count
                index[s.metric] = slot
                labels.append(s.metric)
                drops.append(s.dropName)
                timestamps.append([])
                values.append([])
            }
            for k in points.indices where s.present[k] {
                timestamps[slot].append(points[k])
                values[slot].append(s.values[k])
            }
        }
        if merged {
            // Series that met under one label set: put their points back in time order.
            for slot in labels.indices {
                let order = timestamps[slot].indices.sorted { timestamps[slot][$0] < timestamps[slot][$1] }
                timestamps[slot] = order.map { timestamps[slot][$0] }
                values[slot] = order.map { values[slot][$0] }
            }
        }
        annotations.formUnion(inner.annotations)
        selectCache = inner.selectCache
        return labels.indices.map {
            RangeSeries(metric: labels[$0], timestamps: timestamps[$0][...], values: values[$0][...], dropName: drops[$0])
        }
    }
}
