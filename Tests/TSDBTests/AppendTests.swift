import Foundation
import Testing
import VigilCore

@testable import TSDB

@Suite struct AppendTests {
    static let series = labels(["__name__": "x"])

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var samples: [(Int64, Double)]
        var stored: [(Int64, UInt64)]
        var rejected: [RejectionReason: Int]
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "in order", samples: [(10, 1), (20, 2)], stored: [(10, 1.0.bitPattern), (20, 2.0.bitPattern)], rejected: [:]),
        Case(name: "out of order", samples: [(10, 1), (30, 3), (20, 2)],
             stored: [(10, 1.0.bitPattern), (30, 3.0.bitPattern)], rejected: [.outOfOrder: 1]),
        Case(name: "identical duplicate accepted once", samples: [(10, 1), (10, 1)], stored: [(10, 1.0.bitPattern)], rejected: [:]),
        Case(name: "duplicate with another value", samples: [(10, 1), (10, 2), (10, 1)],
             stored: [(10, 1.0.bitPattern)], rejected: [.duplicateTimestampDifferentValue: 1]),
        Case(name: "stale marker stored as-is", samples: [(10, 1), (20, StaleMarker.value), (20, StaleMarker.value)],
             stored: [(10, 1.0.bitPattern), (20, StaleMarker.bitPattern)], rejected: [:]),
        Case(name: "NaN then stale marker at the same time", samples: [(10, .nan), (10, StaleMarker.value)],
             stored: [(10, Double.nan.bitPattern)], rejected: [.duplicateTimestampDifferentValue: 1]),
        Case(name: "older than everything", samples: [(100, 1), (5, 1), (99, 1), (100, 2), (101, 3)],
             stored: [(100, 1.0.bitPattern), (101, 3.0.bitPattern)], rejected: [.outOfOrder: 2, .duplicateTimestampDifferentValue: 1]),
    ]

    @Test("validation in one batch and across commits", arguments: cases, [true, false])
    func validation(testCase: Case, oneBatch: Bool) throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            var rejected = Rejections()
            var appender = db.appender()
            for (t, v) in testCase.samples {
                appender.append(Self.series, timestamp: t, value: v)
                if !oneBatch { rejected += try appender.commit().rejected }
            }
            if oneBatch { rejected += try appender.commit().rejected }
            for reason in RejectionReason.allCases {
                #expect(rejected[reason] == testCase.rejected[reason, default: 0], "\(reason)")
            }
            #expect(db.stats().rejected == rejected)
            let check = { (db: TimeSeriesDB) throws in
                let result = try db.select([.equal("__name__", "x")], mint: .min, maxt: .max)
                let stored = result.flatMap { zip($0.timestamps, $0.values.map(\.bitPattern)).map { [$0.0, Int64(bitPattern: $0.1)] } }
                #expect(stored == testCase.stored.map { [$0.0, Int64(bitPattern: $0.1)] })
            }
            try check(db)
            try db.close()
            try check(try TimeSeriesDB.open(directory: directory))  // the WAL holds exactly the accepted samples
        }
    }

    @Test func rejectedOnlySeriesIsNotCreated() throws {
        try withTemporaryDirectory { directory in
            var options = TSDBOptions()
            options.blockRange = 3_600_000
            let db = try TimeSeriesDB.open(directory: directory, options: options)
            var appender = db.appender()
            for step in 0..<400 { appender.append(Self.series, timestamp: Int64(step) * 15_000, value: 1) }
            try appender.commit()
            try db.compact(now: 100 * hour)
            #expect(db.stats().blocks.count == 1)
            appender.append(labels(["__name__": "late"]), timestamp: 1_000, value: 1)
            let result = try appender.commit()
            #expect(result.rejected.outOfBounds == 1)
            #expect(result.seriesCreated == 0)
            #expect(try db.series([.equal("__name__", "late")], mint: .min, maxt: .max).isEmpty)
        }
    }

    @Test("a second instance opened without closing the first sees every committed sample")
    func crashSafety() throws {
        try withTemporaryDirectory { directory in
            let first = try TimeSeriesDB.open(directory: directory)
            var expected = 0
            for batch in 0..<30 {
                var appender = first.appender()
                for series in 0..<10 {
                    appender.append(labels(["__name__": "m", "s": "\(series)"]), timestamp: Int64(batch) * 1_000, value: Double(batch))
                    expected += 1
                }
                try appender.commit()
            }
            var uncommitted = first.appender()
            uncommitted.append(labels(["__name__": "m", "s": "never"]), timestamp: 0, value: 1)
            // No close(), no commit of the last appender: as after `kill -9`.
            let second = try TimeSeriesDB.open(directory: directory)
            let result = try second.select([.equal("__name__", "m")], mint: .min, maxt: .max)
            #expect(result.count == 10)
            #expect(result.reduce(0) { $0 + $1.count } == expected)
            withExtendedLifetime(first) {}
        }
    }

    @Test func concurrentAppendersKeepEverySample() async throws {
        try await withTemporaryDirectoryAsync { directory in
            var options = TSDBOptions()
            options.walSync = .never
            let db = try TimeSeriesDB.open(directory: directory, options: options)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var appender = db.appender()
                        for step in 0..<200 {
                            appender.append(labels(["__name__": "c", "w": "\(worker)"]), timestamp: Int64(step), value: 1)
                            appender.append(labels(["__name__": "shared"]), timestamp: Int64(step), value: 1)
                            try appender.commit()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let own = try db.select([.equal("__name__", "c")], mint: .min, maxt: .max)
            #expect(own.count == 8 && own.allSatisfy { $0.count == 200 })
            let shared = try db.select([.equal("__name__", "shared")], mint: .min, maxt: .max)
            // Workers race on the shared series: behind ones are refused as out of order, never mixed in.
            let times = Array(shared.first?.timestamps ?? [])
            #expect(times == times.sorted() && Set(times).count == times.count && times.last == 199)
            #expect(db.stats().rejected.duplicateTimestampDifferentValue == 0)
        }
    }
}

func withTemporaryDirectoryAsync(_ body: (String) async throws -> Void) async throws {
    let path = FileManager.default.temporaryDirectory.appending(path: "vigil-tsdb-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await body(path)
}

@Suite struct ExtremeTimestampTests {
    @Test("timestamps at both ends of Int64 store, query, compact and replay without trapping")
    func extremes() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            var appender = db.appender()
            for t in [Int64.min, Int64.min + 1, -1, 0, Int64.max - 1, Int64.max] {
                appender.append(labels(["__name__": "edge"]), timestamp: t, value: 1)
            }
            #expect(try appender.commit().accepted == 6)
            _ = try db.compact(now: .max)
            _ = try db.compact(now: .min)
            let stored = try db.select([.equal("__name__", "edge")], mint: .min, maxt: .max).flatMap { Array($0.timestamps) }
            #expect(stored.last == .max)
            try db.close()
            let reopened = try TimeSeriesDB.open(directory: directory)
            #expect(try reopened.select([.equal("__name__", "edge")], mint: .min, maxt: .max).flatMap { Array($0.timestamps) } == stored)
        }
    }
}
