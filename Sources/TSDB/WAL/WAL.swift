import Foundation
import Synchronization

/// The write-ahead log: framed, checksummed records appended to numbered segment files.
///
/// Every commit's records are written (and synced per `WALSyncPolicy`) before the head applies
/// them. Callers serialise `log` themselves (the head holds its lock around it, so WAL order
/// is apply order); the mutex here guards the open file for `rotate`, `close` and `log`.
final class WAL: Sendable {
    let directory: WALDirectory
    private let segmentSize: Int
    private let policy: WALSyncPolicy

    private struct Writer {
        var file: AppendFile?
        var segment: Int
        var lastSync: ContinuousClock.Instant
        var buffer: [UInt8] = []
    }

    // Guards the open segment file and the reusable encode buffer.
    private let writer: Mutex<Writer>

    /// Starts a new segment after the highest existing one (earlier segments are never appended
    /// to again, so a repaired tail stays as repaired).
    init(directory: String, segmentSize: Int, policy: WALSyncPolicy) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.directory = WALDirectory(path: directory)
        self.segmentSize = segmentSize
        self.policy = policy
        let listing = try self.directory.list()
        let next = max(listing.segments.last ?? 0, listing.checkpoints.last ?? 0) + 1
        let file = try AppendFile(path: self.directory.segmentPath(next))
        try FileSystem.syncDirectory(directory)
        writer = Mutex(Writer(file: file, segment: next, lastSync: .now))
    }

    /// Appends `records` to the current segment, moving to a new one first if it is full.
    func log(_ records: [WALRecord]) throws {
        try writer.withLock { (state: inout Writer) throws in
            state.buffer.removeAll(keepingCapacity: true)
            for record in records { record.encode(into: &state.buffer) }
            if let size = state.file?.size, size > 0, size + state.buffer.count > segmentSize {
                try startSegment(&state, index: state.segment + 1)
            }
            guard let file = state.file, !file.isBroken else { throw TSDBError.closed }
            try file.write(state.buffer)
            switch policy {
            case .always:
                try file.sync()
            case .interval(let interval):
                let now = ContinuousClock.now
                if now - state.lastSync >= interval {
                    try file.sync()
                    state.lastSync = now
                }
            case .never:
                break
            }
        }
    }

    /// Forces written records to disk now (for `.interval`/`.never` policies on a timer or shutdown).
    func sync() throws {
        try writer.withLock { (state: inout Writer) throws in
            guard let file = state.file else { return }
            try file.sync()
            state.lastSync = .now
        }
    }

    /// Closes the current segment and opens the next; returns the closed segment's index.
    func rotate() throws -> Int {
        try writer.withLock { (state: inout Writer) throws -> Int in
            let closed = state.segment
            try startSegment(&state, index: closed + 1)
            return closed
        }
    }

    private func startSegment(_ state: inout Writer, index: Int) throws {
        if let file = state.file {
            try file.sync()
            file.close()
            state.file = nil
        }
        state.file = try AppendFile(path: directory.segmentPath(index))
        state.segment = index
        try FileSystem.syncDirectory(directory.path)
    }

    /// Syncs and closes the current segment; later `log` calls fail.
    func close() throws {
        try writer.withLock { (state: inout Writer) throws in
            if let file = state.file {
                try file.sync()
                file.close()
                state.file = nil
            }
        }
    }

    /// Writes checkpoint `index` (everything in segments up to `index`) from the records
    /// `produce` hands to its argument, then deletes those segments and older checkpoints.
    /// Written to a temporary file and renamed, so a crash leaves either the old state or the new.
    func checkpoint(through index: Int, produce: ((WALRecord) throws -> Void) throws -> Void) throws {
        let temporary = directory.checkpointPath(index) + ".tmp"
        if FileManager.default.fileExists(atPath: temporary) { try FileManager.default.removeItem(atPath: temporary) }
        let file = try AppendFile(path: temporary)
        var buffer: [UInt8] = []
        try produce { record in
            record.encode(into: &buffer)
            if buffer.count >= 1 << 20 {
                try file.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try file.write(buffer)
        try file.sync()
        file.close()
        try FileSystem.rename(temporary, to: directory.checkpointPath(index))
        try FileSystem.syncDirectory(directory.path)
        let listing = try directory.list()
        for segment in listing.segments where segment <= index { try directory.remove(WALDirectory.segmentName(segment)) }
        for old in listing.checkpoints where old < index { try directory.remove(WALDirectory.checkpointName(old)) }
        try FileSystem.syncDirectory(directory.path)
    }
}
