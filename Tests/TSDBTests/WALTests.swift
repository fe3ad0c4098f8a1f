import Foundation
import Testing
import VigilCore

@testable import TSDB

@Suite struct WALTests {
    static let t0: Int64 = 1_700_000_000_000
    static let series = labels(["__name__": "up", "job": "api"])

    /// Opens a database, commits `count` single-sample batches (one WAL record each after the
    /// first) and returns the directory's only segment path.
    func writeCommits(_ directory: String, count: Int, policy: WALSyncPolicy = .always) throws -> String {
        var options = TSDBOptions()
        options.walSync = policy
        let db = try TimeSeriesDB.open(directory: directory, options: options)
        for index in 0..<count {
            var appender = db.appender()
            appender.append(Self.series, timestamp: Self.t0 + Int64(index) * 1_000, value: Double(index))
            try appender.commit()
        }
        try db.close()
        return directory + "/wal/" + WALDirectory.segmentName(1)
    }

    func storedTimestamps(_ db: TimeSeriesDB) throws -> [Int64] {
        try db.select([.equal("__name__", "up")], mint: 0, maxt: .max / 2).flatMap { Array($0.timestamps) }
    }

    /// The framed size of the last commit's record (one sample of series ref 1).
    func lastRecordSize(index: Int) -> Int {
        var buffer: [UInt8] = []
        WALRecord.samples([WALSample(ref: 1, timestamp: Self.t0 + Int64(index) * 1_000, value: Double(index))])
            .encode(into: &buffer)
        return buffer.count
    }

    /// A chunk of `count` samples a second apart from `start`.
    static func chunk(from start: Int64, count: Int) -> XORChunk {
        var chunk = XORChunk()
        for index in 0..<count { chunk.append(timestamp: start + Int64(index) * 1_000, value: Double(index) * 1.5) }
        return chunk
    }

    @Test func recordsRoundTrip() throws {
        let records: [WALRecord] = [
            .series([WALSeries(ref: 1, labels: Self.series), WALSeries(ref: 900, labels: labels(["a": "ü", "b": String(repeating: "x", count: 300)]))]),
            .samples([WALSample(ref: 1, timestamp: -5, value: .nan), WALSample(ref: 900, timestamp: Self.t0, value: StaleMarker.value),
                      WALSample(ref: 1, timestamp: Int64.max, value: -.infinity)]),
            .samples([]),
            .samples([-0.0, 0, 42, -7, 0.5, 0x1p47, -0x1p47, 0x1p48, 1e15, .infinity, 3.000_000_000_1].enumerated().map {
                WALSample(ref: UInt32.max - UInt32($0.offset), timestamp: Self.t0 - Int64($0.offset), value: $0.element)
            }),
            .chunks([WALChunks(ref: 7, chunks: [Self.chunk(from: Self.t0, count: 120), Self.chunk(from: Self.t0 + 120_000, count: 3)]),
                      WALChunks(ref: 8, chunks: [])]),
        ]
        var buffer: [UInt8] = []
        for record in records { record.encode(into: &buffer) }
        var scanner = WALFrameScanner(buffer)
        var decoded: [WALRecord] = []
        while let record = try scanner.next() { decoded.append(record) }
        #expect(decoded == records)
    }

    /// Integral values take a varint: a commit of counters costs well under the 12-13 bytes a
    /// sample of 8-byte values does; other values keep their 8 bytes.
    @Test func integralValuesAreStoredAsVarints() throws {
        func bytesPerSample(_ value: (Int) -> Double) -> Double {
            var buffer: [UInt8] = []
            WALRecord.samples((0..<10_000).map { WALSample(ref: UInt32(20_000 + $0), timestamp: Self.t0 + Int64($0 % 7), value: value($0)) })
                .encode(into: &buffer)
            return Double(buffer.count) / 10_000
        }
        #expect(bytesPerSample { Double(1_000_000 + $0 * 37) } < 8)
        #expect(bytesPerSample { Double($0) + 0.25 } > 11)
    }

    /// Segments written before integral values became varints (type 2) still replay.
    @Test func eightByteSamplesRecordsStillDecode() throws {
        var payload: [UInt8] = []
        payload.appendUVarint(2)
        payload.appendVarint(Self.t0)
        for (ref, offset, value) in [(UInt64(3), Int64(0), 12.0), (UInt64(300), Int64(-15_000), -0.5)] {
            payload.appendUVarint(ref)
            payload.appendVarint(offset)
            payload.appendUInt64(value.bitPattern)
        }
        var frame: [UInt8] = [WALRecord.samplesType]
        frame.appendUInt32(UInt32(payload.count))
        frame.appendUInt32(CRC32.checksum(payload, initial: CRC32.checksum(CollectionOfOne(WALRecord.samplesType))))
        frame += payload
        var scanner = WALFrameScanner(frame)
        #expect(try scanner.next() == .samples([WALSample(ref: 3, timestamp: Self.t0, value: 12),
                                                WALSample(ref: 300, timestamp: Self.t0 - 15_000, value: -0.5)]))
        #expect(try scanner.next() == nil)
    }

    @Test func replayAfterReopen() throws {
        try withTemporaryDirectory { directory in
            _ = try writeCommits(directory, count: 300)
            let db = try TimeSeriesDB.open(directory: directory)
            #expect(db.replayReport.repair == nil)
            #expect(try storedTimestamps(db) == (0..<300).map { Self.t0 + Int64($0) * 1_000 })
            // Appends continue after the replayed samples and survive a second reopen.
            var appender = db.appender()
            appender.append(Self.series, timestamp: Self.t0 + 300_000, value: 1)
            appender.append(labels(["__name__": "up", "job": "new"]), timestamp: Self.t0, value: 1)
            #expect(try appender.commit().seriesCreated == 1)
            try db.close()
            let again = try TimeSeriesDB.open(directory: directory)
            #expect(try storedTimestamps(again).count == 302)
            #expect(again.stats().headSeries == 2)
        }
    }

    enum Damage: String, CaseIterable {
        case cutOneByte, cutIntoHeader, flipPayloadByte, flipLengthByte, flipTypeByte, appendGarbage, appendPartialHeader, zeroTail
    }

    @Test("a damaged tail opens cleanly with every record before it", arguments: Damage.allCases)
    func damagedTail(damage: Damage) throws {
        try withTemporaryDirectory { directory in
            let count = 50
            let segment = try writeCommits(directory, count: count)
            var bytes = [UInt8](try Data(contentsOf: URL(filePath: segment)))
            let originalSize = bytes.count
            let lastStart = originalSize - lastRecordSize(index: count - 1)
            var expectedCount = count - 1
            switch damage {
            case .cutOneByte: bytes.removeLast()
            case .cutIntoHeader: bytes.removeLast(bytes.count - lastStart - 4)
            case .flipPayloadByte: bytes[bytes.count - 3] ^= 0x40
            case .flipLengthByte: bytes[lastStart + 1] ^= 0x01
            case .flipTypeByte: bytes[lastStart] = 0x7f
            case .appendGarbage:
                bytes += [0x02, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4, 5, 6, 7]
                expectedCount = count
            case .appendPartialHeader:
                bytes += [0x02, 0x00]
                expectedCount = count
            case .zeroTail:
                for index in (bytes.count - 6)..<bytes.count { bytes[index] = 0 }
            }
            try Data(bytes).write(to: URL(filePath: segment))

            let db = try TimeSeriesDB.open(directory: directory)
            let repair = try #require(db.replayReport.repair)
            #expect(repair.segment == 1)
            #expect(repair.offset == (expectedCount == count ? originalSize : lastStart))
            #expect(try FileManager.default.attributesOfItem(atPath: segment)[.size] as? Int == repair.offset)
            #expect(try storedTimestamps(db) == (0..<expectedCount).map { Self.t0 + Int64($0) * 1_000 })
            // The segment was truncated at the bad record; new appends survive another reopen.
            var appender = db.appender()
            appender.append(Self.series, timestamp: Self.t0 + 3_600_000, value: 7)
            try appender.commit()
            try db.close()
            let again = try TimeSeriesDB.open(directory: directory)
            #expect(again.replayReport.repair == nil)
            #expect(try storedTimestamps(again).count == expectedCount + 1)
        }
    }

    @Test func corruptionInAnEarlierSegmentDropsLaterSegments() throws {
        try withTemporaryDirectory { directory in
            _ = try writeCommits(directory, count: 10)  // segment 1
            let reopened = try TimeSeriesDB.open(directory: directory)  // starts segment 2
            var appender = reopened.appender()
            appender.append(Self.series, timestamp: Self.t0 + 100_000, value: 1)
            try appender.commit()
            try reopened.close()
            let first = directory + "/wal/" + WALDirectory.segmentName(1)
            var bytes = [UInt8](try Data(contentsOf: URL(filePath: first)))
            bytes[bytes.count - 2] ^= 0xff
            try Data(bytes).write(to: URL(filePath: first))
            let db = try TimeSeriesDB.open(directory: directory)
            #expect(db.replayReport.repair?.segmentsDeleted == [2])
            #expect(try storedTimestamps(db).count == 9)
        }
    }

    @Test("every policy keeps committed samples across a reopen", arguments: [WALSyncPolicy.always, .interval(.seconds(10)), .never])
    func syncPolicies(policy: WALSyncPolicy) throws {
        try withTemporaryDirectory { directory in
            _ = try writeCommits(directory, count: 20, policy: policy)
            let db = try TimeSeriesDB.open(directory: directory)
            #expect(try storedTimestamps(db).count == 20)
        }
    }

    @Test func segmentsRollOverAtTheSizeLimit() throws {
        try withTemporaryDirectory { directory in
            var options = TSDBOptions()
            options.walSegmentSize = 256
            let db = try TimeSeriesDB.open(directory: directory, options: options)
            for index in 0..<100 {
                var appender = db.appender()
                appender.append(Self.series, timestamp: Self.t0 + Int64(index), value: Double(index))
                try appender.commit()
            }
            try db.close()
            let listing = try WALDirectory(path: directory + "/wal").list()
            #expect(listing.segments.count > 5)
            let again = try TimeSeriesDB.open(directory: directory, options: options)
            #expect(try storedTimestamps(again).count == 100)
        }
    }
}
