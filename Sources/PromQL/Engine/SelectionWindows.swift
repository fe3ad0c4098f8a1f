import VigilCore

/// The time range each selector of a query can read, worked out from the AST before evaluation
/// (as Prometheus's `FindMinMaxTime` does), so storage decodes only those samples instead of a
/// series' whole history.
///
/// A selector evaluated at times `[s, e]` reads `(te - lookback, te]` (vector) or
/// `(te - range, te]` (matrix) for each `te = t - offset` (or the `@` time); a subquery widens
/// the times its inner expression runs at by its range. Windows of selectors with the same
/// matchers are merged. The windows are a superset of what evaluation reads (one millisecond of
/// slack on each side): the evaluator still applies the exact, mode-dependent bounds.
struct SelectionWindows: Sendable {
    struct Window: Sendable, Equatable {
        var mint: Int64
        var maxt: Int64
    }

    private(set) var windows: [String: Window] = [:]

    /// Windows for `expr` evaluated at every time in `[start, end]` (the query's), with `@ start()`
    /// and `@ end()` resolved to those.
    init(_ expr: Expr, start: Int64, end: Int64, lookback: Int64) {
        visit(expr, from: start, to: end, query: (start, end), lookback: lookback)
    }

    /// The cache key of a selector: its matchers (name included) as written.
    static func key(_ selector: VectorSelector) -> String {
        selector.matchers.map(\.description).joined(separator: ",")
    }

    /// The window of `selector`, nil for a selector the walk did not see (evaluation then reads
    /// everything, which is always correct).
    func window(for key: String) -> Window? { windows[key] }

    private mutating func visit(_ expr: Expr, from s: Int64, to e: Int64, query: (Int64, Int64), lookback: Int64) {
        switch expr {
        case .number, .string:
            return
        case .vectorSelector(let selector):
            let (low, high) = times(selector.at, selector.offset, s, e, query)
            add(selector, mint: low.subtractingClamped(lookback), maxt: selector.smoothed ? high.addingClamped(lookback) : high)
        case .matrixSelector(let selector, let range):
            let (low, high) = times(selector.at, selector.offset, s, e, query)
            var mint = low.subtractingClamped(range)
            if selector.anchored || selector.smoothed { mint = mint.subtractingClamped(lookback) }
            add(selector, mint: mint, maxt: selector.smoothed ? high.addingClamped(lookback) : high)
        case .subquery(let subquery):
            let (low, high) = times(subquery.at, subquery.offset, s, e, query)
            visit(subquery.expr, from: low.subtractingClamped(subquery.range), to: high, query: query, lookback: lookback)
        case .call(let call):
            for arg in call.args { visit(arg, from: s, to: e, query: query, lookback: lookback) }
        case .aggregate(let aggregation):
            if let param = aggregation.param { visit(param, from: s, to: e, query: query, lookback: lookback) }
            visit(aggregation.expr, from: s, to: e, query: query, lookback: lookback)
        case .binary(let binary):
            visit(binary.lhs, from: s, to: e, query: query, lookback: lookback)
            visit(binary.rhs, from: s, to: e, query: query, lookback: lookback)
        case .negate(let inner), .paren(let inner):
            visit(inner, from: s, to: e, query: query, lookback: lookback)
        }
    }

    /// The evaluation times `te` a node with these modifiers sees while its parent runs over `[s, e]`.
    private func times(_ at: AtModifier?, _ offset: Int64, _ s: Int64, _ e: Int64, _ query: (Int64, Int64)) -> (Int64, Int64) {
        let (low, high): (Int64, Int64)
        switch at {
        case .timestamp(let t)?: (low, high) = (t, t)
        case .start?: (low, high) = (query.0, query.0)
        case .end?: (low, high) = (query.1, query.1)
        case nil: (low, high) = (s, e)
        }
        return (low.subtractingClamped(offset), high.subtractingClamped(offset))
    }

    private mutating func add(_ selector: VectorSelector, mint: Int64, maxt: Int64) {
        let window = Window(mint: mint.subtractingClamped(1), maxt: maxt.addingClamped(1))
        let key = Self.key(selector)
        if let existing = windows[key] {
            windows[key] = Window(mint: min(existing.mint, window.mint), maxt: max(existing.maxt, window.maxt))
        } else {
            windows[key] = window
        }
    }
}

extension Int64 {
    /// `self - other`, held inside the range storage is asked about.
    fileprivate func subtractingClamped(_ other: Int64) -> Int64 {
        let (value, overflow) = subtractingReportingOverflow(other)
        return Self.clampedForStorage(overflow ? (other > 0 ? Int64.min : Int64.max) : value)
    }

    /// `self + other`, held inside the range storage is asked about.
    fileprivate func addingClamped(_ other: Int64) -> Int64 {
        let (value, overflow) = addingReportingOverflow(other)
        return Self.clampedForStorage(overflow ? (other > 0 ? Int64.max : Int64.min) : value)
    }

    private static func clampedForStorage(_ value: Int64) -> Int64 { Swift.max(Int64.min / 2, Swift.min(Int64.max / 2, value)) }
}
