import Testing

@testable import TSDB

@Suite struct RefMapTests {
    @Test("matches Dictionary under random inserts, updates and removals", arguments: [1, 2, 3] as [UInt64])
    func matchesDictionary(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var map = RefMap<Int>()
        var reference: [UInt32: Int] = [:]
        for step in 0..<20_000 {
            // A small key space, so removals hit and clusters form and wrap around.
            let key = UInt32.random(in: 1...600, using: &random)
            if Int.random(in: 0..<3, using: &random) == 0 {
                map[key] = nil
                reference[key] = nil
            } else {
                map[key] = step
                reference[key] = step
            }
            if step % 997 == 0 {
                for probe in UInt32(1)...600 { #expect(map[probe] == reference[probe], "key \(probe) at step \(step)") }
            }
        }
        #expect(map.count == reference.count)
        #expect(map.keys.sorted() == reference.keys.sorted())
        #expect(map.values.sorted() == reference.values.sorted())
    }

    @Test func checksumIsTheSameForContiguousAndOtherSequences() {
        var random = SeededGenerator(seed: 9)
        for length in 0..<80 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let initial = UInt32.random(in: 0...UInt32.max, using: &random)
            #expect(CRC32.checksum(bytes, initial: initial) == CRC32.checksum(bytes.lazy.map { $0 }, initial: initial), "length \(length)")
        }
    }
}
