import Foundation
import VigilCore

/// Functions over range vectors: `rate`, `delta`, `deriv`, `*_over_time`, ...
enum RangeFunctions {
    /// Applies `body` to each series; a nil result drops the series. Names are dropped unless `keepName`.
    static func perSeries(_ context: FunctionContext, matrixIndex: Int = 0, keepName: Bool = false,
                          _ body: @escaping (RangeSeries) -> Double?) -> Value {
        if let capture = context.kernelCapture {
            // The step-vectorized evaluator applies the kernel to each series itself.
            capture.body = body
            capture.keepName = keepName
            return .vector([])
        }
        var out: [Sample] = []
        for series in context.matrix(matrixIndex) {
            guard let value = body(series) else { continue }
            if keepName {
                out.append(Sample(metric: series.metric, value: value, timestamp: context.time, dropName: series.dropName))
            } else {
                var sample = context.droppingName(series.metric, value: value)
                sample.dropName = sample.dropName || series.dropName
                out.append(sample)
            }
        }
        return .vector(out)
    }

    static func nonCounterInfo(_ context: inout FunctionContext) {
        var checked: String?
        for series in context.matrix(0) {
            guard let name = series.metric[Label.metricName], name != checked else { continue }
            checked = name
            if let info = nonCounterInfo(name: name) { context.info(info) }
        }
    }

    /// The info `rate`, `increase` and `irate` give for a metric whose name is not a counter's.
    static func nonCounterInfo(name: String) -> String? {
        if name.hasSuffix("_total") || name.hasSuffix("_sum") || name.hasSuffix("_count") || name.hasSuffix("_bucket") { return nil }
        return "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \(quoteGoString(name))"
    }

    /// Functions that give `nonCounterInfo`.
    static let countersOnly: Set<String> = ["rate", "increase", "irate"]

    static let table: [String: FunctionImplementation] = {
        var table: [String: FunctionImplementation] = [:]
        table["rate"] = { context in
            nonCounterInfo(&context)
            return rateFamily(context, counter: true, rate: true)
        }
        table["increase"] = { context in
            nonCounterInfo(&context)
            return rateFamily(context, counter: true, rate: false)
        }
        table["delta"] = { context in rateFamily(context, counter: false, rate: false) }
        table["irate"] = { context in
            nonCounterInfo(&context)
            return perSeries(context) { instantValue($0, rate: true) }
        }
        table["idelta"] = { context in perSeries(context) { instantValue($0, rate: false) } }
        table["deriv"] = { context in
            perSeries(context) { series in
                guard series.count >= 2 else { return nil }
                return linearRegression(series, interceptTime: series.timestamps[series.timestamps.startIndex]).slope
            }
        }
        table["predict_linear"] = { context in
            let duration = context.scalar(1)
            let time = context.time
            return perSeries(context) { series in
                guard series.count >= 2 else { return nil }
                let (slope, intercept) = linearRegression(series, interceptTime: time)
                return slope * duration + intercept
            }
        }
        table["resets"] = { context in
            perSeries(context) { series in
                var count = 0.0
                var previous = series.values.first ?? 0
                for v in series.values.dropFirst() {
                    if v < previous { count += 1 }
                    previous = v
                }
                return count
            }
        }
        table["changes"] = { context in
            perSeries(context) { series in
                var count = 0.0
                var previous = series.values.first ?? 0
                for v in series.values.dropFirst() {
                    if v != previous, !(v.isNaN && previous.isNaN) { count += 1 }
                    previous = v
                }
                return count
            }
        }
        table["avg_over_time"] = { context in perSeries(context) { average($0.values) } }
        table["sum_over_time"] = { context in
            perSeries(context) { series in
                var sum = 0.0, c = 0.0
                for v in series.values { (sum, c) = kahanSumInc(v, sum, c) }
                return sum + c
            }
        }
        table["min_over_time"] = { context in
            perSeries(context) { series in
                var result = series.values.first ?? .nan
                for v in series.values.dropFirst() where v < result || result.isNaN { result = v }
                return result
            }
        }
        table["max_over_time"] = { context in
            perSeries(context) { series in
                var result = series.values.first ?? .nan
                for v in series.values.dropFirst() where v > result || result.isNaN { result = v }
                return result
            }
        }
        table["count_over_time"] = { context in perSeries(context) { Double($0.count) } }
        table["last_over_time"] = { context in perSeries(context, keepName: true) { $0.values.last } }
        table["first_over_time"] = { context in perSeries(context, keepName: true) { $0.values.first } }
        table["present_over_time"] = { context in perSeries(context) { _ in 1 } }
        table["ts_of_last_over_time"] = { context in
            perSeries(context) { $0.timestamps.last.map { Double($0) / 1000 } }
        }
        table["ts_of_first_over_time"] = { context in
            perSeries(context) { $0.timestamps.first.map { Double($0) / 1000 } }
        }
        table["ts_of_max_over_time"] = { context in perSeries(context) { extremeTimestamp($0, max: true) } }
        table["ts_of_min_over_time"] = { context in perSeries(context) { extremeTimestamp($0, max: false) } }
        table["stdvar_over_time"] = { context in perSeries(context) { variance($0.values) } }
        table["stddev_over_time"] = { context in perSeries(context) { variance($0.values).squareRoot() } }
        table["quantile_over_time"] = { context in
            let q = context.scalar(0)
            if q.isNaN || q < 0 || q > 1 { context.warn("quantile value should be between 0 and 1, got \(formatGoFloat(q))") }
            return perSeries(context, matrixIndex: 1) { quantile(q, Array($0.values)) }
        }
        table["mad_over_time"] = { context in
            perSeries(context) { series in
                let values = Array(series.values)
                if values.contains(where: \.isNaN) { return .nan }
                let median = quantile(0.5, values)
                return quantile(0.5, values.map { Swift.abs($0 - median) })
            }
        }
        table["double_exponential_smoothing"] = { context in
            let sf = context.scalar(1), tf = context.scalar(2)
            guard sf > 0, sf < 1 else { throw EvalError("invalid smoothing factor. Expected: 0 < sf < 1, got: \(formatGoFloat(sf))") }
            guard tf > 0, tf < 1 else { throw EvalError("invalid trend factor. Expected: 0 < tf < 1, got: \(formatGoFloat(tf))") }
            return perSeries(context) { smooth($0.values, sf: sf, tf: tf) }
        }
        return table
    }()

    static func extremeTimestamp(_ series: RangeSeries, max: Bool) -> Double? {
        guard var best = series.values.first else { return nil }
        var bestIndex = 0
        for (i, v) in series.values.enumerated() where (max ? v >= best : v <= best) || best.isNaN {
            best = v
            bestIndex = i
        }
        return Double(series.timestamps[series.timestamps.startIndex + bestIndex]) / 1000
    }

    static func linearRegression(_ series: RangeSeries, interceptTime: Int64) -> (slope: Double, intercept: Double) {
        var n = 0.0, sumX = 0.0, cX = 0.0, sumY = 0.0, cY = 0.0, sumXY = 0.0, cXY = 0.0, sumX2 = 0.0, cX2 = 0.0
        let initY = series.values[series.values.startIndex]
        var constY = true
        var i = series.values.startIndex
        for t in series.timestamps {
            let y = series.values[i]
            i += 1
            if constY, y != initY { constY = false }
            n += 1
            let x = Double(t - interceptTime) / 1000
            (sumX, cX) = kahanSumInc(x, sumX, cX)
            (sumY, cY) = kahanSumInc(y, sumY, cY)
            (sumXY, cXY) = kahanSumInc(x * y, sumXY, cXY)
            (sumX2, cX2) = kahanSumInc(x * x, sumX2, cX2)
        }
        if constY {
            if initY.isInfinite { return (.nan, .nan) }
            return (0, initY)
        }
        sumX += cX; sumY += cY; sumXY += cXY; sumX2 += cX2
        let covXY = sumXY - sumX * sumY / n
        let varX = sumX2 - sumX * sumX / n
        let slope = covXY / varX
        return (slope, sumY / n - slope * sumX / n)
    }

    static func average(_ values: ArraySlice<Double>) -> Double {
        var sum = 0.0, c = 0.0, count = 0.0
        var mean = 0.0, incremental = false
        for v in values {
            count += 1
            if !incremental {
                let (s, nc) = kahanSumInc(v, sum, c)
                if !s.isInfinite || count == 1 {
                    (sum, c) = (s, nc)
                    continue
                }
                incremental = true
                mean = sum / (count - 1)
                c /= count - 1
            }
            if mean.isInfinite {
                if v.isInfinite, (mean > 0) == (v > 0) { continue }
                if !v.isInfinite, !v.isNaN { continue }
            }
            let current = mean + c
            (mean, c) = kahanSumInc(v / count - current / count, mean, c)
        }
        if incremental { return mean + c }
        return (sum + c) / count
    }

    static func variance(_ values: ArraySlice<Double>) -> Double {
        var count = 0.0, mean = 0.0, cMean = 0.0, aux = 0.0, cAux = 0.0
        for v in values {
            count += 1
            let delta = v - (mean + cMean)
            (mean, cMean) = kahanSumInc(delta / count, mean, cMean)
            (aux, cAux) = kahanSumInc(delta * (v - (mean + cMean)), aux, cAux)
        }
        return (aux + cAux) / count
    }

    static func smooth(_ values: ArraySlice<Double>, sf: Double, tf: Double) -> Double? {
        let v = Array(values)
        guard v.count >= 2 else { return nil }
        var s0 = 0.0, s1 = v[0], b = v[1] - v[0]
        for i in 1..<v.count {
            let x = sf * v[i]
            if i > 1 { b = tf * (s1 - s0) + (1 - tf) * b }
            let y = (1 - sf) * (s1 + b)
            s0 = s1
            s1 = x + y
        }
        return s1
    }
}
