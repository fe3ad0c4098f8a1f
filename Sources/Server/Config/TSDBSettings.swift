import TSDB
import VigilConfig
import VigilCore

/// `storage.tsdb`: how long the metrics store keeps data and when its WAL syncs. Read when the
/// store opens: a change takes effect at the next start (a reload logs a warning).
///
/// ```yaml
/// storage:
///   tsdb:
///     retention_time: 30d     # default 15d (--storage.tsdb.retention.time)
///     retention_size: 50GB    # default 0: no size limit (--storage.tsdb.retention.size)
///     wal_fsync: always       # always (default), never, or a duration such as 1s
/// ```
public struct TSDBSettings: Sendable, Hashable, Codable {
    /// Blocks older than this are deleted.
    public var retentionTime = PromDuration(milliseconds: 15 * 86_400_000)
    /// The oldest blocks are deleted while all blocks together are larger; zero: no limit.
    public var retentionSize = ByteSize.zero
    public var walFsync = WALFsync.always

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case retentionTime = "retention_time", retentionSize = "retention_size", walFsync = "wal_fsync"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "storage.tsdb")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TSDBSettings()
        retentionTime = try c.decode(PromDuration.self, forKey: .retentionTime, default: d.retentionTime)
        retentionSize = try c.decode(ByteSize.self, forKey: .retentionSize, default: d.retentionSize)
        walFsync = try c.decode(WALFsync.self, forKey: .walFsync, default: d.walFsync)
        if retentionTime.milliseconds <= 0 { throw c.invalid(.retentionTime, "retention_time must be positive") }
    }

    /// The store's options for these settings, the others at their defaults.
    public var tsdbOptions: TSDBOptions {
        var options = TSDBOptions()
        options.retention = retentionTime.milliseconds
        options.maxBlockBytes = retentionSize == .zero ? nil : retentionSize.bytes
        options.walSync = walFsync.policy
        return options
    }
}
