import VigilCore

/// `rate`, `increase` and `delta` over a plain range selector at every step of a range query,
/// each window in O(log n) instead of O(samples in the window): the first and last sample give
/// the change, and the counter-reset loop runs only for the few windows that hold a reset.
/// Results are bit-for-bit those of `RangeFunctions.extrapolatedRate`.
struct RateWindows {
    let counter: Bool
    let rate: Bool
    let legacy: Bool
    let series: [SeriesSamples]
    /// Per series, the timestamp indices where the value drops (counters only).
    let resets: [[Int]]

    /// Nil for functions other than `rate`, `increase`, `delta`, and for anchored or smoothed ranges.
    init?(_ function: String, selector: VectorSelector, stored: [SeriesSamples], options: EngineOptions) {
        guard !selector.anchored, !selector.smoothed else { return nil }
        switch function {
        case "rate": (counter, rate) = (true, true)
        case "increase": (counter, rate) = (true, false)
        case "delta": (counter, rate) = (false, false)
        default: return nil
        }
        legacy = options.compatibility == .prometheus2
        series = stored
        resets = counter ? stored.map(Self.drops) : []
    }

    private static func drops(_ s: SeriesSamples) -> [Int] {
        var out: [Int] = []
        let shift = s.values.startIndex - s.timestamps.startIndex
        var i = s.timestamps.startIndex + 1
        while i < s.timestamps.endIndex {
            if s.values[i + shift] < s.values[i - 1 + shift] { out.append(i) }
            i += 1
        }
        return out
    }

    /// Fills `out` with series `i`'s value at each step whose window ends at `ends[k]` (non-decreasing);
    /// returns whether any window held a sample.
    func fill(_ out: inout StepSeries, series i: Int, ends: [Int64], range: Int64, leftClosed: Bool) -> Bool {
        let s = series[i], drops = counter ? resets[i] : []
        let ts = s.timestamps
        var values = [Double](repeating: 0, count: ends.count)
        var present = [Bool](repeating: false, count: ends.count)
        var lower = ts.startIndex, upper = ts.startIndex
        var hadWindow = false
        for (k, end) in ends.enumerated() {
            let start = end - range
            while upper < ts.endIndex, ts[upper] <= end { upper += 1 }
            if lower > upper { lower = upper }
            while lower < upper, leftClosed ? ts[lower] < start : ts[lower] <= start { lower += 1 }
            guard lower < upper else { continue }
            hadWindow = true
            if let value = value(s, drops, lower, upper, start: start, end: end) {
                values[k] = value
                present[k] = true
            }
        }
        out.values = values
        out.present = present
        return hadWindow
    }

    /// The function's value over the samples of `s` at timestamp indices `lower..<upper`.
    @inline(__always) private func value(_ s: SeriesSamples, _ drops: [Int], _ lower: Int, _ upper: Int, start: Int64, end: Int64) -> Double? {
        let n = upper - lower
        guard n >= 2 else { return nil }
        let shift = s.values.startIndex - s.timestamps.startIndex
        let firstV = s.values[lower + shift], lastV = s.values[upper - 1 + shift]
        var result = lastV - firstV
        if counter, Self.hasDrop(drops, after: lower, before: upper) {
            result = RangeFunctions.addingResetCorrections(to: result, s.values[(lower + shift)..<(upper + shift)])
        }
        return RangeFunctions.extrapolate(result, firstT: s.timestamps[lower], lastT: s.timestamps[upper - 1], firstV: firstV,
                                          count: n, counter: counter, rate: rate, start: start, end: end, legacy: legacy)
    }

    /// Whether a drop lands at an index in `lower + 1 ..< upper`.
    @inline(__always) private static func hasDrop(_ drops: [Int], after lower: Int, before upper: Int) -> Bool {
        guard !drops.isEmpty else { return false }
        var low = 0, high = drops.count
        while low < high {
            let mid = (low + high) >> 1
            if drops[mid] <= lower { low = mid + 1 } else { high = mid }
        }
        return low < drops.count && drops[low] < upper
    }
}
