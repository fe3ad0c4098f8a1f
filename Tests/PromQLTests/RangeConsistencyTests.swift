import Foundation
import Testing
import VigilCore
@testable import PromQL

/// Range queries (step-vectorized) must agree with instant queries (step by step) at every step.
struct RangeConsistencyTests {
    static func store() -> MemorySeriesStore {
        var store = MemorySeriesStore()
        for instance in 0..<4 {
            for job in ["api", "db"] {
                let total = Labels(["__name__": "requests_total", "job": job, "instance": "\(instance)"])
                let gauge = Labels(["__name__": "temperature", "job": job, "instance": "\(instance)"])
                for k in 0..<60 where (k + instance) % 7 != 0 {
                    let t = Int64(k) * 30_000
                    // A counter with a reset, and a gauge that goes stale for a while.
                    store.append(total, timestamp: t, value: Double((k % 40) * (instance + 1)))
                    let value = (k / 10) % 3 == 2 && instance == 1 ? StaleMarker.value : Double(k % 9) - 4
                    store.append(gauge, timestamp: t, value: value)
                }
            }
        }
        // The fuzz grammar's series.
        for k in 0..<40 {
            for i in 0..<3 {
                let t = Int64(k) * 30_000
                if (k + i) % 5 != 0 {
                    store.append(Labels(["__name__": "m", "i": "\(i)"]), timestamp: t, value: k % 13 == 0 ? StaleMarker.value : Double(k * i) - 20)
                }
                store.append(Labels(["__name__": "n", "i": "\(i)"]), timestamp: t, value: Double((k * 7 + i) % 11))
            }
        }
        return store
    }

    static let queries = [
        "requests_total", "temperature offset 1m", "temperature @ 600",
        "rate(requests_total[2m])", "increase(requests_total[5m])", "irate(requests_total[1m])",
        "delta(temperature[3m])", "deriv(temperature[5m])", "predict_linear(temperature[5m], 60)",
        "resets(requests_total[10m])", "changes(temperature[5m])", "avg_over_time(temperature[4m])",
        "quantile_over_time(0.3, temperature[5m])", "last_over_time(temperature[2m])",
        "sum by (job) (rate(requests_total[2m]))", "avg without (instance) (temperature)",
        "count(temperature > 0)", "max by (instance) (temperature) * 2", "-temperature", "abs(temperature)",
        "clamp(temperature, -1, 2)", "round(temperature / 3, 0.5)", "temperature > bool 0", "2 ^ temperature",
        "requests_total / on(job, instance) temperature", "requests_total / ignoring(instance) group_left sum by (job) (requests_total)",
        "temperature and requests_total > 20", "temperature or requests_total", "temperature unless temperature < 0",
        "sum(requests_total) - sum(temperature)", "topk(2, temperature)", "time() - timestamp(temperature)",
        "sum_over_time(temperature[5m:1m])", "max_over_time(rate(requests_total[1m])[5m:30s])",
        "avg_over_time(sum by (job) (temperature)[3m:45s] offset 1m)", "min_over_time(temperature[10s:5s])",
        "last_over_time((-temperature)[2m:])", "count_over_time((temperature > 0)[4m:20s] @ 900)", "label_replace(temperature, \"x\", \"$1\", \"job\", \"(.*)\")",
        "scalar(sum(temperature)) + 1", "sort_desc(temperature)", "absent(nothing)", "histogram_quantile(0.5, temperature)",
        "rate({__name__=~\"requests_total|temperature\"}[5m])", "{__name__=~\"requests_total|temperature\"} + 1",
        // Aggregations that never show `__name__` leave it on streamed range calls' samples.
        "sum by (job) (rate({__name__=~\"requests_total|temperature\"}[5m]))", "max without (instance) (irate(requests_total[1m]))",
        "avg by (__name__) (rate({__name__=~\"requests_total|temperature\"}[5m]))", "topk(1, rate(requests_total[2m]))",
        "count by (job, instance) (max_over_time(temperature[3m]))", "quantile by (job) (0.5, last_over_time(temperature[2m]))",
    ]

    @Test(arguments: [PromQLCompatibility.prometheus3, .prometheus2])
    func rangeAgreesWithInstant(_ compatibility: PromQLCompatibility) throws {
        _ = try compare(Self.queries, compatibility)
    }

    /// Random queries from the fuzz grammar, over the same data.
    @Test(arguments: [PromQLCompatibility.prometheus3, .prometheus2])
    func randomRangeAgreesWithInstant(_ compatibility: PromQLCompatibility) throws {
        var generator = GrammarFuzzTests.Generator(random: SplitMix(seed: compatibility == .prometheus3 ? 11 : 12))
        var queries: [String] = []
        for _ in 0..<150 {
            queries.append(generator.vector(3))
        }
        // `@ start()`/`@ end()` legitimately differ: an instant query's start and end are its time.
        let options = ParserOptions(compatibility: compatibility)
        let nonEmpty = try compare(queries.filter { (try? Parser.parse($0, options: options)) != nil && !$0.contains("start()") && !$0.contains("end()") },
                    compatibility)
        #expect(nonEmpty > 30, "only \(nonEmpty) random queries gave data")
    }

    /// Instant queries read `rate(m[5m])` and its kind series by series (`evalStreamingRangeCall`);
    /// their annotations must be those of the step-vectorized path, which builds the matrix.
    @Test(arguments: [PromQLCompatibility.prometheus3, .prometheus2])
    func streamedCallsAnnotateAsRangeQueries(_ compatibility: PromQLCompatibility) throws {
        let engine = Engine(options: EngineOptions(compatibility: compatibility))
        let store = Self.store()
        let queries = [
            "rate(temperature[5m])", "rate(requests_total[5m])", #"irate({__name__=~"requests_total|temperature"}[1m])"#,
            "increase(temperature[5m] offset 1m)", #"rate(temperature{instance="1"}[1m])"#, "max_over_time(temperature[2m])",
        ]
        var informed = 0
        for query in queries {
            let expr = try engine.parse(query)
            for t in stride(from: Int64(0), through: 2_400_000, by: 150_000) {
                // Both fail alike (names dropped from two metrics collide) or annotate alike.
                let instant = Result { try engine.instantQuery(expr, at: t, storage: store).1 }
                let range = Result { try engine.rangeQuery(expr, start: t, end: t, step: 1_000, storage: store).1 }
                #expect(String(describing: instant) == String(describing: range), "\(query) @\(t)")
                if case .success(let annotations) = instant, !annotations.isEmpty { informed += 1 }
            }
        }
        #expect(informed > 10, "only \(informed) evaluations gave annotations")
    }

    /// Compares every query; returns how many gave a non-empty range result.
    @discardableResult
    func compare(_ queries: [String], _ compatibility: PromQLCompatibility) throws -> Int {
        var nonEmpty = 0
        let engine = Engine(options: EngineOptions(compatibility: compatibility))
        let store = Self.store()
        let (start, end, step): (Int64, Int64, Int64) = (60_000, 1_500_000, 45_000)
        for query in queries {
            let expr = try engine.parse(query)
            let range: [Labels: [Int64: Double]]?
            do {
                let (result, _) = try engine.rangeQuery(expr, start: start, end: end, step: step, storage: store)
                guard case .matrix(let series) = result else { Issue.record("\(query): no matrix"); continue }
                var points: [Labels: [Int64: Double]] = [:]
                for s in series { points[s.metric] = Dictionary(uniqueKeysWithValues: zip(s.timestamps, s.values)) }
                range = points
                if !points.isEmpty { nonEmpty += 1 }
            } catch {
                range = nil
            }
            var instant: [Labels: [Int64: Double]] = [:]
            var instantFailed = false
            var t = start
            while t <= end {
                do {
                    let (result, _) = try engine.instantQuery(expr, at: t, storage: store)
                    switch result {
                    case .vector(let samples): for s in samples { instant[s.metric, default: [:]][t] = s.value }
                    case .scalar(let v): instant[.empty, default: [:]][t] = v
                    default: Issue.record("\(query): unexpected result type")
                    }
                } catch {
                    instantFailed = true
                }
                t += step
            }
            guard let range else {
                #expect(instantFailed, "\(query): range query failed, instant queries did not")
                continue
            }
            #expect(!instantFailed, "\(query): instant query failed, range query did not")
            #expect(Set(range.keys) == Set(instant.keys), "\(query): series differ")
            for (metric, points) in range {
                let other = instant[metric] ?? [:]
                #expect(Set(points.keys) == Set(other.keys), "\(query) \(metric): steps differ")
                for (t, v) in points {
                    guard let w = other[t] else { continue }
                    #expect(v == w || (v.isNaN && w.isNaN), "\(query) \(metric) @\(t): \(v) vs \(w)")
                }
            }
        }
        return nonEmpty
    }
}
