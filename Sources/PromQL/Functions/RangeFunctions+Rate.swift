import Foundation
import VigilCore

/// `rate`, `increase`, `delta`, `irate`, `idelta`: extrapolated, extended and instant rates.
extension RangeFunctions {
    /// `rate`/`increase`/`delta` over an `anchored` or `smoothed` range: the change between the
    /// window edges (interpolated when smoothed), with counter resets corrected.
    static func extendedRate(_ series: RangeSeries, counter: Bool, rate: Bool, start: Int64, end: Int64, smoothed: Bool) -> Double? {
        let ts = Array(series.timestamps), vs = Array(series.values)
        guard !ts.isEmpty else { return nil }
        var last = ts.count - 1
        var first = max(0, (ts[..<last].firstIndex { $0 > start } ?? last) - 1)
        if smoothed { last = ts[..<last].firstIndex { $0 >= end } ?? last }
        if ts[last] <= start { return nil }
        if smoothed, ts[first] > end { return nil }
        func interpolate(_ i: Int, _ j: Int, _ t: Int64) -> Double {
            var y1 = vs[i]
            let y2 = vs[j]
            if counter, y2 < y1 { y1 = 0 }
            return y1 + (y2 - y1) * Double(t - ts[i]) / Double(ts[j] - ts[i])
        }
        let left = smoothed && ts[first] < start ? interpolate(first, first + 1, start) : vs[first]
        let right = smoothed && last > 0 && ts[last] > end ? interpolate(last - 1, last, end) : vs[last]
        var result = right - left
        if counter {
            if ts[first] <= start { first += 1 }
            if ts[last] >= end { last -= 1 }
            var previous = left
            if first <= last {
                for v in vs[first...last] {
                    if v < previous { result += previous }
                    previous = v
                }
            }
            if right < previous { result += previous }
        }
        if rate { result /= Double(end - start) / 1000 }
        return result
    }

    static func rateFamily(_ context: FunctionContext, counter: Bool, rate: Bool) -> Value {
        let (start, end) = (context.rangeStart, context.rangeEnd)
        if context.anchored || context.smoothed {
            let smoothed = context.smoothed
            return perSeries(context) { extendedRate($0, counter: counter, rate: rate, start: start, end: end, smoothed: smoothed) }
        }
        let legacy = context.options.compatibility == .prometheus2
        return perSeries(context) { extrapolatedRate($0, counter: counter, rate: rate, start: start, end: end, legacy: legacy) }
    }

    /// Prometheus's `extrapolatedRate`: the change over the window, extrapolated to its edges.
    static func extrapolatedRate(_ series: RangeSeries, counter: Bool, rate: Bool, start: Int64, end: Int64,
                                 legacy: Bool = false) -> Double? {
        let n = series.count
        guard n >= 2 else { return nil }
        let ts = series.timestamps, vs = series.values
        let firstT = ts[ts.startIndex], lastT = ts[ts.endIndex - 1]
        let firstV = vs[vs.startIndex], lastV = vs[vs.endIndex - 1]
        var result = lastV - firstV
        if counter { result = addingResetCorrections(to: result, vs) }
        return extrapolate(result, firstT: firstT, lastT: lastT, firstV: firstV, count: n, counter: counter, rate: rate,
                           start: start, end: end, legacy: legacy)
    }

    /// `result` plus what counter resets in `values` hide from `last - first` (the value before
    /// each drop), added one by one as Prometheus does.
    @inline(__always) static func addingResetCorrections(to result: Double, _ values: ArraySlice<Double>) -> Double {
        var result = result
        var previous = values[values.startIndex]
        for v in values.dropFirst() {
            if v < previous { result += previous }
            previous = v
        }
        return result
    }

    /// The change `result` seen from `firstT` to `lastT` over `n` samples, extrapolated to the
    /// window `(start, end]` as Prometheus's `extrapolatedRate` does.
    @inline(__always) static func extrapolate(_ result: Double, firstT: Int64, lastT: Int64, firstV: Double, count n: Int,
                                              counter: Bool, rate: Bool, start: Int64, end: Int64, legacy: Bool) -> Double {
        var toStart = Double(firstT - start) / 1000
        var toEnd = Double(end - lastT) / 1000
        let sampled = Double(lastT - firstT) / 1000
        let average = sampled / Double(n - 1)
        let threshold = average * 1.1
        if legacy {
            // Prometheus 2.x cut at the counter's zero point before the threshold check.
            if counter, result > 0, firstV >= 0 {
                let toZero = sampled * (firstV / result)
                if toZero < toStart { toStart = toZero }
            }
            if toStart >= threshold { toStart = average / 2 }
        } else {
            if toStart >= threshold { toStart = average / 2 }
            if counter, result > 0, firstV >= 0 {
                let toZero = sampled * (firstV / result)
                if toZero < toStart { toStart = toZero }
            }
        }
        if toEnd >= threshold { toEnd = average / 2 }
        var factor = (sampled + toStart + toEnd) / sampled
        if rate { factor /= Double(end - start) / 1000 }
        return result * factor
    }

    static func instantValue(_ series: RangeSeries, rate: Bool) -> Double? {
        guard series.count >= 2 else { return nil }
        let ts = series.timestamps, vs = series.values
        let lastT = ts[ts.endIndex - 1], previousT = ts[ts.endIndex - 2]
        let last = vs[vs.endIndex - 1], previous = vs[vs.endIndex - 2]
        var result = last - previous
        if rate, last < previous { result = last }
        let interval = lastT - previousT
        guard interval > 0 else { return nil }
        if rate { result /= Double(interval) / 1000 }
        return result
    }
}
