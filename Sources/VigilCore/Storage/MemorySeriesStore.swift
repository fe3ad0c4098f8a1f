/// A simple in-memory series store: the PromQL test scripts' `load` target and a test double.
///
/// Not thread-safe for writes; build it, then share it read-only (it is a value type).
public struct MemorySeriesStore: SeriesQueryable {
    private struct Stored: Sendable {
        var labels: Labels
        var timestamps: [Int64] = []
        var values: [Double] = []
    }

    private var series: [Stored] = []
    private var index: [Labels: Int] = [:]
    /// Slots by metric name, so `name{...}` selectors skip other metrics; each list and `sorted`
    /// are kept in label-set order, the order Prometheus's storage returns series in.
    private var byName: [String: [Int]] = [:]
    private var sorted: [Int] = []
    /// Label sets that received native-histogram samples (not supported yet; kept for diagnostics).
    public private(set) var histogramSeries: Set<Labels> = []

    public init() {}

    public var isEmpty: Bool { series.isEmpty }

    /// Appends one sample; samples of a series must arrive in increasing time order.
    /// A sample at an existing timestamp replaces the old one.
    public mutating func append(_ labels: Labels, timestamp: Int64, value: Double) {
        let slot: Int
        if let existing = index[labels] {
            slot = existing
        } else {
            slot = addSeries(labels)
        }
        if let last = series[slot].timestamps.last, last >= timestamp {
            if last == timestamp { series[slot].values[series[slot].values.count - 1] = value }
            return
        }
        series[slot].timestamps.append(timestamp)
        series[slot].values.append(value)
    }

    /// Records that `labels` holds native-histogram samples.
    public mutating func markHistogram(_ labels: Labels) {
        histogramSeries.insert(labels)
        if index[labels] == nil { _ = addSeries(labels) }
    }

    public func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [SeriesSamples] {
        var out: [SeriesSamples] = []
        let candidates: [Int]
        if let name = matchers.first(where: { $0.name == Label.metricName && $0.type == .equal })?.value {
            candidates = byName[name] ?? []
        } else {
            candidates = sorted
        }
        for slot in candidates where matchers.matches(series[slot].labels) {
            let stored = series[slot]
            if histogramSeries.contains(stored.labels) { throw NativeHistogramsUnsupported(labels: stored.labels) }
            let lower = Self.firstIndex(stored.timestamps, atLeast: mint)
            let upper = Self.firstIndex(stored.timestamps, atLeast: maxt &+ 1)
            if lower >= upper { continue }
            out.append(SeriesSamples(labels: stored.labels, timestamps: stored.timestamps[lower..<upper],
                                     values: stored.values[lower..<upper]))
        }
        return out
    }

    private mutating func addSeries(_ labels: Labels) -> Int {
        let slot = series.count
        series.append(Stored(labels: labels))
        index[labels] = slot
        func insert(_ list: inout [Int]) {
            var low = 0, high = list.count
            while low < high {
                let mid = (low + high) / 2
                if Labels.precedes(series[list[mid]].labels, labels) { low = mid + 1 } else { high = mid }
            }
            list.insert(slot, at: low)
        }
        insert(&sorted)
        insert(&byName[labels.value(of: Label.metricName), default: []])
        return slot
    }

    static func firstIndex(_ timestamps: [Int64], atLeast t: Int64) -> Int {
        var low = 0, high = timestamps.count
        while low < high {
            let mid = (low + high) / 2
            if timestamps[mid] < t { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// Raised when a query reads a series holding native histograms, which Vigil cannot evaluate yet.
public struct NativeHistogramsUnsupported: Error, Sendable, CustomStringConvertible {
    public let labels: Labels
    public init(labels: Labels) { self.labels = labels }
    public var description: String { "native histograms are not supported yet (series \(labels))" }
}
