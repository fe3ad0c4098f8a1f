import VigilCore

/// `vigil serve` flags that win over the config file's `storage` section, at start and on
/// every reload; nil: the file's value (or its default).
public struct StorageOverrides: Sendable, Hashable {
    /// `--retention-time` (alias `--storage.tsdb.retention.time`).
    public var retentionTime: PromDuration?
    /// `--retention-size` (alias `--storage.tsdb.retention.size`).
    public var retentionSize: ByteSize?
    /// `--wal-fsync`.
    public var walFsync: WALFsync?
    /// `--max-import-body`.
    public var maxImportBody: ByteSize?
    /// `--max-remote-write-body`.
    public var maxRemoteWriteBody: ByteSize?

    public init(retentionTime: PromDuration? = nil, retentionSize: ByteSize? = nil, walFsync: WALFsync? = nil,
                maxImportBody: ByteSize? = nil, maxRemoteWriteBody: ByteSize? = nil) {
        self.retentionTime = retentionTime
        self.retentionSize = retentionSize
        self.walFsync = walFsync
        self.maxImportBody = maxImportBody
        self.maxRemoteWriteBody = maxRemoteWriteBody
    }
}
