import Foundation
import Synchronization
import Testing
import VigilCore

@testable import TSDB

@Suite struct CompactionTests {
    /// Five hours of 15 s scrapes for `count` series starting at time 0.
    func fill(_ db: TimeSeriesDB, count: Int = 5, hours: Int64 = 5, from start: Int64 = 0) throws -> Int {
        var appended = 0
        var appender = db.appender()
        var t = start
        while t < start + hours * hour {
            for series in 0..<count {
                appender.append(labels(["__name__": "m", "s": "\(series)"]), timestamp: t, value: Double(t / 1000 + Int64(series)))
                appended += 1
            }
            if appender.count > 500 { try appender.commit() }
            t += 15_000
        }
        try appender.commit()
        return appended
    }

    func all(_ db: TimeSeriesDB) throws -> [Flattened] {
        flatten(try db.select([.equal("__name__", "m")], mint: .min, maxt: .max))
    }

    @Test func compactsWholeRangesAndReopens() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            let appended = try fill(db)
            let before = try all(db)
            #expect(before.reduce(0) { $0 + $1.timestamps.count } == appended)

            let result = try db.compact(now: 5 * hour)
            // Head spans [0, 5h): a range is cut once the head holds half a range beyond it, so
            // [0, 2h) is, [2h, 4h) is not (its end + 1 h is past the newest sample, 5h - 15s).
            #expect(result.written.map(\.minTime) == [0])
            #expect(result.written.map(\.maxTime) == [2 * hour])
            #expect(result.written.first?.numSamples == 5 * 480)
            #expect(try all(db) == before)  // spans block and head
            let stats = db.stats()
            #expect(stats.headMinTime == 2 * hour)
            #expect(try db.select([.equal("__name__", "m")], mint: 2 * hour - 30_000, maxt: 2 * hour + 30_000).allSatisfy {
                Array($0.timestamps) == [2 * hour - 30_000, 2 * hour - 15_000, 2 * hour, 2 * hour + 15_000, 2 * hour + 30_000]
            })

            // The WAL no longer holds the old range: segments up to the cut are gone.
            let listing = try WALDirectory(path: directory + "/wal").list()
            #expect(listing.checkpoints.count == 1)
            #expect(listing.segments.allSatisfy { $0 > listing.checkpoints[0] })

            // Appending more and compacting again moves the next range; reopen reads it all back.
            _ = try fill(db, hours: 2, from: 5 * hour)
            let second = try db.compact(now: 7 * hour)
            // Head now spans [2h, 7h): [2h, 4h) is cut; [4h, 6h) would need a sample at 7h.
            #expect(second.written.map(\.minTime) == [2 * hour])
            let expected = try all(db)
            try db.close()
            let reopened = try TimeSeriesDB.open(directory: directory)
            #expect(reopened.stats().blocks.count == 2)
            #expect(try all(reopened) == expected)
            #expect(expected.reduce(0) { $0 + $1.timestamps.count } == appended + 5 * 480)
        }
    }

    /// Each series' head chunks as (minTime, maxTime, samples).
    func headChunks(_ db: TimeSeriesDB) -> [[Int64]] {
        db.head.state.withLock { state in
            state.series.values.sorted { $0.labels.description < $1.labels.description }.map { series in
                series.chunks.flatMap { [$0.minTime, $0.maxTime, Int64($0.count)] }
            }
        }
    }

    @Test("the checkpoint holds the head as compressed chunks; a reopen restores them and appends go on")
    func checkpointHoldsChunks() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            _ = try fill(db, count: 50)
            _ = try db.compact(now: 5 * hour)
            let expected = try all(db), chunks = headChunks(db)
            let wal = WALDirectory(path: directory + "/wal")
            let checkpoint = try #require(try wal.list().checkpoints.last)
            let bytes = try wal.read(wal.checkpointPath(checkpoint))
            var scanner = WALFrameScanner(bytes)
            var kinds: [String] = []
            var samples = 0
            while let record = try scanner.next() {
                switch record {
                case .series: kinds.append("series")
                case .samples: kinds.append("samples")
                case .chunks(let entries):
                    kinds.append("chunks")
                    samples += entries.reduce(0) { $0 + $1.chunks.reduce(0) { $0 + $1.count } }
                }
            }
            #expect(Set(kinds) == ["series", "chunks"])
            // The head's [2h, 5h) of 50 series at 15 s, a few bytes a sample (samples records: ~13).
            #expect(samples == 50 * 720)
            #expect(Double(bytes.count) / Double(samples) < 3)

            try db.close()
            let reopened = try TimeSeriesDB.open(directory: directory)
            #expect(try all(reopened) == expected)
            #expect(headChunks(reopened) == chunks)  // the same chunks, not re-cut
            // The last chunk was encoded again: appending continues it, and survives another reopen.
            var appender = reopened.appender()
            appender.append(labels(["__name__": "m", "s": "0"]), timestamp: 5 * hour, value: 1)
            try appender.commit()
            try reopened.close()
            let again = try TimeSeriesDB.open(directory: directory)
            #expect(try all(again).reduce(0) { $0 + $1.timestamps.count } == 50 * 720 + 50 * 480 + 1)
        }
    }

    @Test("a checkpoint chunk whose bytes hold fewer samples than it says replays what it holds")
    func shortCheckpointChunk() throws {
        try withTemporaryDirectory { directory in
            let wal = WALDirectory(path: directory + "/wal")
            try FileManager.default.createDirectory(atPath: wal.path, withIntermediateDirectories: true)
            var chunk = XORChunk()
            for index in 0..<3 { chunk.append(timestamp: Int64(index) * 15_000, value: Double(index)) }
            let lying = XORChunk(decodedBytes: chunk.bytes, count: 9, minTime: 0, maxTime: 120_000)
            var buffer: [UInt8] = []
            WALRecord.series([WALSeries(ref: 1, labels: labels(["__name__": "m"]))]).encode(into: &buffer)
            WALRecord.chunks([WALChunks(ref: 1, chunks: [lying, chunk])]).encode(into: &buffer)
            try Data(buffer).write(to: URL(filePath: wal.checkpointPath(1)))
            let db = try TimeSeriesDB.open(directory: directory)
            // The lying chunk is not restored whole: its 3 real samples are appended, and the
            // second chunk's (the same timestamps) are refused as duplicates.
            #expect(try all(db).map(\.timestamps) == [[0, 15_000, 30_000]])
        }
    }

    @Test("a range still being backfilled is not cut while a scrape of the present runs beside it")
    func backfillBesideAPresentScrape() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            // A scrape of the present (10 h) makes [0, 2h) and [2h, 4h) due for cutting.
            var scrape = db.appender()
            scrape.append(labels(["__name__": "up"]), timestamp: 10 * hour, value: 1)
            try scrape.commit()
            #expect(db.takeOldestAppend() == 10 * hour)
            #expect(db.takeOldestAppend() == nil)  // taken
            // A backfill has written [0, 3h) so far and goes on.
            let half = try fill(db, hours: 3)
            let writesFrom = try #require(db.takeOldestAppend())
            #expect(writesFrom == 0)
            // Without `writesFrom` this call cuts [0, 2h) and [2h, 4h) (the head spans 0 to 10h).
            let held = try db.compact(now: 10 * hour, writesFrom: writesFrom)
            #expect(held.written.isEmpty)
            // The backfill's next part is accepted, none refused as out of bounds.
            var appender = db.appender()
            for t in stride(from: 3 * hour, to: 5 * hour, by: 15_000) {
                appender.append(labels(["__name__": "m", "s": "0"]), timestamp: t, value: 1)
            }
            let result = try appender.commit()
            #expect(result.rejected.total == 0)
            #expect(try all(db).reduce(0) { $0 + $1.timestamps.count } == half + 480)
            // Once writes into old ranges stop, they are cut as before.
            let cut = try db.compact(now: 10 * hour, writesFrom: 10 * hour)
            #expect(cut.written.map(\.minTime) == [0, 2 * hour, 4 * hour])
        }
    }

    @Test func reopenWithoutCloseAfterCompaction() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            _ = try fill(db)
            try db.compact(now: 100 * hour)
            var appender = db.appender()
            appender.append(labels(["__name__": "m", "s": "0"]), timestamp: 5 * hour, value: 1)
            try appender.commit()
            let expected = try all(db)
            let second = try TimeSeriesDB.open(directory: directory)  // the first is never closed
            #expect(try all(second) == expected)
            withExtendedLifetime(db) {}
        }
    }

    @Test func walSamplesAlreadyInABlockAreNotReplayedTwice() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            _ = try fill(db)
            let expected = try all(db)
            // Simulate a crash after the block was written but before the WAL was checkpointed:
            // write the block by hand from the head's chunks.
            let cut = db.head.cut(from: 0, before: 2 * hour)
            _ = try BlockWriter.write(cut, minTime: 0, maxTime: 2 * hour, parent: directory + "/blocks")
            let reopened = try TimeSeriesDB.open(directory: directory)
            #expect(reopened.stats().blocks.count == 1)
            #expect(reopened.stats().headMinTime == 2 * hour)
            #expect(try all(reopened) == expected)
            withExtendedLifetime(db) {}
        }
    }

    @Test func timeRetentionDeletesOldBlocks() throws {
        try withTemporaryDirectory { directory in
            var options = TSDBOptions()
            options.retention = 3 * hour
            let db = try TimeSeriesDB.open(directory: directory, options: options)
            _ = try fill(db, hours: 7)
            let result = try db.compact(now: 5 * hour)  // blocks [0,2h), [2h,4h); [0,2h) ends ≤ 5h - 3h
            #expect(result.written.count == 2)
            #expect(result.deleted.map(\.minTime) == [0])
            #expect(db.stats().blocks.map(\.minTime) == [2 * hour])
            #expect(try db.select([.equal("__name__", "m")], mint: 0, maxt: 2 * hour - 1).isEmpty)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/blocks")
            #expect(names == ["block-\(2 * hour)-\(4 * hour)"])
            try db.close()
            #expect(try TimeSeriesDB.open(directory: directory, options: options).stats().blocks.count == 1)
        }
    }

    @Test("size retention keeps the newest blocks under the limit", arguments: [(1, 0), (Int.max, 2)])
    func sizeRetention(limit: Int, kept: Int) throws {
        try withTemporaryDirectory { directory in
            var options = TSDBOptions()
            options.maxBlockBytes = limit
            let db = try TimeSeriesDB.open(directory: directory, options: options)
            _ = try fill(db, hours: 7)
            try db.compact(now: 100 * hour)
            #expect(db.stats().blocks.count == kept)
            #expect(db.stats().blockBytes <= limit)
        }
    }

    @Test func corruptBlockIndexFailsToOpenWithAnError() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            _ = try fill(db)
            let block = try #require(try db.compact(now: 100 * hour).written.first)
            try db.close()
            let index = directory + "/blocks/block-\(block.minTime)-\(block.maxTime)/index"
            var bytes = [UInt8](try Data(contentsOf: URL(filePath: index)))
            bytes[bytes.count / 2] ^= 0xff
            try Data(bytes).write(to: URL(filePath: index))
            #expect(throws: TSDBError.self) { try TimeSeriesDB.open(directory: directory) }
        }
    }
}

/// Shared by the racing tasks: guards each worker's published progress.
final class Progress: Sendable {
    let state = Mutex<[Int: (last: Int64, accepted: Int)]>([:])
}

@Suite struct CompactionRaceTests {
    @Test("appends, queries and compactions racing lose no committed sample")
    func racingCompaction() async throws {
        try await withTemporaryDirectoryAsync { directory in
            var options = TSDBOptions()
            options.blockRange = 60_000
            options.walSync = .never
            let db = try TimeSeriesDB.open(directory: directory, options: options)
            // Per worker: (last committed timestamp, samples accepted so far), published after
            // each commit; a query started later must see exactly those samples.
            let progress = Progress()
            let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<3 {
                    group.addTask {
                        var appender = db.appender()
                        var accepted = 0
                        for step in 0..<600 {
                            appender.append(labels(["__name__": "r", "w": "\(worker)"]), timestamp: Int64(step) * 1_000, value: Double(step))
                            if step % 10 == 9 {
                                accepted += try appender.commit().accepted
                                progress.state.withLock { $0[worker] = (Int64(step) * 1_000, accepted) }
                            }
                        }
                        return accepted
                    }
                }
                group.addTask {
                    for _ in 0..<40 {
                        try db.compact(now: 100 * hour)
                        let seen = progress.state.withLock { $0 }
                        let result = try db.select([.equal("__name__", "r")], mint: .min, maxt: .max)
                        for (worker, state) in seen {
                            let series = result.first { $0.labels["w"] == "\(worker)" }
                            let visible = series?.timestamps.filter { $0 <= state.last }.count ?? 0
                            #expect(visible == state.accepted, "worker \(worker)")
                        }
                        await Task.yield()
                    }
                    return 0
                }
                return try await group.reduce(0, +)
            }
            try db.compact(now: 100 * hour)
            let stored = try db.select([.equal("__name__", "r")], mint: .min, maxt: .max)
            #expect(stored.reduce(0) { $0 + $1.count } == accepted)
            #expect(accepted + db.stats().rejected.outOfBounds == 3 * 600)
            try db.close()
            let reopened = try TimeSeriesDB.open(directory: directory, options: options)
            #expect(try reopened.select([.equal("__name__", "r")], mint: .min, maxt: .max).reduce(0) { $0 + $1.count } == accepted)
        }
    }
}

@Suite struct CompactionEdgeTests {
    @Test("a sample from the far future does not persist the present; one from the far past costs one block")
    func outliers() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            let now: Int64 = 1_700_000_000_000
            var appender = db.appender()
            appender.append(labels(["__name__": "old"]), timestamp: 0, value: 1)
            appender.append(labels(["__name__": "future"]), timestamp: now + 1_000 * 86_400_000, value: 1)
            for step in stride(from: 239, through: 0, by: -1) {
                appender.append(labels(["__name__": "now"]), timestamp: now - Int64(step) * 15_000, value: 1)
            }
            try appender.commit()
            let result = try db.compact(now: now)
            // The 1970 sample becomes one block (at once deleted by retention); the present stays
            // in the head, appendable.
            #expect(result.written.map(\.minTime) == [0])
            #expect(result.deleted == result.written)
            var later = db.appender()
            later.append(labels(["__name__": "now"]), timestamp: now + 15_000, value: 2)
            #expect(try later.commit().accepted == 1)
            #expect(try db.select([.equal("__name__", "old")], mint: .min, maxt: .max).isEmpty)
            #expect(try db.select([.equal("__name__", "now")], mint: .min, maxt: .max).first?.count == 241)
        }
    }
}

@Suite struct BlockMergeTests {
    func fill(_ db: TimeSeriesDB, hours: Int64) throws {
        var appender = db.appender()
        for t in stride(from: Int64(0), to: hours * hour, by: 15_000) {
            for series in 0..<3 { appender.append(labels(["__name__": "m", "s": "\(series)"]), timestamp: t, value: Double(t)) }
        }
        try appender.commit()
    }

    @Test func settledWindowsAreMergedAndStayQueryable() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            try fill(db, hours: 9)
            let before = flatten(try db.select([.equal("__name__", "m")], mint: .min, maxt: .max))
            let result = try db.compact(now: 9 * hour)
            #expect(result.written.map(\.minTime) == [0, 2 * hour, 4 * hour])
            #expect(result.merged.map { [$0.minTime, $0.maxTime] } == [[0, 6 * hour]])
            #expect(result.merged.first?.numSamples == 3 * 1_440)
            #expect(db.stats().blocks.map(\.minTime) == [0])
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/blocks") == ["block-0-\(6 * hour)"])
            #expect(flatten(try db.select([.equal("__name__", "m")], mint: .min, maxt: .max)) == before)
            try db.close()
            let reopened = try TimeSeriesDB.open(directory: directory)
            #expect(flatten(try reopened.select([.equal("__name__", "m")], mint: .min, maxt: .max)) == before)
        }
    }

    @Test func sourcesLeftByAnInterruptedMergeAreDeletedAtOpen() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            try fill(db, hours: 9)
            let before = flatten(try db.select([.equal("__name__", "m")], mint: .min, maxt: .max))
            let leftover = db.head.cut(from: 2 * hour, before: 4 * hour)
            try db.compact(now: 9 * hour)
            // A source block inside the merged range, as if the process died before deleting it.
            let merged = try TimeSeriesDB.open(directory: directory).stats().blocks
            _ = try BlockWriter.write(leftover.map { ChunkedSeries(labels: $0.labels, chunks: $0.chunks) }, minTime: 2 * hour,
                                      maxTime: 4 * hour, parent: directory + "/blocks")
            let reopened = try TimeSeriesDB.open(directory: directory)
            #expect(reopened.stats().blocks == merged)
            #expect(flatten(try reopened.select([.equal("__name__", "m")], mint: .min, maxt: .max)) == before)
            withExtendedLifetime(db) {}
        }
    }
}

@Suite struct CompactionRetryTests {
    @Test("a compaction interrupted before truncating the head is finished by the next one, without a duplicate block")
    func retryAfterInterruptedCompaction() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            var appender = db.appender()
            for t in stride(from: Int64(0), to: 4 * hour, by: 15_000) { appender.append(labels(["__name__": "m"]), timestamp: t, value: 1) }
            try appender.commit()
            // As if the previous call wrote and loaded the block, then failed before truncating.
            let cut = db.head.cut(from: 0, before: 2 * hour)
            let path = try BlockWriter.write(cut, minTime: 0, maxTime: 2 * hour, parent: directory + "/blocks")
            let block = try Block(path: path)
            db.blocks.withLock { $0.append(block) }
            let result = try db.compact(now: 4 * hour)
            #expect(result.written.isEmpty)
            #expect(db.stats().blocks.count == 1)
            #expect(db.stats().headMinTime == 2 * hour)
            #expect(try db.select([.equal("__name__", "m")], mint: .min, maxt: .max).first?.count == 960)
        }
    }
}
