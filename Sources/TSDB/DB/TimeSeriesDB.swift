import Foundation
import Logging
import Synchronization
import VigilCore

/// Vigil's embedded time-series database: an in-memory head backed by a write-ahead log, and
/// immutable on-disk blocks for older data.
///
/// ```swift
/// let db = try TimeSeriesDB.open(directory: "/var/lib/vigil/tsdb", logger: logger)
/// var appender = db.appender()
/// appender.append(labels, timestamp: nowMs, value: 1)
/// try appender.commit()
/// let series = try db.select([.equal("__name__", "up")], mint: nowMs - 300_000, maxt: nowMs)
/// try db.compact(now: nowMs)   // periodically: cut blocks, truncate the WAL, apply retention
/// ```
///
/// Directory layout: `wal/` (segments and checkpoint) and `blocks/<block>/`; see
/// `docs/TSDB-FORMAT.md`. Opening replays the WAL; a torn or corrupt tail is truncated with a
/// warning and reported in `replayReport`.
public final class TimeSeriesDB: Sendable {
    public let directory: String
    public let options: TSDBOptions
    /// What the WAL replay at open found (and repaired).
    public let replayReport: WALReplayReport
    let head: Head
    let wal: WAL
    let logger: Logger
    // Guards the list of loaded blocks (sorted by minTime); queries copy it and read unlocked.
    let blocks: Mutex<[Block]>
    // Held for a whole `compact(now:)` call, so two compactions never interleave.
    let compaction = Mutex(())

    private init(directory: String, options: TSDBOptions, report: WALReplayReport, head: Head, wal: WAL,
                 blocks: [Block], logger: Logger) {
        self.directory = directory
        self.options = options
        replayReport = report
        self.head = head
        self.wal = wal
        self.blocks = Mutex(blocks)
        self.logger = logger
    }

    var walPath: String { directory + "/wal" }
    var blocksPath: String { directory + "/blocks" }

    /// Opens (creating if needed) the database in `directory`: loads blocks, replays the WAL
    /// into the head and starts a new WAL segment.
    ///
    /// - Parameter logger: receives warnings about repaired files; nil logs nothing.
    /// - Throws: `TSDBIOError` for failed file operations, `TSDBError` for invalid options and
    ///   for damage it cannot repair (a corrupt block or checkpoint).
    public static func open(directory: String, options: TSDBOptions = TSDBOptions(), logger: Logger? = nil) throws -> TimeSeriesDB {
        if let problem = options.problem { throw TSDBError.invalidOptions(problem) }
        let logger = logger ?? Logger(label: "vigil.tsdb", factory: { _ in SwiftLogNoOpLogHandler() })
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory + "/blocks", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: directory + "/wal", withIntermediateDirectories: true)

        var blocks: [Block] = []
        for name in try manager.contentsOfDirectory(atPath: directory + "/blocks").sorted() {
            let path = directory + "/blocks/" + name
            if name.hasSuffix(".tmp") {
                // An interrupted block write: its data is still in the WAL.
                try manager.removeItem(atPath: path)
                continue
            }
            blocks.append(try Block(path: path))
        }
        let superseded = supersededBlocks(blocks)
        for block in superseded {
            logger.warning("deleting block left over from an interrupted merge", metadata: ["block.path": "\(block.path)"])
            try deleteBlockDirectory(block.path)
        }
        blocks.removeAll { block in superseded.contains { $0 === block } }
        blocks.sort { $0.meta.minTime < $1.meta.minTime }

        let minValid = blocks.map(\.meta.maxTime).max() ?? .min
        let head = Head(samplesPerChunk: options.samplesPerChunk, blockRange: options.blockRange, minValidTime: minValid)
        var aliases: [UInt32: UInt32] = [:]
        var dropped = 0
        let report = try WALReplay.run(directory: directory + "/wal", logger: logger) { record in
            dropped += head.replay(record, aliases: &aliases)
        }
        if dropped > 0 {
            logger.info("skipped WAL samples already in blocks or out of order", metadata: ["wal.samples_skipped": "\(dropped)"])
        }
        let wal = try WAL(directory: directory + "/wal", segmentSize: options.walSegmentSize, policy: options.walSync)
        return TimeSeriesDB(directory: directory, options: options, report: report, head: head, wal: wal,
                            blocks: blocks, logger: logger)
    }

    /// A new, empty appender.
    public func appender() -> Appender { Appender(db: self) }

    /// Forces every committed sample to disk now. With `.interval` the server calls it on a timer
    /// so an idle tail is synced too; with `.always` it is never needed.
    public func syncWAL() throws { try wal.sync() }

    /// Syncs and closes the WAL; appends fail afterwards, queries keep working.
    public func close() throws { try wal.close() }

    /// Current counts.
    public func stats() -> TSDBStats {
        let summary = head.summary()
        let counters = head.counters()
        let blocks = self.blocks.withLock { $0 }
        return TSDBStats(headSeries: summary.series, headMinTime: summary.minTime, headMaxTime: summary.maxTime,
                         headChunkBytes: summary.chunkBytes,
                         headSamplesAppended: counters.samples, rejected: counters.rejected,
                         blocks: blocks.map(\.meta), blockBytes: blocks.reduce(0) { $0 + $1.sizeOnDisk })
    }
}
