import VigilCore

/// The `index` file of a block: a symbol table and every series (label-set order) with its
/// chunk metadata, closed by a CRC32. Layout in `docs/TSDB-FORMAT.md`.
enum BlockIndex {
    static func encode(_ series: [BlockSeries]) -> [UInt8] {
        var symbols = Set<String>()
        for entry in series {
            for pair in entry.labels.pairs {
                symbols.insert(pair.name)
                symbols.insert(pair.value)
            }
        }
        let sorted = symbols.sorted()
        var position: [String: Int] = [:]
        for (index, symbol) in sorted.enumerated() { position[symbol] = index }

        var body: [UInt8] = []
        body.appendUVarint(UInt64(sorted.count))
        for symbol in sorted { body.appendString(symbol) }
        body.appendUVarint(UInt64(series.count))
        for entry in series {
            body.appendUVarint(UInt64(entry.labels.count))
            for pair in entry.labels.pairs {
                body.appendUVarint(UInt64(position[pair.name] ?? 0))
                body.appendUVarint(UInt64(position[pair.value] ?? 0))
            }
            body.appendUVarint(UInt64(entry.chunks.count))
            var previousEnd: Int64 = 0
            for chunk in entry.chunks {
                body.appendVarint(chunk.minTime &- previousEnd)
                body.appendUVarint(UInt64(chunk.maxTime &- chunk.minTime))
                body.appendUVarint(UInt64(chunk.offset))
                previousEnd = chunk.maxTime
            }
        }
        var file = BlockFiles.indexMagic + [BlockFiles.formatVersion]
        file.append(contentsOf: body)
        file.appendUInt32(CRC32.checksum(body))
        return file
    }

    static func decode(_ bytes: [UInt8]) throws(DecodingFailure) -> [BlockSeries] {
        let header = BlockFiles.indexMagic.count + 1
        guard bytes.count >= header + 4, Array(bytes[0..<4]) == BlockFiles.indexMagic else {
            throw DecodingFailure(message: "not an index file")
        }
        guard bytes[4] == BlockFiles.formatVersion else { throw DecodingFailure(message: "unknown index version \(bytes[4])") }
        let bodyEnd = bytes.count - 4
        var trailer = ByteReader(bytes, offset: bodyEnd)
        guard CRC32.checksum(bytes[header..<bodyEnd]) == (try trailer.readUInt32()) else {
            throw DecodingFailure(message: "index checksum mismatch")
        }
        var reader = ByteReader(bytes, offset: header, end: bodyEnd)
        let symbolCount = try reader.readCount(limit: reader.remaining)
        var symbols: [String] = []
        symbols.reserveCapacity(symbolCount)
        for _ in 0..<symbolCount { symbols.append(try reader.readString()) }
        func symbol(_ reader: inout ByteReader) throws(DecodingFailure) -> String {
            let index = try reader.readCount(limit: symbols.count - 1)
            return symbols[index]
        }
        let seriesCount = try reader.readCount(limit: reader.remaining)
        var series: [BlockSeries] = []
        series.reserveCapacity(seriesCount)
        for _ in 0..<seriesCount {
            let labelCount = try reader.readCount(limit: reader.remaining)
            var pairs: [Label] = []
            pairs.reserveCapacity(labelCount)
            for _ in 0..<labelCount { pairs.append(Label(try symbol(&reader), try symbol(&reader))) }
            let chunkCount = try reader.readCount(limit: reader.remaining)
            var chunks: [ChunkMeta] = []
            chunks.reserveCapacity(chunkCount)
            var previousEnd: Int64 = 0
            for _ in 0..<chunkCount {
                let minTime = previousEnd &+ (try reader.readVarint())
                let maxTime = minTime &+ Int64(bitPattern: try reader.readUVarint())
                let offset = try reader.readCount(limit: Int.max)
                chunks.append(ChunkMeta(minTime: minTime, maxTime: maxTime, offset: offset))
                previousEnd = maxTime
            }
            series.append(BlockSeries(labels: Labels(pairs), chunks: chunks))
        }
        guard reader.isAtEnd else { throw DecodingFailure(message: "trailing bytes in index") }
        return series
    }
}
