import VigilCore

/// One sample as the WAL logs it: the series reference, timestamp (ms) and value bits.
struct WALSample: Sendable, Equatable {
    var ref: UInt32
    var timestamp: Int64
    var value: Double

    static func == (lhs: WALSample, rhs: WALSample) -> Bool {
        lhs.ref == rhs.ref && lhs.timestamp == rhs.timestamp && lhs.value.bitPattern == rhs.value.bitPattern
    }
}

/// A WAL record: new series (reference → labels), a batch of samples, or (in checkpoints) the
/// head's compressed chunks of some series.
///
/// Framing (see `docs/TSDB-FORMAT.md`): type byte, payload length (u32 LE), CRC32 of type byte
/// and payload (u32 LE), payload.
enum WALRecord: Sendable, Equatable {
    case series([WALSeries])
    case samples([WALSample])
    case chunks([WALChunks])

    static let headerSize = 9
    static let seriesType: UInt8 = 1
    static let samplesType: UInt8 = 2
    static let chunksType: UInt8 = 3
    /// Samples whose integral values are varints (what `.samples` is written as); type 2, with
    /// every value in 8 bytes, is still read.
    static let compactSamplesType: UInt8 = 4
    /// Records larger than this are treated as corruption on read.
    static let maxPayload = 256 << 20

    /// Appends the framed record to `buffer` (the caller reuses the buffer across records).
    func encode(into buffer: inout [UInt8]) {
        let start = buffer.count
        buffer.append(type)
        buffer.appendUInt32(0)  // length, patched below
        buffer.appendUInt32(0)  // CRC, patched below
        switch self {
        case .series(let series):
            buffer.appendUVarint(UInt64(series.count))
            for entry in series {
                buffer.appendUVarint(UInt64(entry.ref))
                buffer.appendUVarint(UInt64(entry.labels.count))
                for pair in entry.labels.pairs {
                    buffer.appendString(pair.name)
                    buffer.appendString(pair.value)
                }
            }
        case .samples(let samples):
            buffer.appendUVarint(UInt64(samples.count))
            let base = samples.first?.timestamp ?? 0
            buffer.appendVarint(base)
            for sample in samples {
                // The reference's low bit says how the value is stored.
                if let integer = Self.smallInteger(sample.value) {
                    buffer.appendUVarint(UInt64(sample.ref) << 1 | 1)
                    buffer.appendVarint(sample.timestamp &- base)
                    buffer.appendVarint(integer)
                } else {
                    buffer.appendUVarint(UInt64(sample.ref) << 1)
                    buffer.appendVarint(sample.timestamp &- base)
                    buffer.appendUInt64(sample.value.bitPattern)
                }
            }
        case .chunks(let entries):
            buffer.appendUVarint(UInt64(entries.count))
            for entry in entries {
                buffer.appendUVarint(UInt64(entry.ref))
                buffer.appendUVarint(UInt64(entry.chunks.count))
                for chunk in entry.chunks {
                    let bytes = chunk.bytes
                    buffer.appendUVarint(UInt64(chunk.count))
                    buffer.appendVarint(chunk.minTime)
                    buffer.appendUVarint(UInt64(bitPattern: chunk.maxTime &- chunk.minTime))
                    buffer.appendUVarint(UInt64(bytes.count))
                    buffer.append(contentsOf: bytes)
                }
            }
        }
        let payloadStart = start + Self.headerSize
        let length = UInt32(buffer.count - payloadStart)
        var crc = CRC32.checksum(CollectionOfOne(type))
        crc = CRC32.checksum(buffer[payloadStart...], initial: crc)
        patch(&buffer, at: start + 1, length)
        patch(&buffer, at: start + 5, crc)
    }

    private var type: UInt8 {
        switch self {
        case .series: Self.seriesType
        case .samples: Self.compactSamplesType
        case .chunks: Self.chunksType
        }
    }

    /// `value` as an integer when it is one of magnitude below 2^48 (a varint of at most 7
    /// bytes), -0 excepted; counters and bucket counts mostly are.
    @inline(__always) static func smallInteger(_ value: Double) -> Int64? {
        guard value.magnitude < 0x1p48, let integer = Int64(exactly: value), integer != 0 || value.bitPattern == 0 else { return nil }
        return integer
    }

    private func patch(_ buffer: inout [UInt8], at offset: Int, _ value: UInt32) {
        for index in 0..<4 { buffer[offset + index] = UInt8(truncatingIfNeeded: value >> UInt32(8 * index)) }
    }

    /// Decodes a payload whose frame and CRC were already checked.
    static func decode(type: UInt8, payload reader: inout ByteReader) throws(DecodingFailure) -> WALRecord {
        switch type {
        case seriesType:
            let count = try reader.readCount(limit: reader.remaining)
            var series: [WALSeries] = []
            series.reserveCapacity(count)
            for _ in 0..<count {
                let ref = try reader.readUVarint()
                guard ref <= UInt64(UInt32.max) else { throw DecodingFailure(message: "series reference out of range") }
                let labelCount = try reader.readCount(limit: reader.remaining)
                var pairs: [Label] = []
                pairs.reserveCapacity(labelCount)
                for _ in 0..<labelCount { pairs.append(Label(try reader.readString(), try reader.readString())) }
                series.append(WALSeries(ref: UInt32(ref), labels: Labels(pairs)))
            }
            return .series(series)
        case samplesType, compactSamplesType:
            let compact = type == compactSamplesType
            let count = try reader.readCount(limit: reader.remaining)
            let base = try reader.readVarint()
            var samples: [WALSample] = []
            samples.reserveCapacity(count)
            for _ in 0..<count {
                var ref = try reader.readUVarint()
                var integral = false
                if compact { (ref, integral) = (ref >> 1, ref & 1 == 1) }
                guard ref <= UInt64(UInt32.max) else { throw DecodingFailure(message: "series reference out of range") }
                let offset = try reader.readVarint()
                let value = integral ? Double(try reader.readVarint()) : Double(bitPattern: try reader.readUInt64())
                samples.append(WALSample(ref: UInt32(ref), timestamp: base &+ offset, value: value))
            }
            return .samples(samples)
        case chunksType:
            let count = try reader.readCount(limit: reader.remaining)
            var entries: [WALChunks] = []
            entries.reserveCapacity(count)
            for _ in 0..<count {
                let ref = try reader.readUVarint()
                guard ref <= UInt64(UInt32.max) else { throw DecodingFailure(message: "series reference out of range") }
                let chunkCount = try reader.readCount(limit: reader.remaining)
                var chunks: [XORChunk] = []
                chunks.reserveCapacity(chunkCount)
                for _ in 0..<chunkCount {
                    let samples = try reader.readUVarint()
                    let minTime = try reader.readVarint()
                    let span = try reader.readUVarint()
                    guard samples >= 1, samples <= 1 << 20, span <= UInt64(Int64.max) else {
                        throw DecodingFailure(message: "chunk of \(samples) samples spanning \(span) ms")
                    }
                    let length = try reader.readCount(limit: reader.remaining)
                    let bytes = try reader.readBytes(length)
                    chunks.append(XORChunk(decodedBytes: Array(bytes), count: Int(samples), minTime: minTime,
                                           maxTime: minTime &+ Int64(span)))
                }
                entries.append(WALChunks(ref: UInt32(ref), chunks: chunks))
            }
            return .chunks(entries)
        default:
            throw DecodingFailure(message: "unknown record type \(type)")
        }
    }
}

/// A series as the WAL logs it on creation.
struct WALSeries: Sendable, Equatable {
    var ref: UInt32
    var labels: Labels
}

/// A series' chunks as a checkpoint logs them: encoded as in the head (and in blocks).
struct WALChunks: Sendable, Equatable {
    var ref: UInt32
    var chunks: [XORChunk]

    static func == (lhs: WALChunks, rhs: WALChunks) -> Bool {
        lhs.ref == rhs.ref && lhs.chunks.elementsEqual(rhs.chunks) {
            $0.count == $1.count && $0.minTime == $1.minTime && $0.maxTime == $1.maxTime && $0.bytes == $1.bytes
        }
    }
}
