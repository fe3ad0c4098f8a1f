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

/// Random well-typed queries over real data: evaluation must never trap.
struct GrammarFuzzTests {
    struct Generator {
        var random: SplitMix
        mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

        mutating func number() -> String {
            pick(["0", "1", "-1", "0.5", "2", "1e308", "-1e308", "NaN", "Inf", "-Inf", "1e-320", "100", "0x10"])
        }
        mutating func duration() -> String { pick(["1s", "30s", "1m", "5m", "1h", "1ms", "2h30m"]) }
        mutating func selector() -> String {
            var s = pick(["m", "n", "m{i=\"1\"}", "{__name__=~\"m|n\"}", "n{i!=\"0\"}", "m{i=~\"0|2\"}", "missing"])
            if chance(15) { s += " offset " + (chance(30) ? "-" : "") + duration() }
            if chance(10) { s += " @ " + pick(["0", "300", "-300", "start()", "end()"]) }
            return s
        }
        mutating func range(_ depth: Int) -> String {
            if depth > 0, chance(20) { return "(" + vector(depth - 1) + ")[" + duration() + ":" + (chance(50) ? pick(["30s", "1m", "5m"]) : "") + "]" }
            return selector() + "[" + duration() + "]"
        }
        mutating func scalar(_ depth: Int) -> String {
            if depth <= 0 || chance(50) { return number() }
            switch random.next() % 4 {
            case 0: return "scalar(" + vector(depth - 1) + ")"
            case 1: return "time()"
            case 2: return "(" + scalar(depth - 1) + " " + pick(["+", "-", "*", "/", "%", "^", "atan2"]) + " " + scalar(depth - 1) + ")"
            default: return "pi()"
            }
        }
        mutating func vector(_ depth: Int) -> String {
            if depth <= 0 { return selector() }
            switch random.next() % 9 {
            case 0: return selector()
            case 1:
                let f = pick(["rate", "irate", "increase", "delta", "idelta", "deriv", "resets", "changes", "avg_over_time",
                              "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "stddev_over_time",
                              "stdvar_over_time", "last_over_time", "present_over_time", "absent_over_time"])
                return f + "(" + range(depth - 1) + ")"
            case 2:
                let f = pick(["abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn", "sin", "acos", "atanh",
                              "deg", "rad", "absent", "sort", "sort_desc", "timestamp", "hour", "year", "days_in_month"])
                return f + "(" + vector(depth - 1) + ")"
            case 3:
                let op = pick(["sum", "avg", "min", "max", "count", "group", "stddev", "stdvar"])
                return op + pick([" by (i)", " without (i)", "", " by (__name__)"]) + " (" + vector(depth - 1) + ")"
            case 4:
                let op = pick(["topk", "bottomk", "quantile", "limitk", "limit_ratio"])
                return op + "(" + scalar(depth - 1) + ", " + vector(depth - 1) + ")"
            case 5:
                let op = pick(["+", "-", "*", "/", "%", "^", "==", "!=", ">", "<=", "> bool", "and", "or", "unless"])
                let matching = pick(["", " on(i)", " ignoring(i)", " on() group_left", " ignoring(i) group_right"])
                let lhs = vector(depth - 1), rhs = chance(30) ? scalar(depth - 1) : vector(depth - 1)
                if rhs.first == "(" || rhs.allSatisfy({ !$0.isLetter }) || matching.isEmpty { return "(" + lhs + " " + op + " " + rhs + ")" }
                return "(" + lhs + " " + op + matching + " " + rhs + ")"
            case 6:
                return pick(["quantile_over_time(" + scalar(depth - 1) + ", " + range(depth - 1) + ")",
                             "predict_linear(" + range(depth - 1) + ", " + scalar(depth - 1) + ")",
                             "double_exponential_smoothing(" + range(depth - 1) + ", 0.5, 0.1)",
                             "histogram_quantile(" + scalar(depth - 1) + ", " + vector(depth - 1) + ")",
                             "clamp(" + vector(depth - 1) + ", " + scalar(depth - 1) + ", " + scalar(depth - 1) + ")",
                             "round(" + vector(depth - 1) + ", " + scalar(depth - 1) + ")"])
            case 7:
                return pick(["label_replace(" + vector(depth - 1) + ", \"x\", \"$1\", \"i\", \"(.*)\")",
                             "label_join(" + vector(depth - 1) + ", \"x\", \"-\", \"i\", \"__name__\")",
                             "count_values(\"v\", " + vector(depth - 1) + ")", "vector(" + scalar(depth - 1) + ")"])
            default:
                return "-" + vector(depth - 1)
            }
        }
    }

    @Test func randomQueriesNeverTrap() throws {
        var store = MemorySeriesStore()
        for k in 0..<40 {
            for i in 0..<3 {
                let t = Int64(k) * 30_000
                if (k + i) % 5 != 0 {
                    store.append(Labels(["__name__": "m", "i": "\(i)"]), timestamp: t, value: k % 13 == 0 ? StaleMarker.value : Double(k * i) - 20)
                }
                store.append(Labels(["__name__": "n", "i": "\(i)"]), timestamp: t, value: Double((k * 7 + i) % 11))
            }
        }
        var generator = Generator(random: SplitMix(seed: 7))
        var parsed = 0
        for compatibility in PromQLCompatibility.allCases {
            let engine = Engine(options: EngineOptions(compatibility: compatibility))
            for _ in 0..<200 {
                let query = generator.chance(20) ? generator.scalar(3) : generator.vector(3)
                guard let expr = try? engine.parse(query) else { continue }
                parsed += 1
                _ = try? engine.instantQuery(expr, at: 600_000, storage: store)
                _ = try? engine.rangeQuery(expr, start: 0, end: 1_200_000, step: 45_000, storage: store)
            }
        }
        #expect(parsed > 200)
    }
}
