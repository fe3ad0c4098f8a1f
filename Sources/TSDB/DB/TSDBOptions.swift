/// How a `TimeSeriesDB` cuts, keeps and syncs data. Times are milliseconds.
public struct TSDBOptions: Sendable, Hashable {
    /// Width of a block, and the alignment chunks never straddle (default 2 h).
    public var blockRange: Int64 = 2 * 3_600_000
    /// Blocks whose whole range ends at or before `now - retention` are deleted (default 15 days).
    public var retention: Int64 = 15 * 86_400_000
    /// Oldest blocks are deleted while all blocks together exceed this many bytes (nil: no limit).
    public var maxBlockBytes: Int?
    /// When the WAL syncs to disk (default `.always`).
    public var walSync: WALSyncPolicy = .always
    /// A WAL segment is closed when the next write would take it past this size (default 32 MiB).
    public var walSegmentSize = 32 << 20
    /// Samples per head chunk before a new chunk is cut (default 120, as Prometheus).
    public var samplesPerChunk = 120

    public init() {}

    /// Why these options cannot be used, nil when they can.
    public var problem: String? {
        if blockRange <= 0 || blockRange > 365 * 86_400_000 { return "block range must be positive and at most a year" }
        if retention <= 0 { return "retention must be positive" }
        if let limit = maxBlockBytes, limit < 0 { return "maximum block bytes must not be negative" }
        if walSegmentSize <= 0 { return "WAL segment size must be positive" }
        if samplesPerChunk < 1 || samplesPerChunk > 65_535 { return "samples per chunk must be in 1...65535" }
        if case .interval(let interval) = walSync, interval <= .zero { return "WAL sync interval must be positive" }
        return nil
    }
}

/// Counts describing the database, for `/metrics` and tests.
public struct TSDBStats: Sendable, Hashable {
    /// Series in the head.
    public var headSeries: Int
    /// Oldest and newest sample timestamps in the head (nil when empty).
    public var headMinTime: Int64?
    public var headMaxTime: Int64?
    /// Bytes of the head's encoded chunks (sample data only, no index).
    public var headChunkBytes: Int
    /// Samples appended to the head since open (replayed ones included).
    public var headSamplesAppended: Int
    /// Samples refused since open, by reason.
    public var rejected: Rejections
    /// Persisted blocks, oldest first.
    public var blocks: [BlockMeta]
    /// Bytes of all blocks on disk.
    public var blockBytes: Int
}

/// What one `compact(now:)` call did.
public struct CompactionResult: Sendable, Hashable {
    /// Blocks written, oldest first.
    public var written: [BlockMeta] = []
    /// Blocks written by merging smaller ones, oldest first.
    public var merged: [BlockMeta] = []
    /// Blocks deleted by retention, oldest first.
    public var deleted: [BlockMeta] = []
}
