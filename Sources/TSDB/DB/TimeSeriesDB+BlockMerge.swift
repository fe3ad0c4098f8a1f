import Foundation
import Logging
import Synchronization
import VigilCore

extension TimeSeriesDB {
    /// Widths blocks are merged into: 3, 9 and 27 block ranges (as Prometheus's exponential
    /// block ranges), each at most a tenth of the retention, so old data sits in few blocks.
    var mergeRanges: [Int64] {
        var ranges: [Int64] = []
        var range = options.blockRange * 3
        while ranges.count < 3, range <= options.retention / 10 {
            ranges.append(range)
            range *= 3
        }
        return ranges
    }

    /// Merges the blocks lying inside each aligned window of `mergeRanges` once the head can no
    /// longer add to that window. The merged block is written (atomically) before its sources
    /// are deleted; a crash in between leaves sources inside the merged range, which `open`
    /// deletes. Called with the compaction lock held.
    func mergeBlocks() throws -> [BlockMeta] {
        var written: [BlockMeta] = []
        let settled = head.minValidTime()
        for range in mergeRanges {
            var windows: [Int64: [Block]] = [:]
            for block in blocks.withLock({ $0 }) {
                let start = MemSeries.rangeStart(block.meta.minTime, range)
                if block.meta.maxTime <= start.clampedAdding(range) { windows[start, default: []].append(block) }
            }
            for (start, group) in windows.sorted(by: { $0.key < $1.key }) {
                let end = start.clampedAdding(range)
                guard group.count >= 2, end <= settled,
                    !group.contains(where: { $0.meta.minTime == start && $0.meta.maxTime == end })
                else { continue }
                let sources = try group.map { try $0.chunkedSeries([], mint: .min, maxt: .max) }
                let merged = SeriesMerge.groups(sources).map { parts in
                    ChunkedSeries(labels: parts[0].labels, chunks: parts.flatMap(\.chunks)[...])
                }
                let path = try BlockWriter.write(merged, minTime: start, maxTime: end, parent: blocksPath)
                let block = try Block(path: path)
                blocks.withLock { list in
                    list.removeAll { candidate in group.contains { $0 === candidate } }
                    list.append(block)
                    list.sort { $0.meta.minTime < $1.meta.minTime }
                }
                for source in group { try Self.deleteBlockDirectory(source.path) }
                try FileSystem.syncDirectory(blocksPath)
                written.append(block.meta)
                logger.info("merged blocks", metadata: [
                    "block.path": "\(path)", "block.sources": "\(group.count)", "block.samples": "\(block.meta.numSamples)",
                ])
            }
        }
        return written
    }

    /// Renames a block directory to `*.deleting.tmp` and removes it, so a crash mid-delete
    /// leaves a `.tmp` directory `open` discards rather than a half-deleted block.
    static func deleteBlockDirectory(_ path: String) throws {
        let doomed = path + ".deleting.tmp"
        try FileSystem.rename(path, to: doomed)
        try FileManager.default.removeItem(atPath: doomed)
    }

    /// Blocks whose range lies inside another block's range: sources of a merge interrupted
    /// after the merged block was written.
    static func supersededBlocks(_ blocks: [Block]) -> [Block] {
        blocks.filter { block in
            blocks.contains { other in
                other !== block && other.meta.minTime <= block.meta.minTime && block.meta.maxTime <= other.meta.maxTime
                    && other.meta.maxTime - other.meta.minTime > block.meta.maxTime - block.meta.minTime
            }
        }
    }
}
