import Foundation
import Ingest
import Testing
import TSDB
import VigilCore
import VigilTestSupport

private typealias E = RemoteWriteEncoding

/// The series cache shared by requests: a spelling seen before skips parsing and the head's
/// label lookup, and must still land every sample in the series its bytes name.
struct SeriesRefCacheTests {
    final class Store {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-src-\(UUID().uuidString)").path
        let db: TimeSeriesDB
        let cache = SeriesRefCache()
        init() throws { db = try TimeSeriesDB.open(directory: directory) }
        deinit { try? FileManager.default.removeItem(atPath: directory) }

        /// Decodes and stores one remote-write message; returns how many samples came by reference.
        @discardableResult
        func write(_ message: [UInt8]) throws -> (summary: RemoteWriteSummary, byRef: Int) {
            let request = try message.withUnsafeBytes { try RemoteWriteDecoder.decode($0, cache: cache) }
            return (try RemoteWriteImporter.store(request, into: db, cache: cache), request.samples.refs.count { $0 != nil })
        }

        func importText(_ body: String) throws -> ImportSummary {
            var importer = TextImporter(db: db, timestampUnit: .milliseconds, arrivalTime: 0, cache: cache)
            try importer.feed(Array(body.utf8))
            return try importer.finish()
        }

        /// Every stored sample as `labels -> [timestamp: value]`.
        func contents() throws -> [String: [Int64: Double]] {
            var out: [String: [Int64: Double]] = [:]
            for series in try db.select([.equal("__name__", "up")], mint: .min, maxt: .max) {
                out[series.labels.description] = Dictionary(uniqueKeysWithValues: zip(series.timestamps, series.values))
            }
            return out
        }
    }

    static let up = #"{__name__="up", job="a"}"#

    @Test func remoteWriteSeriesSentAgainComeByReference() throws {
        let store = try Store()
        let first = try store.write(E.series([("__name__", "up"), ("job", "a")], [(1, 1000)])
            + E.series([("__name__", "up"), ("job", "b")], [(2, 1000)]))
        #expect(first.byRef == 0)
        #expect(store.cache.count == 2)
        let second = try store.write(E.series([("__name__", "up"), ("job", "a")], [(3, 2000)])
            + E.series([("__name__", "up"), ("job", "c")], [(4, 2000)]))  // the set changed: c is new
        #expect(second.byRef == 1)
        #expect(second.summary.accepted == 2)
        #expect(try store.contents() == [
            Self.up: [1000: 1, 2000: 3], #"{__name__="up", job="b"}"#: [1000: 2], #"{__name__="up", job="c"}"#: [2000: 4],
        ])
    }

    @Test func aLabelAfterTheSamplesIsPartOfTheSeries() throws {
        let store = try Store()
        try store.write(E.series([("__name__", "up"), ("job", "a")], [(1, 1000)]))
        // Same opening labels, then a sample, then one more label: another series.
        let later = try store.write(E.series(E.label("__name__", "up") + E.label("job", "a") + E.sample(2, 2000) + E.label("zone", "z")))
        #expect(later.byRef == 0)
        #expect(try store.contents() == [Self.up: [1000: 1], #"{__name__="up", job="a", zone="z"}"#: [2000: 2]])
    }

    @Test func aHitStillReportsAMalformedFieldAtItsPlace() throws {
        let store = try Store()
        try store.write(E.series([("__name__", "up"), ("job", "a")], [(1, 1000)]))
        let bad = E.series(E.label("__name__", "up") + E.label("job", "a") + E.lengthDelimited(2, [0x09]))
        let cached = #expect(throws: RemoteWriteError.self) { try store.write(bad) }
        let plain = #expect(throws: RemoteWriteError.self) { try bad.withUnsafeBytes { try RemoteWriteDecoder.decode($0) } }
        #expect(cached?.description == plain?.description)
        #expect(cached != nil)
    }

    @Test func churnedSeriesAreRecreatedAfterHeadTruncation() throws {
        let store = try Store()
        let hour: Int64 = 3_600_000
        try store.write(E.series([("__name__", "up"), ("job", "a")], [(1, 0)]) + E.series([("__name__", "up"), ("job", "c")], [(5, 3 * hour)]))
        try store.db.compact(now: 100 * hour)  // a leaves the head (c stays); the cache's entry for a is stale
        #expect(store.db.stats().headSeries == 1)
        let again = try store.write(E.series([("__name__", "up"), ("job", "a")], [(2, 3 * hour)]))
        #expect(again.byRef == 1 && again.summary.accepted == 1)
        #expect(store.db.stats().headSeries == 2)
        let third = try store.write(E.series([("__name__", "up"), ("job", "a")], [(3, 4 * hour)]))
        #expect(third.byRef == 1)
        #expect(try store.contents() == [Self.up: [0: 1, 3 * hour: 2, 4 * hour: 3], #"{__name__="up", job="c"}"#: [3 * hour: 5]])
    }

    @Test func textBodiesShareTheCacheAndStillReportInvalidLines() throws {
        let store = try Store()
        let first = try store.importText("up{job=\"a\"} 1 1000\nup{job=\"b\"} 2 1000\n")
        #expect(first.accepted == 2)
        #expect(store.cache.count == 2)
        let second = try store.importText("up{job=\"a\"} 3 2000\nup{job=\"b\",zone=\"z\"} 4 2000\nb{x=} 2\nup{job=\"b\"} x\n")
        #expect(second.accepted == 2)
        #expect(second.invalidLines == 2)
        #expect(second.errors.map(\.description) == [
            #"line 3: expected '"' to start the value of label "x""#, #"line 4: invalid value "x""#,
        ])
        #expect(store.cache.count == 3)
        #expect(try store.contents() == [
            Self.up: [1000: 1, 2000: 3], #"{__name__="up", job="b"}"#: [1000: 2], #"{__name__="up", job="b", zone="z"}"#: [2000: 4],
        ])
    }

    @Test func aQuotedBraceDoesNotConfuseSpellingsSentAgain() throws {
        let store = try Store()
        let body = { (t: Int) in "up{job=\"a} 1\"} \(t) \(t)\nup{job=\"a}\"} \(t + 1) \(t)\nup{job=\"a\"} \(t + 2) \(t)\n" }
        for t in [1000, 2000] { #expect(try store.importText(body(t)).accepted == 3) }
        #expect(store.cache.count == 3)
        #expect(try store.contents() == [
            #"{__name__="up", job="a} 1"}"#: [1000: 1000, 2000: 2000], #"{__name__="up", job="a}"}"#: [1000: 1001, 2000: 2001],
            Self.up: [1000: 1002, 2000: 2002],
        ])
    }
}
