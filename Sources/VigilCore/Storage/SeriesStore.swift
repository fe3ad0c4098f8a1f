/// Read access to stored series, in the style of Prometheus's `storage.Querier`.
///
/// The PromQL engine reads only through this protocol; the in-memory `MemorySeriesStore` and the
/// future TSDB implement it. Series come back sorted by label set and each series' samples in
/// increasing time order; `limitk`, `sort` ties and instant-vector order depend on it.
public protocol SeriesQueryable: Sendable {
    /// Every series whose labels satisfy all `matchers`, restricted to samples with
    /// `mint <= timestamp <= maxt` (milliseconds since the epoch, both ends inclusive).
    ///
    /// Series come back in label-set order (as Prometheus's storage returns them); a series
    /// with no sample in the window may be omitted.
    func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [SeriesSamples]

    /// Hands `body` the series `select` would return, one at a time and in the same order. The
    /// samples may sit in buffers reused for the next series: `body` must not keep them. For
    /// queries that reduce each series to one value (`rate(m[5m])` at one instant), so a store
    /// need not hold every series' samples at once.
    func forEachSeries(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64, _ body: (SeriesSamples) throws -> Void) throws

    /// `transform` of each series `select` would return, in the same order, with its labels; a
    /// store may run `transform` on several threads at once.
    func mapSeries<T: Sendable>(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64,
                                _ transform: @Sendable (SeriesSamples) -> T) throws -> [(labels: Labels, result: T)]
}

extension SeriesQueryable {
    public func forEachSeries(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64, _ body: (SeriesSamples) throws -> Void) throws {
        for series in try select(matchers, mint: mint, maxt: maxt) { try body(series) }
    }

    public func mapSeries<T: Sendable>(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64,
                                       _ transform: @Sendable (SeriesSamples) -> T) throws -> [(labels: Labels, result: T)] {
        var out: [(labels: Labels, result: T)] = []
        try forEachSeries(matchers, mint: mint, maxt: maxt) { out.append(($0.labels, transform($0))) }
        return out
    }
}

/// One series and its float samples in time order, sharing storage with the store (no copy).
public struct SeriesSamples: Sendable {
    public var labels: Labels
    /// Sample timestamps in milliseconds, strictly increasing.
    public var timestamps: ArraySlice<Int64>
    /// Sample values, `values[i]` taken at `timestamps[i]` (same indices).
    public var values: ArraySlice<Double>

    public init(labels: Labels, timestamps: ArraySlice<Int64>, values: ArraySlice<Double>) {
        precondition(timestamps.count == values.count, "BUG: timestamps and values differ in length")
        self.labels = labels
        self.timestamps = timestamps
        self.values = values
    }

    public var count: Int { timestamps.count }

    /// Iterates `(timestamp, value)` pairs without copying.
    public func makeIterator() -> SampleIterator { SampleIterator(timestamps: timestamps, values: values) }
}

/// A cursor over the samples of a `SeriesSamples`.
public struct SampleIterator: IteratorProtocol, Sendable {
    private let timestamps: ArraySlice<Int64>
    private let values: ArraySlice<Double>
    private var index: Int

    init(timestamps: ArraySlice<Int64>, values: ArraySlice<Double>) {
        self.timestamps = timestamps
        self.values = values
        index = timestamps.startIndex
    }

    public mutating func next() -> (timestamp: Int64, value: Double)? {
        guard index < timestamps.endIndex else { return nil }
        defer { index += 1 }
        return (timestamps[index], values[index - timestamps.startIndex + values.startIndex])
    }
}

/// Prometheus's staleness marker: a NaN with a reserved bit pattern, written when a series ends.
public enum StaleMarker {
    public static let bitPattern: UInt64 = 0x7ff0_0000_0000_0002
    public static let value = Double(bitPattern: bitPattern)
    /// Whether `value` is the staleness marker (and not an ordinary NaN).
    @inline(__always) public static func isStale(_ value: Double) -> Bool { value.bitPattern == bitPattern }
}
