#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
private let systemClose = Glibc.close
private let systemRename = Glibc.rename
private let systemTruncate = Glibc.truncate
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
private let systemClose = Darwin.close
private let systemRename = Darwin.rename
private let systemTruncate = Darwin.truncate
#endif

/// A failed system call on a TSDB file: what was attempted, on which path, and `errno`.
public struct TSDBIOError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var errno: Int32
    public var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
}

/// An open file descriptor for appending and syncing, closed by `close()` or on release.
///
/// Not thread-safe: its owner keeps it behind a lock.
final class AppendFile {
    let path: String
    private var fd: Int32
    private(set) var size: Int

    /// Opens (creating if needed) `path` for appending.
    init(path: String) throws(TSDBIOError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TSDBIOError(operation: "open", path: path, errno: errno) }
        let end = lseek(fd, 0, SEEK_END)
        guard end >= 0 else {
            let code = errno
            _ = systemClose(fd)
            throw TSDBIOError(operation: "seek", path: path, errno: code)
        }
        self.path = path
        self.fd = fd
        size = Int(end)
    }

    /// Appends all of `bytes`. On failure the file is cut back to its previous size, so a
    /// failed write never leaves a partial record for later writes to follow; when even that
    /// fails, `isBroken` is set and the owner must stop writing to this file.
    func write(_ bytes: [UInt8]) throws(TSDBIOError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                systemWrite(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            }
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                if written > 0, ftruncate(fd, off_t(size)) != 0 { isBroken = true }
                throw TSDBIOError(operation: "write", path: path, errno: code)
            }
            written += result
        }
        size += bytes.count
    }

    /// Whether a failed write could not be undone (the file may end in a partial record).
    private(set) var isBroken = false

    func sync() throws(TSDBIOError) {
        guard fsync(fd) == 0 else { throw TSDBIOError(operation: "fsync", path: path, errno: errno) }
    }

    func close() {
        if fd >= 0 { _ = systemClose(fd) }
        fd = -1
    }

    deinit { close() }
}

/// File-system helpers the WAL and blocks need beyond Foundation: durable renames and truncation.
enum FileSystem {
    /// Flushes a directory's entries (new, renamed or deleted files) to disk.
    static func syncDirectory(_ path: String) throws(TSDBIOError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw TSDBIOError(operation: "open", path: path, errno: errno) }
        defer { _ = systemClose(fd) }
        guard fsync(fd) == 0 else { throw TSDBIOError(operation: "fsync", path: path, errno: errno) }
    }

    static func truncate(_ path: String, to length: Int) throws(TSDBIOError) {
        guard systemTruncate(path, off_t(length)) == 0 else {
            throw TSDBIOError(operation: "truncate", path: path, errno: errno)
        }
    }

    /// Atomically replaces `destination` with `source` (same file system).
    static func rename(_ source: String, to destination: String) throws(TSDBIOError) {
        guard systemRename(source, destination) == 0 else {
            throw TSDBIOError(operation: "rename", path: source, errno: errno)
        }
    }

    /// Writes `bytes` to a new file at `path` and syncs it.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(TSDBIOError) {
        let file = try AppendFile(path: path)
        try file.write(bytes)
        try file.sync()
        file.close()
    }
}
