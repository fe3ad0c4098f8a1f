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

    mutating func writeBit(_ bit: Bool) {
        if freeBits == 0 {
            bytes.append(0)
            freeBits = 8
        }
        freeBits -= 1
        if bit { bytes[bytes.count - 1] |= 1 << UInt8(freeBits) }
    }

    /// Writes the low `count` bits of `value` (0...64), most significant first.
    mutating func writeBits(_ value: UInt64, count: Int) {
        precondition(count >= 0 && count <= 64, "BUG: bit count out of range")
        var remaining = count
        while remaining > 0 {
            if freeBits == 0 {
                bytes.append(0)
                freeBits = 8
            }
            let take = min(freeBits, remaining)
            let shifted = value >> UInt64(remaining - take)  // remaining - take < 64
            let part = UInt8(truncatingIfNeeded: shifted) & UInt8(truncatingIfNeeded: (1 << take) - 1)
            bytes[bytes.count - 1] |= part << UInt8(freeBits - take)
            freeBits -= take
            remaining -= take
        }
    }
}

/// Reads bits written by `BitWriter`. Reading past the end yields zero bits and sets `overrun`,
/// so corrupt input from disk ends decoding instead of trapping.
struct BitReader {
    private let bytes: [UInt8]
    /// The next byte to load into `buffer`.
    private var next = 0
    /// Unread bits, left-aligned (the next bit is bit 63).
    private var buffer: UInt64 = 0
    /// How many bits of `buffer` are unread.
    private var valid = 0
    private(set) var overrun = false

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Loads whole bytes until the buffer holds more than 56 bits or the bytes run out: eight at
    /// once while that many remain, then one by one.
    @inline(__always) private mutating func refill() {
        if valid <= 56, next + 8 <= bytes.count {
            let word = bytes.withUnsafeBytes { UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: next, as: UInt64.self)) }
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
