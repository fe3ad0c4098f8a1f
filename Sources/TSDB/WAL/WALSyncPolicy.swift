/// When the WAL forces written records to disk with `fsync`.
public enum WALSyncPolicy: Sendable, Hashable {
    /// Before every commit returns: a committed batch survives a power loss (the default).
    case always
    /// At a commit when at least this long has passed since the last sync; a crash of the
    /// process loses nothing, a power loss up to the interval (plus idle time since the last commit).
    case interval(Duration)
    /// Never explicitly; the kernel writes back when it likes. Process crashes lose nothing.
    case never
}
