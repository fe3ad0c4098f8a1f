import VigilCore

/// The decoded samples of one `select`, every series in the same two buffers and handed out as
/// slices of them: two allocations per query instead of two per series.
///
/// Slices are taken only in `finish()`, after the last append, so the buffers are never shared
/// while they grow (a slice taken earlier would make every later append copy them).
struct SampleArena {
    private var timestamps: [Int64] = []
    private var values: [Double] = []
    private var parts: [Part] = []

    private enum Part {
        /// Samples at these indices of the shared buffers.
        case shared(Labels, Range<Int>)
        /// Samples that already have storage of their own (the merge of overlapping sources).
        case own(SeriesSamples)
    }

    /// Room for `samples` samples of `series` series.
    init(series: Int, samples: Int) {
        parts.reserveCapacity(series)
        timestamps.reserveCapacity(samples)
        values.reserveCapacity(samples)
    }

    /// Decodes the samples of `series` inside `[mint, maxt]`; false when a chunk does not
    /// decode (only a damaged block file can cause that). A series with no sample in the window
    /// is left out.
    mutating func decode(_ series: ChunkedSeries, mint: Int64, maxt: Int64) -> Bool {
        decode(CollectionOfOne(series), mint: mint, maxt: maxt)
    }

    /// Decodes the parts of one series from several sources as one, when each part's chunks all
    /// end before the next part's begin (a block, then the head: no timestamp can repeat).
    /// Nil when the parts overlap in time and must be merged sample by sample instead.
    mutating func decodeConsecutive(_ parts: [ChunkedSeries], mint: Int64, maxt: Int64) -> Bool? {
        Self.areConsecutive(parts) ? decode(parts, mint: mint, maxt: maxt) : nil
    }

    /// Whether each part's chunks all end before the next part's begin.
    static func areConsecutive(_ parts: some Collection<ChunkedSeries>) -> Bool {
        for (earlier, later) in zip(parts, parts.dropFirst()) {
            guard let end = earlier.chunks.last?.maxTime, let begin = later.chunks.first?.minTime, end < begin else { return false }
        }
        return true
    }

    private mutating func decode(_ parts: some Collection<ChunkedSeries>, mint: Int64, maxt: Int64) -> Bool {
        guard let labels = parts.first?.labels else { return true }
        let start = timestamps.count
        for part in parts {
            guard Self.decode(part.chunks, mint: mint, maxt: maxt, into: &timestamps, &values) else { return false }
        }
        if timestamps.count > start { self.parts.append(.shared(labels, start..<timestamps.count)) }
        return true
    }

    /// Appends the samples of `chunks` inside `[mint, maxt]` to `timestamps` and `values`; false
    /// when a chunk does not decode.
    static func decode(_ chunks: ArraySlice<XORChunk>, mint: Int64, maxt: Int64,
                       into timestamps: inout [Int64], _ values: inout [Double]) -> Bool {
        // By index, so each chunk is read where it lies rather than copied out (a retain).
        for index in chunks.indices {
            let intact = chunks[index].withIterator { iterator in
                while let (timestamp, value) = iterator.next() {
                    if timestamp < mint { continue }
                    if timestamp > maxt { break }
                    timestamps.append(timestamp)
                    values.append(value)
                }
                return !iterator.isCorrupt
            }
            if !intact { return false }
        }
        return true
    }

    /// Adds samples decoded elsewhere; empty ones are left out.
    mutating func append(_ samples: SeriesSamples) {
        if samples.count > 0 { parts.append(.own(samples)) }
    }

    /// Every series added, in the order added.
    consuming func finish() -> [SeriesSamples] {
        parts.map { part in
            switch part {
            case .shared(let labels, let range):
                SeriesSamples(labels: labels, timestamps: timestamps[range], values: values[range])
            case .own(let samples):
                samples
            }
        }
    }

    /// About how many samples `series` decode to in `[mint, maxt]` (see `XORChunk.expectedCount`):
    /// room for every sample of every chunk was ~2 KB per series for a 5-minute window.
    static func capacity(_ series: [ChunkedSeries], mint: Int64, maxt: Int64) -> Int {
        series.reduce(0) { total, part in part.chunks.reduce(total) { $0 + $1.expectedCount(in: mint, maxt) } }
    }
}
