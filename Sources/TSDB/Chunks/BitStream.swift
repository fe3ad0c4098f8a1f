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
    private var position = 0  // in bits
    private(set) var overrun = false

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func readBit() -> Bool {
        let byteIndex = position >> 3
        guard byteIndex < bytes.count else {
            overrun = true
            return false
        }
        let bit = bytes[byteIndex] & (0x80 >> UInt8(position & 7)) != 0
        position += 1
        return bit
    }

    /// Reads `count` bits (0...64) as the low bits of the result, most significant first.
    mutating func readBits(_ count: Int) -> UInt64 {
        var result: UInt64 = 0
        var remaining = count
        while remaining > 0 {
            let byteIndex = position >> 3
            guard byteIndex < bytes.count else {
                overrun = true
                return 0
            }
            let offset = position & 7
            let available = 8 - offset
            let take = min(available, remaining)
            let byte = UInt64(bytes[byteIndex])
            let part = (byte >> UInt64(available - take)) & ((1 << UInt64(take)) - 1)
            result = (result << UInt64(take)) | part
            position += take
            remaining -= take
        }
        return result
    }

    /// Reads bits up to the first 0 or until `limit` ones were read; returns the number of ones.
    mutating func readUnaryPrefix(limit: Int) -> Int {
        var ones = 0
        while ones < limit, readBit() { ones += 1 }
        return ones
    }
}
