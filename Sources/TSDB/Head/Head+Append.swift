import Synchronization
import VigilCore

/// Samples buffered by an appender, in append order.
struct PendingBatch: Sendable {
    var labels: [Labels] = []
    /// The head reference each sample was appended by, 0 when appended by labels only.
    var refs: [UInt32] = []
    var timestamps: [Int64] = []
    var values: [Double] = []

    var isEmpty: Bool { labels.isEmpty }

    mutating func removeAll() {
        labels.removeAll(keepingCapacity: true)
        refs.removeAll(keepingCapacity: true)
        timestamps.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }
}

extension Head {
    /// Validates `batch`, logs the accepted samples (and new series) to `wal`, then applies them.
    ///
    /// Nothing is applied when the WAL write fails: the error is thrown and the head is unchanged
    /// (rejection counters aside).
    func commit(_ batch: PendingBatch, wal: WAL) throws -> CommitResult {
        var unused: [SeriesRef?] = []
        return try commit(batch, wal: wal, resolve: false, into: &unused)
    }

    /// `commit(_:wal:)`, also appending to `resolved`, per sample, the series it belongs to
    /// afterwards (nil when refused as too old, or when its series was not created).
    func commit(_ batch: PendingBatch, wal: WAL, resolvingInto resolved: inout [SeriesRef?]) throws -> CommitResult {
        try commit(batch, wal: wal, resolve: true, into: &resolved)
    }

    private func commit(_ batch: PendingBatch, wal: WAL, resolve: Bool, into resolved: inout [SeriesRef?]) throws -> CommitResult {
        try commitOrder.withLock { _ throws -> CommitResult in
            var plan = state.withLock { validate(batch, resolve: resolve, &$0) }
            if !plan.records.isEmpty {
                try wal.log(plan.records)
                state.withLock { state in
                    apply(plan, &state)
                    if resolve { Self.resolve(plan.sampleRefs, in: state, into: &resolved) }
                }
                plan.result.seriesCreated = plan.newSeries.count
            } else if resolve {
                state.withLock { Self.resolve(plan.sampleRefs, in: $0, into: &resolved) }
            }
            return plan.result
        }
    }

    private static func resolve(_ refs: [UInt32], in state: State, into resolved: inout [SeriesRef?]) {
        resolved.reserveCapacity(resolved.count + refs.count)
        for ref in refs {
            guard ref != 0, let series = state.series[ref] else {
                resolved.append(nil)
                continue
            }
            resolved.append(SeriesRef(id: ref, labels: series.labels))
        }
    }

    /// What a commit will log and apply.
    struct CommitPlan {
        var result = CommitResult()
        var newSeries: [WALSeries] = []
        var accepted: [WALSample] = []
        /// Per accepted sample, its series when it was in the head already (nil for new ones),
        /// so applying does not look every reference up again.
        var acceptedSeries: [KnownSeries?] = []
        var records: [WALRecord] = []
        /// Per sample, its series' reference (0 when refused as too old); only when resolving.
        var sampleRefs: [UInt32] = []
    }

    /// A series validation found in the head, carried to the apply. Both happen with the state
    /// lock held, in one `commitOrder` section (nothing removes series in between), which is
    /// where `MemSeries` may be touched; the plan only carries it across the WAL write.
    struct KnownSeries: @unchecked Sendable {
        let series: MemSeries
    }

    private func validate(_ batch: PendingBatch, resolve: Bool, _ state: inout State) -> CommitPlan {
        var result = CommitResult()
        var newSeries: [WALSeries] = []
        var newRefs: [Labels: UInt32] = [:]
        // The newest accepted sample per series within this batch, as its index in `accepted`
        // (a table less than half the size of one holding timestamp and value): later samples
        // of the batch are checked against it, not against the head.
        var newest = RefMap<Int32>(capacity: batch.labels.count)
        var accepted: [WALSample] = []
        accepted.reserveCapacity(batch.labels.count)
        var acceptedSeries: [KnownSeries?] = []
        acceptedSeries.reserveCapacity(batch.labels.count)
        var sampleRefs: [UInt32] = []
        if resolve { sampleRefs.reserveCapacity(batch.labels.count) }

        for index in batch.labels.indices {
            let labels = batch.labels[index], timestamp = batch.timestamps[index], value = batch.values[index]
            if timestamp < state.minValidTime {
                result.rejected.outOfBounds += 1
                if resolve { sampleRefs.append(0) }
                continue
            }
            let ref: UInt32
            var last: (timestamp: Int64, bits: UInt64)?
            var known: MemSeries?
            // A reference from an earlier commit is trusted only while it names a series with
            // these very labels (the head's copy: a pointer comparison); otherwise, the series
            // left the head or the reference is foreign, the labels decide as below.
            let hint = batch.refs[index]
            if hint != 0, let series = state.series[hint], series.labels == labels {
                known = series
                ref = hint
            } else if let existing = state.refs[labels] ?? newRefs[labels] {
                known = state.series[existing]
                ref = existing
            } else {
                ref = state.nextRef &+ UInt32(newSeries.count)
                newRefs[labels] = ref
                newSeries.append(WALSeries(ref: ref, labels: labels))
            }
            if resolve { sampleRefs.append(ref) }
            if let inBatch = newest[ref] {
                let sample = accepted[Int(inBatch)]
                last = (sample.timestamp, sample.value.bitPattern)
            } else if let known, known.lastTimestamp != .min {
                last = (known.lastTimestamp, known.lastValueBits)
            }
            if let last {
                if timestamp < last.timestamp {
                    result.rejected.outOfOrder += 1
                    continue
                }
                if timestamp == last.timestamp {
                    if value.bitPattern == last.bits {
                        result.accepted += 1  // identical duplicate: accepted, not stored again
                    } else {
                        result.rejected.duplicateTimestampDifferentValue += 1
                    }
                    continue
                }
            }
            newest[ref] = Int32(accepted.count)  // a batch of 2^31 samples would not fit in memory
            accepted.append(WALSample(ref: ref, timestamp: timestamp, value: value))
            acceptedSeries.append(known.map(KnownSeries.init))
            result.accepted += 1
        }
        // A new series is created only when one of its samples was accepted.
        if !newSeries.isEmpty { newSeries.removeAll { newest[$0.ref] == nil } }

        var records: [WALRecord] = []
        if !newSeries.isEmpty { records.append(.series(newSeries)) }
        if !accepted.isEmpty { records.append(.samples(accepted)) }
        state.rejected += result.rejected
        return CommitPlan(result: result, newSeries: newSeries, accepted: accepted, acceptedSeries: acceptedSeries,
                          records: records, sampleRefs: sampleRefs)
    }

    private func apply(_ plan: CommitPlan, _ state: inout State) {
        for entry in plan.newSeries { Self.createSeries(&state, ref: entry.ref, labels: entry.labels) }
        if let highest = plan.newSeries.last?.ref { state.nextRef = highest &+ 1 }
        var oldest = state.oldestAppend
        for (index, sample) in plan.accepted.enumerated() {
            oldest = min(oldest, sample.timestamp)
            // Validation and the apply run under `commitOrder`: a series known then is there now.
            guard let series = plan.acceptedSeries[index]?.series ?? state.series[sample.ref] else {
                preconditionFailure("BUG: accepted sample for unknown series \(sample.ref)")
            }
            series.append(timestamp: sample.timestamp, value: sample.value,
                          samplesPerChunk: samplesPerChunk, blockRange: blockRange)
        }
        state.samplesAppended += plan.accepted.count
        state.oldestAppend = oldest
    }
}
