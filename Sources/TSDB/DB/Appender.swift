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

    /// Drops the buffered samples.
    public mutating func rollback() { batch.removeAll() }
}
