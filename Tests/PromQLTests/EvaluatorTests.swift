import Testing
import VigilCore
@testable import PromQL

/// Evaluator behaviour on small in-memory data.
struct EvaluatorTests {
    /// `http_requests{job="api", instance="0|1"}` every minute for 10 minutes, +10 and +20 per minute.
    static func store() -> MemorySeriesStore {
        var store = MemorySeriesStore()
        for k in 0...10 {
            let t = Int64(k) * 60_000
            store.append(Labels(["__name__": "http_requests", "job": "api", "instance": "0"]), timestamp: t, value: Double(k * 10))
            store.append(Labels(["__name__": "http_requests", "job": "api", "instance": "1"]), timestamp: t, value: Double(k * 20))
        }
        return store
    }

    func instant(_ query: String, at t: Int64, _ options: EngineOptions = EngineOptions()) throws -> QueryResult {
        let engine = Engine(options: options)
        return try engine.instantQuery(try engine.parse(query), at: t, storage: Self.store()).0
    }

    func values(_ result: QueryResult) -> [String: Double] {
        guard case .vector(let samples) = result else { return [:] }
        return Dictionary(uniqueKeysWithValues: samples.map { ($0.metric.description, $0.value) })
    }

    @Test func selectorAndLookback() throws {
        let v = values(try instant("http_requests{instance=\"0\"}", at: 150_000))
        #expect(v == ["{__name__=\"http_requests\", instance=\"0\", job=\"api\"}": 20])
        // After the last sample plus the lookback delta, the series is gone.
        #expect(values(try instant("http_requests", at: 600_000 + 300_000)).isEmpty)
        #expect(values(try instant("http_requests", at: 600_000 + 299_999)).count == 2)
    }

    @Test func rateExtrapolation() throws {
        let v = values(try instant("rate(http_requests[5m])", at: 600_000))
        #expect(abs((v["{instance=\"0\", job=\"api\"}"] ?? 0) - 10.0 / 60) < 1e-9)
        #expect(abs((v["{instance=\"1\", job=\"api\"}"] ?? 0) - 20.0 / 60) < 1e-9)
    }

    @Test func leftOpenWindowsIn3AndClosedIn2() throws {
        let v3 = values(try instant("count_over_time(http_requests{instance=\"0\"}[5m])", at: 600_000))
        let v2 = values(try instant("count_over_time(http_requests{instance=\"0\"}[5m])", at: 600_000,
                                    EngineOptions(compatibility: .prometheus2)))
        #expect(v3.values.first == 5)
        #expect(v2.values.first == 6)
    }

    @Test func aggregationAndMatching() throws {
        #expect(values(try instant("sum by (job) (http_requests)", at: 600_000)) == ["{job=\"api\"}": 300])
        #expect(throws: EvalError.self) { try instant("http_requests + on(job) http_requests", at: 600_000) }
        let v = values(try instant("http_requests / on(job) group_left sum by (job) (http_requests)", at: 600_000))
        #expect(v.count == 2)
    }

    @Test func duplicateLabelSetsAreErrors() throws {
        #expect(throws: EvalError.self) {
            try instant("label_replace(http_requests, \"instance\", \"x\", \"\", \"\")", at: 600_000)
        }
    }

    @Test func rangeQueryAlignsSteps() throws {
        let engine = Engine()
        let (result, _) = try engine.rangeQuery(try engine.parse("sum(http_requests)"), start: 0, end: 600_000,
                                                step: 120_000, storage: Self.store())
        guard case .matrix(let series) = result else { Issue.record("expected a matrix"); return }
        #expect(series.count == 1)
        #expect(Array(series[0].timestamps) == [0, 120_000, 240_000, 360_000, 480_000, 600_000])
        #expect(Array(series[0].values) == [0, 60, 120, 180, 240, 300])
    }

    @Test func stalenessMarkerEndsSeries() throws {
        var store = MemorySeriesStore()
        let labels = Labels(["__name__": "m"])
        store.append(labels, timestamp: 0, value: 1)
        store.append(labels, timestamp: 60_000, value: StaleMarker.value)
        let engine = Engine()
        let (before, _) = try engine.instantQuery(try engine.parse("m"), at: 30_000, storage: store)
        let (after, _) = try engine.instantQuery(try engine.parse("m"), at: 90_000, storage: store)
        #expect(values(before).count == 1)
        #expect(values(after).isEmpty)
    }

    @Test func goFloatFormatting() {
        #expect(GoFloatFormat.format(1, mode: "f") == "1")
        #expect(GoFloatFormat.format(0.5, mode: "f") == "0.5")
        #expect(GoFloatFormat.format(1e21, mode: "f") == "1000000000000000000000")
        #expect(GoFloatFormat.format(1e-7, mode: "f") == "0.0000001")
        #expect(formatGoFloat(1e21) == "1e+21")
        #expect(formatGoFloat(-2.5) == "-2.5")
    }

    @Test func xxhashMatchesReference() {
        // Reference values of xxHash64 with seed 0.
        #expect(XXHash64.hash([]) == 0xEF46_DB37_51D8_E999)
        #expect(XXHash64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
    }
}
