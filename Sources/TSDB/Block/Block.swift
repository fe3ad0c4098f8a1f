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
        // Every series' chunks go into one array, sliced once it is complete (see SampleArena).
        var picked: [XORChunk] = []
        var found: [(labels: Labels, chunks: Range<Int>)] = []
        try chunks.withUnsafeBytes { file in
            for ref in postings.select(matchers) {
                let entry = series[Int(ref)]
                let start = picked.count
                for chunk in entry.chunks where chunk.maxTime >= mint && chunk.minTime <= maxt {
                    picked.append(try readChunk(chunk, in: file))
                }
                if picked.count > start { found.append((entry.labels, start..<picked.count)) }
            }
        }
        return found.map { ChunkedSeries(labels: $0.labels, chunks: picked[$0.chunks]) }
    }

    /// Labels of matching series that have a chunk overlapping `[mint, maxt]`.
    func labels(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [Labels] {
        guard meta.maxTime > mint, meta.minTime <= maxt else { return [] }
        return postings.select(matchers).compactMap { ref in
            let entry = series[Int(ref)]
            return entry.chunks.contains { $0.maxTime >= mint && $0.minTime <= maxt } ? entry.labels : nil
        }
    }

    /// The chunk at `meta.offset` of the chunks file `file`: `uvarint(samples) uvarint(length)
    /// payload crc32(payload)`, checked before it is used.
    private func readChunk(_ meta: ChunkMeta, in file: UnsafeRawBufferPointer) throws -> XORChunk {
        var cursor = meta.offset
        func uvarint() -> Int? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while cursor < file.count, shift < 64 {
                let byte = file[cursor]
                cursor += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { return value <= UInt64(Int.max) ? Int(value) : nil }
                shift += 7
            }
            return nil
        }
        guard meta.offset >= 5, let count = uvarint(), count <= 1 << 20, let length = uvarint(),
            length <= file.count - cursor - 4
        else { throw TSDBError.corruptChunk(path: path + "/" + BlockFiles.chunks, offset: meta.offset) }
        let payload = UnsafeRawBufferPointer(rebasing: file[cursor..<(cursor + length)])
        let trailer = file.loadUnaligned(fromByteOffset: cursor + length, as: UInt32.self)
        guard payload.withMemoryRebound(to: UInt8.self, { CRC32.checksum($0) }) == UInt32(littleEndian: trailer) else {
            throw TSDBError.corruptChunk(path: path + "/" + BlockFiles.chunks, offset: meta.offset)
        }
        return XORChunk(decodedBytes: [UInt8](payload), count: count, minTime: meta.minTime, maxTime: meta.maxTime)
    }
}
