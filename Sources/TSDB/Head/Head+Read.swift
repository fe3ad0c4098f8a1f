import Synchronization
import VigilCore

/// A series picked by a query with the chunks that may hold samples in the window.
struct ChunkedSeries: Sendable {
    var labels: Labels
    var chunks: [XORChunk]
}

extension Head {
    /// Series matching `matchers` with chunks overlapping `[mint, maxt]`, in label-set order.
    func chunkedSeries(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [ChunkedSeries] {
        var picked: [ChunkedSeries] = state.withLock { state in
            let refs = state.postings.select(matchers)
            var out: [ChunkedSeries] = []
            out.reserveCapacity(refs.count)
            for ref in refs {
                guard let series = state.series[ref] else { continue }
                let chunks = series.chunks(overlapping: mint, maxt)
                if !chunks.isEmpty { out.append(ChunkedSeries(labels: series.labels, chunks: chunks)) }
            }
            return out
        }
        picked.sort { Labels.precedes($0.labels, $1.labels) }
        return picked
    }

    /// Label names present in the head, unsorted.
    func labelNames() -> [String] { state.withLock { Array($0.postings.names) } }

    /// Values of `name` in the head, unsorted.
    func labelValues(_ name: String) -> [String] { state.withLock { $0.postings.values(of: name) } }

    /// Counters for stats.
    func counters() -> (samples: Int, rejected: Rejections) {
        state.withLock { ($0.samplesAppended, $0.rejected) }
    }
}

extension ChunkedSeries {
    /// Decodes the samples inside `[mint, maxt]`; nil when a chunk does not decode (only a
    /// damaged block file can cause that).
    func samples(mint: Int64, maxt: Int64) -> SeriesSamples? {
        var timestamps: [Int64] = []
        var values: [Double] = []
        let estimate = chunks.reduce(0) { $0 + $1.expectedCount(in: mint, maxt) }
        timestamps.reserveCapacity(estimate)
        values.reserveCapacity(estimate)
        for chunk in chunks {
            var iterator = chunk.makeIterator()
            while let (timestamp, value) = iterator.next() {
                if timestamp < mint { continue }
                if timestamp > maxt { break }
                timestamps.append(timestamp)
                values.append(value)
            }
            if iterator.isCorrupt { return nil }
        }
        return SeriesSamples(labels: labels, timestamps: timestamps[...], values: values[...])
    }
}

extension XORChunk {
    /// About how many samples lie in `[mint, maxt]`, taking them as evenly spaced: a query
    /// reading the last 5 minutes of 100,000 series reserved whole 120-sample chunks per series
    /// (~2 KB each, 200 MB in all) for the ~20 samples it reads.
    func expectedCount(in mint: Int64, _ maxt: Int64) -> Int {
        if count == 0 || (minTime >= mint && maxTime <= maxt) { return count }
        let overlap = Double(min(maxt, maxTime)) - Double(max(mint, minTime))
        if overlap < 0 { return 0 }
        let span = Double(maxTime) - Double(minTime)
        return min(count, Int((overlap / span * Double(count - 1)).rounded(.up)) + 1)
    }
}
