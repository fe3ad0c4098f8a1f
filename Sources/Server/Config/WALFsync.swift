import TSDB
import VigilCore

/// `storage.tsdb.wal_fsync`: when the write-ahead log is synced to disk, written `always`,
/// `never` or a duration (`1s`: at most that long between syncs).
public enum WALFsync: Hashable, Sendable, CustomStringConvertible {
    /// Before a write is acknowledged: an acknowledged sample survives a power loss (the default).
    case always
    /// At a commit when this long has passed since the last sync; a power loss may lose that much.
    case interval(PromDuration)
    /// Left to the kernel; a crash of Vigil loses nothing, a power loss may.
    case never

    public init(parsing text: String) throws(WALFsyncError) {
        switch text {
        case "always": self = .always
        case "never": self = .never
        default:
            guard text.first?.isNumber == true else {
                throw WALFsyncError(message: "expected always, never or a duration, got \(quoteGoString(text))")
            }
            let duration: PromDuration
            do { duration = try PromDuration(parsing: text) } catch { throw WALFsyncError(message: error.message) }
            if duration.milliseconds <= 0 {
                throw WALFsyncError(message: "the fsync interval must be positive (never leaves syncing to the kernel)")
            }
            self = .interval(duration)
        }
    }

    public var description: String {
        switch self {
        case .always: "always"
        case .never: "never"
        case .interval(let duration): duration.description
        }
    }

    /// The TSDB's policy for this setting.
    var policy: WALSyncPolicy {
        switch self {
        case .always: .always
        case .never: .never
        case .interval(let duration): .interval(.milliseconds(duration.milliseconds))
        }
    }
}

extension WALFsync: TextCodable {}

/// A `wal_fsync` value that does not parse.
public struct WALFsyncError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
