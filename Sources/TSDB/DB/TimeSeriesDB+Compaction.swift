import Foundation
import Logging
import Synchronization
import VigilCore

extension TimeSeriesDB {
    /// Persists old head data and applies retention; the server calls it periodically.
    ///
    /// Every whole block range that ends at least half a range before both the head's newest
    /// sample and `now` is written as a block (as Prometheus compacts its head once it spans 1.5
    /// ranges; `now` keeps one sample stamped in the future from persisting the present); the
    /// head then drops those chunks, the WAL is checkpointed and its old segments deleted.
    /// Blocks inside settled windows are merged into larger ones (`mergeRanges`), then deleted
    /// by time (`now - retention`) and by total size.
    ///
    /// A range that samples were recently written into is left in the head while those writes go
    /// on: `writesFrom` is the oldest timestamp written lately (`takeOldestAppend()`), and no
    /// range ending after it is cut. Without it, a backfill of old data through the import
    /// endpoint, running beside a scrape of the present, had its range cut into a block halfway
    /// and the rest of it refused as out of bounds.
    ///
    /// - Parameters:
    ///   - now: the current time in milliseconds.
    ///   - writesFrom: the oldest sample timestamp (ms) written recently, if any.
    @discardableResult
    public func compact(now: Int64, writesFrom: Int64? = nil) throws -> CompactionResult {
        try compaction.withLock { _ throws -> CompactionResult in
            var result = CompactionResult()
            let range = options.blockRange
            let summary = head.summary()
            if let minTime = summary.minTime, let maxTime = summary.maxTime {
                let limit = min(maxTime, now)
                var start = MemSeries.rangeStart(minTime, range)
                var truncateBefore: Int64?
                while limit >= start.clampedAdding(range).clampedAdding(range / 2) {
                    let end = start.clampedAdding(range)
                    if let writesFrom, end > writesFrom { break }  // still being written
                    let cut = head.cut(from: start, before: end)
                    // A range already persisted by an earlier call that failed before truncating.
                    let persisted = blocks.withLock { $0.contains { $0.meta.minTime <= start && end <= $0.meta.maxTime } }
                    if !cut.isEmpty, !persisted {
                        let path = try BlockWriter.write(cut, minTime: start, maxTime: end, parent: blocksPath)
                        let block = try Block(path: path)
                        blocks.withLock { list in
                            list.append(block)
                            list.sort { $0.meta.minTime < $1.meta.minTime }
                        }
                        result.written.append(block.meta)
                        logger.info("wrote block", metadata: [
                            "block.path": "\(path)", "block.series": "\(block.meta.numSeries)",
                            "block.samples": "\(block.meta.numSamples)",
                        ])
                    }
                    truncateBefore = end
                    // Skip empty ranges at once: one ancient sample must not cost a pass per range.
                    guard let next = head.earliestChunkStart(atOrAfter: end),
                        MemSeries.rangeStart(next, range) > start
                    else { break }
                    start = MemSeries.rangeStart(next, range)
                }
                if let truncateBefore {
                    let (closed, snapshot) = try head.truncate(before: truncateBefore, wal: wal)
                    try wal.checkpoint(through: closed) { write in try snapshot.forEachRecord(write) }
                }
            }
            result.merged = try mergeBlocks()
            result.deleted = try applyRetention(now: now)
            return result
        }
    }

    /// Deletes blocks past the time retention, then the oldest while over the size limit.
    private func applyRetention(now: Int64) throws -> [BlockMeta] {
        let removed: [Block] = blocks.withLock { list in
            let cutoff = now.clampedAdding(-options.retention)
            var removed = list.filter { $0.meta.maxTime <= cutoff }
            var kept = list.filter { $0.meta.maxTime > cutoff }
            if let limit = options.maxBlockBytes {
                var total = kept.reduce(0) { $0 + $1.sizeOnDisk }
                while total > limit, !kept.isEmpty {
                    let oldest = kept.removeFirst()
                    total -= oldest.sizeOnDisk
                    removed.append(oldest)
                }
            }
            list = kept
            return removed
        }
        for block in removed {
            try Self.deleteBlockDirectory(block.path)
            logger.info("deleted block by retention", metadata: ["block.path": "\(block.path)"])
        }
        if !removed.isEmpty { try FileSystem.syncDirectory(blocksPath) }
        return removed.map(\.meta)
    }
}

extension TimeSeriesDB {
    /// The oldest sample timestamp appended since the previous call, nil when none was: the
    /// caller of `compact(now:writesFrom:)` keeps the last two, so a range stays open while
    /// anything was written into it in the last two compaction periods.
    public func takeOldestAppend() -> Int64? { head.takeOldestAppend() }
}
