import Foundation
import VigilCore

/// A persisted, immutable block: its index is held in memory, its chunks file is memory-mapped.
final class Block: Sendable {
    let path: String
    let meta: BlockMeta
    let series: [BlockSeries]
    let postings: MemPostings
    private let chunks: Data
    /// Bytes on disk (all files), for size-based retention.
    let sizeOnDisk: Int

    /// Opens the block at `path`; throws `TSDBError.corruptBlock` when a file is damaged.
    init(path: String) throws {
        self.path = path
        let manager = FileManager.default
        guard let metaData = manager.contents(atPath: path + "/" + BlockFiles.meta) else {
            throw TSDBError.unreadable(path: path + "/" + BlockFiles.meta)
        }
        do {
            meta = try JSONDecoder().decode(BlockMeta.self, from: metaData)
        } catch {
            throw TSDBError.corruptBlock(path: path, reason: "meta.json: \(error)")
        }
        guard meta.version == BlockMeta.currentVersion else {
            throw TSDBError.corruptBlock(path: path, reason: "unknown version \(meta.version)")
        }
        guard let indexData = manager.contents(atPath: path + "/" + BlockFiles.index) else {
            throw TSDBError.unreadable(path: path + "/" + BlockFiles.index)
        }
        do {
            series = try BlockIndex.decode([UInt8](indexData))
        } catch {
            throw TSDBError.corruptBlock(path: path, reason: "index: \(error.message)")
        }
        chunks = try Data(contentsOf: URL(filePath: path + "/" + BlockFiles.chunks), options: .alwaysMapped)
        guard chunks.count >= 5, Array(chunks.prefix(4)) == BlockFiles.chunksMagic else {
            throw TSDBError.corruptBlock(path: path, reason: "chunks: bad header")
        }
        var postings = MemPostings()
        for (index, entry) in series.enumerated() { postings.add(UInt32(index), entry.labels) }
        self.postings = postings
        sizeOnDisk = metaData.count + indexData.count + chunks.count
    }

    /// Series matching `matchers` with chunks overlapping `[mint, maxt]`, in label-set order
    /// (the index stores them so).
    func chunkedSeries(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [ChunkedSeries] {
        guard meta.maxTime > mint, meta.minTime <= maxt else { return [] }
        var out: [ChunkedSeries] = []
        for ref in postings.select(matchers) {
            let entry = series[Int(ref)]
            var picked: [XORChunk] = []
            for chunk in entry.chunks where chunk.maxTime >= mint && chunk.minTime <= maxt {
                picked.append(try readChunk(chunk))
            }
            if !picked.isEmpty { out.append(ChunkedSeries(labels: entry.labels, chunks: picked)) }
        }
        return out
    }

    /// Labels of matching series that have a chunk overlapping `[mint, maxt]`.
    func labels(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [Labels] {
        guard meta.maxTime > mint, meta.minTime <= maxt else { return [] }
        return postings.select(matchers).compactMap { ref in
            let entry = series[Int(ref)]
            return entry.chunks.contains { $0.maxTime >= mint && $0.minTime <= maxt } ? entry.labels : nil
        }
    }

    private func readChunk(_ meta: ChunkMeta) throws -> XORChunk {
        let offset = meta.offset
        let corrupt = TSDBError.corruptChunk(path: path + "/" + BlockFiles.chunks, offset: offset)
        guard offset >= 5, offset < chunks.count else { throw corrupt }
        // Varint header: at most 20 bytes; then the payload and its CRC.
        let headerBytes = [UInt8](chunks[(chunks.startIndex + offset)..<(chunks.startIndex + min(chunks.count, offset + 20))])
        var header = ByteReader(headerBytes)
        guard let count = try? header.readCount(limit: 1 << 20), let length = try? header.readCount(limit: chunks.count),
            offset + header.offset + length + 4 <= chunks.count
        else { throw corrupt }
        let start = chunks.startIndex + offset + header.offset
        let bytes = [UInt8](chunks[start..<(start + length)])
        var trailer = ByteReader([UInt8](chunks[(start + length)..<(start + length + 4)]))
        guard let expected = try? trailer.readUInt32(), CRC32.checksum(bytes) == expected else { throw corrupt }
        return XORChunk(decodedBytes: bytes, count: count, minTime: meta.minTime, maxTime: meta.maxTime)
    }
}
