import Testing
import VigilCore

@testable import TSDB

/// What the head keeps per series, in bytes: buffers sized to what they hold.
@Suite struct HeadMemoryTests {
    /// 15 s scrapes of a counter growing by a varying step, 1 h from a block boundary.
    static func appendHour(to series: MemSeries, samplesPerChunk: Int = 120) {
        var value = 0.0
        for step in 0..<240 {
            value += Double(step * 7 % 5)
            series.append(timestamp: Int64(step) * 15_000, value: value, samplesPerChunk: samplesPerChunk, blockRange: 7_200_000)
        }
    }

    @Test("a full chunk is kept in a buffer of its own size")
    func sealedChunkTrimmed() throws {
        let series = MemSeries(labels: Labels(["__name__": "up"]))
        Self.appendHour(to: series)
        let sealed = try #require(series.sealed.first)
        #expect(sealed.count == 120)
        // malloc rounds up to 16 bytes; growth by doubling would leave up to the whole size again.
        #expect(sealed.capacity - sealed.bytes.count < 16)
    }

    @Test("a series' next chunk starts with room for about as many bytes as its last")
    func nextChunkSizedByLast() throws {
        let series = MemSeries(labels: Labels(["__name__": "up"]))
        Self.appendHour(to: series)
        let sealed = try #require(series.sealed.first), open = try #require(series.open)
        #expect(open.count == 120)
        #expect(open.capacity >= open.bytes.count)
        #expect(open.capacity < sealed.bytes.count * 3 / 2 + 16)
    }

    @Test("the first chunk of a series starts at 128 bytes", arguments: [nil, 0])
    func firstChunk(previousCount: Int?) {
        let previous = previousCount.map { _ in XORChunk() }
        #expect(MemSeries.expectedBytes(after: previous, samplesPerChunk: 120) == 128)
    }

    @Test("a chunk cut short at a block boundary scales to a full chunk's size")
    func scaledFromShortChunk() {
        var short = XORChunk()
        for step in 0..<30 { short.append(timestamp: Int64(step) * 15_000, value: Double(step * step)) }
        let full = short.bytes.count * 4
        #expect(MemSeries.expectedBytes(after: short, samplesPerChunk: 120) == full + full / 8)
    }

    @Test("trimming keeps a chunk's samples and lets it grow again")
    func trimmedChunkStillAppends() {
        var chunk = XORChunk()
        for step in 0..<50 { chunk.append(timestamp: Int64(step) * 15_000, value: Double(step)) }
        var trimmed = chunk.trimmed()
        #expect(trimmed.bytes == chunk.bytes)
        trimmed.append(timestamp: 50 * 15_000, value: 50)
        chunk.append(timestamp: 50 * 15_000, value: 50)
        #expect(trimmed.bytes == chunk.bytes)
        #expect(trimmed.count == 51)
    }

    @Test("a query reserves room for the samples of its window, not whole chunks")
    func windowEstimate() {
        var chunk = XORChunk()
        for step in 0..<120 { chunk.append(timestamp: Int64(step) * 15_000, value: 1) }
        #expect(chunk.expectedCount(in: 0, 119 * 15_000) == 120)
        #expect(chunk.expectedCount(in: .min, .max) == 120)
        #expect(chunk.expectedCount(in: 114 * 15_000, 200 * 15_000) == 6)  // the last 6 samples
        #expect(chunk.expectedCount(in: 120 * 15_000, 130 * 15_000) == 0)
        let series = ChunkedSeries(labels: Labels(["__name__": "up"]), chunks: [chunk])
        let samples = series.samples(mint: 100 * 15_000, maxt: 119 * 15_000)
        #expect(samples?.timestamps.count == 20)
        #expect(chunk.expectedCount(in: 100 * 15_000, 119 * 15_000) == 20)
    }
}
