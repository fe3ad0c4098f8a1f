/// An append-only bit stream: bits are packed most-significant first into bytes.
///
/// The writer is a value type over one `[UInt8]`; a chunk copies it cheaply (copy-on-write) when a
/// reader takes a snapshot.
struct BitWriter: Sendable {
    /// The packed bytes; the last byte's low `freeBits` bits are unused (zero).
    private(set) var bytes: [UInt8] = []
    /// Unused low bits in the last byte; 0 when the next bit starts a new byte.
    private var freeBits = 0

    init() {}

    /// Continues after whole bytes (used for chunks read back, which are not appended to).
    init(bytes: [UInt8]) { self.bytes = bytes }

    init(reservingCapacity capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// The number of bits written.
    var bitCount: Int { bytes.count * 8 - freeBits }

    /// Bytes the buffer can hold before it grows.
    var capacity: Int { bytes.capacity }

    /// Moves the bytes to a buffer of their exact size (growth by doubling leaves up to half of
    /// the old one unused); writing afterwards grows it again.
    mutating func trim() {
        guard bytes.capacity > bytes.count else { return }
        bytes = [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, initialized in
            initialized = bytes.withUnsafeBufferPointer { buffer.initialize(fromContentsOf: $0) }
        }
    }

    mutating func writeBit(_ bit: Bool) { writeBits(bit ? 1 : 0, count: 1) }

    /// Writes the low `count` bits of `value` (0...64), most significant first.
    ///
    /// At most two changes to the array, whatever `count` is: the free low bits of the last byte
    /// are filled, then the rest goes on in whole bytes by one append (each change of the array
    /// checks it is unshared: bit by bit, that check cost more than the bits themselves).
    mutating func writeBits(_ value: UInt64, count: Int) {
        precondition(count >= 0 && count <= 64, "BUG: bit count out of range")
        guard count > 0 else { return }
        let bits = count == 64 ? value : value & ((1 &<< UInt64(count)) &- 1)
        var remaining = count
        if freeBits > 0 {
            let take = min(freeBits, remaining)
            remaining -= take
            freeBits -= take
            // `bits >> remaining` is the `take` highest of the bits still to write.
            bytes[bytes.count - 1] |= UInt8(truncatingIfNeeded: bits &>> UInt64(remaining)) &<< UInt8(freeBits)
            if remaining == 0 { return }
        }
        // Left-aligned, the bits still to write are the high bytes of the big-endian word.
        let whole = (remaining + 7) >> 3
        let word = (bits &<< UInt64(64 - remaining)).bigEndian
        withUnsafeBytes(of: word) { raw in
            bytes.append(contentsOf: UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: whole))
        }
        freeBits = whole * 8 - remaining
    }
}

/// Bytes a `BitReader` reads: an array it holds, or an array's bytes borrowed for one call.
protocol BitSource {
    var count: Int { get }
    subscript(position: Int) -> UInt8 { get }
    /// The eight bytes at `offset` as a big-endian word; `offset + 8 <= count`.
    func word(at offset: Int) -> UInt64
}

extension Array: BitSource where Element == UInt8 {
    @inline(__always) func word(at offset: Int) -> UInt64 {
        withUnsafeBytes { UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }
}

extension UnsafeRawBufferPointer: BitSource {
    @inline(__always) func word(at offset: Int) -> UInt64 {
        UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

/// Reads bits written by `BitWriter`. Reading past the end yields zero bits and sets `overrun`,
/// so corrupt input from disk ends decoding instead of trapping.
struct BitReader<Bytes: BitSource> {
    private let bytes: Bytes
    /// The next byte to load into `buffer`.
    private var next = 0
    /// Unread bits, left-aligned (the next bit is bit 63).
    private var buffer: UInt64 = 0
    /// How many bits of `buffer` are unread.
    private var valid = 0
    private(set) var overrun = false

    init(_ bytes: Bytes) { self.bytes = bytes }

    /// Loads whole bytes until the buffer holds more than 56 bits or the bytes run out: eight at
    /// once while that many remain, then one by one.
    @inline(__always) private mutating func refill() {
        if valid <= 56, next + 8 <= bytes.count {
            let word = bytes.word(at: next)
            let taken = (64 - valid) >> 3
            let kept = valid + taken * 8
            buffer |= (word >> UInt64(valid)) & ~(UInt64.max >> UInt64(kept))
            valid = kept
            next += taken
            return
        }
        while valid <= 56, next < bytes.count {
            buffer |= UInt64(bytes[next]) << UInt64(56 - valid)
            valid += 8
            next += 1
        }
    }

    @inline(__always) mutating func readBit() -> Bool {
        if valid == 0 {
            refill()
            if valid == 0 {
                overrun = true
                return false
            }
        }
        let bit = buffer & (1 << 63) != 0
        buffer <<= 1
        valid -= 1
        return bit
    }

    /// Reads `count` bits (0...64) as the low bits of the result, most significant first.
    @inline(__always) mutating func readBits(_ count: Int) -> UInt64 {
        if valid >= count, count > 0 {
            let result = buffer >> UInt64(64 - count)
            buffer = count == 64 ? 0 : buffer << UInt64(count)
            valid -= count
            return result
        }
        return readBitsRefilling(count)
    }

    /// `readBits` when the buffer runs short: refill, and split reads wider than it can hold.
    @inline(never) private mutating func readBitsRefilling(_ count: Int) -> UInt64 {
        if count == 0 { return 0 }
        refill()
        if valid >= count { return readBits(count) }
        guard next < bytes.count else {
            overrun = true
            return 0
        }
        // More than the buffer can hold at this alignment (count > 56): two reads.
        let first = valid
        let high = readBits(first)
        let low = readBits(count - first)
        return high << UInt64(count - first) | low
    }

    /// Reads bits up to the first 0 or until `limit` (at most 8) ones were read; returns the number of ones.
    @inline(__always) mutating func readUnaryPrefix(limit: Int) -> Int {
        if valid <= limit { refill() }
        if valid > limit {
            let ones = min(limit, (~buffer).leadingZeroBitCount)
            let used = ones < limit ? ones + 1 : ones
            buffer <<= UInt64(used)
            valid -= used
            return ones
        }
        var ones = 0
        while ones < limit, readBit() { ones += 1 }
        return ones
    }
}
