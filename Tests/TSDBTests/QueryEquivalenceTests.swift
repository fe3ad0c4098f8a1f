import Synchronization
import Testing
import VigilCore

@testable import TSDB

/// Selects on the TSDB must equal `MemorySeriesStore` (the reference) on the same random data,
/// for every matcher kind, in the head, across blocks and head, and after a reopen.
@Suite struct QueryEquivalenceTests {
    static let matcherSets: [String] = [
        #"{__name__="up"}"#,
        #"{job="api"}"#,
        #"{job!="api"}"#,
        #"{job=""}"#,
        #"{job!=""}"#,
        #"{job=~"api|db"}"#,
        #"{job=~"api|"}"#,
        #"{job!~"api|db"}"#,
        #"{job!~""}"#,
        #"{env=~"pro.*"}"#,
        #"{env!~"st.*"}"#,
        #"{env=~"(prod|dev)?"}"#,
        #"{__name__=~".+", zone=~".*"}"#,
        #"{zone=~".+"}"#,
        #"{missing=""}"#,
        #"{missing!=""}"#,
        #"{missing=~"x|"}"#,
        #"{__name__="up", job=~"api|web", env!="prod"}"#,
        #"{instance=~"host-1.*", zone!~"z1"}"#,
        #"{__name__="nope"}"#,
        #"{job="api", job!="api"}"#,
    ]

    static let windows: [(Int64, Int64)] = [(-1 << 50, 1 << 50), (0, 200_000), (300_000, 310_000), (700_000, 10_000_000), (-5, -1)]

    func reference(_ data: [(Labels, [(Int64, Double)])]) -> MemorySeriesStore {
        var store = MemorySeriesStore()
        for (labels, points) in data { for (t, v) in points { store.append(labels, timestamp: t, value: v) } }
        return store
    }

    func load(_ db: TimeSeriesDB, _ data: [(Labels, [(Int64, Double)])]) throws {
        // Interleave series per timestamp index, a commit every few series, as scrapes would.
        var appender = db.appender()
        let longest = data.map(\.1.count).max() ?? 0
        for index in 0..<longest {
            for (labels, points) in data where index < points.count {
                appender.append(labels, timestamp: points[index].0, value: points[index].1)
                if appender.count >= 7 { try appender.commit() }
            }
        }
        try appender.commit()
    }

    func compare(_ db: TimeSeriesDB, _ store: MemorySeriesStore, stage: String) throws {
        for text in Self.matcherSets {
            let matchers = try MatcherParser.parse(text)
            for (mint, maxt) in Self.windows {
                let expected = flatten(try store.select(matchers, mint: mint, maxt: maxt))
                let actual = flatten(try db.select(matchers, mint: mint, maxt: maxt))
                #expect(actual == expected, "\(stage): \(text) [\(mint), \(maxt)]")
                // One at a time, from buffers reused between series: copied before the next.
                var visited: [SeriesSamples] = []
                try db.forEachSeries(matchers, mint: mint, maxt: maxt) {
                    visited.append(SeriesSamples(labels: $0.labels, timestamps: ArraySlice(Array($0.timestamps)), values: ArraySlice(Array($0.values))))
                }
                #expect(flatten(visited) == expected, "\(stage): forEachSeries \(text) [\(mint), \(maxt)]")
                // On several threads (a few series each), in order: each series' labels and samples.
                let mapped = try db.mapSeries(matchers, mint: mint, maxt: maxt, seriesPerLane: 3) { ($0.count, $0.timestamps.last) }
                #expect(mapped.map(\.labels) == expected.map(\.labels), "\(stage): mapSeries \(text) [\(mint), \(maxt)]")
                #expect(mapped.map(\.result.0) == expected.map(\.timestamps.count))
                #expect(mapped.map(\.result.1) == expected.map(\.timestamps.last))
                // `series` answers at chunk granularity: a superset of the selected series.
                let labels = try db.series(matchers, mint: mint, maxt: maxt)
                #expect(Set(expected.map(\.labels)).isSubset(of: labels), "\(stage): series \(text)")
                #expect(labels == labels.sorted(by: Labels.precedes))
                if mint == Self.windows[0].0 { #expect(labels == expected.map(\.labels), "\(stage): series \(text)") }
            }
        }
    }

    @Test("head, blocks + head, and reopened match the reference", arguments: [1, 2, 3] as [UInt64])
    func matchesReference(seed: UInt64) throws {
        let data = randomData(seed: seed)
        let store = reference(data)
        try withTemporaryDirectory { directory in
            var options = TSDBOptions()
            options.blockRange = 120_000
            options.retention = 10 * hour
            options.samplesPerChunk = 16
            let db = try TimeSeriesDB.open(directory: directory, options: options)
            try load(db, data)
            try compare(db, store, stage: "head")
            let compaction = try db.compact(now: 1_000_000)
            #expect(!compaction.written.isEmpty)
            #expect(!compaction.merged.isEmpty)
            try compare(db, store, stage: "blocks+head")
            let blocks = db.stats().blocks
            try db.close()
            let reopened = try TimeSeriesDB.open(directory: directory, options: options)
            #expect(reopened.stats().blocks == blocks)
            try compare(reopened, store, stage: "reopened")
        }
    }

    @Test("label-set order holds with ranked series, with series created after the ranking, and after a re-ranking")
    func rankedOrder() throws {
        let data = randomData(seed: 5)
        try withTemporaryDirectory { directory in
            let db = try TimeSeriesDB.open(directory: directory, options: TSDBOptions())
            try load(db, data)
            db.head.rankSeries()
            let ranked = db.head.state.withLock { state in state.refs.values.allSatisfy { state.labelOrder.rank($0) != nil } }
            #expect(ranked)
            try compare(db, reference(data), stage: "ranked")
            // New series sorting before, between and after the ranked ones: unranked until the next ranking.
            let late = [labels(["__name__": "a_first", "job": "api"]), labels(["__name__": "up", "instance": "host-10x", "job": "api"]),
                        labels(["__name__": "zz_last", "job": "db"])]
            let extra = late.map { ($0, [(Int64(0), 1.0), (Int64(15_000), 2.0)]) }
            try load(db, extra)
            let lateRefs = db.head.state.withLock { state in late.compactMap { state.refs[$0] } }
            #expect(lateRefs.count == 3)
            #expect(db.head.state.withLock { state in lateRefs.allSatisfy { state.labelOrder.rank($0) == nil } })
            try compare(db, reference(data + extra), stage: "unranked")
            db.head.rankSeries()
            #expect(db.head.state.withLock { state in lateRefs.allSatisfy { state.labelOrder.rank($0) != nil } })
            try compare(db, reference(data + extra), stage: "re-ranked")
        }
    }

    @Test func labelNamesAndValues() throws {
        let data = randomData(seed: 4)
        try withTemporaryDirectory { directory in
            var options = TSDBOptions()
            options.blockRange = 120_000
            let db = try TimeSeriesDB.open(directory: directory, options: options)
            try load(db, data)
            try db.compact(now: 100 * hour)
            let all = Set(data.flatMap { $0.0.names })
            #expect(try db.labelNames(matching: [], mint: .min, maxt: .max) == all.sorted())
            let jobs = Set(data.compactMap { $0.0["job"] })
            #expect(try db.labelValues("job", matching: [], mint: .min, maxt: .max) == jobs.sorted())
            let up = try MatcherParser.parse(#"{__name__="up"}"#)
            let upJobs = Set(data.filter { $0.0["__name__"] == "up" }.compactMap { $0.0["job"] })
            #expect(try db.labelValues("job", matching: up, mint: .min, maxt: .max) == upJobs.sorted())
            #expect(try db.labelValues("nope", matching: [], mint: .min, maxt: .max).isEmpty)
        }
    }

    @Test func mergeDeduplicatesOverlaps() {
        let l = labels(["a": "1"])
        let a = SeriesSamples(labels: l, timestamps: [1, 3, 5][...], values: [10, 30, 50][...])
        let b = SeriesSamples(labels: l, timestamps: [2, 3, 6][...], values: [20, 99, 60][...])
        let merged = SeriesMerge.merge(a, b)
        #expect(Array(merged.timestamps) == [1, 2, 3, 5, 6])
        #expect(Array(merged.values) == [10, 20, 30, 50, 60])
        let disjoint = SeriesMerge.merge(a, SeriesSamples(labels: l, timestamps: [7][...], values: [70][...]))
        #expect(Array(disjoint.timestamps) == [1, 3, 5, 7])
    }
}
