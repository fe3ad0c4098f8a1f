import Foundation
import VigilCore

/// Writes head chunks into a new block directory, atomically: everything goes into
/// `<name>.tmp`, is synced, and the directory is renamed into place.
enum BlockWriter {
    /// Writes the block holding `series` (label-set order) for `[minTime, maxTime)` under
    /// `parent`; returns the block directory's path.
    static func write(_ series: [ChunkedSeries], minTime: Int64, maxTime: Int64, parent: String) throws -> String {
        let name = "block-\(minTime)-\(maxTime)"
        let final = parent + "/" + name
        let temporary = final + ".tmp"
        let manager = FileManager.default
        if manager.fileExists(atPath: temporary) { try manager.removeItem(atPath: temporary) }
        try manager.createDirectory(atPath: temporary, withIntermediateDirectories: true)

        var chunkBytes = BlockFiles.chunksMagic + [BlockFiles.formatVersion]
        var entries: [BlockSeries] = []
        entries.reserveCapacity(series.count)
        var meta = BlockMeta(version: BlockMeta.currentVersion, minTime: minTime, maxTime: maxTime,
                             numSeries: series.count, numChunks: 0, numSamples: 0)
        for item in series {
            var metas: [ChunkMeta] = []
            for chunk in item.chunks {
                metas.append(ChunkMeta(minTime: chunk.minTime, maxTime: chunk.maxTime, offset: chunkBytes.count))
                let bytes = chunk.bytes
                chunkBytes.appendUVarint(UInt64(chunk.count))
                chunkBytes.appendUVarint(UInt64(bytes.count))
                chunkBytes.append(contentsOf: bytes)
                chunkBytes.appendUInt32(CRC32.checksum(bytes))
                meta.numChunks += 1
                meta.numSamples += chunk.count
            }
            entries.append(BlockSeries(labels: item.labels, chunks: metas))
        }
        try FileSystem.writeFile(temporary + "/" + BlockFiles.chunks, chunkBytes)
        try FileSystem.writeFile(temporary + "/" + BlockFiles.index, BlockIndex.encode(entries))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try FileSystem.writeFile(temporary + "/" + BlockFiles.meta, [UInt8](try encoder.encode(meta)))
        try FileSystem.syncDirectory(temporary)
        if manager.fileExists(atPath: final) { try manager.removeItem(atPath: final) }
        try FileSystem.rename(temporary, to: final)
        try FileSystem.syncDirectory(parent)
        return final
    }
}
