import VigilCore

/// Collects samples for one atomic commit to a `TimeSeriesDB`.
///
/// An appender belongs to one task at a time (it is not shared); many appenders may commit
/// concurrently. Nothing is visible to queries or durable until `commit()` returns.
///
/// ```swift
/// var appender = db.appender()
/// appender.append(Labels(["__name__": "up", "job": "api"]), timestamp: now, value: 1)
/// let result = try appender.commit()   // in the WAL (synced per policy) and queryable
/// ```
public struct Appender {
    private let db: TimeSeriesDB
    private var batch = PendingBatch()

    init(db: TimeSeriesDB) { self.db = db }

    /// Buffers a sample; `timestamp` is in milliseconds. Validation happens at commit.
    public mutating func append(_ labels: Labels, timestamp: Int64, value: Double) {
        batch.labels.append(labels)
        batch.refs.append(0)
        batch.timestamps.append(timestamp)
        batch.values.append(value)
    }

    /// Buffers a sample for a series resolved by an earlier commit (`commit(resolving:)`):
    /// no label-set lookup while the series is in the head, its labels otherwise.
    public mutating func append(_ series: SeriesRef, timestamp: Int64, value: Double) {
        batch.labels.append(series.labels)
        batch.refs.append(series.id)
        batch.timestamps.append(timestamp)
        batch.values.append(value)
    }

    /// Number of samples buffered.
    public var count: Int { batch.labels.count }

    /// Writes the buffered samples to the WAL, then makes them queryable; rejected samples
    /// (out of order, conflicting duplicates, too old) are counted and dropped, never stored.
    /// The appender is empty afterwards (also when the WAL write throws; nothing is stored then).
    @discardableResult
    public mutating func commit() throws -> CommitResult {
        defer { batch.removeAll() }
        guard !batch.isEmpty else { return CommitResult() }
        return try db.head.commit(batch, wal: db.wal)
    }

    /// `commit()`, also filling `resolved` with one entry per buffered sample, in append order:
    /// the series the sample belongs to after the commit, to append to by reference later; nil
    /// when the sample was refused as too old or its series was not created (none of its samples
    /// were stored). `resolved`'s previous contents are replaced.
    @discardableResult
    public mutating func commit(resolving resolved: inout [SeriesRef?]) throws -> CommitResult {
        defer { batch.removeAll() }
        resolved.removeAll(keepingCapacity: true)
        guard !batch.isEmpty else { return CommitResult() }
        return try db.head.commit(batch, wal: db.wal, resolvingInto: &resolved)
    }

    /// Drops the buffered samples.
    public mutating func rollback() { batch.removeAll() }
}
