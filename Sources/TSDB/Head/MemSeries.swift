import VigilCore

/// One series in the head: its labels, sealed chunks and the chunk being appended to.
///
/// A class so the head's dictionary hands out a reference, not a copy of the chunk arrays, on
/// every append; it is only touched with the head's state lock held (hence not `Sendable`).
final class MemSeries {
    let labels: Labels
    /// Full or cut chunks in time order; never appended to again.
    private(set) var sealed: [XORChunk] = []
    /// The chunk receiving samples, nil until the first sample (and after truncation).
    private(set) var open: XORChunk?
    /// End (exclusive) of the block-range slot the open chunk lies in: chunks never straddle a
    /// block boundary, so compaction moves whole chunks.
    private var openRangeEnd: Int64 = .min
    /// The last accepted sample, for out-of-order and duplicate checks (`.min` before any).
    private(set) var lastTimestamp: Int64 = .min
    private(set) var lastValueBits: UInt64 = 0

    init(labels: Labels) { self.labels = labels }

    var isEmpty: Bool { sealed.isEmpty && open == nil }

    /// Bytes of the encoded chunks.
    var chunkBytes: Int { sealed.reduce(open?.bytes.count ?? 0) { $0 + $1.bytes.count } }

    /// Timestamp of the oldest sample held, nil when empty.
    var minTime: Int64? { sealed.first?.minTime ?? open?.minTime }

    /// Appends a sample already validated as newer than `lastTimestamp`.
    func append(timestamp: Int64, value: Double, samplesPerChunk: Int, blockRange: Int64) {
        // The open chunk is read and changed in place (binding it with `if let` copies it: a
        // retain and release of its buffer on every sample).
        if open != nil, open!.count >= samplesPerChunk || timestamp >= openRangeEnd {
            sealed.append(open!.trimmed())
            open = nil
        }
        if open == nil {
            open = XORChunk(reservingCapacity: Self.expectedBytes(after: sealed.last, samplesPerChunk: samplesPerChunk))
            openRangeEnd = Self.rangeStart(timestamp, blockRange).clampedAdding(blockRange)
        }
        open!.append(timestamp: timestamp, value: value)
        lastTimestamp = timestamp
        lastValueBits = value.bitPattern
    }

    /// Puts a whole chunk from a checkpoint back as a sealed chunk, when it follows what the
    /// series holds (nothing open, newer than its last sample and than `minValidTime`, inside
    /// one block-range slot) and decodes to its stated samples; the number of samples, else nil
    /// (the caller then appends its samples one by one).
    func restoreSealed(_ chunk: XORChunk, blockRange: Int64, minValidTime: Int64) -> Int? {
        guard open == nil, chunk.count > 0, chunk.minTime > lastTimestamp, chunk.minTime >= minValidTime,
            Self.rangeStart(chunk.minTime, blockRange) == Self.rangeStart(chunk.maxTime, blockRange)
        else { return nil }
        var samples = chunk.makeIterator()
        var decoded = 0, previous = lastTimestamp, lastBits: UInt64 = 0
        while let (timestamp, value) = samples.next() {
            guard timestamp > previous else { return nil }
            previous = timestamp
            lastBits = value.bitPattern
            decoded += 1
        }
        guard decoded == chunk.count, previous == chunk.maxTime else { return nil }
        sealed.append(chunk)
        lastTimestamp = chunk.maxTime
        lastValueBits = lastBits
        return decoded
    }

    /// The buffer a new chunk starts with: what the series' previous chunk took for as many
    /// samples, plus an eighth (series keep their shape from chunk to chunk), so most chunks
    /// never grow; 128 bytes for a series' first chunk.
    static func expectedBytes(after previous: XORChunk?, samplesPerChunk: Int) -> Int {
        guard let previous, previous.count > 0 else { return 128 }
        let full = previous.bytes.count * samplesPerChunk / previous.count
        return min(max(full + full / 8, 32), 4096)
    }

    /// The start of the `range`-aligned slot holding `timestamp` (floor division).
    static func rangeStart(_ timestamp: Int64, _ range: Int64) -> Int64 {
        let quotient = timestamp / range
        let start = quotient * range
        return start > timestamp ? start.clampedAdding(-range) : start
    }

    /// Every chunk, sealed then open, in time order.
    var chunks: [XORChunk] {
        guard let open else { return sealed }
        return sealed + [open]
    }

    /// Appends the chunks overlapping `[mint, maxt]` to `out`, in time order.
    func appendChunks(overlapping mint: Int64, _ maxt: Int64, to out: inout [XORChunk]) {
        // Sealed chunks are in time order and queries mostly read the recent end: walk back from
        // there instead of copying the whole list.
        var first = sealed.endIndex
        while first > sealed.startIndex, sealed[first - 1].maxTime >= mint { first -= 1 }
        for index in first..<sealed.endIndex {
            let chunk = sealed[index]
            if chunk.minTime > maxt { break }
            if chunk.count > 0 { out.append(chunk) }
        }
        if let open, open.count > 0, open.maxTime >= mint, open.minTime <= maxt { out.append(open) }
    }

    /// Drops chunks whose samples all lie before `time`; chunks never straddle a block
    /// boundary, so cutting at one drops whole chunks only.
    func truncate(before time: Int64) {
        sealed.removeAll { $0.maxTime < time }
        if let chunk = open, chunk.maxTime < time { open = nil }
    }
}
