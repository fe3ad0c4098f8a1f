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
            writeSample(deltaOfDelta: delta &- lastDelta, valueBits: bits)
            lastDelta = delta
        }
        maxTime = timestamp
        lastValueBits = bits
        count += 1
    }

    /// The signed bucket widths for a delta-of-delta after a `10`/`110`/`1110` prefix (`0` means
    /// zero; `1111` is followed by all 64 bits). The 7-bit bucket holds millisecond scrape jitter
    /// (±64 ms) in 9 bits where Prometheus's smallest bucket spends 16.
    static let dodBucketWidths = [7, 14, 20]

    static func fits(_ value: Int64, width: Int) -> Bool {
        let limit = Int64(1) << Int64(width - 1)
        return value >= -limit && value < limit
    }

    /// Writes a sample after the first: the delta-of-delta's code, then the value's control bits
    /// and meaningful XOR bits. The codes are gathered in one word and written with as few
    /// `writeBits` calls as fit (mostly one), not field by field.
    private mutating func writeSample(deltaOfDelta dod: Int64, valueBits bits: UInt64) {
        // `head` holds the `headCount` bits gathered so far, the last one lowest.
        var head: UInt64 = 0
        var headCount = 1  // dod == 0: a single `0`
        if dod != 0 {
            headCount = 0
            for (index, width) in Self.dodBucketWidths.enumerated() where Self.fits(dod, width: width) {
                // Prefix: index+1 ones then a zero; then the low `width` bits of the value.
                let payload = UInt64(bitPattern: dod) & ((1 << UInt64(width)) - 1)
                head = ((1 << UInt64(index + 2)) - 2) << UInt64(width) | payload
                headCount = index + 2 + width
                break
            }
            if headCount == 0 {  // 68 bits: on their own
                stream.writeBits(0b1111, count: 4)
                stream.writeBits(UInt64(bitPattern: dod), count: 64)
            }
        }
        let xor = bits ^ lastValueBits
        if xor == 0 {
            stream.writeBits(head << 1, count: headCount + 1)  // `0`: the same value
            return
        }
        // Five bits hold the leading count, so it is capped at 31.
        let newLeading = UInt8(min(xor.leadingZeroBitCount, 31))
        let newTrailing = UInt8(xor.trailingZeroBitCount)
        if leading != 0xff, newLeading >= leading, newTrailing >= trailing {
            // `10`: the meaningful bits fit the previous window, which is reused.
            head = head << 2 | 0b10
            headCount += 2
        } else {
            // `11`, the leading count in five bits, the meaningful bit count in six (0 stands
            // for 64; 0 itself never occurs).
            leading = newLeading
            trailing = newTrailing
            let significant = 64 - Int(leading) - Int(trailing)
            head = head << 13 | 0b11 << 11 | UInt64(leading) << 6 | UInt64(significant & 63)
            headCount += 13
        }
        let significant = 64 - Int(leading) - Int(trailing)
        let meaningful = xor >> UInt64(trailing)
        if headCount + significant <= 64 {
            stream.writeBits(head << UInt64(significant) | meaningful, count: headCount + significant)
        } else {
            stream.writeBits(head, count: headCount)
            stream.writeBits(meaningful, count: significant)
        }
    }

    /// A cursor over the samples, sharing the bytes (no copy).
    func makeIterator() -> XORIterator<[UInt8]> { XORIterator(bytes: stream.bytes, count: count) }

    /// Runs `body` with a cursor reading the bytes in place, without taking a reference to
    /// them: on a query's path that atomic increment met the buffer cold and stalled the CPU.
    @inline(__always) func withIterator<R>(_ body: (inout XORIterator<UnsafeRawBufferPointer>) -> R) -> R {
        stream.bytes.withUnsafeBytes { raw in
            var iterator = XORIterator(bytes: raw, count: count)
            return body(&iterator)
        }
    }
}
