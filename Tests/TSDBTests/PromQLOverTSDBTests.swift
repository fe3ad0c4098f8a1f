import PromQL
import Testing
import VigilCore

@testable import TSDB

/// The engine must give identical answers over the TSDB (blocks + head) and `MemorySeriesStore`.
@Suite struct PromQLOverTSDBTests {
    static let queries = [
        "up",
        #"up{job=""}"#,
        #"sum by (job) (http_requests_total)"#,
        #"rate(http_requests_total[5m])"#,
        #"max_over_time(cpu_seconds{env=~"prod|dev"}[10m])"#,
        #"count({__name__=~".+"})"#,
        #"count_over_time({__name__=~".+", job!~"api|db"}[3m])"#,
        #"topk(3, cpu_seconds) > 0"#,
    ]

    @Test("same results as MemorySeriesStore", arguments: queries)
    func sameResults(query: String) throws {
        let data = randomData(seed: 11, series: 60, samples: 120)
        var store = MemorySeriesStore()
        for (labels, points) in data { for (t, v) in points { store.append(labels, timestamp: t, value: v) } }
        try withTemporaryDirectory { directory in
            var options = TSDBOptions()
            options.blockRange = 600_000
            let db = try TimeSeriesDB.open(directory: directory, options: options)
            var appender = db.appender()
            for (labels, points) in data { for (t, v) in points { appender.append(labels, timestamp: t, value: v) } }
            try appender.commit()
            #expect(try !db.compact(now: 100 * hour).written.isEmpty)
            let engine = Engine()
            let expr = try engine.parse(query)
            for time in stride(from: Int64(0), through: 1_900_000, by: 95_000) {
                let (expected, _) = try engine.instantQuery(expr, at: time, storage: store)
                let (actual, _) = try engine.instantQuery(expr, at: time, storage: db)
                #expect(describe(actual) == describe(expected), "\(query) at \(time)")
            }
            let (expectedRange, _) = try engine.rangeQuery(expr, start: 0, end: 1_900_000, step: 30_000, storage: store)
            let (actualRange, _) = try engine.rangeQuery(expr, start: 0, end: 1_900_000, step: 30_000, storage: db)
            #expect(describe(actualRange) == describe(expectedRange), "range \(query)")
        }
    }

    func describe(_ result: QueryResult) -> [String] {
        switch result {
        case .scalar(let value): ["\(value.bitPattern)"]
        case .string(let text): [text]
        case .vector(let samples): samples.map { "\($0.metric) \($0.timestamp) \($0.value.bitPattern)" }
        case .matrix(let series):
            series.map { "\($0.metric) \(Array($0.timestamps)) \($0.values.map(\.bitPattern))" }
        }
    }
}
