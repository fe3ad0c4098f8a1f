/// Little-endian and varint encoders appending to a caller-owned `[UInt8]` (reused across calls).
extension Array where Element == UInt8 {
    mutating func appendUInt32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func appendUInt64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Unsigned LEB128, as Go's `binary.PutUvarint`.
    mutating func appendUVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        append(UInt8(rest))
    }

    /// Zig-zag signed varint, as Go's `binary.PutVarint`.
    mutating func appendVarint(_ value: Int64) {
        appendUVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func appendString(_ string: String) {
        appendUVarint(UInt64(string.utf8.count))
        append(contentsOf: string.utf8)
    }
}

/// Malformed bytes: a varint or field running past the end of its record.
struct DecodingFailure: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A cursor reading what the `Array<UInt8>` encoders wrote; every read throws past the end.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int

    init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset >= end }

    mutating func readByte() throws(DecodingFailure) -> UInt8 {
        guard offset < end else { throw DecodingFailure(message: "unexpected end of data") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUInt32() throws(DecodingFailure) -> UInt32 {
        guard remaining >= 4 else { throw DecodingFailure(message: "unexpected end of data") }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << UInt32(8 * index) }
        offset += 4
        return value
    }

    mutating func readUInt64() throws(DecodingFailure) -> UInt64 {
        guard remaining >= 8 else { throw DecodingFailure(message: "unexpected end of data") }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
        offset += 8
        return value
    }

    mutating func readUVarint() throws(DecodingFailure) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64 else { throw DecodingFailure(message: "varint overflows 64 bits") }
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func readVarint() throws(DecodingFailure) -> Int64 {
        let raw = try readUVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// A varint that must fit `Int` and be at most `limit`.
    mutating func readCount(limit: Int) throws(DecodingFailure) -> Int {
        let raw = try readUVarint()
        guard raw <= UInt64(limit) else { throw DecodingFailure(message: "length \(raw) exceeds \(limit)") }
        return Int(raw)
    }

    mutating func readBytes(_ count: Int) throws(DecodingFailure) -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else { throw DecodingFailure(message: "unexpected end of data") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func readString() throws(DecodingFailure) -> String {
        let count = try readCount(limit: remaining)
        return String(decoding: try readBytes(count), as: UTF8.self)
    }
}
