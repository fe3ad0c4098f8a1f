import Foundation
import VigilCore

/// Reading series one at a time, for queries that reduce each series to a value: nothing holds
/// every series' samples at once, and `mapSeries` spreads the decoding over the cores.
extension TimeSeriesDB {
    /// `select`'s series one at a time, decoded into two buffers reused from series to series.
    public func forEachSeries(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64, _ body: (SeriesSamples) throws -> Void) throws {
        let parts = try seriesParts(matchers, mint: mint, maxt: maxt)
        var decoder = SeriesDecoder(mint: mint, maxt: maxt)
        for index in 0..<parts.count {
            if let samples = try decoder.decode(parts[index]) { try body(samples) }
        }
    }

    /// `transform` of each of `select`'s series, in its order, with their labels; the series are
    /// decoded and transformed on several threads at once when there are enough of them.
    public func mapSeries<T: Sendable>(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64,
                                       _ transform: @Sendable (SeriesSamples) -> T) throws -> [(labels: Labels, result: T)] {
        try mapSeries(matchers, mint: mint, maxt: maxt, seriesPerLane: Self.seriesPerLane, transform)
    }

    /// `mapSeries` giving each thread at least `seriesPerLane` series.
    func mapSeries<T: Sendable>(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64, seriesPerLane: Int,
                                _ transform: @Sendable (SeriesSamples) -> T) throws -> [(labels: Labels, result: T)] {
        let parts = try seriesParts(matchers, mint: mint, maxt: maxt)
        let lanes = max(1, min(Self.lanes, parts.count / max(seriesPerLane, 1)))
        let results = (0..<lanes).map { _ in LaneResult<T>() }
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            var decoder = SeriesDecoder(mint: mint, maxt: maxt)
            var out: [(labels: Labels, result: T)] = []
            do {
                for index in stride(from: lane * parts.count / lanes, to: (lane + 1) * parts.count / lanes, by: 1) {
                    if let samples = try decoder.decode(parts[index]) { out.append((samples.labels, transform(samples))) }
                }
                results[lane].value = .success(out)
            } catch {
                results[lane].value = .failure(error)
            }
        }
        var all: [(labels: Labels, result: T)] = []
        all.reserveCapacity(parts.count)
        for lane in results { all += try lane.value?.get() ?? [] }
        return all
    }

    /// Threads `mapSeries` uses at most, and the fewest series worth a thread of their own.
    static var lanes: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }
    static let seriesPerLane = 256

    /// The parts of each matching series (from blocks and head) with chunks in `[mint, maxt]`.
    private func seriesParts(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> SeriesParts {
        guard mint <= maxt else { return .single([]) }
        let fromHead = head.chunkedSeries(matchers, mint: mint, maxt: maxt)  // head first, as in `select`
        var sources: [[ChunkedSeries]] = []
        for block in overlapping(mint, maxt) { sources.append(try block.chunkedSeries(matchers, mint: mint, maxt: maxt)) }
        sources.append(fromHead)
        let live = sources.filter { !$0.isEmpty }
        return live.count == 1 ? .single(live[0]) : .merged(SeriesMerge.groups(live))
    }
}

/// The parts of the series of one read: one source (no per-series arrays), or several merged.
private enum SeriesParts: Sendable {
    case single([ChunkedSeries])
    case merged([[ChunkedSeries]])

    var count: Int {
        switch self {
        case .single(let series): series.count
        case .merged(let groups): groups.count
        }
    }

    subscript(index: Int) -> ArraySlice<ChunkedSeries> {
        switch self {
        case .single(let series): series[index...index]
        case .merged(let groups): groups[index][...]
        }
    }
}

/// Decodes one series at a time into two buffers it reuses.
private struct SeriesDecoder {
    let mint: Int64, maxt: Int64
    private var timestamps: [Int64] = []
    private var values: [Double] = []

    init(mint: Int64, maxt: Int64) {
        self.mint = mint
        self.maxt = maxt
    }

    /// The samples of a series' parts inside the window, nil when it has none there; valid until
    /// the next call.
    mutating func decode(_ parts: ArraySlice<ChunkedSeries>) throws -> SeriesSamples? {
        guard let first = parts.first else { return nil }
        guard SampleArena.areConsecutive(parts) else {
            // Block and head overlap in time: merge sample by sample (rare).
            var merged: SeriesSamples?
            for part in parts {
                guard let samples = part.samples(mint: mint, maxt: maxt) else { throw TimeSeriesDB.corrupt(part) }
                merged = merged.map { SeriesMerge.merge($0, samples) } ?? samples
            }
            return merged.flatMap { $0.count > 0 ? $0 : nil }
        }
        timestamps.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        for part in parts {
            guard SampleArena.decode(part.chunks, mint: mint, maxt: maxt, into: &timestamps, &values) else { throw TimeSeriesDB.corrupt(part) }
        }
        return timestamps.isEmpty ? nil : SeriesSamples(labels: first.labels, timestamps: timestamps[...], values: values[...])
    }
}

/// What one thread of `mapSeries` produced; each is written by its own thread only.
private final class LaneResult<T>: @unchecked Sendable {
    var value: Result<[(labels: Labels, result: T)], any Error>?
}
