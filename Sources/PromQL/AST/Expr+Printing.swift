import VigilCore

/// Expressions printed as Prometheus's `Expr.String()` prints them (promql/parser/printer.go):
/// the canonical form the rules API shows as `query`: single spaces around binary operators,
/// matchers sorted with the metric name in front, durations in Prometheus's notation,
/// `by (a, b)` before the arguments.
extension Expr: CustomStringConvertible {
    public var description: String {
        switch self {
        case .number(let v): return GoFloatFormat.format(v, mode: "f")
        case .string(let s): return quoteGoString(s)
        case .vectorSelector(let selector): return selector.description
        case .matrixSelector(let selector, let range):
            var plain = selector
            plain.offset = 0
            plain.offsetExpr = nil
            plain.at = nil
            plain.anchored = false
            plain.smoothed = false
            let extended = selector.anchored ? " anchored" : selector.smoothed ? " smoothed" : ""
            let rangeText = selector.rangeExpr.map(\.description) ?? PromDuration(milliseconds: range).description
            return "\(plain)[\(rangeText)]\(extended)\(Self.at(selector.at))\(Self.offset(selector.offset, selector.offsetExpr))"
        case .subquery(let q):
            let rangeText = q.rangeExpr.map(\.description) ?? PromDuration(milliseconds: q.range).description
            let step = q.step != 0 ? PromDuration(milliseconds: q.step).description : q.stepExpr.map(\.description) ?? ""
            return "\(q.expr)[\(rangeText):\(step)]\(Self.at(q.at))\(Self.offset(q.offset, q.offsetExpr))"
        case .call(let call):
            return call.function.name + "(" + call.args.map(\.description).joined(separator: ", ") + ")"
        case .aggregate(let a):
            var out = a.op.rawValue
            if a.without {
                out += " without (" + Self.labelList(a.grouping) + ") "
            } else if !a.grouping.isEmpty {
                out += " by (" + Self.labelList(a.grouping) + ") "
            }
            out += "("
            if let param = a.param { out += param.description + ", " }
            return out + a.expr.description + ")"
        case .binary(let b):
            return b.lhs.description + " " + b.op.rawValue + (b.returnBool ? " bool" : "") + Self.matching(b.matching) + " " + b.rhs.description
        case .negate(let inner): return "-" + inner.description
        case .paren(let inner): return "(" + inner.description + ")"
        }
    }

    static func labelList(_ names: [String]) -> String {
        names.map { isValidLegacyLabelName($0) ? $0 : quoteGoString($0) }.joined(separator: ", ")
    }

    static func at(_ at: AtModifier?) -> String {
        switch at {
        case .timestamp(let ms)?:
            let fraction = String(abs(ms % 1000))
            let seconds = (ms < 0 && ms > -1000 ? "-" : "") + String(ms / 1000)
            return " @ " + seconds + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
        case .start?: return " @ start()"
        case .end?: return " @ end()"
        case nil: return ""
        }
    }

    static func offset(_ offset: Int64, _ expr: DurationExpr?) -> String {
        if let expr { return " offset \(expr)" }
        if offset > 0 { return " offset \(PromDuration(milliseconds: offset))" }
        if offset < 0 { return " offset -\(PromDuration(milliseconds: -offset))" }
        return ""
    }

    static func matching(_ m: VectorMatching?) -> String {
        guard let m else { return "" }
        var out = ""
        let grouped = m.cardinality == .manyToOne || m.cardinality == .oneToMany
        if !m.labels.isEmpty || m.on || grouped {
            out += (m.on ? " on (" : " ignoring (") + labelList(m.labels) + ")"
        }
        if grouped {
            out += (m.cardinality == .manyToOne ? " group_left (" : " group_right (") + labelList(m.include) + ")"
        }
        switch (m.fillLeft, m.fillRight) {
        case (let l?, let r?) where l == r || (l.isNaN && r.isNaN): out += " fill (\(formatGoFloat(l)))"
        case (let l, let r):
            if let l { out += " fill_left (\(formatGoFloat(l)))" }
            if let r { out += " fill_right (\(formatGoFloat(r)))" }
        }
        return out
    }
}

extension VectorSelector: CustomStringConvertible {
    public var description: String {
        var parts: [String] = []
        for m in matchers {
            if m.name == Label.metricName, m.type == .equal, m.value == name, !(name ?? "").isEmpty { continue }
            parts.append(isValidLegacyLabelName(m.name) ? m.description : quoteGoString(m.name) + m.type.rawValue + quoteGoString(m.value))
        }
        var out = name ?? ""
        if !parts.isEmpty { out += "{" + parts.sorted().joined(separator: ",") + "}" }
        out += Expr.at(at)
        if anchored { out += " anchored" } else if smoothed { out += " smoothed" }
        return out + Expr.offset(offset, offsetExpr)
    }
}

extension DurationExpr: CustomStringConvertible {
    public var description: String {
        switch self {
        case .literal(let seconds):
            let ms = Int64((seconds * 1000).rounded())
            return ms < 0 ? "-" + PromDuration(milliseconds: -ms).description : PromDuration(milliseconds: ms).description
        case .step: return "step()"
        case .range: return "range()"
        case .negate(let e): return "-" + e.description
        case .binary(let op, let l, let r): return "\(l) \(op.rawValue) \(r)"
        case .min(let a, let b): return "min(\(a), \(b))"
        case .max(let a, let b): return "max(\(a), \(b))"
        }
    }
}
