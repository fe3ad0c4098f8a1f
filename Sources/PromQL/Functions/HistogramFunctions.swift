import VigilCore

/// `histogram_quantile` over classic `le` buckets.
enum HistogramFunctions {
    static let table: [String: FunctionImplementation] = [
        "histogram_quantile": { context in histogramQuantile(&context) },
    ]

    struct Bucket { var upperBound: Double; var count: Double }

    static func histogramQuantile(_ context: inout FunctionContext) -> Value {
        let q = context.scalar(0)
        if q.isNaN || q < 0 || q > 1 { context.warn("quantile value should be between 0 and 1, got \(formatGoFloat(q))") }
        var order: [Labels] = []
        var groups: [Labels: [Bucket]] = [:]
        var drops: [Labels: Bool] = [:]
        for sample in context.vector(1) {
            guard let le = sample.metric["le"], let bound = parseNumber(le.trimmingCharacters()) else {
                let name = sample.metric[Label.metricName] ?? ""
                context.warn("bucket label \"le\" is missing or has a malformed value of \(quoteGoString(sample.metric.value(of: "le"))) for metric name \(quoteGoString(name))")
                continue
            }
            let key = sample.metric.removing(["le"])
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(Bucket(upperBound: bound, count: sample.value))
            drops[key] = true
        }
        var out: [Sample] = []
        for key in order {
            guard let buckets = groups[key] else { continue }
            let (value, fixed) = bucketQuantile(q, buckets)
            if fixed {
                context.info("input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \(quoteGoString(key[Label.metricName] ?? ""))")
            }
            out.append(context.droppingName(key, value: value))
        }
        return .vector(out)
    }

    /// The q-quantile from cumulative buckets; also whether monotonicity had to be forced.
    static func bucketQuantile(_ q: Double, _ input: [Bucket]) -> (Double, Bool) {
        if q.isNaN { return (.nan, false) }
        if q < 0 { return (-.infinity, false) }
        if q > 1 { return (.infinity, false) }
        var buckets = input.sorted { $0.upperBound < $1.upperBound }
        guard let last = buckets.last, last.upperBound == .infinity else { return (.nan, false) }
        // Merge buckets with the same bound.
        var merged: [Bucket] = []
        for bucket in buckets {
            if let tail = merged.last, tail.upperBound == bucket.upperBound {
                merged[merged.count - 1].count += bucket.count
            } else {
                merged.append(bucket)
            }
        }
        buckets = merged
        var forced = false
        var maxCount = -Double.infinity
        for i in buckets.indices {
            if buckets[i].count > maxCount {
                maxCount = buckets[i].count
            } else if buckets[i].count < maxCount {
                forced = true
                buckets[i].count = maxCount
            }
        }
        guard buckets.count >= 2 else { return (.nan, forced) }
        let observations = buckets[buckets.count - 1].count
        guard observations != 0, !observations.isNaN else { return (.nan, forced) }
        var rank = q * observations
        var b = buckets.firstIndex { $0.count >= rank } ?? buckets.count - 1
        if b == buckets.count - 1 { return (buckets[buckets.count - 2].upperBound, forced) }
        if b == 0, buckets[0].upperBound <= 0 { return (buckets[0].upperBound, forced) }
        if b >= buckets.count { b = buckets.count - 1 }
        var bucketStart = 0.0
        let bucketEnd = buckets[b].upperBound
        var count = buckets[b].count
        if b > 0 {
            bucketStart = buckets[b - 1].upperBound
            count -= buckets[b - 1].count
            rank -= buckets[b - 1].count
        }
        return (bucketStart + (bucketEnd - bucketStart) * (rank / count), forced)
    }
}

extension String {
    func trimmingCharacters() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
