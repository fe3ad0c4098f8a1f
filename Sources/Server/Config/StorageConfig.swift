import VigilConfig
import VigilCore

/// `storage`: the metrics store (`tsdb`, read at start) and the write endpoints' body limits
/// (`ingest`, applied on reload). `vigil serve` flags override both (`StorageOverrides`).
public struct StorageConfig: Sendable, Hashable, Codable {
    public var tsdb = TSDBSettings()
    public var ingest = IngestLimits()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case tsdb, ingest }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "storage")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tsdb = try c.decode(TSDBSettings.self, forKey: .tsdb, default: TSDBSettings())
        ingest = try c.decode(IngestLimits.self, forKey: .ingest, default: IngestLimits())
    }

    /// These settings with every flag that was given in place of the file's value.
    public func overridden(by flags: StorageOverrides) -> StorageConfig {
        var out = self
        if let value = flags.retentionTime { out.tsdb.retentionTime = value }
        if let value = flags.retentionSize { out.tsdb.retentionSize = value }
        if let value = flags.walFsync { out.tsdb.walFsync = value }
        if let value = flags.maxImportBody { out.ingest.maxImportBody = value }
        if let value = flags.maxRemoteWriteBody { out.ingest.maxRemoteWriteBody = value }
        return out
    }

    /// The `storage.tsdb` keys whose value differs in `next`: they need a restart, since the
    /// store is opened once (Prometheus's `--storage.tsdb.*` flags need one too).
    public func keysNeedingRestart(toApply next: StorageConfig) -> [String] {
        var keys: [String] = []
        if next.tsdb.retentionTime != tsdb.retentionTime { keys.append("storage.tsdb.retention_time") }
        if next.tsdb.retentionSize != tsdb.retentionSize { keys.append("storage.tsdb.retention_size") }
        if next.tsdb.walFsync != tsdb.walFsync { keys.append("storage.tsdb.wal_fsync") }
        return keys
    }
}
