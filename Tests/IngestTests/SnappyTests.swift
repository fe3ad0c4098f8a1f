import Foundation
@testable import Ingest
import Testing
import VigilTestSupport

private func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
    }
    return out
}

private func decompress(_ input: [UInt8], maxLength: Int = 1 << 20) throws(SnappyError) -> [UInt8] {
    do {
        return try input.withUnsafeBytes { try Snappy.decompress($0, maxLength: maxLength) }
    } catch let error as SnappyError {
        throw error
    } catch {
        preconditionFailure("BUG: Snappy.decompress threw \(error)")
    }
}

struct SnappyTests {
    static let lines = Array(String(repeating: "up{job=\"prometheus\",instance=\"localhost:9090\"} 1\n", count: 20).utf8)
    static let bytes768 = Array(repeating: Array(0...255) as [UInt8], count: 3).flatMap { $0 }

    /// Blocks written by cramjam 2.14 (`cramjam.snappy.compress_raw`, the Rust port of Google's
    /// encoder), hard-coded: they exercise literals with 2-byte lengths and overlapping copies.
    @Test("decompresses blocks a real encoder wrote", arguments: [
        ("00", [UInt8]()),
        ("010061", Array("a".utf8)),
        ("0c2c68656c6c6f2c20776f726c64", Array("hello, world".utf8)),
        // literal "abc", then one 27-byte copy at offset 3: it reads bytes it writes.
        ("1e086162636a0300", Array(String(repeating: "abc", count: 10).utf8)),
        ("640061fe01008a0100", Array(repeating: UInt8(ascii: "a"), count: 100)),
        ("d407c875707b6a6f623d2270726f6d657468657573222c696e7374616e63653d226c6f63616c686f73743a39303930227d20310a7570fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100823100",
         lines),
    ])
    func realEncoderVectors(hex: String, expected: [UInt8]) throws {
        #expect(try decompress(bytes(hex: hex)) == expected)
    }

    @Test func literalWithTwoLengthBytesAndRepeatedCopies() throws {
        let hex = "8006f40501" + (0...255).map { String(format: "%02x", $0) }.joined() + "000102030405"
            + String(repeating: "fe0001", count: 7) + "e60001"
        #expect(try decompress(bytes(hex: hex)) == Self.bytes768)
    }

    @Test("decodes every element kind written by hand", arguments: [
        // copy with a 1-byte offset: 4 bytes from 8 back.
        ([0x0C, 0x1C] + Array("abcdefgh".utf8) + [0x01, 0x08], "abcdefghabcd"),
        // copy with a 4-byte offset.
        ([0x08, 0x0C] + Array("abcd".utf8) + [0x0F, 0x04, 0x00, 0x00, 0x00], "abcdabcd"),
        // literal with a 1-byte length (61 bytes), then an overlapping 1-byte-offset copy of 11.
        ([0x48, 0xF0, 60] + Array(String(repeating: "x", count: 60).utf8) + Array("y".utf8) + [0x1D, 0x01], String(repeating: "x", count: 60) + String(repeating: "y", count: 12)),
    ] as [([UInt8], String)])
    func handMadeElements(input: [UInt8], expected: String) throws {
        #expect(try decompress(input) == Array(expected.utf8))
    }

    @Test func literalOnlyBlocksFromTheTestEncoderRoundTrip() throws {
        let data = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
        #expect(try decompress(RemoteWriteEncoding.snappyLiterals(data)) == data)
    }

    @Test("refuses malformed blocks, naming the byte", arguments: [
        ([], "snappy: byte 0: empty input"),
        ([0x80], "snappy: byte 1: truncated varint in the length preamble"),
        ([0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "snappy: byte 4: length preamble longer than 5 bytes"),
        ([0xFF, 0xFF, 0xFF, 0xFF, 0x7F], "snappy: byte 0: length preamble 34359738367 exceeds 32 bits"),
        ([0x04, 0x01, 0x05], "snappy: byte 1: copy offset 5 reaches before the start of the output (position 0)"),
        ([0x05, 0x00, 0x61, 0x01, 0x00], "snappy: byte 3: copy with offset 0"),
        ([0x05, 0x00, 0x61, 0x01, 0x02], "snappy: byte 3: copy offset 2 reaches before the start of the output (position 1)"),
        ([0x05, 0x00, 0x61], "snappy: byte 3: decoded 1 bytes, the preamble declares 5"),
        ([0x01, 0x04, 0x61, 0x62], "snappy: byte 1: literal of 2 bytes at output position 0 overflows the declared length 1"),
        ([0x03, 0x00, 0x61, 0x05, 0x01], "snappy: byte 3: copy of 5 bytes at output position 1 overflows the declared length 3"),
        ([0x05, 0x10, 0x61], "snappy: byte 1: literal of 5 bytes runs past the end of the input (1 bytes left)"),
        ([0x05, 0xF0], "snappy: byte 1: truncated literal length (1 bytes expected, 0 left)"),
        ([0x05, 0xFC, 0x01, 0x00], "snappy: byte 1: truncated literal length (4 bytes expected, 2 left)"),
        ([0x05, 0x00, 0x61, 0x01], "snappy: byte 3: truncated copy (1 offset byte expected)"),
        ([0x05, 0x00, 0x61, 0x02, 0x01], "snappy: byte 3: truncated copy (2 offset bytes expected)"),
        ([0x05, 0x00, 0x61, 0x03, 0x01, 0x00, 0x00], "snappy: byte 3: truncated copy (4 offset bytes expected)"),
    ] as [([UInt8], String)])
    func malformed(input: [UInt8], message: String) {
        let error = #expect(throws: SnappyError.self) { try decompress(input) }
        #expect(error?.description == message)
        #expect(error?.kind == .malformed)
    }

    @Test func refusesADeclaredLengthOverTheLimitBeforeDecoding() {
        let error = #expect(throws: SnappyError.self) { try decompress([0x80, 0x80, 0x04, 0x00], maxLength: 1000) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.description == "snappy: byte 0: the block declares 65536 bytes uncompressed, more than the limit of 1000 bytes")
    }

    /// Every truncation and every single-byte change of a real block either decodes to the
    /// declared length or throws: never a crash, never a read outside the input.
    @Test func damagedBlocksThrowOrDecodeToTheDeclaredLength() throws {
        let hex = "d407c875707b6a6f623d2270726f6d657468657573222c696e7374616e63653d226c6f63616c686f73743a39303930227d20310a7570fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100fe3100823100"
        let block = bytes(hex: hex)
        var failures = 0
        for cut in 0..<block.count {
            do { _ = try decompress(Array(block[..<cut])) } catch { failures += 1 }
        }
        #expect(failures == block.count)  // every proper prefix is short of the declared length
        for index in block.indices {
            for replacement: UInt8 in [0x00, 0x01, 0x02, 0x03, 0x7F, 0x80, 0xFC, 0xFD, 0xFE, 0xFF] {
                var damaged = block
                damaged[index] = replacement
                if let output = try? decompress(damaged, maxLength: 1 << 16) {
                    #expect(output.count == (try damaged.withUnsafeBytes { try Snappy.decodedLength($0) }))
                }
            }
        }
    }
}
