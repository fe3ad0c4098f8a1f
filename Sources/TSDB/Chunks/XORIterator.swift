/// Decodes the samples of an `XORChunk`'s bytes in time order.
///
/// Corrupt bytes never trap: decoding stops and `isCorrupt` becomes true.
struct XORIterator<Bytes: BitSource> {
    private var reader: BitReader<Bytes>
    private let count: Int
    private var read = 0
    private var timestamp: Int64 = 0
    private var valueBits: UInt64 = 0
    private var delta: Int64 = 0
    private var leading = 0
    private var trailing = 0
    /// Whether decoding ran past the end of the bytes before `count` samples.
    private(set) var isCorrupt = false

    /// Iterates `count` samples encoded in `bytes`.
    init(bytes: Bytes, count: Int) {
        reader = BitReader(bytes)
        self.count = count
    }

    /// The next `(timestamp ms, value)` pair, or nil at the end (or on corrupt input).
    @inline(__always) mutating func next() -> (timestamp: Int64, value: Double)? {
        guard read < count, !isCorrupt else { return nil }
        if read == 0 {
            timestamp = Int64(bitPattern: reader.readBits(64))
            valueBits = reader.readBits(64)
        } else {
            delta &+= readDeltaOfDelta()
            timestamp &+= delta
            readValue()
        }
        if reader.overrun || isCorrupt {
            isCorrupt = true
            return nil
        }
        read += 1
        return (timestamp, Double(bitPattern: valueBits))
    }

    @inline(__always) private mutating func readDeltaOfDelta() -> Int64 {
        let ones = reader.readUnaryPrefix(limit: 4)
        if ones == 0 { return 0 }
        let width = ones == 4 ? 64 : XORChunk.dodBucketWidths[ones - 1]
        let raw = reader.readBits(width)
        if width == 64 { return Int64(bitPattern: raw) }
        // Sign-extend the `width`-bit two's complement value.
        let shift = UInt64(64 - width)
        return Int64(bitPattern: raw << shift) >> Int64(shift)
    }

    @inline(__always) private mutating func readValue() {
        guard reader.readBit() else { return }  // same value
        if reader.readBit() {
            leading = Int(reader.readBits(5))
            var significant = Int(reader.readBits(6))
            if significant == 0 { significant = 64 }
            guard leading + significant <= 64 else {
                isCorrupt = true
                return
            }
            trailing = 64 - leading - significant
        }
        let significant = 64 - leading - trailing
        let bits = reader.readBits(significant)
        valueBits ^= bits << UInt64(trailing)
    }
}
