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
