import Foundation
import Testing
import VigilCore

@testable import TSDB

/// Damaged files and bad options: errors, never traps.
@Suite struct BadInputTests {
    static let badPayloads: [(String, UInt8, [UInt8])] = [
        ("unknown type", 9, [0]),
        ("series count past the end", WALRecord.seriesType, [5]),
        ("sample cut short", WALRecord.samplesType, [1, 0, 1, 0, 1, 2, 3]),
        ("varint never ends", WALRecord.samplesType, Array(repeating: 0xff, count: 12)),
        ("ref above 32 bits", WALRecord.seriesType, [1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0]),
        ("label string longer than the record", WALRecord.seriesType, [1, 1, 1, 200, 65]),
        ("empty payload", WALRecord.samplesType, []),
    ]

    @Test("malformed WAL payloads throw", arguments: badPayloads)
    func malformedPayload(name: String, type: UInt8, payload: [UInt8]) {
        var reader = ByteReader(payload)
        #expect(throws: DecodingFailure.self, "\(name)") { try WALRecord.decode(type: type, payload: &reader) }
    }

    enum BlockDamage: String, CaseIterable {
        case metaGarbage, metaMissing, metaFutureVersion, indexTruncated, chunksBadMagic
    }

    func writeBlock(_ directory: String) throws -> String {
        let db = try TimeSeriesDB.open(directory: directory)
        var appender = db.appender()
        for step in 0..<(4 * 240) { appender.append(labels(["__name__": "m"]), timestamp: Int64(step) * 15_000, value: Double(step)) }
        try appender.commit()
        let block = try #require(try db.compact(now: 100 * hour).written.first)
        try db.close()
        return directory + "/blocks/block-\(block.minTime)-\(block.maxTime)"
    }

    @Test("a damaged block makes open throw", arguments: BlockDamage.allCases)
    func damagedBlock(damage: BlockDamage) throws {
        try withTemporaryDirectory { directory in
            let block = try writeBlock(directory)
            switch damage {
            case .metaGarbage: try Data("{not json".utf8).write(to: URL(filePath: block + "/meta.json"))
            case .metaMissing: try FileManager.default.removeItem(atPath: block + "/meta.json")
            case .metaFutureVersion:
                let text = try String(contentsOfFile: block + "/meta.json", encoding: .utf8)
                try Data(text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 9").utf8)
                    .write(to: URL(filePath: block + "/meta.json"))
            case .indexTruncated:
                let bytes = try Data(contentsOf: URL(filePath: block + "/index"))
                try bytes.prefix(bytes.count - 3).write(to: URL(filePath: block + "/index"))
            case .chunksBadMagic:
                var bytes = [UInt8](try Data(contentsOf: URL(filePath: block + "/chunks")))
                bytes[0] = 0
                try Data(bytes).write(to: URL(filePath: block + "/chunks"))
            }
            #expect(throws: (any Error).self) { try TimeSeriesDB.open(directory: directory) }
        }
    }

    @Test func corruptChunkBytesThrowOnSelect() throws {
        try withTemporaryDirectory { directory in
            let block = try writeBlock(directory)
            var bytes = [UInt8](try Data(contentsOf: URL(filePath: block + "/chunks")))
            bytes[bytes.count / 2] ^= 0x10
            try Data(bytes).write(to: URL(filePath: block + "/chunks"))
            let db = try TimeSeriesDB.open(directory: directory)
            #expect(throws: TSDBError.self) { try db.select([.equal("__name__", "m")], mint: 0, maxt: 2 * hour) }
            // The head part is unaffected.
            #expect(try db.select([.equal("__name__", "m")], mint: 2 * hour, maxt: 4 * hour).first?.count == 480)
        }
    }

    /// A checkpoint whose CRC holds but whose chunks record is malformed (a chunk of no samples)
    /// is refused with the reason, not replayed in part.
    @Test func malformedCheckpointChunkNamesTheProblem() throws {
        try withTemporaryDirectory { directory in
            let wal = WALDirectory(path: directory + "/wal")
            try FileManager.default.createDirectory(atPath: wal.path, withIntermediateDirectories: true)
            var buffer: [UInt8] = []
            WALRecord.series([WALSeries(ref: 1, labels: labels(["__name__": "m"]))]).encode(into: &buffer)
            WALRecord.chunks([WALChunks(ref: 1, chunks: [XORChunk()])]).encode(into: &buffer)
            try Data(buffer).write(to: URL(filePath: wal.checkpointPath(1)))
            let error = #expect(throws: TSDBError.self) { try TimeSeriesDB.open(directory: directory) }
            guard case .corruptCheckpoint(let path, let reason) = error else {
                Issue.record("expected corruptCheckpoint, got \(String(describing: error))")
                return
            }
            #expect(path == wal.checkpointPath(1))
            #expect(reason.contains("chunk of 0 samples"))
        }
    }

    @Test func corruptCheckpointFailsToOpenWithAnError() throws {
        try withTemporaryDirectory { directory in
            _ = try writeBlock(directory)
            let listing = try WALDirectory(path: directory + "/wal").list()
            let checkpoint = directory + "/wal/" + WALDirectory.checkpointName(try #require(listing.checkpoints.last))
            var bytes = [UInt8](try Data(contentsOf: URL(filePath: checkpoint)))
            bytes[bytes.count - 1] ^= 0x01
            try Data(bytes).write(to: URL(filePath: checkpoint))
            let error = #expect(throws: TSDBError.self) { try TimeSeriesDB.open(directory: directory) }
            guard case .corruptCheckpoint = error else {
                Issue.record("expected corruptCheckpoint, got \(String(describing: error))")
                return
            }
        }
    }

    static let badOptions: [(String, @Sendable (inout TSDBOptions) -> Void)] = [
        ("zero block range", { $0.blockRange = 0 }),
        ("negative retention", { $0.retention = -1 }),
        ("negative size limit", { $0.maxBlockBytes = -5 }),
        ("zero segment size", { $0.walSegmentSize = 0 }),
        ("zero samples per chunk", { $0.samplesPerChunk = 0 }),
        ("zero sync interval", { $0.walSync = .interval(.zero) }),
    ]

    @Test("invalid options are refused", arguments: badOptions.indices)
    func invalidOptions(index: Int) throws {
        var options = TSDBOptions()
        Self.badOptions[index].1(&options)
        #expect(options.problem != nil, "\(Self.badOptions[index].0)")
        try withTemporaryDirectory { directory in
            #expect(throws: TSDBError.self) { try TimeSeriesDB.open(directory: directory, options: options) }
        }
    }
}
