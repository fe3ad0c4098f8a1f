import Foundation
import Logging

/// What reading the WAL back found, for logs and tests.
public struct WALReplayReport: Sendable, Hashable {
    /// Segments read (not counting the checkpoint).
    public var segmentsRead = 0
    /// Records read, the checkpoint's included.
    public var recordsRead = 0
    /// The torn or corrupt record found, if any; it and everything after it were removed.
    public var repair: Repair?

    public struct Repair: Sendable, Hashable {
        /// The segment holding the bad record (its file name is this number in 8 digits).
        public var segment: Int
        /// Byte offset of the bad record in that segment; the segment was truncated there.
        public var offset: Int
        /// Why the record was rejected.
        public var reason: String
        /// Later segments deleted along with the tail.
        public var segmentsDeleted: [Int]
    }
}

/// Reads a WAL directory in order (latest checkpoint, then the segments after it) and repairs a
/// torn or corrupt tail, as Prometheus's `tsdb/wlog` repair does: the bad record's segment is
/// truncated at the record and later segments are deleted. Records before it are all kept.
enum WALReplay {
    static func run(
        directory path: String, logger: Logger, apply: (WALRecord) throws -> Void
    ) throws -> WALReplayReport {
        var report = WALReplayReport()
        let directory = WALDirectory(path: path)
        guard FileManager.default.fileExists(atPath: path) else { return report }
        let listing = try directory.list()
        for name in listing.temporary { try directory.remove(name) }
        var firstSegment = 0
        if let checkpoint = listing.checkpoints.last {
            let checkpointPath = directory.checkpointPath(checkpoint)
            var scanner = WALFrameScanner(try directory.read(checkpointPath))
            do {
                while let record = try scanner.next() {
                    try apply(record)
                    report.recordsRead += 1
                }
            } catch let failure as DecodingFailure {
                throw TSDBError.corruptCheckpoint(path: checkpointPath, reason: failure.message)
            }
            firstSegment = checkpoint + 1
        }
        let segments = listing.segments.filter { $0 >= firstSegment }
        for (position, segment) in segments.enumerated() {
            let segmentPath = directory.segmentPath(segment)
            var scanner = WALFrameScanner(try directory.read(segmentPath))
            report.segmentsRead += 1
            do {
                while let record = try scanner.next() {
                    try apply(record)
                    report.recordsRead += 1
                }
            } catch let failure as DecodingFailure {
                let later = Array(segments[(position + 1)...])
                logger.warning(
                    "truncating torn or corrupt WAL tail",
                    metadata: [
                        "wal.segment": "\(segmentPath)", "wal.offset": "\(scanner.offset)",
                        "wal.reason": "\(failure.message)", "wal.segments_deleted": "\(later.count)",
                    ])
                try FileSystem.truncate(segmentPath, to: scanner.offset)
                for deleted in later { try directory.remove(WALDirectory.segmentName(deleted)) }
                try FileSystem.syncDirectory(path)
                report.repair = .init(segment: segment, offset: scanner.offset, reason: failure.message, segmentsDeleted: later)
                break
            }
        }
        return report
    }
}
