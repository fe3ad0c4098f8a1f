import Synchronization
import VigilCore

extension Head {
    /// Refuses samples before `time` from now on and returns the chunks lying in
    /// `[start, time)`, per series in label-set order, for writing into a block.
    ///
    /// Raising the minimum valid time first means no sample can slip in before `time` between this
    /// snapshot and `truncate(before:)`.
    func cut(from start: Int64, before time: Int64) -> [ChunkedSeries] {
        // Under the commit order, so no commit validated against the old minimum applies after it.
        var picked: [ChunkedSeries] = commitOrder.withLock { _ in
            state.withLock { state in
                state.minValidTime = max(state.minValidTime, time)
                var out: [ChunkedSeries] = []
                for series in state.series.values {
                    let chunks = series.chunks.filter { $0.count > 0 && $0.minTime >= start && $0.maxTime < time }
                    if !chunks.isEmpty { out.append(ChunkedSeries(labels: series.labels, chunks: chunks[...])) }
                }
                return out
            }
        }
        picked.sort { Labels.precedes($0.labels, $1.labels) }
        return picked
    }

    /// The earliest start of a chunk starting at or after `time`, nil when there is none.
    func earliestChunkStart(atOrAfter time: Int64) -> Int64? {
        state.withLock { state in
            var earliest: Int64?
            for series in state.series.values {
                for chunk in series.chunks where chunk.count > 0 && chunk.minTime >= time {
                    earliest = min(earliest ?? chunk.minTime, chunk.minTime)
                    break
                }
            }
            return earliest
        }
    }

    /// What the WAL checkpoint must hold after a truncation.
    struct Snapshot {
        var series: [WALSeries]
        var chunks: [UInt32: [XORChunk]]
    }

    /// Drops chunks before `time` and series left without samples, then rotates the WAL; both
    /// under the commit order, so the returned snapshot holds exactly what segments up to the
    /// returned index logged (minus the dropped range).
    func truncate(before time: Int64, wal: WAL) throws -> (closedSegment: Int, snapshot: Snapshot) {
        try commitOrder.withLock { _ throws in
            let snapshot = state.withLock { dropChunks(before: time, &$0) }
            return (try wal.rotate(), snapshot)
        }
    }

    private func dropChunks(before time: Int64, _ state: inout State) -> Snapshot {
        var removed: Set<UInt32> = []
        for ref in Array(state.series.keys) {
            state.series[ref]?.truncate(before: time)
            if let series = state.series[ref], series.isEmpty, series.lastTimestamp < time {
                removed.insert(ref)
                state.refs[series.labels] = nil
                state.series[ref] = nil
            }
        }
        if !removed.isEmpty {
            state.postings.remove(removed)
            state.symbols.rebuild(keeping: state.series.values.lazy.map(\.labels))
        }
        var snapshot = Snapshot(series: [], chunks: [:])
        for ref in state.series.keys.sorted() {
            guard let series = state.series[ref] else { continue }
            snapshot.series.append(WALSeries(ref: ref, labels: series.labels))
            snapshot.chunks[ref] = series.chunks
        }
        return snapshot
    }
}

extension Head.Snapshot {
    /// Produces the checkpoint's records one at a time (so a large head is never held twice in
    /// memory): every series (`batchSize` to a record), then their chunks as the head holds them
    /// (compressed, about 1.3 bytes a sample against 12-15 as samples records), a record per
    /// `batchSize` series or `chunkBytes` bytes.
    func forEachRecord(batchSize: Int = 10_000, chunkBytes: Int = 4 << 20, _ body: (WALRecord) throws -> Void) rethrows {
        for start in stride(from: 0, to: series.count, by: batchSize) {
            try body(.series(Array(series[start..<min(start + batchSize, series.count)])))
        }
        var batch: [WALChunks] = []
        var bytes = 0
        for entry in series {
            // An empty chunk (the head makes none) would not decode: a record holds samples.
            guard let held = chunks[entry.ref]?.filter({ $0.count > 0 }), !held.isEmpty else { continue }
            batch.append(WALChunks(ref: entry.ref, chunks: held))
            bytes += held.reduce(0) { $0 + $1.bytes.count }
            if batch.count == batchSize || bytes >= chunkBytes {
                try body(.chunks(batch))
                batch.removeAll(keepingCapacity: true)
                bytes = 0
            }
        }
        if !batch.isEmpty { try body(.chunks(batch)) }
    }
}
