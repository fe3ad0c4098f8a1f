import Synchronization
import VigilCore

/// A series picked by a query with the chunks that may hold samples in the window.
struct ChunkedSeries: Sendable {
    var labels: Labels
    /// In time order; for the head, a slice of one array shared by every series of the query.
    var chunks: ArraySlice<XORChunk>
}

extension Head {
    /// Series matching `matchers` with chunks overlapping `[mint, maxt]`, in label-set order.
    func chunkedSeries(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [ChunkedSeries] {
        // Every series' chunks go into one array, sliced once it is complete (see SampleArena).
        var chunks: [XORChunk] = []
        var rankRequested = false
        let picked: [(labels: Labels, chunks: Range<Int>, rank: Int32)] = state.withLock { state in
            let refs = state.postings.select(matchers)
            var out: [(labels: Labels, chunks: Range<Int>, rank: Int32)] = []
            out.reserveCapacity(refs.count)
            chunks.reserveCapacity(refs.count)
            var ranked = true
            for ref in refs {
                guard let series = state.series[ref] else { continue }
                let start = chunks.count
                series.appendChunks(overlapping: mint, maxt, to: &chunks)
                guard chunks.count > start else { continue }
                let rank = ranked ? state.labelOrder.rank(ref) : nil
                if rank == nil { ranked = false }
                out.append((series.labels, start..<chunks.count, rank ?? -1))
            }
            if ranked {
                out.sort { $0.rank < $1.rank }
            } else {
                out.sort { Labels.precedes($0.labels, $1.labels) }
                rankRequested = out.count > 1 && state.labelOrder.claimRanking(now: .now)
            }
            return out
        }
        if rankRequested { Task.detached(priority: .utility) { self.rankSeries() } }
        return picked.map { ChunkedSeries(labels: $0.labels, chunks: chunks[$0.chunks]) }
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
        var arena = SampleArena(series: 1, samples: SampleArena.capacity([self], mint: mint, maxt: maxt))
        guard arena.decode(self, mint: mint, maxt: maxt) else { return nil }
        return arena.finish().first ?? SeriesSamples(labels: labels, timestamps: [], values: [])
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
