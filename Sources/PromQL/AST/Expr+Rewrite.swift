extension Expr {
    /// Whether the tree calls any function in `names`.
    func callsAny(_ names: Set<String>) -> Bool {
        switch self {
        case .number, .string, .vectorSelector, .matrixSelector: return false
        case .subquery(let q): return q.expr.callsAny(names)
        case .call(let c): return names.contains(c.function.name) || c.args.contains { $0.callsAny(names) }
        case .aggregate(let a): return a.expr.callsAny(names) || (a.param?.callsAny(names) ?? false)
        case .binary(let b): return b.lhs.callsAny(names) || b.rhs.callsAny(names)
        case .negate(let e), .paren(let e): return e.callsAny(names)
        }
    }

    /// A copy with `@ t` (ms) on every selector and subquery that has none; the insides of
    /// subqueries are left alone (they then run at the pinned time).
    func pinningAt(_ t: Int64) -> Expr {
        switch self {
        case .number, .string: return self
        case .vectorSelector(var s):
            if s.at == nil { s.at = .timestamp(t) }
            return .vectorSelector(s)
        case .matrixSelector(var s, let range):
            if s.at == nil { s.at = .timestamp(t) }
            return .matrixSelector(s, range: range)
        case .subquery(var q):
            if q.at == nil { q.at = .timestamp(t) }
            return .subquery(q)
        case .call(var c):
            c.args = c.args.map { $0.pinningAt(t) }
            return .call(c)
        case .aggregate(var a):
            a.expr = a.expr.pinningAt(t)
            a.param = a.param?.pinningAt(t)
            return .aggregate(a)
        case .binary(var b):
            b.lhs = b.lhs.pinningAt(t)
            b.rhs = b.rhs.pinningAt(t)
            return .binary(b)
        case .negate(let e): return .negate(e.pinningAt(t))
        case .paren(let e): return .paren(e.pinningAt(t))
        }
    }
}
