/// Decompression of Snappy's *block* format, the raw format Prometheus remote write compresses
/// each request body with (not the framing format, which adds a stream identifier and CRCs).
///
/// A block is the uncompressed length as a varint (at most 32 bits), then elements: literals
/// (bytes copied from the input) and copies (a length and a backwards offset into the output
/// written so far; the ranges may overlap, which repeats a pattern). Every malformed input is a
/// `SnappyError` naming the byte offset in the compressed input; nothing is read or written
/// outside the buffers, and the output is allocated once, at the declared length.
///
/// ```swift
/// let message = try body.withUnsafeBytes { try Snappy.decompress($0, maxLength: 64 << 20) }
/// ```
public enum Snappy {
    /// The uncompressed length `input` declares in its preamble.
    public static func decodedLength(_ input: UnsafeRawBufferPointer) throws(SnappyError) -> Int {
        var position = 0
        return try readPreamble(input, &position)
    }

    /// Decompresses one block.
    /// - Parameters:
    ///   - input: the whole compressed block.
    ///   - maxLength: the largest uncompressed length accepted, in bytes; a block declaring more
    ///     is refused before anything is allocated (`SnappyError.Kind.tooLarge`).
    public static func decompress(_ input: UnsafeRawBufferPointer, maxLength: Int) throws(SnappyError) -> [UInt8] {
        var position = 0
        let length = try readPreamble(input, &position)
        guard length <= maxLength else {
            throw SnappyError(.tooLarge, offset: 0,
                              "the block declares \(length) bytes uncompressed, more than the limit of \(maxLength) bytes")
        }
        var failure: SnappyError?
        let output = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            do throws(SnappyError) {
                initialized = try decodeElements(input, from: position, into: buffer)
            } catch {
                failure = error
                initialized = 0  // UInt8 is trivial: nothing to deinitialize
            }
        }
        if let failure { throw failure }
        return output
    }

    private static func readPreamble(_ input: UnsafeRawBufferPointer, _ position: inout Int) throws(SnappyError) -> Int {
        guard !input.isEmpty else { throw SnappyError(.malformed, offset: 0, "empty input") }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < input.count else {
                throw SnappyError(.malformed, offset: position, "truncated varint in the length preamble")
            }
            let byte = input[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
            // A uint32 takes at most 5 varint bytes.
            guard shift < 35 else { throw SnappyError(.malformed, offset: position - 1, "length preamble longer than 5 bytes") }
        }
        guard value <= UInt64(UInt32.max) else {
            throw SnappyError(.malformed, offset: 0, "length preamble \(value) exceeds 32 bits")
        }
        return Int(value)
    }

    /// Decodes the elements after the preamble into `output`, whose count is the declared
    /// length; returns the number of bytes written, which is then exactly that count.
    private static func decodeElements(_ input: UnsafeRawBufferPointer, from start: Int,
                                       into output: UnsafeMutableBufferPointer<UInt8>) throws(SnappyError) -> Int {
        let end = input.count, capacity = output.count
        var i = start, o = 0
        while i < end {
            let tagOffset = i
            let tag = input[i]
            i += 1
            let length: Int, offset: Int
            switch tag & 0x03 {
            case 0x00:  // literal
                var literal = Int(tag >> 2)
                if literal >= 60 {
                    let extra = literal - 59  // 1 to 4 little-endian length bytes follow
                    guard end - i >= extra else {
                        throw SnappyError(.malformed, offset: tagOffset, "truncated literal length (\(extra) bytes expected, \(end - i) left)")
                    }
                    literal = 0
                    for k in 0..<extra { literal |= Int(input[i + k]) << (8 * k) }
                    i += extra
                }
                literal += 1
                guard end - i >= literal else {
                    throw SnappyError(.malformed, offset: tagOffset, "literal of \(literal) bytes runs past the end of the input (\(end - i) bytes left)")
                }
                guard capacity - o >= literal else {
                    throw SnappyError(.malformed, offset: tagOffset, "literal of \(literal) bytes at output position \(o) overflows the declared length \(capacity)")
                }
                if let destination = output.baseAddress, let source = input.baseAddress {
                    (destination + o).initialize(from: source.assumingMemoryBound(to: UInt8.self) + i, count: literal)
                }
                i += literal
                o += literal
                continue
            case 0x01:  // copy, 11-bit offset
                guard end - i >= 1 else { throw SnappyError(.malformed, offset: tagOffset, "truncated copy (1 offset byte expected)") }
                length = 4 + Int((tag >> 2) & 0x07)
                offset = Int(tag >> 5) << 8 | Int(input[i])
                i += 1
            case 0x02:  // copy, 16-bit offset
                guard end - i >= 2 else { throw SnappyError(.malformed, offset: tagOffset, "truncated copy (2 offset bytes expected)") }
                length = 1 + Int(tag >> 2)
                offset = Int(input[i]) | Int(input[i + 1]) << 8
                i += 2
            default:  // copy, 32-bit offset
                guard end - i >= 4 else { throw SnappyError(.malformed, offset: tagOffset, "truncated copy (4 offset bytes expected)") }
                length = 1 + Int(tag >> 2)
                offset = Int(input[i]) | Int(input[i + 1]) << 8 | Int(input[i + 2]) << 16 | Int(input[i + 3]) << 24
                i += 4
            }
            guard offset > 0 else { throw SnappyError(.malformed, offset: tagOffset, "copy with offset 0") }
            guard offset <= o else {
                throw SnappyError(.malformed, offset: tagOffset, "copy offset \(offset) reaches before the start of the output (position \(o))")
            }
            guard capacity - o >= length else {
                throw SnappyError(.malformed, offset: tagOffset, "copy of \(length) bytes at output position \(o) overflows the declared length \(capacity)")
            }
            if offset >= length, let base = output.baseAddress {
                (base + o).initialize(from: base + o - offset, count: length)
            } else {
                // Overlapping: each byte may be one this copy just wrote (a repeated pattern).
                for k in 0..<length { output[o + k] = output[o + k - offset] }
            }
            o += length
        }
        guard o == capacity else {
            throw SnappyError(.malformed, offset: end, "decoded \(o) bytes, the preamble declares \(capacity)")
        }
        return o
    }
}

/// A Snappy block that cannot be decompressed: `snappy: byte 7: copy offset 9 reaches …`.
public struct SnappyError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The input is not a valid block.
        case malformed
        /// The block declares more uncompressed bytes than allowed.
        case tooLarge
    }

    public var kind: Kind
    /// 0-based byte offset in the compressed input where the problem starts.
    public var offset: Int
    public var reason: String

    public init(_ kind: Kind, offset: Int, _ reason: String) {
        self.kind = kind
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "snappy: byte \(offset): \(reason)" }
}
