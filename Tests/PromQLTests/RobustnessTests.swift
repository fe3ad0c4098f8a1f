import Testing
import VigilCore
@testable import PromQL

/// Hostile input must produce errors, never crashes or hangs.
struct RobustnessTests {
    @Test func deepNestingIsRejected() {
        let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(throws: ParseError.self) { try Parser.parse(deep) }
        let unary = String(repeating: "-", count: 100_000) + "1"
        #expect(throws: ParseError.self) { try Parser.parse(unary) }
        let calls = String(repeating: "abs(", count: 50_000) + "foo" + String(repeating: ")", count: 50_000)
        #expect(throws: ParseError.self) { try Parser.parse(calls) }
    }

    @Test func moderateNestingEvaluates() throws {
        let query = String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
        let engine = Engine()
        let (result, _) = try engine.instantQuery(try engine.parse(query), at: 0, storage: MemorySeriesStore())
        guard case .scalar(let v) = result else { Issue.record("expected a scalar"); return }
        #expect(v == 1)
    }

    @Test func hugeNumbersAndDurations() throws {
        #expect(throws: ParseError.self) { try Parser.parse("foo[99999999999999999999y]") }
        #expect(throws: ParseError.self) { try Parser.parse("foo @ 1e400") }
        guard case .number(let v) = try Parser.parse("1e400") else { Issue.record("expected a number"); return }
        #expect(v == .infinity)
        _ = try Parser.parse("0xFFFFFFFFFFFFFFFFFFFF")
    }

    @Test func unterminatedInput() {
        for query in ["\"abc", "'abc", "`abc", "foo{a=\"b", "foo{a=", "foo[5m", "foo[5m:", "sum(", "\"\\", "\"\\x4\"", "\"\\q\""] {
            #expect(throws: ParseError.self, "\(query)") { try Parser.parse(query) }
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SplitMix(seed: 42)
        let alphabet = Array("abc{}[]()\"'`=~!,:@+-*/%^<>0123456789.exsmhdwy #\n\\_ ".utf8)
        let engine = Engine()
        let store = MemorySeriesStore()
        for _ in 0..<3000 {
            let length = Int(generator.next() % 40)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                let r = generator.next()
                bytes.append(r % 5 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : alphabet[Int((r >> 8) % UInt64(alphabet.count))])
            }
            let query = String(decoding: bytes, as: UTF8.self)
            if let expr = try? engine.parse(query) {
                _ = try? engine.instantQuery(expr, at: 60_000, storage: store)
                if expr.type == .scalar || expr.type == .vector {
                    _ = try? engine.rangeQuery(expr, start: 0, end: 120_000, step: 60_000, storage: store)
                }
            }
        }
    }

    @Test func nativeHistogramSeriesGiveAClearError() throws {
        var store = MemorySeriesStore()
        store.markHistogram(Labels(["__name__": "h"]))
        let engine = Engine()
        #expect(throws: NativeHistogramsUnsupported.self) {
            try engine.instantQuery(try engine.parse("h"), at: 0, storage: store)
        }
        let error = NativeHistogramsUnsupported(labels: Labels(["__name__": "h"]))
        #expect(error.description.contains("native histograms are not supported yet"))
    }
}

/// A tiny deterministic generator for fuzzing.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Limits that stop runaway queries.
struct LimitTests {
    @Test func longOperatorChainsAreRejected() {
        let chain = Array(repeating: "1", count: 100_000).joined(separator: " + ")
        #expect(throws: ParseError.self) { try Parser.parse(chain) }
        let durations = "foo[" + Array(repeating: "1s", count: 100_000).joined(separator: "+") + "]"
        #expect(throws: ParseError.self) { try Parser.parse(durations) }
        _ = try? Parser.parse(Array(repeating: "1", count: 200).joined(separator: " + "))
    }

    @Test func chainsWithinTheLimitEvaluate() throws {
        let engine = Engine()
        let chain = Array(repeating: "1", count: 200).joined(separator: " + ")
        let (result, _) = try engine.instantQuery(try engine.parse(chain), at: 0, storage: MemorySeriesStore())
        guard case .scalar(let v) = result else { Issue.record("expected a scalar"); return }
        #expect(v == 200)
    }

    @Test func runawaySubqueriesAndRangesFail() throws {
        var store = MemorySeriesStore()
        store.append(Labels(["__name__": "m"]), timestamp: 0, value: 1)
        let engine = Engine()
        #expect(throws: EvalError.self) {
            try engine.instantQuery(try engine.parse("count_over_time(m[290y:1ms])"), at: 0, storage: store)
        }
        #expect(throws: EvalError.self) {
            try engine.rangeQuery(try engine.parse("m"), start: 0, end: 86_400_000 * 1000, step: 1000, storage: store)
        }
    }
}

/// Extreme values must give errors or results, never traps (overflow, conversions).
struct ExtremeValueTests {
    static let queries = [
        "m @ 9000000000000000 offset -290y", "m @ -9000000000000000 offset 290y", "rate(m[290y] @ -9000000000000000)",
        "m[290y:1y] @ 9000000000000000", "count_over_time(m[290y:1y] @ -9000000000000000 offset 290y)",
        "m offset -292y", "m offset 100000000y", "m[5m:1ms] @ 9000000000000000", "m[step()*1e20]", "m offset (1e300)",
        "predict_linear(m[5m], 1e308)", "round(m, 0)", "topk(1e300, m)", "limitk(-1e300, m)", "limitk(1e300, m)",
        "bottomk(-Inf, m)", "quantile(1e300, m)", "minute(vector(1e300))", "year(vector(-1e300))",
        "1e308 * 10 % 0", "holt_winters(m[5m], 0.5, 0.5)", "double_exponential_smoothing(m[5m], 2, 0.5)",
        "limit_ratio(NaN, m)", "limit_ratio(-5, m)", "histogram_quantile(NaN, m)", "clamp(m, NaN, Inf)",
        "m @ 1e300", "m[1ms:1ms]", "sum_over_time(m[1y:1ms])", "count_values(\"x\", m * 1e300)",
        "label_replace(m, \"a\", \"$99999999999999999999\", \"__name__\", \"(.*)\")", "label_replace(m, \"a\", \"${1\", \"__name__\", \"(.*)\")",
    ]

    @Test func extremeQueriesDoNotTrap() {
        var store = MemorySeriesStore()
        for k in 0..<20 { store.append(Labels(["__name__": "m", "i": "\(k % 3)"]), timestamp: Int64(k) * 60_000, value: Double(k)) }
        for compatibility in PromQLCompatibility.allCases {
            let engine = Engine(options: EngineOptions(compatibility: compatibility))
            for query in Self.queries {
                guard let expr = try? engine.parse(query) else { continue }
                for t: Int64 in [0, 600_000, -600_000, Int64(1) << 61] {
                    _ = try? engine.instantQuery(expr, at: t, storage: store)
                }
                if expr.type == .vector || expr.type == .scalar {
                    _ = try? engine.rangeQuery(expr, start: 0, end: 1_200_000, step: 60_000, storage: store)
                    _ = try? engine.rangeQuery(expr, start: -(Int64(1) << 61), end: Int64(1) << 61, step: Int64(1) << 60, storage: store)
                }
            }
        }
    }
}
