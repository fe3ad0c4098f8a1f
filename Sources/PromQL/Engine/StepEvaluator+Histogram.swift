import VigilCore

extension StepEvaluator {
    /// `histogram_quantile` over classic buckets at every step: buckets are grouped by their
    /// labels (without `le`) and their bounds parsed once per query, not once per step.
    func evalHistogramQuantile(_ call: Call) throws -> StepValue {
        guard case .scalar(let quantiles) = try eval(call.args[0]), case .vector(let input) = try eval(call.args[1]) else {
            preconditionFailure("BUG: histogram_quantile arguments of wrong types")
        }
        for q in Set(quantiles.map(\.bitPattern)).map(Double.init(bitPattern:)) where q.isNaN || q < 0 || q > 1 {
            base.warn("quantile value should be between 0 and 1, got \(formatGoFloat(q))")
        }
        var keys: [Labels] = []
        var index: [Labels: Int] = [:]
        var members: [[(bound: Double, series: Int)]] = []
        for (i, s) in input.enumerated() where !s.isEmpty {
            guard let le = s.metric["le"], let bound = parseNumber(le.trimmingCharacters()) else {
                let name = s.metric[Label.metricName] ?? ""
                base.warn("bucket label \"le\" is missing or has a malformed value of \(quoteGoString(s.metric.value(of: "le"))) for metric name \(quoteGoString(name))")
                continue
            }
            let key = s.metric.removing(["le"])
            if let g = index[key] {
                members[g].append((bound, i))
            } else {
                index[key] = keys.count
                keys.append(key)
                members.append([(bound, i)])
            }
        }
        var out: [StepSeries] = []
        var buckets: [HistogramFunctions.Bucket] = []
        for (g, key) in keys.enumerated() {
            var series = StepSeries(metric: key, dropName: false, steps: steps.count)
            for k in steps.indices {
                buckets.removeAll(keepingCapacity: true)
                for member in members[g] where input[member.series].present[k] {
                    buckets.append(HistogramFunctions.Bucket(upperBound: member.bound, count: input[member.series].values[k]))
                }
                if buckets.isEmpty { continue }
                let (value, fixed) = HistogramFunctions.bucketQuantile(quantiles[k], &buckets)
                if fixed {
                    base.info("input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \(quoteGoString(key[Label.metricName] ?? ""))")
                }
                series.values[k] = value
                series.present[k] = true
            }
            dropName(&series)
            out.append(series)
        }
        if !options.delayedNameRemoval { try checkDuplicates(out) }
        return .vector(out)
    }
}
