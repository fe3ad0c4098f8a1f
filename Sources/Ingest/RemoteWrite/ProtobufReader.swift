/// The protobuf wire types (the low 3 bits of a field key).
enum WireType: UInt8, Sendable, CustomStringConvertible {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5

    var description: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "fixed64"
        case .lengthDelimited: "length-delimited"
        case .startGroup: "start group"
        case .endGroup: "end group"
        case .fixed32: "fixed32"
        }
    }
}

/// A problem at a place in a protobuf message; `offset` is 0-based from the message start.
struct ProtobufError: Error, Sendable, Hashable {
    var offset: Int
    var reason: String
}

/// Reads protobuf wire format from `bytes[position..<end]`, never past `end`: every read checks
/// the bounds and throws `ProtobufError` with the offset (relative to the whole buffer) instead.
/// A length-delimited field gives a reader over its own range of the same buffer, so offsets in
/// nested messages stay absolute. The buffer is borrowed: a reader must not outlive it.
struct ProtobufReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    let end: Int

    /// Groups nested deeper than this are refused rather than recursed into.
    static let maxGroupDepth = 64

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        position = 0
        end = bytes.count
    }

    private init(_ bytes: UnsafeRawBufferPointer, position: Int, end: Int) {
        self.bytes = bytes
        self.position = position
        self.end = end
    }

    var isAtEnd: Bool { position >= end }

    /// Moves to `offset`, which must lie in this reader's range (a place it already read to).
    mutating func move(to offset: Int) {
        precondition(offset >= 0 && offset <= end, "BUG: protobuf reader moved outside its range")
        position = offset
    }

    @inline(__always)
    mutating func readVarint() throws(ProtobufError) -> UInt64 {
        let start = position
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw ProtobufError(offset: start, reason: "truncated varint") }
            let byte = bytes[position]
            position += 1
            if shift == 63, byte > 1 {
                throw ProtobufError(offset: start, reason: "varint overflows 64 bits")
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// The next field's number and wire type.
    @inline(__always)
    mutating func readKey() throws(ProtobufError) -> (field: UInt64, wireType: WireType) {
        let start = position
        let key = try readVarint()
        let field = key >> 3
        guard let wireType = WireType(rawValue: UInt8(key & 0x07)) else {
            throw ProtobufError(offset: start, reason: "invalid wire type \(key & 0x07)")
        }
        guard field > 0, field <= 0x1FFF_FFFF else {
            throw ProtobufError(offset: start, reason: "invalid field number \(field)")
        }
        return (field, wireType)
    }

    @inline(__always)
    mutating func readFixed64() throws(ProtobufError) -> UInt64 {
        guard end - position >= 8 else {
            throw ProtobufError(offset: position, reason: "truncated fixed64 (\(end - position) of 8 bytes)")
        }
        let value = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return UInt64(littleEndian: value)
    }

    mutating func readFixed32() throws(ProtobufError) -> UInt32 {
        guard end - position >= 4 else {
            throw ProtobufError(offset: position, reason: "truncated fixed32 (\(end - position) of 4 bytes)")
        }
        let value = bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        position += 4
        return UInt32(littleEndian: value)
    }

    /// A reader over the next length-delimited field's payload; this reader moves past it.
    @inline(__always)
    mutating func readLengthDelimited() throws(ProtobufError) -> ProtobufReader {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw ProtobufError(offset: start, reason: "length \(length) runs past the end of the enclosing message (\(end - position) bytes left)")
        }
        let sub = ProtobufReader(bytes, position: position, end: position + Int(length))
        position += Int(length)
        return sub
    }

    /// The unread bytes of this reader's range.
    var remaining: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[position..<end]) }

    /// Skips the value of a field whose key was just read (a field this decoder does not know).
    mutating func skip(_ wireType: WireType, field: UInt64, keyOffset: Int, depth: Int = 0) throws(ProtobufError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .startGroup:
            guard depth < Self.maxGroupDepth else {
                throw ProtobufError(offset: keyOffset, reason: "groups nested deeper than \(Self.maxGroupDepth)")
            }
            while true {
                guard !isAtEnd else { throw ProtobufError(offset: keyOffset, reason: "group \(field) is not closed") }
                let inner = position
                let (innerField, innerType) = try readKey()
                if innerType == .endGroup {
                    guard innerField == field else {
                        throw ProtobufError(offset: inner, reason: "end of group \(innerField) inside group \(field)")
                    }
                    return
                }
                try skip(innerType, field: innerField, keyOffset: inner, depth: depth + 1)
            }
        case .endGroup:
            throw ProtobufError(offset: keyOffset, reason: "end of group \(field) without a start")
        }
    }
}
