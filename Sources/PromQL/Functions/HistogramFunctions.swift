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
        // Buckets grouped by their labels without `le`; bounds parsed once per distinct `le`.
        let grouping = LabelGrouping(dropping: ["le"])
        var keys: [Labels] = []
        var members: [[Bucket]] = []
        var slots = GroupSlots(capacity: 64)
        var bounds: [String: Double] = [:]
        for sample in context.vector(1) {
            var bound: Double?
            if let le = sample.metric["le"] {
                bound = bounds[le]
                if bound == nil {
                    bound = parseNumber(le.trimmingCharacters())
                    bounds[le] = bound
                }
            }
            guard let bound else {
                let name = sample.metric[Label.metricName] ?? ""
                context.warn("bucket label \"le\" is missing or has a malformed value of \(quoteGoString(sample.metric.value(of: "le"))) for metric name \(quoteGoString(name))")
                continue
            }
            let bucket = Bucket(upperBound: bound, count: sample.value)
            let hash = grouping.hash(sample.metric)
            if let group = slots.find(hash, { grouping.matches(sample.metric, key: keys[$0]) }) {
                members[group].append(bucket)
            } else {
                _ = slots.insert(hash)
                keys.append(grouping.key(sample.metric))
                members.append([bucket])
            }
        }
        var out: [Sample] = []
        out.reserveCapacity(keys.count)
        for (group, key) in keys.enumerated() {
            let (value, fixed) = bucketQuantile(q, &members[group])
            if fixed {
                context.info("input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \(quoteGoString(key[Label.metricName] ?? ""))")
            }
            out.append(context.droppingName(key, value: value))
        }
        return .vector(out)
    }

    /// The q-quantile from cumulative buckets; also whether monotonicity had to be forced.
    /// `buckets` is sorted and merged in place (its contents are scratch afterwards).
    static func bucketQuantile(_ q: Double, _ buckets: inout [Bucket]) -> (Double, Bool) {
        if q.isNaN { return (.nan, false) }
        if q < 0 { return (-.infinity, false) }
        if q > 1 { return (.infinity, false) }
        buckets.sort { $0.upperBound < $1.upperBound }
        guard let last = buckets.last, last.upperBound == .infinity else { return (.nan, false) }
        // Merge buckets with the same bound.
        var merged = 0
        for i in buckets.indices {
            if merged > 0, buckets[merged - 1].upperBound == buckets[i].upperBound {
                buckets[merged - 1].count += buckets[i].count
            } else {
                buckets[merged] = buckets[i]
                merged += 1
            }
        }
        buckets.removeLast(buckets.count - merged)
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
