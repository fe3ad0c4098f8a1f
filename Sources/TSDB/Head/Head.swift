import Synchronization
import VigilCore

/// The in-memory head: the most recent samples of every series, compressed in chunks, with an
/// inverted index. Everything it holds is also in the WAL.
final class Head: Sendable {
    // Not `Sendable`: it holds `MemSeries` references; it only lives inside the mutex.
    struct State {
        var series = RefMap<MemSeries>()
        var refs: [Labels: UInt32] = [:]
        var postings = MemPostings()
        var symbols = SymbolTable()
        /// The next reference to hand out; references are never reused while the head lives.
        var nextRef: UInt32 = 1
        /// Samples older than this are refused: their range is already in a block.
        var minValidTime: Int64 = .min
        var rejected = Rejections()
        var samplesAppended = 0
        var labelOrder = LabelOrder()
        /// The oldest sample timestamp applied since the last `takeOldestAppend()` (`.max`: none).
        var oldestAppend: Int64 = .max
    }

    let samplesPerChunk: Int
    let blockRange: Int64
    // Guards all head state, only briefly: commits take it to validate and again to apply,
    // queries to pick series and copy their chunks (cheap copy-on-write values; decoding happens
    // outside). Nobody holds it across disk I/O, so queries never wait for an fsync.
    let state: Mutex<State>
    // Serialises commits against each other and against compaction's `cut`/`truncate`: held from
    // validation through the WAL write to the apply, so WAL order is apply order and what was
    // validated still holds when applied. Taken before `state`, never after.
    let commitOrder = Mutex(())

    init(samplesPerChunk: Int, blockRange: Int64, minValidTime: Int64) {
        self.samplesPerChunk = samplesPerChunk
        self.blockRange = blockRange
        var initial = State()
        initial.minValidTime = minValidTime
        state = Mutex(initial)
    }

    /// Applies one WAL record during replay (before any commit); `aliases` maps references of
    /// duplicate series records to the first reference of the same labels.
    func replay(_ record: WALRecord, aliases: inout [UInt32: UInt32]) -> Int {
        state.withLock { state in
            switch record {
            case .series(let entries):
                for entry in entries {
                    if let existing = state.refs[entry.labels] {
                        if existing != entry.ref { aliases[entry.ref] = existing }
                        continue
                    }
                    guard state.series[entry.ref] == nil else { continue }
                    Self.createSeries(&state, ref: entry.ref, labels: entry.labels)
                    state.nextRef = max(state.nextRef, entry.ref &+ 1)
                }
                return 0
            case .samples(let samples):
                var dropped = 0
                for sample in samples {
                    if !replay(sample.timestamp, sample.value, to: state.series[aliases[sample.ref] ?? sample.ref], &state) { dropped += 1 }
                }
                return dropped
            case .chunks(let entries):
                var dropped = 0
                for entry in entries {
                    guard let series = state.series[aliases[entry.ref] ?? entry.ref] else {
                        dropped += entry.chunks.reduce(0) { $0 + $1.count }
                        continue
                    }
                    for (index, chunk) in entry.chunks.enumerated() {
                        // Whole chunks go back as they were; the last one is encoded again, so the
                        // series can go on appending to it.
                        if index < entry.chunks.count - 1, let last = series.restoreSealed(chunk, blockRange: blockRange, minValidTime: state.minValidTime) {
                            state.samplesAppended += last
                            continue
                        }
                        var samples = chunk.makeIterator()
                        while let (timestamp, value) = samples.next() {
                            if !replay(timestamp, value, to: series, &state) { dropped += 1 }
                        }
                    }
                }
                return dropped
            }
        }
    }

    /// Appends one replayed sample to `series` unless it is unknown, before `minValidTime` (in a
    /// block already) or not newer than its last sample; whether it was appended.
    private func replay(_ timestamp: Int64, _ value: Double, to series: MemSeries?, _ state: inout State) -> Bool {
        guard let series, timestamp >= state.minValidTime, timestamp > series.lastTimestamp else { return false }
        series.append(timestamp: timestamp, value: value, samplesPerChunk: samplesPerChunk, blockRange: blockRange)
        state.samplesAppended += 1
        return true
    }

    static func createSeries(_ state: inout State, ref: UInt32, labels: Labels) {
        let interned = state.symbols.intern(labels)
        state.series[ref] = MemSeries(labels: interned)
        state.refs[interned] = ref
        state.postings.add(ref, interned)
    }

    /// Samples older than this are refused (their range is in blocks or being written to one).
    func minValidTime() -> Int64 { state.withLock { $0.minValidTime } }

    /// Number of series, the time range of the samples held (nil when empty) and the bytes of
    /// their encoded chunks.
    func summary() -> (series: Int, minTime: Int64?, maxTime: Int64?, chunkBytes: Int) {
        state.withLock { state in
            var low: Int64?, high: Int64?
            var bytes = 0
            for series in state.series.values where !series.isEmpty {
                if let time = series.minTime { low = min(low ?? time, time) }
                high = max(high ?? series.lastTimestamp, series.lastTimestamp)
                bytes += series.chunkBytes
            }
            return (state.series.count, low, high, bytes)
        }
    }
}

extension Head {
    /// The oldest sample timestamp appended since the previous call (nil when nothing was), and
    /// starts over: compaction leaves ranges that are still being written alone.
    func takeOldestAppend() -> Int64? {
        state.withLock { state in
            defer { state.oldestAppend = .max }
            return state.oldestAppend == .max ? nil : state.oldestAppend
        }
    }
}
