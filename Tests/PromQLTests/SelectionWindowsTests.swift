import Synchronization
import Testing
import VigilCore
@testable import PromQL

/// Queries ask storage only for the time their selectors can read, not whole series.
struct SelectionWindowsTests {
    /// Records the window of every `select` and answers from an in-memory store.
    final class RecordingStore: SeriesQueryable {
        let store: MemorySeriesStore
        let asked = Mutex<[String: (Int64, Int64)]>([:])
        init(_ store: MemorySeriesStore) { self.store = store }

        func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws -> [SeriesSamples] {
            let name = matchers.first { $0.name == Label.metricName }?.value ?? "?"
            asked.withLock { $0[name] = (mint, maxt) }
            return try store.select(matchers, mint: mint, maxt: maxt)
        }

        subscript(_ name: String) -> (Int64, Int64)? { asked.withLock { $0[name] } }
    }

    let engine = Engine()
    let minute: Int64 = 60_000

    func windows(_ query: String, start: Int64, end: Int64) throws -> SelectionWindows {
        SelectionWindows(try engine.parse(query), start: start, end: end, lookback: 5 * minute)
    }

    func window(_ w: SelectionWindows, _ matchers: String) -> SelectionWindows.Window? {
        w.window(for: matchers)
    }

    @Test func vectorAndMatrixSelectorsReadTheirLookbackAndRange() throws {
        let t: Int64 = 1_000 * minute
        let w = try windows("a + rate(b[10m] offset 1h)", start: t, end: t + 60 * minute)
        #expect(window(w, "__name__=\"a\"") == .init(mint: t - 5 * minute - 1, maxt: t + 60 * minute + 1))
        #expect(window(w, "__name__=\"b\"") == .init(mint: t - 70 * minute - 1, maxt: t + 1))
    }

    @Test func atModifiersPinTheWindow() throws {
        let t: Int64 = 1_000 * minute
        let w = try windows("a @ 120 + b @ start() + count_over_time(c[1m] @ end())", start: t, end: t + 60 * minute)
        #expect(window(w, "__name__=\"a\"") == .init(mint: 120_000 - 5 * minute - 1, maxt: 120_001))
        #expect(window(w, "__name__=\"b\"") == .init(mint: t - 5 * minute - 1, maxt: t + 1))
        #expect(window(w, "__name__=\"c\"") == .init(mint: t + 59 * minute - 1, maxt: t + 60 * minute + 1))
    }

    @Test func subqueriesWidenTheirInnerSelectors() throws {
        let t: Int64 = 1_000 * minute
        let w = try windows("max_over_time(rate(a[5m])[1h:1m] offset 10m)", start: t, end: t)
        #expect(window(w, "__name__=\"a\"") == .init(mint: t - 10 * minute - 60 * minute - 5 * minute - 1, maxt: t - 10 * minute + 1))
    }

    @Test func sameMatchersMergeIntoOneWindow() throws {
        let t: Int64 = 1_000 * minute
        let w = try windows("a - a offset 1d", start: t, end: t)
        #expect(window(w, "__name__=\"a\"") == .init(mint: t - 1_440 * minute - 5 * minute - 1, maxt: t + 1))
    }

    @Test func hugeOffsetsClampInsteadOfOverflowing() throws {
        let w = try windows("a offset -290y @ 9000000000", start: 0, end: 0)
        let found = try #require(window(w, "__name__=\"a\""))
        #expect(found.mint <= found.maxt)
    }

    /// The engine passes the windows to storage: an instant `rate` over a day of data asks for
    /// exactly the five minutes its range reads (streamed series by series: left-open in
    /// Prometheus 3, closed in 2.x), a range query for its span plus the range.
    @Test func storageIsAskedForTheWindowOnly() throws {
        var memory = MemorySeriesStore()
        for k in 0..<1_440 {
            memory.append(Labels(["__name__": "c", "job": "x"]), timestamp: Int64(k) * minute, value: Double(k))
        }
        let t: Int64 = 1_000 * minute
        let instant = RecordingStore(memory)
        let (result, _) = try engine.instantQuery(try engine.parse("rate(c[5m])"), at: t, storage: instant)
        guard case .vector(let samples) = result else { Issue.record("not a vector"); return }
        #expect(samples.count == 1 && abs(samples[0].value - 1.0 / 60) < 1e-9)
        #expect(instant["c"]! == (t - 5 * minute + 1, t))

        let closed = RecordingStore(memory)
        _ = try Engine(options: EngineOptions(compatibility: .prometheus2))
            .instantQuery(try engine.parse("rate(c[5m])"), at: t, storage: closed)
        #expect(closed["c"]! == (t - 5 * minute, t))

        let range = RecordingStore(memory)
        _ = try engine.rangeQuery(try engine.parse("sum(rate(c[5m]))"), start: t, end: t + 60 * minute, step: minute, storage: range)
        #expect(range["c"]! == (t - 5 * minute - 1, t + 60 * minute + 1))
    }
}
