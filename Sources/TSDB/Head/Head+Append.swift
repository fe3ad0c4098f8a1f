import Synchronization
import VigilCore

/// Samples buffered by an appender, in append order.
struct PendingBatch: Sendable {
    var labels: [Labels] = []
    var timestamps: [Int64] = []
    var values: [Double] = []

    var isEmpty: Bool { labels.isEmpty }

    mutating func removeAll() {
        labels.removeAll(keepingCapacity: true)
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
        try commitOrder.withLock { _ throws -> CommitResult in
            var plan = state.withLock { validate(batch, &$0) }
            if !plan.records.isEmpty {
                try wal.log(plan.records)
                state.withLock { apply(plan, &$0) }
                plan.result.seriesCreated = plan.newSeries.count
            }
            return plan.result
        }
    }

    /// What a commit will log and apply.
    struct CommitPlan {
        var result = CommitResult()
        var newSeries: [WALSeries] = []
        var accepted: [WALSample] = []
        var records: [WALRecord] = []
    }

    private func validate(_ batch: PendingBatch, _ state: inout State) -> CommitPlan {
        var result = CommitResult()
        var newSeries: [WALSeries] = []
        var newRefs: [Labels: UInt32] = [:]
        // The newest accepted sample per series within this batch: later samples of the
        // batch are checked against it, not against the head.
        var newest: [UInt32: (timestamp: Int64, bits: UInt64)] = [:]
        var accepted: [WALSample] = []
        accepted.reserveCapacity(batch.labels.count)

        for index in batch.labels.indices {
            let labels = batch.labels[index], timestamp = batch.timestamps[index], value = batch.values[index]
            if timestamp < state.minValidTime {
                result.rejected.outOfBounds += 1
                continue
            }
            let ref: UInt32
            var last: (timestamp: Int64, bits: UInt64)?
            if let existing = state.refs[labels] ?? newRefs[labels] {
                ref = existing
                if let inBatch = newest[ref] {
                    last = inBatch
                } else if let series = state.series[ref], series.lastTimestamp != .min {
                    last = (series.lastTimestamp, series.lastValueBits)
                }
            } else {
                ref = state.nextRef &+ UInt32(newSeries.count)
                newRefs[labels] = ref
                newSeries.append(WALSeries(ref: ref, labels: labels))
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
            newest[ref] = (timestamp, value.bitPattern)
            accepted.append(WALSample(ref: ref, timestamp: timestamp, value: value))
            result.accepted += 1
        }
        // A new series is created only when one of its samples was accepted.
        if !newSeries.isEmpty { newSeries.removeAll { newest[$0.ref] == nil } }

        var records: [WALRecord] = []
        if !newSeries.isEmpty { records.append(.series(newSeries)) }
        if !accepted.isEmpty { records.append(.samples(accepted)) }
        state.rejected += result.rejected
        return CommitPlan(result: result, newSeries: newSeries, accepted: accepted, records: records)
    }

    private func apply(_ plan: CommitPlan, _ state: inout State) {
        for entry in plan.newSeries { Self.createSeries(&state, ref: entry.ref, labels: entry.labels) }
        if let highest = plan.newSeries.last?.ref { state.nextRef = highest &+ 1 }
        for sample in plan.accepted {
            let applied: Void? = state.series[sample.ref]?.append(
                timestamp: sample.timestamp, value: sample.value,
                samplesPerChunk: samplesPerChunk, blockRange: blockRange)
            if applied == nil { preconditionFailure("BUG: accepted sample for unknown series \(sample.ref)") }
        }
        state.samplesAppended += plan.accepted.count
    }
}
