import Testing
import VigilCore

@testable import TSDB

@Suite struct ChunkTests {
    static let cases: [(String, [Int64], [Double])] = [
        ("single sample", [1_700_000_000_000], [42]),
        ("regular 15s, constant", (0..<120).map { 1_700_000_000_000 + $0 * 15_000 }, Array(repeating: 1, count: 120)),
        ("irregular intervals", [0, 1, 3, 1_000, 1_001, 60_000, 60_000 + 8_191, 200_000, 10_000_000, 10_000_001],
         [0, -1, 0.5, 1e300, -1e-300, 3.14159, 2, 2, 7, 1e9]),
        ("negative timestamps", [-5_000_000, -4_000_000, -1, 0, 1], [1, 2, 3, 4, 5]),
        ("huge jumps", [Int64.min / 4, 0, Int64.max / 4], [1, 2, 3]),
        ("special values", [10, 20, 30, 40, 50, 60, 70],
         [.nan, .infinity, -.infinity, StaleMarker.value, -0.0, .greatestFiniteMagnitude, .leastNonzeroMagnitude]),
        ("stale markers in a row", [1_000, 16_000, 31_000, 46_000], [5, StaleMarker.value, StaleMarker.value, 6]),
        ("bucket edges", Self.timestamps(deltaOfDeltas: [1_000, 63, -64, 64, -65, 8_191, -8_192, 8_192, -8_193,
                                                          524_287, -524_288, 524_288, -524_289]),
         Array(repeating: 1, count: 15)),
    ]

    /// Timestamps whose successive delta-of-deltas are `deltaOfDeltas` (a first delta of 10 s).
    static func timestamps(deltaOfDeltas: [Int64]) -> [Int64] {
        var out: [Int64] = [0, 10_000_000]
        var delta: Int64 = 10_000_000
        for dod in deltaOfDeltas {
            delta += dod
            out.append(out[out.count - 1] + delta)
        }
        return out
    }

    @Test("round-trips timestamps and value bits", arguments: cases)
    func roundTrip(name: String, timestamps: [Int64], values: [Double]) {
        var chunk = XORChunk()
        for (t, v) in zip(timestamps, values) { chunk.append(timestamp: t, value: v) }
        #expect(chunk.count == timestamps.count)
        #expect(chunk.minTime == timestamps.first)
        #expect(chunk.maxTime == timestamps.last)
        var iterator = chunk.makeIterator()
        var decodedT: [Int64] = [], decodedBits: [UInt64] = []
        while let (t, v) = iterator.next() {
            decodedT.append(t)
            decodedBits.append(v.bitPattern)
        }
        #expect(!iterator.isCorrupt)
        #expect(decodedT == timestamps, "\(name)")
        #expect(decodedBits == values.map(\.bitPattern), "\(name)")
    }

    @Test func randomRoundTrip() {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            var chunk = XORChunk()
            var time = Int64.random(in: -1_000_000...1_000_000, using: &random)
            var expected: [(Int64, UInt64)] = []
            for _ in 0..<Int.random(in: 1...200, using: &random) {
                let value = Double(bitPattern: random.next())
                chunk.append(timestamp: time, value: value)
                expected.append((time, value.bitPattern))
                time += Int64.random(in: 1...(1 << Int64.random(in: 1...40, using: &random)), using: &random)
            }
            var iterator = chunk.makeIterator()
            for (t, bits) in expected {
                let next = iterator.next()
                #expect(next?.timestamp == t)
                #expect(next?.value.bitPattern == bits)
            }
            #expect(iterator.next() == nil)
        }
    }

    @Test("regular scrapes of a slowly changing gauge compress to under 1 byte per sample")
    func compression() {
        var chunk = XORChunk()
        for index in 0..<120 { chunk.append(timestamp: Int64(index) * 15_000, value: Double(index / 10)) }
        #expect(chunk.bytes.count < 120)
    }

    @Test("truncated or garbage bytes end decoding without trapping", arguments: [0, 1, 5, 16, 20])
    func corruptBytes(keep: Int) {
        var chunk = XORChunk()
        for index in 0..<50 { chunk.append(timestamp: Int64(index) * 1_000 + Int64(index * index), value: Double(index) * 1.7) }
        var iterator = XORIterator(bytes: Array(chunk.bytes.prefix(keep)), count: 50)
        var read = 0
        while iterator.next() != nil { read += 1 }
        #expect(read < 50)
        #expect(iterator.isCorrupt)
    }

    @Test func garbageNeverTraps() {
        var random = SeededGenerator(seed: 99)
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            var iterator = XORIterator(bytes: bytes, count: 120)
            while iterator.next() != nil {}
        }
    }

    @Test func bitStreamRoundTrip() {
        var writer = BitWriter()
        let fields: [(UInt64, Int)] = [(1, 1), (0, 1), (0b101, 3), (0xdead_beef, 32), (.max, 64), (0, 0), (12345, 17), (0, 64)]
        for (value, count) in fields { writer.writeBits(value, count: count) }
        var reader = BitReader(writer.bytes)
        for (value, count) in fields { #expect(reader.readBits(count) == value) }
        #expect(!reader.overrun)
        #expect(writer.bitCount == fields.reduce(0) { $0 + $1.1 })
    }

    /// Every width at every alignment reads back what was written; reading past the end overruns.
    @Test func bitStreamRandomWidthsAndOverrun() {
        var generator = SystemRandomNumberGenerator()
        var writer = BitWriter()
        var fields: [(UInt64, Int)] = []
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...64, using: &generator)
            let value = count == 0 ? 0 : UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64(64 - count)
            fields.append((value, count))
            writer.writeBits(value, count: count)
        }
        var reader = BitReader(writer.bytes)
        for (value, count) in fields { #expect(reader.readBits(count) == value) }
        #expect(!reader.overrun)
        var short = BitReader([0xff, 0x01])
        let twelve = short.readBits(12)
        #expect(twelve == 0xff0)
        #expect(!short.overrun)
        let past = short.readBits(5)
        #expect(past == 0)
        #expect(short.overrun)
        var empty = BitReader([])
        let bit = empty.readBit()
        #expect(!bit)
        #expect(empty.overrun)
    }

    /// Unary prefixes of every length (up to the limit, which has no terminating 0) at every alignment.
    @Test func unaryPrefixes() {
        var writer = BitWriter()
        var expected: [(ones: Int, padding: Int)] = []
        for i in 0..<400 {
            let ones = i % 5, padding = (i * 7) % 11
            for _ in 0..<ones { writer.writeBits(1, count: 1) }
            if ones < 4 { writer.writeBits(0, count: 1) }
            writer.writeBits(0, count: padding)
            expected.append((ones, padding))
        }
        var reader = BitReader(writer.bytes)
        for (ones, padding) in expected {
            let read = reader.readUnaryPrefix(limit: 4)
            #expect(read == ones)
            _ = reader.readBits(padding)
        }
        #expect(!reader.overrun)
    }

    @Test func crc32KnownVectors() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        let whole = CRC32.checksum(Array("hello world".utf8))
        #expect(CRC32.checksum(Array(" world".utf8), initial: CRC32.checksum(Array("hello".utf8))) == whole)
    }
}
