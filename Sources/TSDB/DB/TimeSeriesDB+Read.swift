import Synchronization
import VigilCore

extension TimeSeriesDB: SeriesMetadataQueryable {
    /// Matching series with their samples in `[mint, maxt]`, from blocks and head, in label-set
    /// order; where blocks and head overlap in time, a timestamp is returned once.
    public func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [SeriesSamples] {
        guard mint <= maxt else { return [] }
        // The head before the block list: compaction adds a block before truncating the head, so
        // this order sees moved data twice (merged below) rather than not at all.
        let fromHead = head.chunkedSeries(matchers, mint: mint, maxt: maxt)
        var sources: [[ChunkedSeries]] = []
        for block in overlapping(mint, maxt) { sources.append(try block.chunkedSeries(matchers, mint: mint, maxt: maxt)) }
        sources.append(fromHead)
        let live = sources.filter { !$0.isEmpty }
        if live.isEmpty { return [] }
        var arena = SampleArena(series: live.map(\.count).max() ?? 0, samples: live.reduce(0) { $0 + SampleArena.capacity($1, mint: mint, maxt: maxt) })
        if live.count == 1 {
            // One source (the common case: recent data, all in the head): no merging.
            for part in live[0] {
                guard arena.decode(part, mint: mint, maxt: maxt) else { throw Self.corrupt(part) }
            }
            return arena.finish()
        }
        for group in SeriesMerge.groups(live) {
            // Usually a block's part ends before the head's begins: decode them one after the other.
            switch arena.decodeConsecutive(group, mint: mint, maxt: maxt) {
            case true?: continue
            case false?: throw Self.corrupt(group[0])
            case nil: break
            }
            var merged: SeriesSamples?
            for part in group {
                guard let samples = part.samples(mint: mint, maxt: maxt) else { throw Self.corrupt(part) }
                merged = merged.map { SeriesMerge.merge($0, samples) } ?? samples
            }
            if let merged { arena.append(merged) }
        }
        return arena.finish()
    }

    /// The blocks holding samples in `[mint, maxt]`.
    func overlapping(_ mint: Int64, _ maxt: Int64) -> [Block] {
        blocks.withLock { $0 }.filter { $0.meta.maxTime > mint && $0.meta.minTime <= maxt }
    }

    static func corrupt(_ part: ChunkedSeries) -> TSDBError {
        .corruptChunk(path: "series \(part.labels)", offset: -1)
    }

    public func series(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [Labels] {
        guard mint <= maxt else { return [] }
        var found = Set(head.chunkedSeries(matchers, mint: mint, maxt: maxt).map(\.labels))  // head first, as in `select`
        for block in blocks.withLock({ $0 }) { found.formUnion(block.labels(matchers, mint: mint, maxt: maxt)) }
        return found.sorted(by: Labels.precedes)
    }

    public func labelNames(matching matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [String] {
        var names = Set<String>()
        if matchers.isEmpty {
            names.formUnion(head.labelNames())
            for block in blocks.withLock({ $0 }) where block.meta.maxTime > mint && block.meta.minTime <= maxt {
                names.formUnion(block.postings.names)
            }
        } else {
            for labels in try series(matchers, mint: mint, maxt: maxt) { names.formUnion(labels.names) }
        }
        return names.sorted()
    }

    public func labelValues(_ name: String, matching matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [String] {
        var values = Set<String>()
        if matchers.isEmpty {
            values.formUnion(head.labelValues(name))
            for block in blocks.withLock({ $0 }) where block.meta.maxTime > mint && block.meta.minTime <= maxt {
                values.formUnion(block.postings.values(of: name))
            }
        } else {
            for labels in try series(matchers, mint: mint, maxt: maxt) {
                if let value = labels[name] { values.insert(value) }
            }
        }
        return values.sorted()
    }
}
