/// A chunk of float samples compressed as in the Gorilla paper (and Prometheus's
/// `tsdb/chunkenc/xor.go`): delta-of-delta timestamps and XOR-ed values over one bit stream.
///
/// The byte layout is described in `docs/TSDB-FORMAT.md`. Samples must be appended in strictly
/// increasing time order; the caller (the head) enforces it. The sample count is kept beside the
/// bytes, not inside them.
public struct XORChunk: Sendable {
    private var stream: BitWriter
    /// Number of samples in the chunk.
    public private(set) var count = 0
    /// Timestamp of the first sample (ms); meaningless while `count == 0`.
    public private(set) var minTime: Int64 = 0
    /// Timestamp of the last sample (ms); meaningless while `count == 0`.
    public private(set) var maxTime: Int64 = 0
    private var lastDelta: Int64 = 0
    private var lastValueBits: UInt64 = 0
    /// Leading/trailing zero counts of the current XOR window; `leading == 0xff` means none yet.
    private var leading: UInt8 = 0xff
    private var trailing: UInt8 = 0

    public init() { self.init(reservingCapacity: 128) }

    /// An empty chunk whose buffer holds `capacity` bytes before growing.
    init(reservingCapacity capacity: Int) {
        stream = BitWriter(reservingCapacity: capacity)
    }

    /// A chunk read back from a block, for reading only: appending to it is a bug (the encoder
    /// state is not restored).
    init(decodedBytes bytes: [UInt8], count: Int, minTime: Int64, maxTime: Int64) {
        stream = BitWriter(bytes: bytes)
        self.count = count
        self.minTime = minTime
        self.maxTime = maxTime
        isReadOnly = true
    }

    /// Set for chunks read back from a block, whose encoder state is unknown.
    private var isReadOnly = false

    /// The encoded bit stream (the last byte is zero-padded).
    public var bytes: [UInt8] { stream.bytes }

    /// Bytes the buffer holds before it grows (at least `bytes.count`).
    var capacity: Int { stream.capacity }

    /// This chunk with its buffer cut to the bytes written, for keeping once it is full.
    func trimmed() -> XORChunk {
        var copy = self
        copy.stream.trim()
        return copy
    }

    /// Appends a sample; `timestamp` must be greater than `maxTime` (unchecked here).
    public mutating func append(timestamp: Int64, value: Double) {
        precondition(!isReadOnly, "BUG: appending to a chunk read from a block")
        let bits = value.bitPattern
        if count == 0 {
            stream.writeBits(UInt64(bitPattern: timestamp), count: 64)
            stream.writeBits(bits, count: 64)
            minTime = timestamp
        } else {
            let delta = timestamp &- maxTime
            writeDeltaOfDelta(delta &- lastDelta)
            lastDelta = delta
            writeValue(bits)
        }
        maxTime = timestamp
        lastValueBits = bits
        count += 1
    }

    /// The signed bucket widths for a delta-of-delta after a `10`/`110`/`1110` prefix (`0` means
    /// zero; `1111` is followed by all 64 bits). The 7-bit bucket holds millisecond scrape jitter
    /// (±64 ms) in 9 bits where Prometheus's smallest bucket spends 16.
    static let dodBucketWidths = [7, 14, 20]

    private mutating func writeDeltaOfDelta(_ dod: Int64) {
        if dod == 0 {
            stream.writeBit(false)
            return
        }
        for (index, width) in Self.dodBucketWidths.enumerated() where Self.fits(dod, width: width) {
            // Prefix: index+1 ones then a zero.
            stream.writeBits((1 << UInt64(index + 2)) - 2, count: index + 2)
            stream.writeBits(UInt64(bitPattern: dod), count: width)
            return
        }
        stream.writeBits(0b1111, count: 4)
        stream.writeBits(UInt64(bitPattern: dod), count: 64)
    }

    static func fits(_ value: Int64, width: Int) -> Bool {
        let limit = Int64(1) << Int64(width - 1)
        return value >= -limit && value < limit
    }

    private mutating func writeValue(_ bits: UInt64) {
        let xor = bits ^ lastValueBits
        if xor == 0 {
            stream.writeBit(false)
            return
        }
        stream.writeBit(true)
        // Five bits hold the leading count, so it is capped at 31.
        let newLeading = UInt8(min(xor.leadingZeroBitCount, 31))
        let newTrailing = UInt8(xor.trailingZeroBitCount)
        if leading != 0xff, newLeading >= leading, newTrailing >= trailing {
            // The meaningful bits fit the previous window: reuse it.
            stream.writeBit(false)
            stream.writeBits(xor >> UInt64(trailing), count: 64 - Int(leading) - Int(trailing))
            return
        }
        leading = newLeading
        trailing = newTrailing
        let significant = 64 - Int(leading) - Int(trailing)
        stream.writeBit(true)
        stream.writeBits(UInt64(leading), count: 5)
        // 64 significant bits do not fit six bits; 0 stands for 64 (0 itself never occurs).
        stream.writeBits(UInt64(significant & 63), count: 6)
        stream.writeBits(xor >> UInt64(trailing), count: significant)
    }

    /// A cursor over the samples, sharing the bytes (no copy).
    public func makeIterator() -> XORIterator { XORIterator(bytes: stream.bytes, count: count) }
}
