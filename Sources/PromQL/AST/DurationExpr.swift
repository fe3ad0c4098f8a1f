/// A Prometheus 3 duration expression (`[5m*2]`, `offset step()`, `[min(step(), 1h)]`), in seconds.
public indirect enum DurationExpr: Sendable {
    case literal(Double)
    /// The query's step (`step()`): zero for instant queries.
    case step
    /// The query's range (`range()`): end minus start, zero for instant queries.
    case range
    case negate(DurationExpr)
    case binary(BinaryOperator, DurationExpr, DurationExpr)
    case min(DurationExpr, DurationExpr)
    case max(DurationExpr, DurationExpr)

    /// The value in seconds for a query with `step` (ms).
    func seconds(step: Int64, range: Int64 = 0) -> Double {
        switch self {
        case .literal(let v): return v
        case .step: return Double(step) / 1000
        case .range: return Double(range) / 1000
        case .negate(let e): return -e.seconds(step: step, range: range)
        case .binary(let op, let l, let r): return applyBinary(op, l.seconds(step: step, range: range), r.seconds(step: step, range: range)).0
        case .min(let a, let b): return goMin(a.seconds(step: step, range: range), b.seconds(step: step, range: range))
        case .max(let a, let b): return goMax(a.seconds(step: step, range: range), b.seconds(step: step, range: range))
        }
    }

    /// Whether the value depends on the query (contains `step()`).
    var isConstant: Bool {
        switch self {
        case .literal: return true
        case .step, .range: return false
        case .negate(let e): return e.isConstant
        case .binary(_, let l, let r), .min(let l, let r), .max(let l, let r): return l.isConstant && r.isConstant
        }
    }

    /// Milliseconds, or nil when the value is not finite or out of range.
    func milliseconds(step: Int64, range: Int64 = 0) -> Int64? {
        let ms = seconds(step: step, range: range) * 1000
        guard ms.isFinite, Swift.abs(ms) <= Double(Parser.maxDurationMillis) else { return nil }
        return Int64(ms.rounded())
    }
}

extension Expr {
    /// A copy with every `step()`-dependent duration resolved for a query with `step` (ms).
    func resolvingDurations(step: Int64, range queryRange: Int64) throws(EvalError) -> Expr {
        switch self {
        case .number, .string: return self
        case .vectorSelector(var s):
            try s.resolve(step: step, range: queryRange)
            return .vectorSelector(s)
        case .matrixSelector(var s, var range):
            try s.resolve(step: step, range: queryRange)
            if let e = s.rangeExpr {
                guard let ms = e.milliseconds(step: step, range: queryRange), ms > 0 else { throw EvalError("range duration must be greater than 0") }
                range = ms
                s.rangeExpr = nil
            }
            return .matrixSelector(s, range: range)
        case .subquery(var q):
            q.expr = try q.expr.resolvingDurations(step: step, range: queryRange)
            if let e = q.rangeExpr {
                guard let ms = e.milliseconds(step: step, range: queryRange), ms > 0 else { throw EvalError("range duration must be greater than 0") }
                q.range = ms
                q.rangeExpr = nil
            }
            if let e = q.stepExpr {
                guard let ms = e.milliseconds(step: step, range: queryRange), ms > 0 else { throw EvalError("step must be greater than 0") }
                q.step = ms
                q.stepExpr = nil
            }
            if let e = q.offsetExpr {
                guard let ms = e.milliseconds(step: step, range: queryRange) else { throw EvalError("invalid offset") }
                q.offset = ms
                q.offsetExpr = nil
            }
            return .subquery(q)
        case .call(var c):
            c.args = try c.args.map { arg throws(EvalError) in try arg.resolvingDurations(step: step, range: queryRange) }
            return .call(c)
        case .aggregate(var a):
            a.expr = try a.expr.resolvingDurations(step: step, range: queryRange)
            if let p = a.param { a.param = try p.resolvingDurations(step: step, range: queryRange) }
            return .aggregate(a)
        case .binary(var b):
            b.lhs = try b.lhs.resolvingDurations(step: step, range: queryRange)
            b.rhs = try b.rhs.resolvingDurations(step: step, range: queryRange)
            return .binary(b)
        case .negate(let e): return .negate(try e.resolvingDurations(step: step, range: queryRange))
        case .paren(let e): return .paren(try e.resolvingDurations(step: step, range: queryRange))
        }
    }

    /// Whether any duration in the tree depends on the query step.
    var hasDurationExpressions: Bool {
        switch self {
        case .number, .string: return false
        case .vectorSelector(let s), .matrixSelector(let s, _): return s.offsetExpr != nil || s.rangeExpr != nil
        case .subquery(let q): return q.rangeExpr != nil || q.stepExpr != nil || q.offsetExpr != nil || q.expr.hasDurationExpressions
        case .call(let c): return c.args.contains { $0.hasDurationExpressions }
        case .aggregate(let a): return a.expr.hasDurationExpressions || (a.param?.hasDurationExpressions ?? false)
        case .binary(let b): return b.lhs.hasDurationExpressions || b.rhs.hasDurationExpressions
        case .negate(let e), .paren(let e): return e.hasDurationExpressions
        }
    }
}

extension VectorSelector {
    mutating func resolve(step: Int64, range queryRange: Int64) throws(EvalError) {
        if let e = offsetExpr {
            guard let ms = e.milliseconds(step: step, range: queryRange) else { throw EvalError("invalid offset") }
            offset = ms
            offsetExpr = nil
        }
    }
}
