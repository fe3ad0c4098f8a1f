import Foundation
import Testing
import VigilCore

@testable import TSDB

/// Appending by `SeriesRef`: the fast path must never store a sample in another series than its
/// labels name, whatever happened to the reference since it was resolved.
@Suite struct SeriesRefTests {
    static let a = labels(["__name__": "m", "s": "a"])
    static let b = labels(["__name__": "m", "s": "b"])

    /// Every stored sample as `labels -> [timestamp: value]`.
    func contents(_ db: TimeSeriesDB) throws -> [String: [Int64: Double]] {
        var out: [String: [Int64: Double]] = [:]
        for series in try db.select([.equal("__name__", "m")], mint: .min, maxt: .max) {
            out[series.labels.description] = Dictionary(uniqueKeysWithValues: zip(series.timestamps, series.values))
        }
        return out
    }

    func resolve(_ db: TimeSeriesDB, _ samples: [(Labels, Int64, Double)]) throws -> [SeriesRef?] {
        var appender = db.appender()
        for (labels, t, v) in samples { appender.append(labels, timestamp: t, value: v) }
        var resolved: [SeriesRef?] = []
        try appender.commit(resolving: &resolved)
        return resolved
    }

    @Test func resolvesEverySampleToTheHeadsSeries() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            let resolved = try resolve(db, [(Self.a, 10, 1), (Self.b, 10, 2), (Self.a, 5, 3)])
            #expect(resolved.map { $0?.labels } == [Self.a, Self.b, Self.a])  // the refused sample still has its series
            #expect(resolved[0] == resolved[2])
            #expect(resolved[0] != resolved[1])
            var appender = db.appender()
            appender.append(try #require(resolved[1]), timestamp: 20, value: 4)
            var again: [SeriesRef?] = []
            let result = try appender.commit(resolving: &again)
            #expect(result.accepted == 1 && result.seriesCreated == 0)
            #expect(again == [resolved[1]])
            #expect(try contents(db) == [Self.a.description: [10: 1], Self.b.description: [10: 2, 20: 4]])
        }
    }

    @Test func samplesTooOldOrOfUncreatedSeriesResolveToNil() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            _ = try resolve(db, [(Self.a, 0, 1), (Self.a, 3 * hour, 1)])
            try db.compact(now: 100 * hour)  // [0, 2h) goes to a block: older samples are out of bounds
            let resolved = try resolve(db, [(Self.b, hour, 1), (Self.a, 4 * hour, 2)])
            #expect(resolved.map { $0?.labels } == [nil, Self.a])
        }
    }

    @Test func aReferenceNamingAnotherSeriesGoesByItsLabels() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            let resolved = try resolve(db, [(Self.a, 10, 1), (Self.b, 10, 2)])
            let refB = try #require(resolved[1])
            // b's reference carrying a's labels (as a reference from another database could).
            var appender = db.appender()
            appender.append(SeriesRef(id: refB.id, labels: Self.a), timestamp: 20, value: 3)
            try appender.commit()
            #expect(try contents(db) == [Self.a.description: [10: 1, 20: 3], Self.b.description: [10: 2]])
        }
    }

    @Test func aReferenceFromAnotherDatabaseGoesByItsLabels() throws {
        try withTemporaryDirectory { first in
            try withTemporaryDirectory { second in
                let one = try TimeSeriesDB.open(directory: first)
                let two = try TimeSeriesDB.open(directory: second)
                let refA = try #require(try resolve(one, [(Self.a, 10, 1)])[0])
                let refB = try #require(try resolve(two, [(Self.b, 10, 2)])[0])
                #expect(refA.id == refB.id)  // both databases' first series
                var appender = two.appender()
                appender.append(refA, timestamp: 20, value: 3)
                var resolved: [SeriesRef?] = []
                let result = try appender.commit(resolving: &resolved)
                #expect(result.seriesCreated == 1)
                #expect(resolved.first??.labels == Self.a)
                #expect(try contents(two) == [Self.a.description: [20: 3], Self.b.description: [10: 2]])
            }
        }
    }

    @Test func aReferenceToATruncatedSeriesRecreatesItByLabels() throws {
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory)
            let c = labels(["__name__": "m", "s": "c"])
            let old = try #require(try resolve(db, [(Self.a, 0, 1), (c, 3 * hour, 5)])[0])
            try db.compact(now: 100 * hour)  // a's only chunk goes to a block and a leaves the head
            #expect(db.stats().headSeries == 1)
            let newB = try #require(try resolve(db, [(Self.b, 3 * hour, 2)])[0])
            #expect(newB.id != old.id)  // references are not reused
            var appender = db.appender()
            appender.append(old, timestamp: 3 * hour, value: 3)
            var resolved: [SeriesRef?] = []
            let result = try appender.commit(resolving: &resolved)
            #expect(result.seriesCreated == 1)
            let fresh = try #require(resolved.first ?? nil)
            #expect(fresh.labels == Self.a && fresh.id != old.id && fresh.id != newB.id)
            let want: [String: [Int64: Double]] = [Self.a.description: [0: 1, 3 * hour: 3], Self.b.description: [3 * hour: 2], c.description: [3 * hour: 5]]
            #expect(try contents(db) == want)
            // After a restart the WAL holds the recreated series under its new reference.
            try db.close()
            let reopened = try TimeSeriesDB.open(directory: directory)
            #expect(try contents(reopened) == want)
        }
    }
}
