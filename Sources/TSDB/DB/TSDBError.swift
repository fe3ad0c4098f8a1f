/// Problems the disk can cause: unreadable or corrupt files the TSDB cannot repair on its own.
public enum TSDBError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String)
    /// Options that cannot work (see `TSDBOptions.problem`).
    case invalidOptions(String)
    /// A checkpoint is written whole before it is renamed into place, so damage is not a torn write.
    case corruptCheckpoint(path: String, reason: String)
    case corruptBlock(path: String, reason: String)
    case corruptChunk(path: String, offset: Int)
    /// The database was closed, or its WAL could not undo a failed write (reopen to repair).
    case closed

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path)"
        case .invalidOptions(let problem): "invalid TSDB options: \(problem)"
        case .corruptCheckpoint(let path, let reason): "corrupt WAL checkpoint \(path): \(reason)"
        case .corruptBlock(let path, let reason): "corrupt block \(path): \(reason)"
        case .corruptChunk(let path, let offset): "corrupt chunk in \(path) at offset \(offset)"
        case .closed: "the time-series database is closed (or its WAL failed; reopen it)"
        }
    }
}
